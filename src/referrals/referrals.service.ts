import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { EpisodeLedger } from '../episodes/episode-ledger';
import type { OpenEpisodeRow } from '../episodes/episodes.repository';
import { Actor } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, scopedSiteId } from '../access/site-access';
import { badRequest, notFound, problem, stateConflict, unprocessable } from '../common/api-errors';
import { Patient } from '../patients/patient.entity';
import { PatientsRepository } from '../patients/patients.repository';
import { StaffRepository } from '../staff/staff.repository';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { birthDateOf, formatPersonalNumber } from '../core/rules/personal-number';
import { addDays, daysBetween, formatInstant, LocalDate, localDateOf } from '../core/time/local-time';
import { resolveSiteSettings, TriageCriteria } from '../core/rules/site-settings';
import { SitesService } from '../sites/sites.service';
import { correctedContents, interpreterLanguageOf, interpreterProblems, missingFields, ReferralContents } from '../core/rules/referral-contents';
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
  ReferralWarningDto,
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
    private readonly reminders: ReminderOutbox,
  ) {}

  /** Takes a referral in: works out what is missing and the triage suggestion, and fixes the care-guarantee deadline. */
  create(actor: Actor, dto: CreateReferralDto): Promise<ReferralDto> {
    return this.db.transaction((manager) => this.createWithin(manager, actor, dto));
  }

  /** Takes a referral in inside the caller's transaction (a waiting list moving in takes many in one). */
  async createWithin(manager: EntityManager, actor: Actor, dto: CreateReferralDto): Promise<ReferralDto> {
    assertSiteAccess(actor, dto.siteId);
    const site = await this.sites.requireReferenced(dto.siteId, 'siteId', manager);
    const patient = await this.patients.findById(dto.patientId, manager);
    if (!patient || patient.siteId !== site.id) throw unprocessable([problem('patientId', 'site.not_a_patient', { patientId: dto.patientId })]);
    const { patientId, siteId, receivedDate, referrer, priority, availableAtShortNotice, ...contents } = dto;
    assertInterpreterAnswer(contents);
    assertReceivedByToday(receivedDate, site.timeZone);
    const settings = resolveSiteSettings(site.settings);
    const assessed = assess(contents, patient, receivedDate, settings.triage);
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
    await this.recordInterpreterNeed(manager, referral);
    await this.reminders.confirmReferral(manager, referral);
    await this.access.log(actor, { action: 'create', resource: 'referral', records: [{ id: referral.id, patientIds: [patientId] }], manager });
    return this.view(manager, referral);
  }

  async list(actor: Actor, query: ReferralQueryDto): Promise<ReferralDto[]> {
    const siteId = scopedSiteId(actor, query.siteId);
    const referrals = await this.referrals.list({ siteId, status: query.status });
    await this.access.log(actor, { action: 'read', resource: 'referral', records: referrals.map(asRecord) });
    return this.views(this.db.manager, referrals);
  }

  async get(actor: Actor, id: string): Promise<ReferralDto> {
    const referral = await this.referrals.find(id);
    if (!referral) throw notFound('referral', id);
    await this.access.require(actor, { action: 'read', resource: 'referral', records: [asRecord(referral)], audience: 'site-staff' });
    const { timeZone } = await this.sites.get(referral.siteId);
    const decisions = await this.referrals.decisions(id);
    const transfers = await this.referrals.transfers(id);
    return {
      ...(await this.view(this.db.manager, referral)),
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
      const { priority, availableAtShortNotice, receivedDate, ...changes } = dto;
      const contents = correctedContents(referral.contents, changes);
      if (changes.interpreterNeeded !== undefined || changes.interpreterLanguage !== undefined) assertInterpreterAnswer(contents);
      const site = await this.sites.get(referral.siteId, manager);
      const received = receivedDate === undefined ? referral : correctedReceipt(referral, receivedDate, site.timeZone);
      const patient = await this.patients.get(referral.patientId, manager);
      const assessed = assess(contents, patient, received.receivedDate, resolveSiteSettings(site.settings).triage);
      const waiting: ReferralStatus[] = ['incomplete', 'more_information_requested'];
      const status = waiting.includes(referral.status) ? (assessed.missingContents.length ? 'incomplete' : 'awaiting_decision') : referral.status;
      const updated = await this.referrals.save(manager, {
        ...referral,
        ...assessed,
        receivedDate: received.receivedDate,
        careGuaranteeDeadline: received.careGuaranteeDeadline,
        status,
        priority: priority ?? referral.priority,
        availableAtShortNotice: availableAtShortNotice ?? referral.availableAtShortNotice,
      });
      await this.recordInterpreterNeed(manager, updated);
      return this.view(manager, updated);
    });
  }

  /** A coordinator or a physician decides; the decision may differ from the suggestion, and both are kept. */
  async decide(actor: Actor, id: string, dto: DecisionDto): Promise<ReferralDto> {
    await this.assertMayDecide(actor);
    if (dto.decision !== 'accepted' && dto.reasons.length === 0) {
      throw unprocessable([problem('reasons', 'referral.reasons_required', { decision: dto.decision })]);
    }
    return this.db.transaction(async (manager) => {
      const referral = await this.lockFor(manager, actor, id);
      if (dto.decision === 'accepted' && referral.missingContents.length) {
        throw stateConflict('referral.incomplete', { missing: referral.missingContents.join(', ') }, { missingContents: referral.missingContents });
      }
      if (await this.referrals.hasBookedVisit(manager, id)) throw stateConflict('referral.booked_visit');
      const warnings = openEpisodeWarnings(referral, await this.ledger.openEpisodesOf(manager, [referral.patientId]));
      if (dto.decision === 'accepted' && dto.confirmSecondEpisode !== true && warnings.length) {
        throw unprocessable([problem('confirmSecondEpisode', 'referral.second_episode', { phase: warnings[0].phase, episodeId: warnings[0].episodeId, referralId: warnings[0].referralId })]);
      }
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
      return toReferralDto(updated, warnings);
    });
  }

  /** Remissvar for a rejected referral: reasons and other measures, for the referrer. */
  async answer(actor: Actor, id: string): Promise<ReferralAnswerDto> {
    const referral = await this.findVisible(actor, id);
    if (referral.status !== 'rejected') throw stateConflict('referral.not_rejected', { status: referral.status }, { status: referral.status });
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
      if (dto.toSiteId === referral.siteId) throw unprocessable([problem('toSiteId', 'referral.same_site')]);
      await this.sites.requireReferenced(dto.toSiteId, 'toSiteId', manager);
      if (await this.referrals.hasBookedVisit(manager, id)) throw stateConflict('referral.booked_visit_transfer');
      await this.referrals.addTransfer(manager, { referralId: id, fromSiteId: referral.siteId, toSiteId: dto.toSiteId, reason: dto.reason, userId: actor.userId });
      await this.patients.moveToSite(referral.patientId, dto.toSiteId, manager);
      const moved = await this.referrals.save(manager, { ...referral, siteId: dto.toSiteId });
      await this.ledger.referralTransferred(manager, id, dto.toSiteId);
      return this.view(manager, moved);
    });
  }

  /** The referrals as the API shows them, each warned of the patient's other episodes under way (one query). */
  private async views(manager: EntityManager, referrals: readonly Referral[]): Promise<ReferralDto[]> {
    const open = referrals.length ? await this.ledger.openEpisodesOf(manager, [...new Set(referrals.map((r) => r.patientId))]) : [];
    return referrals.map((referral) => toReferralDto(referral, openEpisodeWarnings(referral, open)));
  }

  private async view(manager: EntityManager, referral: Referral): Promise<ReferralDto> {
    const [view] = await this.views(manager, [referral]);
    return view;
  }

  /** A referral saying the patient needs an interpreter puts the language on the patient's record, which every visit shows. */
  private async recordInterpreterNeed(manager: EntityManager, referral: Referral): Promise<void> {
    const language = interpreterLanguageOf(referral.contents);
    if (language) await this.patients.setInterpreterLanguage(referral.patientId, language, manager);
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

/** A 400 naming the field when the interpreter answer does not hold together. */
function assertInterpreterAnswer(contents: ReferralContents): void {
  const problems = interpreterProblems(contents);
  if (problems.length) throw badRequest(problems);
}

/** A referral cannot have arrived after today where the site is. */
function assertReceivedByToday(receivedDate: LocalDate, timeZone: string): void {
  const today = localDateOf(new Date(), timeZone);
  if (receivedDate > today) throw unprocessable([problem('receivedDate', 'referral.received_after_today', { today })]);
}

/**
 * A corrected arrival date: the care-guarantee deadline moves by the same number of days, so the
 * guarantee in force when the referral arrived still applies (a site's new guarantee is for new referrals).
 */
function correctedReceipt(referral: Referral, receivedDate: LocalDate, timeZone: string): Pick<Referral, 'receivedDate' | 'careGuaranteeDeadline'> {
  assertReceivedByToday(receivedDate, timeZone);
  return { receivedDate, careGuaranteeDeadline: addDays(referral.careGuaranteeDeadline, daysBetween(referral.receivedDate, receivedDate)) };
}

/** The patient's episodes under way other than this referral's own, as warnings for triage. */
function openEpisodeWarnings(referral: Referral, open: readonly OpenEpisodeRow[]): ReferralWarningDto[] {
  return open
    .filter((episode) => episode.patient_id === referral.patientId && episode.referral_id !== referral.id)
    .map((episode) => ({
      code: 'open_episode' as const,
      text: `the patient has episode ${episode.id} under way (phase ${episode.phase}, referral ${episode.referral_id})`,
      episodeId: episode.id,
      referralId: episode.referral_id,
      phase: episode.phase,
    }));
}

export function toReferralDto(referral: Referral, warnings: ReferralWarningDto[]): ReferralDto {
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
    warnings,
  };
}
