import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../access/audit.service';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { Actor } from '../access/principal';
import { assertPatientAccess, assertSiteAccess, scopedSiteId } from '../access/site-access';
import { badRequest, forbidden, notFound, stateConflict, unprocessable } from '../common/api-errors';
import { SitesService } from '../sites/sites.service';
import { CreatePatientDto, PatientDto, PatientQueryDto, UpdatePatientDto } from './patients.dto';
import { Patient } from './patient.entity';
import { birthDateOf, checkPersonalNumber, formatPersonalNumber } from '../core/rules/personal-number';

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly reminders: ReminderOutbox,
  ) {}

  async create(actor: Actor, dto: CreatePatientDto): Promise<PatientDto> {
    assertSiteAccess(actor, dto.siteId);
    const check = checkPersonalNumber(dto.personalNumber);
    if (!check.valid) throw badRequest([{ field: 'personalNumber', problem: check.problem }]);
    assertReachable(dto);
    await this.sites.requireReferenced(dto.siteId);
    return this.db.transaction(async (manager) => {
      if (await manager.existsBy(Patient, { personalNumber: check.normalized })) {
        throw stateConflict('a patient with this personal number exists already');
      }
      const patient = await manager.save(Patient, {
        siteId: dto.siteId,
        personalNumber: check.normalized,
        name: dto.name,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        reminderChannel: dto.reminderChannel,
        interpreterLanguage: dto.interpreterLanguage ?? null,
      });
      await this.audit.record(actor, 'create', 'patient', [{ patientId: patient.id, resourceId: patient.id }], manager);
      return toPatientDto(patient);
    });
  }

  async list(actor: Actor, query: PatientQueryDto): Promise<PatientDto[]> {
    const siteId = actor.role === 'patient' ? undefined : scopedSiteId(actor, query.siteId);
    const where = actor.role === 'patient' ? { id: actor.patientId! } : siteId ? { siteId } : {};
    const patients = await this.db.getRepository(Patient).find({ where, order: { name: 'ASC' } });
    await this.audit.record(actor, 'read', 'patient', patients.map((p) => ({ patientId: p.id, resourceId: p.id })));
    return patients.map(toPatientDto);
  }

  async get(actor: Actor, id: string): Promise<PatientDto> {
    const patient = await this.findVisible(actor, id);
    await this.audit.record(actor, 'read', 'patient', [{ patientId: id, resourceId: id }]);
    return toPatientDto(patient);
  }

  async update(actor: Actor, id: string, dto: UpdatePatientDto): Promise<PatientDto> {
    if (actor.role === 'patient') assertPatientMayChange(dto);
    return this.db.transaction(async (manager) => {
      const patient = await this.findVisible(actor, id, manager);
      const previousChannel = patient.reminderChannel;
      const changes = { ...dto, ...(dto.interpreterLanguage === '' && { interpreterLanguage: null }) };
      const updated = manager.merge<Patient>(Patient, patient, changes);
      assertReachable(updated);
      await manager.save(Patient, updated);
      if (updated.reminderChannel !== previousChannel) await this.reminders.syncPatient(manager, id);
      await this.audit.record(actor, 'update', 'patient', [{ patientId: id, resourceId: id }], manager);
      return toPatientDto(updated);
    });
  }

  /** The patient if the caller may see them; otherwise 404 whether or not they exist. */
  async findVisible(actor: Actor, id: string, manager: EntityManager = this.db.manager): Promise<Patient> {
    const patient = await manager.findOneBy(Patient, { id });
    if (!patient) throw notFound('patient', id);
    assertPatientAccess(actor, patient);
    return patient;
  }
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
