import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarEntry } from '../core/rules/calendar-entries';
import { Discipline } from '../core/vocabulary';
import { PreparedStatement, queryPrepared } from '../database/prepared';

/** Which appointments a calendar shows. */
export type CalendarScope = { staffIds: string[] } | { roomId: string } | { patientId: string };

/** A patient's move request still waiting for the unit. */
export interface OpenMoveRequest {
  appointmentId: string;
  createdAt: Date;
  note: string | null;
}

/** A staff member as their calendar heads it, with their site's time zone. */
export interface CalendarMember {
  id: string;
  siteId: string;
  name: string;
  discipline: Discipline;
  timeZone: string;
}

export interface CalendarAbsence {
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

/**
 * A calendar's appointments overlapping [$1, $2) in a scope ($3), cancelled ones only if $4. A
 * person's scope is range-bounded in its own subquery too: it then reads the week of their
 * participations through (staff_id, during) or (patient_id, during), not their whole history, which
 * grows with every week booked (4.4 ms at 100,000 appointments, 25 ms at a million). Each scope is a
 * prepared statement: every calendar screen runs one, and planning it cost as much as running it.
 */
export const ENTRY_QUERIES = {
  staff: entriesOf('staff', 'a.id IN (SELECT appointment_id FROM appointment_staff WHERE staff_id = ANY($3) AND during && tstzrange($1, $2))'),
  room: entriesOf('room', 'a.room_id = $3'),
  patient: entriesOf('patient', 'a.id IN (SELECT appointment_id FROM appointment_patients WHERE patient_id = $3 AND during && tstzrange($1, $2))'),
} satisfies Record<string, PreparedStatement>;

/** The member and their site's zone in one prepared statement: a staff calendar's first read, before any of its visits. */
const MEMBER_QUERY: PreparedStatement = {
  name: 'calendar-member',
  text: `SELECT m.id, m.site_id AS "siteId", m.name, m.discipline, s.time_zone AS "timeZone"
           FROM staff_members m JOIN sites s ON s.id = m.site_id WHERE m.id = $1`,
};

function entriesOf(scope: string, filter: string): PreparedStatement {
  return {
    name: `calendar-entries-${scope}`,
    text: `SELECT a.id, a.kind, a.status, a.starts_at, a.ends_at, a.updated_at, a.revision, a.assessment_id, a.assessment_part,
              a.group_program_id, a.session_number, g.name AS group_program_name, a.individual_program_id, s.name AS site_name, s.time_zone,
              r.id AS room_id, r.name AS room_name,
              COALESCE((SELECT json_agg(json_build_object('id', m.id, 'name', m.name, 'discipline', m.discipline) ORDER BY m.name)
                          FROM appointment_staff x JOIN staff_members m ON m.id = x.staff_id WHERE x.appointment_id = a.id), '[]') AS staff,
              COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'interpreterLanguage', p.interpreter_language) ORDER BY p.name)
                          FROM appointment_patients x JOIN patients p ON p.id = x.patient_id WHERE x.appointment_id = a.id), '[]') AS patients
         FROM appointments a JOIN sites s ON s.id = a.site_id LEFT JOIN rooms r ON r.id = a.room_id
         LEFT JOIN group_programs g ON g.id = a.group_program_id
        WHERE a.during && tstzrange($1, $2) AND ${filter} AND ($4 OR a.status <> 'cancelled')
        ORDER BY a.starts_at, a.id`,
  };
}

/** What calendars read: appointments with their staff, patients and room by name, and staff absences. */
@Injectable()
export class CalendarEntriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The staff member with their site's time zone, or undefined when there is none. */
  async member(staffId: string): Promise<CalendarMember | undefined> {
    const [member] = await queryPrepared<CalendarMember>(this.db, MEMBER_QUERY, [staffId]);
    return member;
  }

  /** Appointments overlapping [from, to) in the scope, by start, with staff, patients and room by name. */
  async entries(scope: CalendarScope, from: Date, to: Date, { withCancelled = false } = {}): Promise<CalendarEntry[]> {
    const [statement, value] =
      'staffIds' in scope ? [ENTRY_QUERIES.staff, scope.staffIds] : 'roomId' in scope ? [ENTRY_QUERIES.room, scope.roomId] : [ENTRY_QUERIES.patient, scope.patientId];
    const rows = await queryPrepared<EntryRow>(this.db, statement, [from, to, value, withCancelled]);
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      start: row.starts_at,
      end: row.ends_at,
      updatedAt: row.updated_at,
      revision: row.revision,
      siteName: row.site_name,
      timeZone: row.time_zone,
      room: row.room_id ? { id: row.room_id, name: row.room_name! } : null,
      staff: row.staff,
      patients: row.patients,
      assessment: row.assessment_id ? { id: row.assessment_id, part: row.assessment_part! } : null,
      groupProgram: row.group_program_id ? { id: row.group_program_id, sessionNumber: row.session_number!, name: row.group_program_name! } : null,
      individualProgramId: row.individual_program_id,
    }));
  }

  /** The patient's move requests not yet resolved on any of the visits, in one query for the whole list. */
  openMoveRequests(patientId: string, appointmentIds: readonly string[]): Promise<OpenMoveRequest[]> {
    return this.db.query(
      `SELECT appointment_id AS "appointmentId", created_at AS "createdAt", note FROM patient_visit_requests
        WHERE patient_id = $1 AND appointment_id = ANY($2) AND kind = 'move' AND resolved_at IS NULL`,
      [patientId, appointmentIds],
    );
  }

  /** The staff members' absences that touch [from, to), by start. */
  async absences(staffIds: readonly string[], from: Date, to: Date): Promise<CalendarAbsence[]> {
    const rows: { staff_id: string; starts_at: Date; ends_at: Date; reason: string }[] = await this.db.query(
      `SELECT staff_id, starts_at, ends_at, reason FROM staff_absences
        WHERE staff_id = ANY($1) AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at, staff_id`,
      [staffIds, from, to],
    );
    return rows.map((row) => ({ staffId: row.staff_id, startsAt: row.starts_at, endsAt: row.ends_at, reason: row.reason }));
  }
}

interface EntryRow {
  id: string;
  kind: CalendarEntry['kind'];
  status: CalendarEntry['status'];
  starts_at: Date;
  ends_at: Date;
  updated_at: Date;
  revision: number;
  assessment_id: string | null;
  assessment_part: string | null;
  group_program_id: string | null;
  session_number: number | null;
  group_program_name: string | null;
  individual_program_id: string | null;
  site_name: string;
  time_zone: string;
  room_id: string | null;
  room_name: string | null;
  staff: CalendarEntry['staff'];
  patients: CalendarEntry['patients'];
}
