import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, mayReach, ProtectedRecord } from '../access/access.service';
import { AuditAction } from '../access/audit-entry.entity';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { Actor } from '../access/principal';
import { assertSiteAccess, scopedSiteId } from '../access/site-access';
import { badRequest, forbidden, notFound, problem, stateConflict, unprocessable } from '../common/api-errors';
import { SitesService } from '../sites/sites.service';
import { CreatePatientDto, PatientDto, PatientQueryDto, UpdatePatientDto } from './patients.dto';
import { Patient } from './patient.entity';
import { PatientsRepository } from './patients.repository';
import { birthDateOf, checkPersonalNumber, formatPersonalNumber } from '../core/rules/personal-number';
import { patientSearchTerms } from '../core/rules/patient-search';

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: PatientsRepository,
    private readonly sites: SitesService,
    private readonly access: AccessService,
    private readonly reminders: ReminderOutbox,
  ) {}

  create(actor: Actor, dto: CreatePatientDto): Promise<PatientDto> {
    return this.db.transaction((manager) => this.createWithin(manager, actor, dto));
  }

  /** Registers the patient inside the caller's transaction (a waiting list moving in registers many in one). */
  async createWithin(manager: EntityManager, actor: Actor, dto: CreatePatientDto): Promise<PatientDto> {
    assertSiteAccess(actor, dto.siteId);
    const personalNumber = checkedPersonalNumber(dto.personalNumber);
    assertReachable(dto);
    await this.sites.requireReferenced(dto.siteId, 'siteId', manager);
    await this.assertPersonalNumberFree(actor, personalNumber, null, manager);
    const patient = await this.repository.add(
      {
        siteId: dto.siteId,
        personalNumber,
        name: dto.name,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        reminderChannel: dto.reminderChannel,
        interpreterLanguage: dto.interpreterLanguage ?? null,
      },
      manager,
    );
    await this.access.log(actor, { action: 'create', resource: 'patient', records: [recordOf(patient)], manager });
    return toPatientDto(patient);
  }

  /** With `q`: the patients it finds by personal number, name or phone, SEARCH_LIMIT at most. */
  async list(actor: Actor, query: PatientQueryDto): Promise<PatientDto[]> {
    const scope = actor.role === 'patient' ? { patientId: actor.patientId! } : { siteId: scopedSiteId(actor, query.siteId) };
    const patients = query.q === undefined ? await this.repository.list(scope) : await this.repository.search(scope, patientSearchTerms(query.q), SEARCH_LIMIT);
    await this.access.log(actor, { action: 'read', resource: 'patient', records: patients.map(recordOf) });
    return patients.map(toPatientDto);
  }

  /**
   * The patient an exact search names (by id, by personal number as stored, or both: a FHIR
   * search), when the caller may see them, logged as read; none otherwise, as a list scoped to the
   * caller finds none. Never the register: something must be named.
   */
  async findExact(actor: Actor, { id, personalNumber }: { id?: string; personalNumber?: string }): Promise<PatientDto[]> {
    const patient = id ? await this.repository.findById(id) : personalNumber ? await this.repository.withPersonalNumber(personalNumber, this.db.manager) : null;
    const found = patient && (!personalNumber || patient.personalNumber === personalNumber) && mayReach(actor, recordOf(patient)) ? [patient] : [];
    await this.access.log(actor, { action: 'read', resource: 'patient', records: found.map(recordOf) });
    return found.map(toPatientDto);
  }

  async get(actor: Actor, id: string): Promise<PatientDto> {
    const patient = await this.findVisible(actor, id, 'read');
    return toPatientDto(patient);
  }

  async update(actor: Actor, id: string, dto: UpdatePatientDto): Promise<PatientDto> {
    if (actor.role === 'patient') assertPatientMayChange(dto);
    const personalNumber = dto.personalNumber === undefined ? undefined : checkedPersonalNumber(dto.personalNumber);
    return this.db.transaction(async (manager) => {
      const patient = await this.findVisible(actor, id, 'update', manager);
      if (personalNumber) await this.assertPersonalNumberFree(actor, personalNumber, id, manager);
      const previousChannel = patient.reminderChannel;
      const changes = { ...dto, ...(personalNumber && { personalNumber }), ...(dto.interpreterLanguage === '' && { interpreterLanguage: null }) };
      const updated = this.repository.withChanges(patient, changes, manager);
      assertReachable(updated);
      await this.repository.save(updated, manager);
      if (updated.reminderChannel !== previousChannel) await this.reminders.syncPatient(manager, id);
      return toPatientDto(updated);
    });
  }

  /**
   * A personal number belongs to one patient. The 409 names the one holding it (`existingPatientId`)
   * to a caller who may see them, so a duplicate is found rather than made; of another site's
   * patient it says only that the number is registered elsewhere. `self` may keep their own.
   */
  private async assertPersonalNumberFree(actor: Actor, personalNumber: string, self: string | null, manager: EntityManager): Promise<void> {
    const holder = await this.repository.withPersonalNumber(personalNumber, manager);
    if (!holder || holder.id === self) return;
    if (!mayReach(actor, recordOf(holder))) throw stateConflict('patient.number_elsewhere');
    throw stateConflict('patient.number_taken', { patient: holder.name, existingPatientId: holder.id }, { existingPatientId: holder.id });
  }

  /**
   * The patient if the caller may see them, logged as the `action` about to happen (in its
   * transaction); otherwise 404 whether or not they exist.
   */
  private async findVisible(actor: Actor, id: string, action: AuditAction, manager?: EntityManager): Promise<Patient> {
    const patient = await this.repository.findById(id, manager);
    if (!patient) throw notFound('patient', id);
    await this.access.require(actor, { action, resource: 'patient', records: [recordOf(patient)], manager });
    return patient;
  }
}

/** Searches answer at most this many patients: enough for a name shared at one site, never the register. */
const SEARCH_LIMIT = 50;

/** A personal number as stored, or 400 naming the field. */
function checkedPersonalNumber(input: string): string {
  const check = checkPersonalNumber(input);
  if (!check.valid) throw badRequest([{ field: 'personalNumber', problem: check.problem, code: check.code, params: check.params }]);
  return check.normalized;
}

/** A patient's own record holds only their data. */
function recordOf(patient: Patient): ProtectedRecord {
  return { id: patient.id, siteId: patient.siteId, patientIds: [patient.id] };
}

/** What patients keep up to date themselves; their name and interpreter need are the unit's record. */
const PATIENT_EDITABLE: ReadonlySet<string> = new Set(['phone', 'email', 'reminderChannel']);

function assertPatientMayChange(dto: UpdatePatientDto): void {
  const fixed = Object.keys(dto).filter((field) => !PATIENT_EDITABLE.has(field));
  if (fixed.length) throw forbidden(fixed.map((field) => problem(field, 'patient.not_own_field')));
}

/** Reminders go out on the chosen channel, so the channel needs its address. */
function assertReachable(patient: { reminderChannel: string; phone?: string | null; email?: string | null }): void {
  if (patient.reminderChannel === 'sms' && !patient.phone) {
    throw unprocessable([problem('phone', 'patient.phone_for_sms')]);
  }
  if (patient.reminderChannel === 'email' && !patient.email) {
    throw unprocessable([problem('email', 'patient.email_for_email')]);
  }
}

export function toPatientDto(patient: Patient): PatientDto {
  return {
    id: patient.id,
    siteId: patient.siteId,
    personalNumber: formatPersonalNumber(patient.personalNumber),
    birthDate: birthDateOf(patient.personalNumber),
    name: patient.name,
    phone: patient.phone,
    email: patient.email,
    reminderChannel: patient.reminderChannel,
    interpreterLanguage: patient.interpreterLanguage,
  };
}
