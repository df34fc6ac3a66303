import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, ProtectedRecord } from '../access/access.service';
import { AuditAction } from '../access/audit-entry.entity';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { Actor } from '../access/principal';
import { assertSiteAccess, scopedSiteId } from '../access/site-access';
import { badRequest, forbidden, notFound, stateConflict, unprocessable } from '../common/api-errors';
import { SitesService } from '../sites/sites.service';
import { CreatePatientDto, PatientDto, PatientQueryDto, UpdatePatientDto } from './patients.dto';
import { Patient } from './patient.entity';
import { PatientsRepository } from './patients.repository';
import { birthDateOf, checkPersonalNumber, formatPersonalNumber } from '../core/rules/personal-number';

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: PatientsRepository,
    private readonly sites: SitesService,
    private readonly access: AccessService,
    private readonly reminders: ReminderOutbox,
  ) {}

  async create(actor: Actor, dto: CreatePatientDto): Promise<PatientDto> {
    assertSiteAccess(actor, dto.siteId);
    const check = checkPersonalNumber(dto.personalNumber);
    if (!check.valid) throw badRequest([{ field: 'personalNumber', problem: check.problem }]);
    assertReachable(dto);
    await this.sites.requireReferenced(dto.siteId);
    return this.db.transaction(async (manager) => {
      if (await this.repository.personalNumberTaken(check.normalized, manager)) {
        throw stateConflict('a patient with this personal number exists already');
      }
      const patient = await this.repository.add(
        {
          siteId: dto.siteId,
          personalNumber: check.normalized,
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
    });
  }

  async list(actor: Actor, query: PatientQueryDto): Promise<PatientDto[]> {
    const patients = await this.repository.list(actor.role === 'patient' ? { patientId: actor.patientId! } : { siteId: scopedSiteId(actor, query.siteId) });
    await this.access.log(actor, { action: 'read', resource: 'patient', records: patients.map(recordOf) });
    return patients.map(toPatientDto);
  }

  async get(actor: Actor, id: string): Promise<PatientDto> {
    const patient = await this.findVisible(actor, id, 'read');
    return toPatientDto(patient);
  }

  async update(actor: Actor, id: string, dto: UpdatePatientDto): Promise<PatientDto> {
    if (actor.role === 'patient') assertPatientMayChange(dto);
    return this.db.transaction(async (manager) => {
      const patient = await this.findVisible(actor, id, 'update', manager);
      const previousChannel = patient.reminderChannel;
      const changes = { ...dto, ...(dto.interpreterLanguage === '' && { interpreterLanguage: null }) };
      const updated = this.repository.withChanges(patient, changes, manager);
      assertReachable(updated);
      await this.repository.save(updated, manager);
      if (updated.reminderChannel !== previousChannel) await this.reminders.syncPatient(manager, id);
      return toPatientDto(updated);
    });
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

/** A patient's own record holds only their data. */
function recordOf(patient: Patient): ProtectedRecord {
  return { id: patient.id, siteId: patient.siteId, patientIds: [patient.id] };
}

/** What patients keep up to date themselves; their name and interpreter need are the unit's record. */
const PATIENT_EDITABLE: ReadonlySet<string> = new Set(['phone', 'email', 'reminderChannel']);

function assertPatientMayChange(dto: UpdatePatientDto): void {
  const fixed = Object.keys(dto).filter((field) => !PATIENT_EDITABLE.has(field));
  if (fixed.length) throw forbidden(fixed.map((field) => ({ field, problem: 'a patient changes only their phone, e-mail and reminder channel; ask the unit' })));
}

/** Reminders go out on the chosen channel, so the channel needs its address. */
function assertReachable(patient: { reminderChannel: string; phone?: string | null; email?: string | null }): void {
  if (patient.reminderChannel === 'sms' && !patient.phone) {
    throw unprocessable([{ field: 'phone', problem: 'is required when reminderChannel is sms' }]);
  }
  if (patient.reminderChannel === 'email' && !patient.email) {
    throw unprocessable([{ field: 'email', problem: 'is required when reminderChannel is email' }]);
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
