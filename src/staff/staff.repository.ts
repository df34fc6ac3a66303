import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Discipline } from '../core/vocabulary';
import { epochMs } from '../database/sql';
import { StaffAbsence } from './staff-absence.entity';
import { StaffMember } from './staff-member.entity';

/** The staff register and each member's absences, as stored. */
@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `work` as one transaction. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  add(member: Omit<StaffMember, 'id' | 'createdAt' | 'deactivatedFrom' | 'hsaId'> & Partial<Pick<StaffMember, 'hsaId'>>): Promise<StaffMember> {
    return this.db.getRepository(StaffMember).save(member);
  }

  findById(id: string): Promise<StaffMember | null> {
    return this.db.getRepository(StaffMember).findOneBy({ id });
  }

  /** Those of the site (every site's if none is given), of one discipline if given; by discipline, then name. */
  list({ siteId, discipline }: { siteId?: string; discipline?: Discipline }): Promise<StaffMember[]> {
    return this.db.getRepository(StaffMember).find({
      where: { ...(siteId && { siteId }), ...(discipline && { discipline }) },
      order: { discipline: 'ASC', name: 'ASC' },
    });
  }

  /** The member held FOR UPDATE: no booking of theirs is checked meanwhile, and no other change made. */
  lock(manager: EntityManager, id: string): Promise<StaffMember | null> {
    return manager.findOne(StaffMember, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async saveChange(manager: EntityManager, id: string, change: Partial<Pick<StaffMember, 'workingHours' | 'deactivatedFrom' | 'hsaId'>>): Promise<StaffMember> {
    await manager.update(StaffMember, { id }, change);
    return manager.findOneByOrFail(StaffMember, { id });
  }

  addAbsence(manager: EntityManager, absence: Omit<StaffAbsence, 'id' | 'createdAt'>): Promise<StaffAbsence> {
    return manager.save(StaffAbsence, manager.create(StaffAbsence, absence));
  }

  findAbsence(manager: EntityManager, staffId: string, id: string): Promise<StaffAbsence | null> {
    return manager.findOneBy(StaffAbsence, { id, staffId });
  }

  saveAbsence(manager: EntityManager, absence: StaffAbsence): Promise<StaffAbsence> {
    return manager.save(StaffAbsence, absence);
  }

  async removeAbsence(manager: EntityManager, absence: StaffAbsence): Promise<void> {
    await manager.delete(StaffAbsence, { id: absence.id });
  }

  /** The member's booked visits that start in [from, to) (open-ended without `to`), by start. */
  async bookedVisits(manager: EntityManager, staffId: string, from: Date, to: Date | null): Promise<{ id: string; start: number; end: number }[]> {
    return manager.query(
      `SELECT a.id, ${epochMs('a.starts_at')} AS start, ${epochMs('a.ends_at')} AS end
         FROM appointments a JOIN appointment_staff s ON s.appointment_id = a.id
        WHERE s.staff_id = $1 AND s.active AND a.status = 'booked' AND a.starts_at >= $2 AND ($3::timestamptz IS NULL OR a.starts_at < $3)
        ORDER BY a.starts_at`,
      [staffId, from, to],
    );
  }

  /** A member's absences, by start. */
  absencesOf(staffId: string): Promise<StaffAbsence[]> {
    return this.db.getRepository(StaffAbsence).find({ where: { staffId }, order: { startsAt: 'ASC' } });
  }

  /** The ids of the member's live appointments that overlap [start, end), by start. */
  async appointmentsDuring(staffId: string, start: Date, end: Date, manager: EntityManager = this.db.manager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT a.id FROM appointments a JOIN appointment_staff s ON s.appointment_id = a.id
        WHERE s.staff_id = $1 AND s.active AND s.during && tstzrange($2, $3) ORDER BY a.starts_at`,
      [staffId, start, end],
    );
    return rows.map((row) => row.id);
  }
}
