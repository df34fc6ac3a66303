import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Discipline } from '../core/vocabulary';
import { StaffAbsence } from './staff-absence.entity';
import { StaffMember } from './staff-member.entity';

/** The staff register and each member's absences, as stored. */
@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  add(member: Omit<StaffMember, 'id' | 'createdAt'>): Promise<StaffMember> {
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

  findByIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<StaffMember[]> {
    return manager.findBy(StaffMember, ids.map((id) => ({ id })));
  }

  addAbsence(absence: Omit<StaffAbsence, 'id' | 'createdAt'>): Promise<StaffAbsence> {
    return this.db.getRepository(StaffAbsence).save(absence);
  }

  /** A member's absences, by start. */
  absencesOf(staffId: string): Promise<StaffAbsence[]> {
    return this.db.getRepository(StaffAbsence).find({ where: { staffId }, order: { startsAt: 'ASC' } });
  }

  /** The members' absences that touch [from, to). */
  absencesTouching(staffIds: readonly string[], from: Date, to: Date, manager: EntityManager = this.db.manager): Promise<StaffAbsence[]> {
    return manager
      .createQueryBuilder(StaffAbsence, 'absence')
      .where('absence.staffId IN (:...staffIds)', { staffIds })
      .andWhere('absence.startsAt < :to AND absence.endsAt > :from', { from, to })
      .getMany();
  }

  /** The ids of the member's live appointments that overlap [start, end), by start. */
  async appointmentsDuring(staffId: string, start: Date, end: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT a.id FROM appointments a JOIN appointment_staff s ON s.appointment_id = a.id
        WHERE s.staff_id = $1 AND s.active AND s.during && tstzrange($2, $3) ORDER BY a.starts_at`,
      [staffId, start, end],
    );
    return rows.map((row) => row.id);
  }
}
