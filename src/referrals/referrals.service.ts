import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { EpisodeLedger } from '../episodes/episode-ledger';
import { Actor } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, scopedSiteId } from '../access/site-access';
import { notFound, stateConflict, unprocessable } from '../common/api-errors';
import { Patient } from '../patients/patient.entity';
import { PatientsRepository } from '../patients/patients.repository';
import { StaffRepository } from '../staff/staff.repository';
import { birthDateOf, formatPersonalNumber } from '../core/rules/personal-number';
import { addDays, formatInstant } from '../core/time/local-time';
import { resolveSiteSettings, TriageCriteria } from '../core/rules/site-settings';
import { SitesService } from '../sites/sites.service';
import { missingFields, ReferralContents } from '../core/rules/referral-contents';
import { ReferralStatus } from '../core/vocabulary';
import { Referral } from '../episodes/referral.entity';
import { ReferralsRepository } from './referrals.repository';
import {
  CreateReferralDto,
  DecisionDto,
  ReferralAnswerDto,
  ReferralContentsDto,
  ReferralDto,
  ReferralQueryDto,
  TransferDto,
  UpdateReferralDto,
} from './referrals.dto';
import { assessReferral, suggestedOtherMeasures } from '../core/rules/triage';

@Injectable()
export class ReferralsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly referrals: ReferralsRepository,
    private readonly ledger: EpisodeLedger,
    private readonly sites: SitesService,
    private readonly access: AccessService,
    private readonly patients: PatientsRepository,
    private readonly staff: StaffRepository,
  ) {}

  /** Takes a referral in: works out what is missing and the triage suggestion, and fixes the care-guarantee deadline. */
  async create(actor: Actor, dto: CreateReferralDto): Promise<ReferralDto> {
    assertSiteAccess(actor, dto.siteId);
    const site = await this.sites.requireReferenced(dto.siteId);
    const patient = await this.patients.findById(dto.patientId);
    if (!patient || patient.siteId !== site.id) throw unprocessable([{ field: 'patientId', problem: `${dto.patientId} is not a patient of this site` }]);
    const { patientId, siteId, receivedDate, referrer, priority, availableAtShortNotice, ...contents } = dto;
    const settings = resolveSiteSettings(site.settings);
    const assessed = assess(contents, patient, receivedDate, settings.triage);
    return this.db.transaction(async (manager) => {
      const referral = await this.referrals.save(manager, {
        siteId,
        patientId,
        receivedDate,
        careGuaranteeDeadline: addDays(receivedDate, settings.careGuaranteeDays),
        priority: priority ?? 2,
        availableAtShortNotice: availableAtShortNotice ?? false,
        referrer: { ...referrer },
        ...assessed,
        status: assessed.missingContents.length ? 'incomplete' : 'awaiting_decision',
      });
      await this.ledger.openEpisode(manager, actor, referral);
      await this.access.log(actor, { action: 'create', resource: 'referral', records: [{ id: referral.id, patientIds: [patientId] }], manager });
      return toReferralDto(referral);
    });
  }

  async list(actor: Actor, query: ReferralQueryDto): Promise<ReferralDto[]> {
    const siteId = scopedSiteId(actor, query.siteId);
    const referrals = await this.referrals.list({ siteId, status: query.status });
    await this.access.log(actor, { action: 'read', resource: 'referral', records: referrals.map(asRecord) });
    return referrals.map(toReferralDto);
  }

  async get(actor: Actor, id: string): Promise<ReferralDto> {
    const referral = await this.referrals.find(id);
    if (!referral) throw notFound('referral', id);
    await this.access.require(actor, { action: 'read', resource: 'referral', records: [asRecord(referral)], audience: 'site-staff' });
    const { timeZone } = await this.sites.get(referral.siteId);
    const decisions = await this.referrals.decisions(id);
    const transfers = await this.referrals.transfers(id);
    return {
      ...toReferralDto(referral),
      decisions: decisions.map((d) => ({
        decision: d.decision,
        reasons: d.reasons,
        suggestedMeasures: d.suggestedMeasures,
        suggestedOutcome: d.suggestedOutcome,
        decidedBy: d.decidedBy,
        decidedAt: formatInstant(d.decidedAt, timeZone),
      })),
      transfers: transfers.map((t) => ({ fromSiteId: t.fromSiteId, toSiteId: t.toSiteId, reason: t.reason, transferredAt: formatInstant(t.transferredAt, timeZone) })),
    };
  }

  /** The referrer completes or corrects the referral; an incomplete one waits for a decision once complete. */
  async update(actor: Actor, id: string, dto: UpdateReferralDto): Promise<ReferralDto> {
    return this.db.transaction(async (manager) => {
      const referral = await this.lockFor(manager, actor, id);
      const { priority, availableAtShortNotice, ...changes } = dto;
      const site = await this.sites.get(referral.siteId, manager);
      const patient = await this.patients.get(referral.patientId, manager);
      const assessed = assess({ ...referral.contents, ...changes }, patient, referral.receivedDate, resolveSiteSettings(site.settings).triage);
      const waiting: ReferralStatus[] = ['incomplete', 'more_information_requested'];
      const status = waiting.includes(referral.status) ? (assessed.missingContents.length ? 'incomplete' : 'awaiting_decision') : referral.status;
      const updated = await this.referrals.save(manager, {
        ...referral,
        ...assessed,
        status,
        priority: priority ?? referral.priority,
        availableAtShortNotice: availableAtShortNotice ?? referral.availableAtShortNotice,
      });
      return toReferralDto(updated);
    });
  }

  /** A coordinator or a physician decides; the decision may differ from the suggestion, and both are kept. */
  async decide(actor: Actor, id: string, dto: DecisionDto): Promise<ReferralDto> {
    await this.assertMayDecide(actor);
    if (dto.decision !== 'accepted' && dto.reasons.length === 0) {
      throw unprocessable([{ field: 'reasons', problem: `are required when the decision is ${dto.decision}` }]);
    }
    return this.db.transaction(async (manager) => {
      const referral = await this.lockFor(manager, actor, id);
      if (dto.decision === 'accepted' && referral.missingContents.length) {
        throw stateConflict(`the referral is incomplete; missing: ${referral.missingContents.join(', ')}`, { missingContents: referral.missingContents });
      }
      if (await this.referrals.hasBookedVisit(manager, id)) throw stateConflict('the patient has a booked visit already; cancel it before deciding again');
      await this.referrals.addDecision(manager, {
        referralId: id,
        decision: dto.decision,
        reasons: dto.reasons,
        suggestedMeasures: dto.suggestedMeasures ?? (dto.decision === 'rejected' ? suggestedOtherMeasures(referral.triage.reasons) : []),
        suggestedOutcome: referral.triage.outcome,
        decidedBy: dto.decidedBy,
        userId: actor.userId,
      });
      const updated = await this.referrals.save(manager, { ...referral, status: dto.decision, priority: dto.priority ?? referral.priority });
      return toReferralDto(updated);
    });
  }

  /** Remissvar for a rejected referral: reasons and other measures, for the referrer. */
  async answer(actor: Actor, id: string): Promise<ReferralAnswerDto> {
    const referral = await this.findVisible(actor, id);
    if (referral.status !== 'rejected') throw stateConflict(`only a rejected referral has an answer; this one is ${referral.status}`, { status: referral.status });
    const decision = await this.referrals.latestDecision(id);
    const patient = await this.patients.get(referral.patientId);
    const site = await this.sites.get(referral.siteId);
    await this.access.log(actor, { action: 'read', resource: 'referral', records: [{ id: id, patientIds: [patient.id] }] });
    const personalNumber = formatPersonalNumber(patient.personalNumber);
    const text = [
      `Remissvar från ${site.name}`,
      `Till: ${referral.referrer.name}, ${referral.referrer.unit}`,
      `Patient: ${patient.name}, ${personalNumber}`,
      `Remiss mottagen ${referral.receivedDate}.`,
      'Remissen har bedömts och patienten erbjuds inte multimodal smärtrehabilitering hos oss. Skäl:',
      ...decision.reasons.map((reason) => `- ${reason}`),
      ...(decision.suggestedMeasures.length ? ['Förslag på andra åtgärder:', ...decision.suggestedMeasures.map((m) => `- ${m}`)] : []),
      `Bedömd av ${decision.decidedBy}.`,
    ].join('\n');
    return {
      referralId: id,
      to: referral.referrer,
      patient: { name: patient.name, personalNumber },
      decision: decision.decision,
      decidedBy: decision.decidedBy,
      decidedAt: formatInstant(decision.decidedAt, site.timeZone),
      reasons: decision.reasons,
      suggestedMeasures: decision.suggestedMeasures,
      text,
    };
  }

  /** Sends a referral to another site; it keeps its received date and care-guarantee deadline. */
  async transfer(actor: Actor, id: string, dto: TransferDto): Promise<ReferralDto> {
    return this.db.transaction(async (manager) => {
      const referral = await this.lockFor(manager, actor, id);
      if (dto.toSiteId === referral.siteId) throw unprocessable([{ field: 'toSiteId', problem: 'is the referral’s current site' }]);
      await this.sites.requireReferenced(dto.toSiteId, 'toSiteId', manager);
      if (await this.referrals.hasBookedVisit(manager, id)) throw stateConflict('the patient has a booked visit at this site; cancel it before transferring');
      await this.referrals.addTransfer(manager, { referralId: id, fromSiteId: referral.siteId, toSiteId: dto.toSiteId, reason: dto.reason, userId: actor.userId });
      await this.patients.moveToSite(referral.patientId, dto.toSiteId, manager);
      const moved = await this.referrals.save(manager, { ...referral, siteId: dto.toSiteId });
      await this.ledger.referralTransferred(manager, id, dto.toSiteId);
      return toReferralDto(moved);
    });
  }

  /** The referral, for its site's staff to see (the read is logged after, as the answer may still be refused). */
  private async findVisible(actor: Actor, id: string): Promise<Referral> {
    const referral = await this.referrals.find(id);
    if (!referral) throw notFound('referral', id);
    assertSiteRecord(actor, referral, 'referral', id, [referral.patientId]);
    return referral;
  }

  /** The referral locked for a change by its site's staff; the change is logged in its transaction. */
  private async lockFor(manager: EntityManager, actor: Actor, id: string): Promise<Referral> {
    const referral = await this.referrals.lock(manager, id);
    if (!referral) throw notFound('referral', id);
    await this.access.require(actor, { action: 'update', resource: 'referral', records: [asRecord(referral)], audience: 'site-staff', manager });
    return referral;
  }

  private async assertMayDecide(actor: Actor): Promise<void> {
    if (actor.role === 'admin' || actor.role === 'coordinator') return;
    const staff = actor.staffId ? await this.staff.findById(actor.staffId) : null;
    if (staff?.discipline !== 'physician') throw new ForbiddenException('only a coordinator or a physician decides on referrals');
  }
}

/** The referral as access and the audit log see it: one patient's record at its site. */
function asRecord(referral: Referral) {
  return { id: referral.id, siteId: referral.siteId, patientIds: [referral.patientId] };
}

/** Contents as stored (plain JSON, no DTO instance), what they lack, and the triage suggestion. */
function assess(contents: ReferralContentsDto, patient: Patient, receivedDate: string, criteria: TriageCriteria) {
  const plain: ReferralContents = JSON.parse(JSON.stringify(contents));
  return { contents: plain, ...assessReferral(plain, birthDateOf(patient.personalNumber), receivedDate, criteria) };
}

export function toReferralDto(referral: Referral): ReferralDto {
  return {
    id: referral.id,
    siteId: referral.siteId,
    patientId: referral.patientId,
    status: referral.status,
    receivedDate: referral.receivedDate,
    careGuaranteeDeadline: referral.careGuaranteeDeadline,
    priority: referral.priority,
    availableAtShortNotice: referral.availableAtShortNotice,
    referrer: referral.referrer,
    contents: referral.contents,
    missingContents: referral.missingContents,
    missingFields: missingFields(referral.contents),
    triageSuggestion: referral.triage,
    rehabilitationStartedOn: referral.rehabilitationStartedOn,
  };
}
