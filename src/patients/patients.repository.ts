import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PatientSearchTerms } from '../core/rules/patient-search';
import { Patient } from './patient.entity';

/** The patient register, as stored. */
@Injectable()
export class PatientsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findById(id: string, manager: EntityManager = this.db.manager): Promise<Patient | null> {
    return manager.findOneBy(Patient, { id });
  }

  /** A patient the database guarantees exists (a referral's, by its foreign key). */
  get(id: string, manager: EntityManager = this.db.manager): Promise<Patient> {
    return manager.findOneByOrFail(Patient, { id });
  }

  /** The patient is cared for at `siteId` from now on (their referral went there). */
  async moveToSite(id: string, siteId: string, manager: EntityManager): Promise<void> {
    await manager.update(Patient, { id }, { siteId });
  }

  /** A referral says the patient needs an interpreter in `language`: their visits show it from now on. */
  async setInterpreterLanguage(id: string, language: string, manager: EntityManager): Promise<void> {
    await manager.update(Patient, { id }, { interpreterLanguage: language });
  }

  /** The patient holding `personalNumber` (normalized, as stored), at any site. */
  withPersonalNumber(personalNumber: string, manager: EntityManager): Promise<Patient | null> {
    return manager.findOneBy(Patient, { personalNumber });
  }

  add(patient: Omit<Patient, 'id' | 'createdAt'>, manager: EntityManager): Promise<Patient> {
    return manager.save(Patient, patient);
  }

  /** The patient with `changes` applied, not yet saved (see save). */
  withChanges(patient: Patient, changes: Partial<Patient>, manager: EntityManager): Patient {
    return manager.merge<Patient>(Patient, patient, changes);
  }

  async save(patient: Patient, manager: EntityManager): Promise<void> {
    await manager.save(Patient, patient);
  }

  /** By name: one patient (a patient's own list), a site's, or every site's when no site is given. */
  list(scope: { patientId: string } | { siteId?: string }): Promise<Patient[]> {
    const where = 'patientId' in scope ? { id: scope.patientId } : scope.siteId ? { siteId: scope.siteId } : {};
    return this.db.getRepository(Patient).find({ where, order: { name: 'ASC' } });
  }

  /** The patients of the scope (as list) that the personal number, name part or phone digits find, by name, `limit` at most. */
  search(scope: { patientId: string } | { siteId?: string }, terms: PatientSearchTerms, limit: number): Promise<Patient[]> {
    const query = this.db.getRepository(Patient).createQueryBuilder('p');
    if ('patientId' in scope) query.where('p.id = :patientId', scope);
    else if (scope.siteId) query.where('p.site_id = :siteId', scope);
    const matches = [`p.name ILIKE :namePart ESCAPE '\\'`];
    if (terms.personalNumber) matches.push('p.personal_number = :personalNumber');
    if (terms.phoneDigits) matches.push(`regexp_replace(coalesce(p.phone, ''), '\\D', '', 'g') LIKE :phonePart`);
    return query
      .andWhere(`(${matches.join(' OR ')})`, {
        namePart: `%${terms.namePart.replace(/[\\%_]/g, '\\$&')}%`,
        personalNumber: terms.personalNumber,
        phonePart: `%${terms.phoneDigits}%`,
      })
      .orderBy('p.name', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}
