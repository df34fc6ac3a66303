import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CodedProblem } from '../core/problem-codes';
import { bookingConflict, FieldProblem, problem, stateConflict, unprocessable } from '../common/api-errors';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { bookingRuleViolations } from '../core/rules/booking-rules';
import { ClosedDays } from '../core/time/holidays';
import { localDateOf } from '../core/time/local-time';
import { Participation } from '../core/vocabulary';
import { AppointmentDraft } from './appointment-draft';
import { Appointment } from './appointment.entity';
import { overlapViolation, OverlapViolation } from './booking-conflict';
import { CalendarRepository, CancelDetail, RulesInput } from './calendar.repository';
import { SiteCalendarRepository } from './site-calendar.repository';
import { VisitPlace } from './visit-move';

/**
 * The one way appointments get into the calendar, and the one way they change: booking, moving,
 * cancelling, seating a patient on a session and recording who came. Checks the calendar rules
 * (open day, working hours, absences, references within the site) and leaves overlaps to the
 * database's exclusion constraints, so two coordinators racing for the same slot can never both
 * win. Reminders are scheduled (moved, cancelled) in the same transaction. Its SQL is in
 * CalendarRepository; every method runs in the caller's transaction (see `transaction`).
 */
@Injectable()
export class BookingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendar: CalendarRepository,
    private readonly busyTime: SiteCalendarRepository,
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
    const { sites, patients } = await this.checkRules(manager, drafts);
    const appointments = await this.insert(manager, drafts);
    await this.reminders.scheduleBooked(
      manager,
      appointments.map((appointment, i) => {
        const site = sites.find((s) => s.id === appointment.siteId)!;
        return {
          appointmentId: appointment.id,
          kind: appointment.kind,
          start: appointment.startsAt,
          timeZone: site.timeZone,
          settings: site.settings,
          patients: drafts[i].patientIds.map((id) => patients.find((p) => p.id === id)!),
        };
      }),
    );
    return appointments;
  }

  /**
   * Books drafts of one site that the caller has already checked against the site's calendar as
   * read at `calendarVersion` (a planner's output is): the rules need no second read as long as
   * nothing they depend on changed since, and the site row held FOR SHARE keeps it so until commit.
   * A changed calendar is a 409; overlaps, as always, are the database's to refuse.
   */
  async bookChecked(manager: EntityManager, siteId: string, calendarVersion: string, drafts: readonly AppointmentDraft[]): Promise<Appointment[]> {
    if ((await this.calendar.holdCalendarVersion(siteId, manager)) !== calendarVersion) throw stateConflict('booking.calendar_changed');
    if (drafts.some((d) => d.siteId !== siteId)) throw new Error('bookChecked books drafts of one site');
    const appointments = await this.insert(manager, drafts);
    await this.reminders.sync(manager, appointments.map((a) => a.id));
    return appointments;
  }

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
    await this.calendar.insert(manager, appointments, drafts);
    return appointments;
  }

  /**
   * For moving several appointments past each other in one transaction (a visit into the time its
   * feedback conversation leaves): overlaps are then checked once, at commit.
   */
  async deferOverlapChecks(manager: EntityManager): Promise<void> {
    await this.calendar.deferOverlapChecks(manager);
  }

  /** The overlaps deferred so far, checked now: a preview learns what its commit would have refused. */
  async checkOverlapsNow(manager: EntityManager): Promise<void> {
    await this.calendar.checkOverlapsNow(manager);
  }

  /**
   * Moves an appointment (and optionally changes its room or staff, or a group session's detail
   * that lists its leaders) under the same rules as a new booking.
   */
  async reschedule(
    manager: EntityManager,
    appointment: Appointment,
    change: VisitPlace,
  ): Promise<void> {
    const current = await this.participants(manager, appointment.id);
    await this.checkRules(manager, [{ ...appointment, ...change, patientIds: current.patientIds }]);
    await this.calendar.move(manager, appointment.id, change, {
      removed: current.staffIds.filter((id) => !change.staffIds.includes(id)),
      added: change.staffIds.filter((id) => !current.staffIds.includes(id)),
    });
    await this.reminders.sync(manager, [appointment.id]);
  }

  /**
   * Cancels those of the appointments still booked (one visit, or every visit of an assessment):
   * their time is free at once, and their patients' reminders are withdrawn. `how` records who or
   * what cancelled and whether it was late on the patient (AppointmentsService decides).
   */
  async cancel(manager: EntityManager, appointmentIds: readonly string[], reason: string, how?: CancelDetail): Promise<void> {
    if (!appointmentIds.length) return;
    await this.calendar.cancel(manager, appointmentIds, reason, how);
    await this.reminders.sync(manager, appointmentIds);
  }

  /**
   * Records a patient's participation; a one-patient visit (`visitToo`) takes an attendance as its
   * status, a group session keeps its own. False when the patient is not on the appointment.
   * The patient's reminders follow: a cancelled participation withdraws them, with a notice to a
   * patient already reminded, as cancelling a whole appointment does.
   */
  async recordParticipation(
    manager: EntityManager,
    appointmentId: string,
    patientId: string,
    participation: Participation,
    { visitToo = false }: { visitToo?: boolean } = {},
  ): Promise<boolean> {
    const recorded = await this.calendar.recordParticipation(manager, appointmentId, patientId, participation);
    if (recorded && visitToo && (participation === 'attended' || participation === 'no_show')) await this.calendar.setStatus(manager, appointmentId, participation);
    if (recorded) await this.reminders.sync(manager, [appointmentId]);
    return recorded;
  }

  /**
   * Seats the patient on those of the appointments (group sessions already booked) where they are
   * free; where another of theirs is at the same time, the clash is reported, not forced: answers
   * each such appointment's id with the one in the way.
   */
  async seat(manager: EntityManager, appointmentIds: readonly string[], patientId: string): Promise<Map<string, string>> {
    if (!appointmentIds.length) return new Map();
    const clashes = await this.busyTime.patientClashes(manager, appointmentIds, patientId);
    const free = appointmentIds.filter((id) => !clashes.has(id));
    if (free.length) {
      await this.calendar.seat(manager, free, patientId);
      await this.reminders.sync(manager, free);
    }
    return clashes;
  }

  /** The patient leaves those of the appointments they are on (the sessions go on for the others). */
  async unseat(manager: EntityManager, appointmentIds: readonly string[], patientId: string): Promise<void> {
    await this.reminders.sync(manager, await this.calendar.cancelParticipation(manager, appointmentIds, patientId));
  }

  /** Who is on an appointment: its staff and every patient row (a group session's too). */
  async participants(manager: EntityManager, appointmentId: string): Promise<{ staffIds: string[]; patientIds: string[] }> {
    return this.calendar.participants(manager, appointmentId);
  }

  /** Refuses drafts that break a calendar rule (422); answers what the rules read, for the reminders. */
  private async checkRules(manager: EntityManager, drafts: readonly AppointmentDraft[]): Promise<RulesInput> {
    const input = await this.calendar.rulesInput(
      manager,
      {
        siteIds: unique(drafts.map((d) => d.siteId)),
        roomIds: unique(drafts.flatMap((d) => (d.roomId ? [d.roomId] : []))),
        patientIds: unique(drafts.flatMap((d) => d.patientIds)),
        referralIds: unique(drafts.flatMap((d) => (d.referralId ? [d.referralId] : []))),
        staffIds: unique(drafts.flatMap((d) => d.staffIds)),
      },
      new Date(Math.min(...drafts.map((d) => d.start.getTime()))),
      new Date(Math.max(...drafts.map((d) => d.end.getTime()))),
    );
    const { sites, rooms, patients, referrals, staff } = input;
    const closedDays = new Map(sites.map((site) => [site.id, new ClosedDays(new Map(input.closures.filter((c) => c.siteId === site.id).map((c) => [c.date, c.reason])))]));

    const problems = drafts.flatMap((draft) => {
      const at = (field: string) => `${draft.fieldPrefix ?? ''}${field}`;
      const site = sites.find((s) => s.id === draft.siteId);
      if (!site) return [problem(at('siteId'), 'site.unknown', { siteId: draft.siteId })];
      const found: FieldProblem[] = [];
      if (draft.end <= draft.start) found.push(problem(at('end'), 'validation.after', { other: 'start' }));
      if (draft.roomId) {
        const room = rooms.find((r) => r.id === draft.roomId);
        if (!room || room.siteId !== site.id) found.push(problem(at('roomId'), 'site.not_a_room', { roomId: draft.roomId }));
        else if (room.deactivatedFrom && localDateOf(draft.start, site.timeZone) >= room.deactivatedFrom) {
          found.push(problem(at('roomId'), 'booking.room_out_of_use', { room: room.name, date: room.deactivatedFrom, roomId: room.id }));
        } else if (room.capacity < draft.patientIds.length) {
          found.push(problem(at('roomId'), 'booking.room_too_small', { room: room.name, capacity: room.capacity, count: draft.patientIds.length, roomId: room.id }));
        }
      }
      for (const id of draft.staffIds) {
        const member = staff.find((s) => s.member.id === id);
        if (!member || member.member.siteId !== site.id) found.push(problem(at('staffIds'), 'site.not_a_staff_member', { staffId: id }));
      }
      for (const id of draft.patientIds) {
        const patient = patients.find((p) => p.id === id);
        if (!patient || patient.siteId !== site.id) found.push(problem(at('patientIds'), 'site.not_a_patient', { patientId: id }));
      }
      if (draft.referralId) {
        const referral = referrals.find((r) => r.id === draft.referralId);
        if (!referral || referral.siteId !== site.id || !draft.patientIds.includes(referral.patientId)) {
          found.push(problem(at('referralId'), 'booking.unknown_referral', { referralId: draft.referralId }));
        } else if (referral.status !== 'accepted') {
          found.push(problem(at('referralId'), 'booking.referral_not_accepted', { status: referral.status }));
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
    return input;
  }

  private async describeConflict(violation: OverlapViolation): Promise<Error> {
    const holder = await this.calendar.holderOf(violation);
    // The holder may have been cancelled in the split second since; the slot was still taken when we tried.
    if (!holder) return stateConflict('booking.taken_meanwhile');
    return bookingConflict(CONFLICTS[violation.constraint](holder.name), holder.id);
  }
}

/** How each exclusion constraint's refusal is told: the field at fault and what is in the way. */
const CONFLICTS: Record<OverlapViolation['constraint'], (name: string) => CodedProblem> = {
  appointment_staff_no_overlap: (name) => problem('staffIds', 'booking.staff_booked', { staff: name }),
  appointment_patients_no_overlap: () => problem('patientIds', 'booking.patient_booked'),
  appointments_room_no_overlap: (name) => problem('roomId', 'booking.room_booked', { room: name }),
};

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
