import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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

  /** `personalNumber` normalized, as stored. */
  personalNumberTaken(personalNumber: string, manager: EntityManager): Promise<boolean> {
    return manager.existsBy(Patient, { personalNumber });
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
}
