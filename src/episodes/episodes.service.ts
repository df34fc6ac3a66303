import { ForbiddenException, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppointmentViews } from '../calendar/appointment-views';
import { AuditService } from '../access/audit.service';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { Actor } from '../access/principal';
import { assertPatientRecord, assertStaffRecord, scopedSiteId } from '../access/site-access';
import { notFound, stateConflict, unprocessable } from '../common/api-errors';
import type { ReferralContents } from '../core/rules/referral-contents';
import { addDays, formatInstant, LocalDate, localDateOf } from '../core/time/local-time';
import { EpisodePhase } from '../core/vocabulary';
import { canMove, effectiveDate, episodeActions, handoverProblems, initialHolder, Responsibility, SickLeaveHolder, workingDaysBetween } from '../core/rules/episode-rules';
import {
  CorrectionDto,
  DischargeDto,
  EpisodeDto,
  EpisodeTaskDto,
  TaskQueryDto,
  EpisodeQueryDto,
  EpisodeSummaryDto,
  HandoverDto,
  PreventiveSickPayDto,
  PreventiveSickPayRecordDto,
  ProposeHandoverDto,
  SickLeaveDto,
  StalledEpisodeDto,
} from './episodes.dto';

/** Who made a change: a user, or the service applying a rule (no user). */
type By = Pick<Actor, 'username'> & { userId: string | null };
const THE_RULES: By = { userId: null, username: 'rehab-scheduler (rules)' };

const TASKS = `SELECT k.id, k.episode_id AS "episodeId", e.patient_id AS "patientId", k.kind, to_char(k.due_on, 'YYYY-MM-DD') AS "dueOn", k.status, k.done_by AS "doneBy"
                 FROM episode_tasks k JOIN episodes e ON e.id = k.episode_id`;

/** An episode under way without an appointment for this long is stalled. */
const STALLED_AFTER_WEEKS = 8;

/** A proposed handover still unaccepted this many working days into rehabilitation is a warning. */
const HANDOVER_WARNING_WORKING_DAYS = 5;

interface EpisodeRow {
  id: string;
  referral_id: string;
  patient_id: string;
  site_id: string;
  phase: EpisodePhase;
  started_on: LocalDate;
  time_zone: string;
}

/**
 * A patient's episode at the unit and the sick-leave responsibility along it. Phases change only
 * through the actions that cause them (booking the assessment, its outcome, starting a program,
 * discharge), in the allowed order; each change is kept with its date and who made it.
 */
@Injectable()
export class EpisodesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly reminders: ReminderOutbox,
    private readonly views: AppointmentViews,
  ) {}

  /** The assessment of these referrals was booked: their episodes enter assessment (one statement for a batch). */
  async assessmentBooked(manager: EntityManager, by: By, referralIds: readonly string[]): Promise<void> {
    await manager.query(
      `WITH moved AS (
         UPDATE episodes e SET phase = 'assessment' FROM sites s
          WHERE s.id = e.site_id AND e.referral_id = ANY($1) AND e.phase = 'referred'
         RETURNING e.id, (now() AT TIME ZONE s.time_zone)::date AS on_date)
       INSERT INTO episode_transitions (episode_id, from_phase, to_phase, on_date, by_user_id, by_username)
       SELECT id, 'referred', 'assessment', on_date, $2, $3 FROM moved`,
      [referralIds, by.userId, by.username],
    );
  }

  /** The outcome was other measures: the episode leaves assessment for them. */
  async otherMeasures(manager: EntityManager, by: By, referralId: string): Promise<void> {
    const episode = await this.lockByReferral(manager, referralId);
    await this.move(manager, episode, 'other_measures', today(episode), by);
  }

  /**
   * The patient's first program session or visit is booked: the rehabilitation starts on its date,
   * on the referral whose assessment offered it, and the episode enters that program's phase. A
   * patient on sick leave then needs the unit to take over the responsibility: that is proposed.
   */
  async rehabilitationStarted(manager: EntityManager, by: By, patientId: string, kind: 'group_rehab' | 'individual_rehab', first: { startsAt: Date; zone: string }): Promise<void> {
    const startedOn = localDateOf(first.startsAt, first.zone);
    const referrals: { id: string }[] = await manager.query(
      `UPDATE referrals r SET rehabilitation_started_on = $3
         FROM assessments s
        WHERE s.referral_id = r.id AND s.patient_id = $1 AND s.status = 'booked' AND s.outcome = $2 AND r.rehabilitation_started_on IS NULL
       RETURNING r.id`,
      [patientId, kind, startedOn],
    ).then(([rows]: [{ id: string }[]]) => rows);
    for (const { id } of referrals) {
      const episode = await this.lockByReferral(manager, id);
      await this.move(manager, episode, kind, startedOn, by);
      const current = await this.responsibility(manager, episode.id);
      if (current.holder !== 'referrer') continue;
      const [physician] = await manager.query(
        `SELECT x.staff_id FROM appointments a JOIN appointment_staff x ON x.appointment_id = a.id JOIN assessments s ON s.id = a.assessment_id
          WHERE s.referral_id = $1 AND s.status = 'booked' AND a.assessment_part = 'physician' LIMIT 1`,
        [id],
      );
      if (physician) {
        const from = startedOn > current.effectiveFrom ? startedOn : addDays(current.effectiveFrom, 1);
        await this.insertProposal(manager, episode.id, { to: 'rehab_unit', physicianId: physician.staff_id, effectiveFrom: from, reason: 'rehabilitation starts' }, THE_RULES);
      }
    }
  }

  /** Episodes of the caller's site (admin: any), of a referral, a patient or a phase (a patient: their own), newest first. */
  async find(actor: Actor, query: EpisodeQueryDto): Promise<EpisodeSummaryDto[]> {
    const patientId = actor.role === 'patient' ? actor.patientId : (query.patientId ?? null);
    const siteId = actor.role === 'patient' ? null : (scopedSiteId(actor, query.siteId) ?? null);
    const rows: EpisodeSummaryDto[] = await this.db.query(
      `SELECT id, referral_id AS "referralId", patient_id AS "patientId", phase, to_char(started_on, 'YYYY-MM-DD') AS "startedOn"
         FROM episodes
        WHERE ($1::uuid IS NULL OR referral_id = $1) AND ($2::uuid IS NULL OR patient_id = $2) AND ($3::uuid IS NULL OR site_id = $3)
          AND ($4::text IS NULL OR phase = $4)
        ORDER BY started_on DESC, created_at DESC LIMIT 500`,
      [query.referralId ?? null, patientId, siteId, query.phase ?? null],
    );
    await this.audit.record(actor, 'read', 'episode', rows.map((row) => ({ patientId: row.patientId, resourceId: row.id })));
    return rows;
  }

  async get(actor: Actor, id: string): Promise<EpisodeDto> {
    const episode = await this.visible(actor, id);
    const [transitions, appointments, program, sickLeave, preventiveSickPay, tasks, [discharge]] = await Promise.all([
      this.db.query(
        `SELECT from_phase AS "from", to_phase AS "to", to_char(on_date, 'YYYY-MM-DD') AS "onDate", by_username AS "by", note
           FROM episode_transitions WHERE episode_id = $1 ORDER BY id`,
        [id],
      ),
      this.db
        .query(
          `SELECT a.id FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id
            WHERE p.patient_id = $1 AND a.site_id = $2 AND a.starts_at >= $3::date ORDER BY a.starts_at`,
          [episode.patient_id, episode.site_id, episode.started_on],
        )
        .then((rows: { id: string }[]) => this.views.of(this.db.manager, rows.map((row) => row.id), actor)),
      this.db.query(
        `SELECT 'group' AS kind, g.id FROM group_enrollments e JOIN group_programs g ON g.id = e.group_program_id WHERE e.patient_id = $1 AND g.site_id = $2
         UNION ALL
         SELECT 'individual', i.id FROM individual_programs i WHERE i.patient_id = $1 AND i.site_id = $2`,
        [episode.patient_id, episode.site_id],
      ),
      this.sickLeaveOf(episode),
      this.preventiveSickPay(id),
      this.db.query(`${TASKS} WHERE k.episode_id = $1 ORDER BY k.due_on`, [id]) as Promise<EpisodeTaskDto[]>,
      this.db.query(
        `SELECT to_char(discharged_on, 'YYYY-MM-DD') AS "on", closing_note AS "closingNote", rehabilitation_plan AS "rehabilitationPlan", recommendations
           FROM episodes WHERE id = $1 AND discharged_on IS NOT NULL`,
        [id],
      ),
    ]);
    await this.audit.record(actor, 'read', 'episode', [{ patientId: episode.patient_id, resourceId: id }]);
    return {
      id,
      referralId: episode.referral_id,
      patientId: episode.patient_id,
      siteId: episode.site_id,
      phase: episode.phase,
      actions: episodeActions(episode.phase),
      startedOn: episode.started_on,
      transitions,
      appointments,
      programs: program,
      sickLeave,
      preventiveSickPay,
      discharge: discharge ?? null,
      tasks,
    };
  }

  async sickLeave(actor: Actor, id: string): Promise<SickLeaveDto> {
    const episode = await this.visible(actor, id);
    const result = await this.sickLeaveOf(episode);
    await this.audit.record(actor, 'read', 'sick_leave', [{ patientId: episode.patient_id, resourceId: id }]);
    return result;
  }

  /** A physician or coordinator proposes a handover; the previous holder stays responsible until it is accepted. */
  async propose(actor: Actor, id: string, dto: ProposeHandoverDto): Promise<HandoverDto> {
    await this.assertPhysicianOrCoordinator(actor);
    const handoverId = await this.db.transaction(async (manager) => {
      const episode = await this.lock(manager, actor, id);
      if (dto.to === 'rehab_unit') await this.assertUnitPhysician(manager, dto.physicianId, episode.site_id, 'physicianId');
      else if (dto.physicianId) throw unprocessable([{ field: 'physicianId', problem: 'names the unit’s physician, so only for a handover to the rehab unit' }]);
      const created = await this.insertProposal(manager, id, { to: dto.to, physicianId: dto.physicianId ?? null, effectiveFrom: dto.effectiveFrom, reason: dto.reason }, actor);
      await this.audit.record(actor, 'create', 'sick_leave_handover', [{ patientId: episode.patient_id, resourceId: created }], manager);
      return created;
    });
    return this.handover(handoverId);
  }

  /**
   * The receiving side accepts: a physician of the unit when the unit receives, a coordinator
   * recording the referrer's acceptance when the referrer receives. It takes effect on the proposed
   * day, or today when that is later.
   */
  async accept(actor: Actor, id: string, handoverId: string): Promise<HandoverDto> {
    await this.db.transaction(async (manager) => {
      const episode = await this.lock(manager, actor, id);
      const handover = await this.openHandover(manager, id, handoverId);
      await this.assertMayAccept(manager, actor, handover.to_holder, episode.site_id);
      const on = effectiveDate(handover.effective_from, today(episode));
      const current = await this.responsibility(manager, id);
      if (on <= current.effectiveFrom) throw stateConflict(`the current holder's responsibility began on ${current.effectiveFrom}; this handover would take effect before`);
      await manager.query(
        `INSERT INTO sick_leave_entries (episode_id, holder, physician_id, effective_from, handover_id, reason, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, handover.to_holder, handover.to_physician_id, on, handoverId, handover.reason, actor.username],
      );
      await manager.query(`UPDATE sick_leave_handovers SET status = 'accepted', decided_at = now(), decided_by = $2 WHERE id = $1`, [handoverId, actor.username]);
      await this.audit.record(actor, 'update', 'sick_leave_handover', [{ patientId: episode.patient_id, resourceId: handoverId }], manager);
    });
    return this.handover(handoverId);
  }

  /**
   * Corrects an entry recorded wrongly: a new entry from the same day that names the one it
   * corrects; the wrong one stays in the history and leaves the timeline.
   */
  async correct(actor: Actor, id: string, dto: CorrectionDto): Promise<SickLeaveDto> {
    await this.assertPhysicianOrCoordinator(actor);
    const episode = await this.db.transaction(async (manager) => {
      const locked = await this.lock(manager, actor, id);
      const [entry] = await manager.query(`SELECT id, effective_from::text AS effective_from FROM sick_leave_timeline WHERE id = $1 AND episode_id = $2`, [dto.entryId, id]);
      if (!entry) throw unprocessable([{ field: 'entryId', problem: 'is not an entry of this episode’s timeline (it may be corrected already)' }]);
      if (dto.holder === 'rehab_unit') await this.assertUnitPhysician(manager, dto.physicianId, locked.site_id, 'physicianId');
      else if (dto.physicianId) throw unprocessable([{ field: 'physicianId', problem: 'names the unit’s physician, so only for the rehab unit' }]);
      await manager.query(
        `INSERT INTO sick_leave_entries (episode_id, holder, physician_id, effective_from, corrects_entry_id, reason, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, dto.holder, dto.physicianId ?? null, entry.effective_from, dto.entryId, `correction: ${dto.reason}`, actor.username],
      );
      await this.audit.record(actor, 'update', 'sick_leave', [{ patientId: locked.patient_id, resourceId: id }], manager);
      return locked;
    });
    return this.sickLeaveOf(episode);
  }

  async reject(actor: Actor, id: string, handoverId: string, reason: string): Promise<HandoverDto> {
    await this.db.transaction(async (manager) => {
      const episode = await this.lock(manager, actor, id);
      const handover = await this.openHandover(manager, id, handoverId);
      await this.assertMayAccept(manager, actor, handover.to_holder, episode.site_id);
      await manager.query(`UPDATE sick_leave_handovers SET status = 'rejected', decided_at = now(), decided_by = $2, decision_reason = $3 WHERE id = $1`, [
        handoverId,
        actor.username,
        reason,
      ]);
      await this.audit.record(actor, 'update', 'sick_leave_handover', [{ patientId: episode.patient_id, resourceId: handoverId }], manager);
    });
    return this.handover(handoverId);
  }

  /**
   * Förebyggande sjukpenning: the unit's physician issued a medical certificate for a patient in
   * rehabilitation who works at least half time (as the referral records it).
   */
  async recordPreventiveSickPay(actor: Actor, id: string, dto: PreventiveSickPayDto): Promise<PreventiveSickPayRecordDto[]> {
    await this.assertPhysicianOrCoordinator(actor);
    await this.db.transaction(async (manager) => {
      const episode = await this.lock(manager, actor, id);
      if (!episodeActions(episode.phase).includes('record_preventive_sick_pay')) {
        throw stateConflict(`preventive sick pay is for rehabilitation; the episode is in phase ${episode.phase}`, { phase: episode.phase });
      }
      if (dto.to < dto.from) throw unprocessable([{ field: 'to', problem: 'must not be before from' }]);
      await this.assertUnitPhysician(manager, dto.physicianId, episode.site_id, 'physicianId');
      const [{ fraction }] = await manager.query(`SELECT (contents->>'workingFraction')::numeric AS fraction FROM referrals WHERE id = $1`, [episode.referral_id]);
      if (fraction === null || Number(fraction) < 50) {
        const recorded = fraction === null ? 'no working fraction is recorded' : `the recorded working fraction is ${Number(fraction)} %`;
        throw unprocessable([{ field: 'workingFraction', problem: `preventive sick pay needs work of at least half time; ${recorded}` }]);
      }
      await manager.query(
        `INSERT INTO preventive_sick_pay (episode_id, physician_id, issued_on, period, working_fraction, recorded_by) VALUES ($1, $2, $3, daterange($4, $5, '[]'), $6, $7)`,
        [id, dto.physicianId, dto.issuedOn, dto.from, dto.to, Math.round(Number(fraction)), actor.username],
      );
      await this.audit.record(actor, 'create', 'preventive_sick_pay', [{ patientId: episode.patient_id, resourceId: id }], manager);
    });
    return this.preventiveSickPay(id);
  }

  /**
   * The care is time-limited (seed 000): episodes under way with no appointment in the last 8 weeks
   * and none ahead, the longest idle first.
   */
  async stalled(actor: Actor, siteId?: string): Promise<StalledEpisodeDto[]> {
    const site = scopedSiteId(actor, siteId) ?? null;
    const rows: (StalledEpisodeDto & { last: Date | null; time_zone: string })[] = await this.db.query(
      `SELECT e.id, e.referral_id AS "referralId", e.patient_id AS "patientId", e.phase, to_char(e.started_on, 'YYYY-MM-DD') AS "startedOn", latest.at AS last,
              s.time_zone
         FROM episodes e JOIN sites s ON s.id = e.site_id
         LEFT JOIN LATERAL (SELECT max(a.starts_at) AS at FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id
                             WHERE p.patient_id = e.patient_id AND a.site_id = e.site_id AND a.status <> 'cancelled' AND a.starts_at >= e.started_on) latest ON true
        WHERE ($1::uuid IS NULL OR e.site_id = $1) AND e.phase IN ('assessment', 'group_rehab', 'individual_rehab', 'other_measures')
          AND coalesce(latest.at, e.started_on::timestamptz) < now() - $2 * interval '1 week'
        ORDER BY coalesce(latest.at, e.started_on::timestamptz)`,
      [site, STALLED_AFTER_WEEKS],
    );
    await this.audit.record(actor, 'read', 'episode', rows.map((row) => ({ patientId: row.patientId, resourceId: row.id })));
    return rows.map(({ last, time_zone, ...row }) => ({ ...row, lastAppointment: last ? formatInstant(last, time_zone) : null }));
  }

  /**
   * Discharge from rehabilitation or other measures (DOMAIN.md step 7): the closing note, plan and
   * recommendations for the referral answer; the responsibility the unit holds proposed back to the
   * referrer; and the NRS questionnaires, today and in a year, on the coordinator's list, with the
   * patient reminded on the day.
   */
  async discharge(actor: Actor, id: string, dto: DischargeDto): Promise<EpisodeDto> {
    await this.db.transaction(async (manager) => {
      const episode = await this.lock(manager, actor, id);
      const on = today(episode);
      if (!episodeActions(episode.phase).includes('discharge')) throw stateConflict(`the episode is in phase ${episode.phase}, which does not lead to discharge`, { phase: episode.phase });
      await this.move(manager, episode, 'discharged', on, actor, dto.closingNote);
      await manager.query(`UPDATE episodes SET discharged_on = $2, closing_note = $3, rehabilitation_plan = $4, recommendations = $5 WHERE id = $1`, [
        id,
        on,
        dto.closingNote,
        dto.rehabilitationPlan,
        dto.recommendations,
      ]);
      const current = await this.responsibility(manager, id);
      if (current.holder === 'rehab_unit') {
        const from = on > current.effectiveFrom ? on : addDays(current.effectiveFrom, 1);
        await this.insertProposal(manager, id, { to: 'referrer', physicianId: null, effectiveFrom: from, reason: 'discharged from the unit' }, THE_RULES);
      }
      const tasks: { id: string; due_on: LocalDate }[] = await manager.query(
        `INSERT INTO episode_tasks (episode_id, kind, due_on) VALUES ($1, 'nrs_at_discharge', $2), ($1, 'nrs_one_year', $3)
         RETURNING id, to_char(due_on, 'YYYY-MM-DD') AS due_on`,
        [id, on, DateTime.fromISO(on).plus({ years: 1 }).toISODate()],
      );
      await this.reminders.scheduleQuestionnaires(manager, tasks.map((task) => ({ id: task.id, patientId: episode.patient_id, dueOn: task.due_on, zone: episode.time_zone })));
      await this.audit.record(actor, 'update', 'episode', [{ patientId: episode.patient_id, resourceId: id }], manager);
    });
    return this.get(actor, id);
  }

  /** The coordinator's list of questionnaire tasks, the earliest due first. */
  async tasks(actor: Actor, query: TaskQueryDto): Promise<EpisodeTaskDto[]> {
    const site = scopedSiteId(actor, query.siteId) ?? null;
    const rows: EpisodeTaskDto[] = await this.db.query(
      `${TASKS} WHERE ($1::uuid IS NULL OR e.site_id = $1) AND k.status = $2 ORDER BY k.due_on, k.id LIMIT 500`,
      [site, query.status ?? 'open'],
    );
    await this.audit.record(actor, 'read', 'episode_task', rows.map((row) => ({ patientId: row.patientId, resourceId: row.id })));
    return rows;
  }

  /** A questionnaire answered; the one a year after discharge completes the episode (followed up). */
  async taskDone(actor: Actor, id: string, taskId: string): Promise<EpisodeDto> {
    await this.db.transaction(async (manager) => {
      const episode = await this.lock(manager, actor, id);
      const [task] = await manager.query(`SELECT kind, status FROM episode_tasks WHERE id = $1 AND episode_id = $2 FOR UPDATE`, [taskId, id]);
      if (!task) throw notFound('task', taskId);
      if (task.status === 'done') throw stateConflict('the task is done already', { status: task.status });
      await manager.query(`UPDATE episode_tasks SET status = 'done', done_at = now(), done_by = $2 WHERE id = $1`, [taskId, actor.username]);
      await this.reminders.cancelQuestionnaire(manager, taskId);
      if (task.kind === 'nrs_one_year') await this.move(manager, episode, 'followed_up', today(episode), actor);
      await this.audit.record(actor, 'update', 'episode_task', [{ patientId: episode.patient_id, resourceId: taskId }], manager);
    });
    return this.get(actor, id);
  }

  private async move(manager: EntityManager, episode: EpisodeRow, to: EpisodePhase, onDate: LocalDate, by: By, note: string | null = null): Promise<void> {
    if (episode.phase === to) return;
    if (!canMove(episode.phase, to)) throw stateConflict(`the episode is in phase ${episode.phase}, which does not lead to ${to}`, { phase: episode.phase });
    await manager.query(`UPDATE episodes SET phase = $2 WHERE id = $1`, [episode.id, to]);
    await recordTransition(manager, episode.id, episode.phase, to, onDate, by, note);
    episode.phase = to;
  }

  private async insertProposal(
    manager: EntityManager,
    episodeId: string,
    proposal: { to: SickLeaveHolder; physicianId: string | null; effectiveFrom: LocalDate; reason: string },
    by: By,
  ): Promise<string> {
    const current = await this.responsibility(manager, episodeId);
    const problems = handoverProblems(current, proposal);
    if (problems.length) throw unprocessable(problems.map((problem) => ({ field: problem.startsWith('must be after') ? 'effectiveFrom' : 'to', problem })));
    const [open] = await manager.query(`SELECT id FROM sick_leave_handovers WHERE episode_id = $1 AND status = 'proposed'`, [episodeId]);
    if (open) throw stateConflict('a proposed handover is waiting for an answer; accept or reject it first', { handoverId: open.id });
    const [{ id }] = await manager.query(
      `INSERT INTO sick_leave_handovers (episode_id, to_holder, to_physician_id, effective_from, reason, proposed_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [episodeId, proposal.to, proposal.physicianId, proposal.effectiveFrom, proposal.reason, by.username],
    );
    return id;
  }

  /** Who holds the responsibility now: the entry in force with the latest start. */
  private async responsibility(manager: EntityManager, episodeId: string): Promise<Responsibility> {
    const [row] = await manager.query(
      `SELECT holder, physician_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from FROM sick_leave_timeline
        WHERE episode_id = $1 ORDER BY effective_from DESC, recorded_at DESC LIMIT 1`,
      [episodeId],
    );
    return { holder: row.holder, physicianId: row.physician_id, effectiveFrom: row.effective_from };
  }

  private async sickLeaveOf(episode: EpisodeRow): Promise<SickLeaveDto> {
    const [timeline, handovers, history] = await Promise.all([
      this.db.query(
        `SELECT t.id, t.holder, t.physician_id AS "physicianId", m.name AS "physicianName", to_char(lower(t.during), 'YYYY-MM-DD') AS "from",
                to_char(upper(t.during) - 1, 'YYYY-MM-DD') AS "to", t.reason, t.recorded_by AS "recordedBy"
           FROM sick_leave_timeline t LEFT JOIN staff_members m ON m.id = t.physician_id
          WHERE t.episode_id = $1 ORDER BY t.effective_from`,
        [episode.id],
      ),
      this.handovers('h.episode_id = $1 ORDER BY h.proposed_at', episode.id),
      this.db.query(
        `SELECT id, holder, physician_id AS "physicianId", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", reason, recorded_by AS "recordedBy",
                corrects_entry_id AS "correctsEntryId"
           FROM sick_leave_entries WHERE episode_id = $1 ORDER BY recorded_at, id`,
        [episode.id],
      ),
    ]);
    // Rehabilitation has begun and the unit has not yet taken over a patient on sick leave.
    const waiting = handovers.find((h) => h.status === 'proposed' && h.to === 'rehab_unit');
    const since = waiting && ['group_rehab', 'individual_rehab'].includes(episode.phase) ? (await this.rehabilitationStart(episode)) : null;
    const warnings =
      waiting && since && workingDaysBetween(since, today(episode)) > HANDOVER_WARNING_WORKING_DAYS
        ? [`rehabilitation began on ${since} and the rehab unit has not accepted the sick-leave responsibility after ${HANDOVER_WARNING_WORKING_DAYS} working days`]
        : [];
    return { timeline, history, handovers, warnings };
  }

  private preventiveSickPay(episodeId: string): Promise<PreventiveSickPayRecordDto[]> {
    return this.db.query(
      `SELECT s.id, s.physician_id AS "physicianId", m.name AS "physicianName", to_char(s.issued_on, 'YYYY-MM-DD') AS "issuedOn",
              to_char(lower(s.period), 'YYYY-MM-DD') AS "from", to_char(upper(s.period) - 1, 'YYYY-MM-DD') AS "to",
              s.working_fraction AS "workingFraction", s.recorded_by AS "recordedBy"
         FROM preventive_sick_pay s JOIN staff_members m ON m.id = s.physician_id WHERE s.episode_id = $1 ORDER BY s.issued_on`,
      [episodeId],
    );
  }

  private async rehabilitationStart(episode: EpisodeRow): Promise<LocalDate | null> {
    const [row] = await this.db.query(`SELECT to_char(rehabilitation_started_on, 'YYYY-MM-DD') AS d FROM referrals WHERE id = $1`, [episode.referral_id]);
    return row?.d ?? null;
  }

  private async handover(id: string): Promise<HandoverDto> {
    const [row] = await this.handovers('h.id = $1', id);
    return row;
  }

  private handovers(where: string, value: string): Promise<HandoverDto[]> {
    return this.db.query(
      `SELECT h.id, h.to_holder AS "to", h.to_physician_id AS "physicianId", to_char(h.effective_from, 'YYYY-MM-DD') AS "effectiveFrom", h.reason, h.status,
              h.proposed_by AS "proposedBy", h.proposed_at AS "proposedAt", h.decided_by AS "decidedBy", h.decided_at AS "decidedAt",
              h.decision_reason AS "decisionReason", to_char(e.effective_from, 'YYYY-MM-DD') AS "tookEffectOn"
         FROM sick_leave_handovers h LEFT JOIN sick_leave_entries e ON e.handover_id = h.id WHERE ${where}`,
      [value],
    );
  }

  private async openHandover(manager: EntityManager, episodeId: string, handoverId: string) {
    const [handover]: { to_holder: SickLeaveHolder; to_physician_id: string | null; effective_from: LocalDate; reason: string; status: string }[] = await manager.query(
      `SELECT to_holder, to_physician_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, reason, status FROM sick_leave_handovers
        WHERE id = $1 AND episode_id = $2 FOR UPDATE`,
      [handoverId, episodeId],
    );
    if (!handover) throw notFound('handover', handoverId);
    if (handover.status !== 'proposed') throw stateConflict(`the handover is ${handover.status} already`, { status: handover.status });
    return handover;
  }

  private async assertPhysicianOrCoordinator(actor: Actor): Promise<void> {
    if (actor.role === 'admin' || actor.role === 'coordinator') return;
    if (actor.role === 'clinician' && (await this.isPhysician(actor.staffId))) return;
    throw new ForbiddenException('only physicians and coordinators record sick-leave matters');
  }

  private async assertMayAccept(manager: EntityManager, actor: Actor, to: SickLeaveHolder, siteId: string): Promise<void> {
    if (to === 'rehab_unit') {
      if (actor.role === 'admin') return;
      if (actor.role === 'clinician' && actor.siteId === siteId && (await this.isPhysician(actor.staffId, manager))) return;
      throw new ForbiddenException('a physician of the unit answers for the unit');
    }
    if (actor.role !== 'coordinator' && actor.role !== 'admin') throw new ForbiddenException("a coordinator records the referrer's answer");
  }

  private async isPhysician(staffId: string | null, manager: EntityManager = this.db.manager): Promise<boolean> {
    if (!staffId) return false;
    const [member] = await manager.query(`SELECT discipline FROM staff_members WHERE id = $1`, [staffId]);
    return member?.discipline === 'physician';
  }

  private async assertUnitPhysician(manager: EntityManager, staffId: string | undefined, siteId: string, field: string): Promise<void> {
    const [member] = staffId ? await manager.query(`SELECT discipline, site_id FROM staff_members WHERE id = $1`, [staffId]) : [];
    if (!member || member.site_id !== siteId || member.discipline !== 'physician') {
      throw unprocessable([{ field, problem: 'must name a physician of the unit when the rehab unit takes over' }]);
    }
  }

  private async visible(actor: Actor, id: string): Promise<EpisodeRow> {
    const episode = await this.row(this.db.manager, 'id', id);
    if (!episode) throw notFound('episode', id);
    assertPatientRecord(actor, { siteId: episode.site_id, patientId: episode.patient_id }, 'episode', id);
    return episode;
  }

  /** The episode, locked for a change by its site's staff. */
  private async lock(manager: EntityManager, actor: Actor, id: string): Promise<EpisodeRow> {
    const episode = await this.row(manager, 'id', id, true);
    if (!episode) throw notFound('episode', id);
    assertStaffRecord(actor, { siteId: episode.site_id }, 'episode', id, [episode.patient_id]);
    return episode;
  }

  private async lockByReferral(manager: EntityManager, referralId: string): Promise<EpisodeRow> {
    const episode = await this.row(manager, 'referral_id', referralId, true);
    if (!episode) throw notFound('episode of referral', referralId);
    return episode;
  }

  private async row(manager: EntityManager, by: 'id' | 'referral_id', value: string, lock = false): Promise<EpisodeRow | undefined> {
    const [episode]: EpisodeRow[] = await manager.query(
      `SELECT e.id, e.referral_id, e.patient_id, e.site_id, e.phase, to_char(e.started_on, 'YYYY-MM-DD') AS started_on, s.time_zone
         FROM episodes e JOIN sites s ON s.id = e.site_id WHERE e.${by} = $1 ${lock ? 'FOR UPDATE OF e' : ''}`,
      [value],
    );
    return episode;
  }
}

/**
 * Opens the episode of a new referral, in the referral's transaction: phase `referred` from the day
 * it arrived, and the sick-leave responsibility as the referral describes the patient.
 */
export async function openEpisode(
  manager: EntityManager,
  by: By,
  referral: { id: string; patientId: string; siteId: string; receivedDate: LocalDate; contents: ReferralContents },
): Promise<void> {
  const [{ id }] = await manager.query(
    `INSERT INTO episodes (referral_id, patient_id, site_id, phase, started_on) VALUES ($1, $2, $3, 'referred', $4) RETURNING id`,
    [referral.id, referral.patientId, referral.siteId, referral.receivedDate],
  );
  await recordTransition(manager, id, null, 'referred', referral.receivedDate, by);
  await manager.query(`INSERT INTO sick_leave_entries (episode_id, holder, effective_from, reason, recorded_by) VALUES ($1, $2, $3, $4, $5)`, [
    id,
    initialHolder(referral.contents),
    referral.receivedDate,
    'as the referral describes the patient’s work',
    by.username,
  ]);
}

function recordTransition(manager: EntityManager, episodeId: string, from: EpisodePhase | null, to: EpisodePhase, onDate: LocalDate, by: By, note: string | null = null) {
  return manager.query(
    `INSERT INTO episode_transitions (episode_id, from_phase, to_phase, on_date, by_user_id, by_username, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [episodeId, from, to, onDate, by.userId, by.username, note],
  );
}

function today(episode: { time_zone: string }): LocalDate {
  return localDateOf(new Date(), episode.time_zone);
}
