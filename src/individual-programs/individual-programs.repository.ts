import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Appointment } from '../calendar/appointment.entity';
import { Patient } from '../patients/patient.entity';
import { IndividualProgram } from './individual-program.entity';

/** What booking a program stores; the id and the creation time are the database's. */
export type NewIndividualProgram = Pick<IndividualProgram, 'siteId' | 'patientId' | 'startDate' | 'weeks' | 'visitsPerWeek' | 'mix'>;

/** Individual programs, the patient they are planned for, and their visits (written through BookingService). */
@Injectable()
export class IndividualProgramsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores the program and answers it as stored, id included. */
  insert(program: NewIndividualProgram, manager: EntityManager = this.db.manager): Promise<IndividualProgram> {
    return manager.save(IndividualProgram, program);
  }

  find(id: string, manager: EntityManager = this.db.manager): Promise<IndividualProgram | null> {
    return manager.findOneBy(IndividualProgram, { id });
  }

  /** The program's visits, in order of time. */
  async visitIds(id: string, manager: EntityManager = this.db.manager): Promise<string[]> {
    const visits = await manager.find(Appointment, { select: { id: true }, where: { individualProgramId: id }, order: { startsAt: 'ASC' } });
    return visits.map((visit) => visit.id);
  }

  patient(id: string, manager: EntityManager = this.db.manager): Promise<Patient | null> {
    return manager.findOneBy(Patient, { id });
  }
}
