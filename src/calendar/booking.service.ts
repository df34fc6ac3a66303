import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { bookingConflict, FieldProblem, stateConflict, unprocessable } from '../common/api-errors';
import { Patient } from '../patients/patient.entity';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { Room } from '../rooms/room.entity';
import { bookingRuleViolations } from '../core/rules/booking-rules';
import { ClosedDays } from '../core/time/holidays';
import { Site } from '../sites/site.entity';
import { SitesService } from '../sites/sites.service';
import { StaffService } from '../staff/staff.service';
import { AppointmentDraft } from './appointment-draft';
import { AppointmentPatient } from './appointment-patient.entity';
import { AppointmentStaff } from './appointment-staff.entity';
import { Appointment } from './appointment.entity';
import { overlapViolation, OverlapViolation } from './booking-conflict';

/**
 * The one way appointments get into the calendar. Checks the calendar rules (open day, working
 * hours, absences, references within the site) and leaves overlaps to the database's exclusion
 * constraints, so two coordinators racing for the same slot can never both win. Reminders are
 * scheduled (or moved) in the same transaction.
 */
@Injectable()
export class BookingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
    private readonly staff: StaffService,
    private readonly reminders: ReminderOutbox,
  ) {}

  /** Runs `work` as one transaction; a slot taken meanwhile becomes a 409 naming the appointment in the way. */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      const violation = overlapViolation(error);
      if (!violation) throw error;
      throw await this.describeConflict(violation);
    }
  }

  /** Books all drafts or, by throwing, none (the caller's transaction rolls back). */
  async book(manager: EntityManager, drafts: readonly AppointmentDraft[]): Promise<Appointment[]> {
    if (!drafts.length) return [];
    await this.checkRules(manager, drafts);
    return this.insert(manager, drafts);
  }

  /**
   * Books drafts of one site that the caller has already checked against the site's calendar as
   * read at `calendarVersion` (a planner's output is): the rules need no second read as long as
   * nothing they depend on changed since, and the site row held FOR SHARE keeps it so until commit.
   * A changed calendar is a 409; overlaps, as always, are the database's to refuse.
   */
  async bookChecked(manager: EntityManager, siteId: string, calendarVersion: string, drafts: readonly AppointmentDraft[]): Promise<Appointment[]> {
    const [site] = (await manager.query(`SELECT calendar_version FROM sites WHERE id = $1 FOR SHARE`, [siteId])) as { calendar_version: string }[];
    if (site?.calendar_version !== calendarVersion) throw stateConflict('working hours, absences, closures or rooms changed while planning; plan again');
    if (drafts.some((d) => d.siteId !== siteId)) throw new Error('bookChecked books drafts of one site');
    return this.insert(manager, drafts);
  }

  /**
   * Three statements whatever the number of drafts, with one array per column: a batch writes
   * hundreds of rows at once, and building a placeholder per value would cost more than the insert.
   */
  private async insert(manager: EntityManager, drafts: readonly AppointmentDraft[]): Promise<Appointment[]> {
    const appointments = drafts.map((d) =>
      manager.create(Appointment, {
        id: randomUUID(),
        siteId: d.siteId,
        kind: d.kind,
        roomId: d.roomId,
        referralId: d.referralId ?? null,
        assessmentId: d.links?.assessmentId ?? null,
        assessmentPart: d.links?.assessmentPart ?? null,
        groupProgramId: d.links?.groupProgramId ?? null,
        sessionNumber: d.links?.sessionNumber ?? null,
        sessionDetail: d.links?.sessionDetail ?? null,
        individualProgramId: d.links?.individualProgramId ?? null,
        startsAt: d.start,
        endsAt: d.end,
        status: 'booked',
        cancelReason: null,
        cancelledAt: null,
      }),
    );
    const column = <K extends keyof Appointment>(key: K) => appointments.map((a) => a[key]);
    await manager.query(
      `INSERT INTO appointments (id, site_id, kind, room_id, referral_id, assessment_id, assessment_part, group_program_id,
                                 session_number, session_detail, individual_program_id, starts_at, ends_at, status)
       SELECT *, 'booked' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::uuid[],
                                      $9::int[], $10::jsonb[], $11::uuid[], $12::timestamptz[], $13::timestamptz[])`,
      [
        column('id'),
        column('siteId'),
        column('kind'),
        column('roomId'),
        column('referralId'),
        column('assessmentId'),
        column('assessmentPart'),
        column('groupProgramId'),
        column('sessionNumber'),
        appointments.map((a) => (a.sessionDetail ? JSON.stringify(a.sessionDetail) : null)),
        column('individualProgramId'),
        column('startsAt'),
        column('endsAt'),
      ],
    );
    for (const [table, column, key] of [
      ['appointment_staff', 'staff_id', 'staffIds'],
      ['appointment_patients', 'patient_id', 'patientIds'],
    ] as const) {
      const rows = drafts.flatMap((d, i) => d[key].map((id) => ({ appointmentId: appointments[i].id, id })));
      if (!rows.length) continue;
      await manager.query(`INSERT INTO ${table} (appointment_id, ${column}) SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [
        rows.map((r) => r.appointmentId),
        rows.map((r) => r.id),
      ]);
    }
    await this.reminders.sync(manager, appointments.map((a) => a.id));
    return appointments;
  }

  /**
   * For moving several appointments past each other in one transaction (a visit into the time its
   * feedback conversation leaves): overlaps are then checked once, at commit.
   */
  async deferOverlapChecks(manager: EntityManager): Promise<void> {
    await manager.query('SET CONSTRAINTS appointment_staff_no_overlap, appointment_patients_no_overlap, appointments_room_no_overlap DEFERRED');
  }

  /** Moves an appointment (and optionally changes its room or staff) under the same rules as a new booking. */
  async reschedule(
    manager: EntityManager,
    appointment: Appointment,
    change: { start: Date; end: Date; roomId: string | null; staffIds: string[] },
  ): Promise<void> {
    const current = await this.participants(manager, appointment.id);
    await this.checkRules(manager, [{ ...appointment, ...change, patientIds: current.patientIds }]);
    await manager.update(Appointment, { id: appointment.id }, { startsAt: change.start, endsAt: change.end, roomId: change.roomId });
    const removed = current.staffIds.filter((id) => !change.staffIds.includes(id));
    const added = change.staffIds.filter((id) => !current.staffIds.includes(id));
    if (removed.length) await manager.delete(AppointmentStaff, { appointmentId: appointment.id, staffId: In(removed) });
    if (added.length) await manager.insert(AppointmentStaff, added.map((staffId) => ({ appointmentId: appointment.id, staffId })));
    await this.reminders.sync(manager, [appointment.id]);
  }

  /** Who is on an appointment: its staff and every patient row (a group session's too). */
  async participants(manager: EntityManager, appointmentId: string): Promise<{ staffIds: string[]; patientIds: string[] }> {
    const staff = await manager.findBy(AppointmentStaff, { appointmentId });
    const patients = await manager.findBy(AppointmentPatient, { appointmentId });
    return { staffIds: staff.map((s) => s.staffId), patientIds: patients.map((p) => p.patientId) };
  }

  private async checkRules(manager: EntityManager, drafts: readonly AppointmentDraft[]): Promise<void> {
    const siteIds = unique(drafts.map((d) => d.siteId));
    const sites = await manager.findBy(Site, { id: In(siteIds) });
    const closedDays = new Map<string, ClosedDays>();
    for (const site of sites) closedDays.set(site.id, await this.sites.closedDays(site.id, manager));

    const roomIds = unique(drafts.flatMap((d) => (d.roomId ? [d.roomId] : [])));
    const rooms = roomIds.length ? await manager.findBy(Room, { id: In(roomIds) }) : [];
    const patientIds = unique(drafts.flatMap((d) => d.patientIds));
    const patients = patientIds.length ? await manager.find(Patient, { select: { id: true, siteId: true }, where: { id: In(patientIds) } }) : [];
    const referralIds = unique(drafts.flatMap((d) => (d.referralId ? [d.referralId] : [])));
    // Read by table, not entity: referrals belong to the episodes above the calendar.
    const referrals: { id: string; siteId: string; patientId: string; status: string }[] = referralIds.length
      ? await manager.query(`SELECT id, site_id AS "siteId", patient_id AS "patientId", status FROM referrals WHERE id = ANY($1)`, [referralIds])
      : [];
    const from = new Date(Math.min(...drafts.map((d) => d.start.getTime())));
    const to = new Date(Math.max(...drafts.map((d) => d.end.getTime())));
    const staff = await this.staff.availability(unique(drafts.flatMap((d) => d.staffIds)), from, to, manager);

    const problems = drafts.flatMap((draft) => {
      const at = (field: string) => `${draft.fieldPrefix ?? ''}${field}`;
      const site = sites.find((s) => s.id === draft.siteId);
      if (!site) return [{ field: at('siteId'), problem: `${draft.siteId} does not exist` }];
      const found: FieldProblem[] = [];
      if (draft.end <= draft.start) found.push({ field: at('end'), problem: 'must be after start' });
      if (draft.roomId) {
        const room = rooms.find((r) => r.id === draft.roomId);
        if (!room || room.siteId !== site.id) found.push({ field: at('roomId'), problem: `${draft.roomId} is not a room of this site` });
        else if (room.capacity < draft.patientIds.length) {
          found.push({ field: at('roomId'), problem: `${room.name} holds ${room.capacity}, not ${draft.patientIds.length} patients` });
        }
      }
      for (const id of draft.staffIds) {
        const member = staff.find((s) => s.member.id === id);
        if (!member || member.member.siteId !== site.id) found.push({ field: at('staffIds'), problem: `${id} is not a staff member of this site` });
      }
      for (const id of draft.patientIds) {
        const patient = patients.find((p) => p.id === id);
        if (!patient || patient.siteId !== site.id) found.push({ field: at('patientIds'), problem: `${id} is not a patient of this site` });
      }
      if (draft.referralId) {
        const referral = referrals.find((r) => r.id === draft.referralId);
        if (!referral || referral.siteId !== site.id || !draft.patientIds.includes(referral.patientId)) {
          found.push({ field: at('referralId'), problem: `${draft.referralId} is not a referral of this site for a patient on the appointment` });
        } else if (referral.status !== 'accepted') {
          found.push({ field: at('referralId'), problem: `the referral is ${referral.status}, not accepted` });
        }
      }
      if (found.length) return found;
      const onDuty = staff
        .filter((s) => draft.staffIds.includes(s.member.id))
        .map((s) => ({ name: s.member.name, workingHours: s.member.workingHours, absences: s.absences }));
      const visit = { start: draft.start.getTime(), end: draft.end.getTime() };
      return bookingRuleViolations(visit, site.timeZone, closedDays.get(site.id)!, onDuty).map((v) => ({ ...v, field: at(v.field) }));
    });
    if (problems.length) throw unprocessable(problems);
  }

  private async describeConflict(violation: OverlapViolation): Promise<Error> {
    const queries: Record<OverlapViolation['constraint'], { sql: string; field: string; what: (name: string) => string }> = {
      appointment_staff_no_overlap: {
        sql: `SELECT s.appointment_id AS id, m.name FROM appointment_staff s JOIN staff_members m ON m.id = s.staff_id
               WHERE s.staff_id = $1 AND s.active AND s.during = $2::tstzrange LIMIT 1`,
        field: 'staffIds',
        what: (name) => `${name} is already booked at this time`,
      },
      appointment_patients_no_overlap: {
        sql: `SELECT appointment_id AS id, '' AS name FROM appointment_patients
               WHERE patient_id = $1 AND active AND during = $2::tstzrange LIMIT 1`,
        field: 'patientIds',
        what: () => 'the patient already has an appointment at this time',
      },
      appointments_room_no_overlap: {
        sql: `SELECT a.id, r.name FROM appointments a JOIN rooms r ON r.id = a.room_id
               WHERE a.room_id = $1 AND a.status <> 'cancelled' AND a.during = $2::tstzrange LIMIT 1`,
        field: 'roomId',
        what: (name) => `room ${name} is already booked at this time`,
      },
    };
    const { sql, field, what } = queries[violation.constraint];
    const [holder] = (await this.db.query(sql, [violation.resourceId, violation.existingRange])) as { id: string; name: string }[];
    // The holder may have been cancelled in the split second since; the slot was still taken when we tried.
    if (!holder) return stateConflict('the time was taken by another booking; try again');
    return bookingConflict(what(holder.name), holder.id, field);
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
