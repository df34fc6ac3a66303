import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../access/principal';
import { LocalDate } from '../core/time/local-time';
import { EpisodePhase } from '../core/vocabulary';
import type { DischargeSummary } from '../core/rules/referral-answer';
import type { EpisodeSummaryDto, EpisodeTaskDto, StalledEpisodeDto } from './episodes.dto';

/** Who made a change: a user, or the service applying a rule (no user). */
export type By = Pick<Actor, 'username'> & { userId: string | null };

/** An episode as the ledger works on it, with its site's zone for "today". */
export interface EpisodeRow {
  id: string;
  referral_id: string;
  patient_id: string;
  site_id: string;
  phase: EpisodePhase;
  started_on: LocalDate;
  time_zone: string;
}

/** An episode under way, as a second referral's warning names it. */
export interface OpenEpisodeRow {
  id: string;
  referral_id: string;
  patient_id: string;
  phase: EpisodePhase;
}

/** A discharged episode with what the referral answer and the follow-up visit need. */
export interface DischargedRow {
  id: string;
  referral_id: string;
  patient_id: string;
  site_id: string;
  phase: EpisodePhase;
  discharged_on: LocalDate | null;
  closing_note: string;
  rehabilitation_plan: string;
  recommendations: string;
  site_name: string;
  time_zone: string;
  referrer: DischargeSummary['referrer'];
  patient_name: string;
  personal_number: string;
  outcome: DischargeSummary['assessment']['outcome'];
  outcome_note: string | null;
}

export type RehabilitationKind = 'group_rehab' | 'individual_rehab';

const TASK_COLUMNS = `k.id, k.episode_id AS "episodeId", e.patient_id AS "patientId", k.kind, to_char(k.due_on, 'YYYY-MM-DD') AS "dueOn", k.status, k.done_by AS "doneBy"`;
const TASKS = `SELECT ${TASK_COLUMNS} FROM episode_tasks k JOIN episodes e ON e.id = k.episode_id`;

/**
 * The episodes' SQL: episodes and their transitions, questionnaire tasks, the reads an episode's
 * views and its discharge make, and the one write the episode path makes to `referrals` (the day
 * rehabilitation started). Sick-leave tables are in SickLeaveRepository. Writes take the caller's
 * transaction; reads default to the data source.
 */
@Injectable()
export class EpisodesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(manager: EntityManager, episode: { referralId: string; patientId: string; siteId: string; startedOn: LocalDate }): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO episodes (referral_id, patient_id, site_id, phase, started_on) VALUES ($1, $2, $3, 'referred', $4) RETURNING id`,
      [episode.referralId, episode.patientId, episode.siteId, episode.startedOn],
    );
    return id;
  }

  async recordTransition(manager: EntityManager, episodeId: string, from: EpisodePhase | null, to: EpisodePhase, onDate: LocalDate, by: By, note: string | null = null): Promise<void> {
    await manager.query(
      `INSERT INTO episode_transitions (episode_id, from_phase, to_phase, on_date, by_user_id, by_username, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [episodeId, from, to, onDate, by.userId, by.username, note],
    );
  }

  /** The episodes of these referrals still `referred` enter assessment, each with its transition (one statement for a batch). */
  async enterAssessment(manager: EntityManager, referralIds: readonly string[], by: By): Promise<void> {
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

  async setPhase(manager: EntityManager, episodeId: string, phase: EpisodePhase): Promise<void> {
    await manager.query(`UPDATE episodes SET phase = $2 WHERE id = $1`, [episodeId, phase]);
  }

  /** The episode follows its referral to another site. */
  async moveToSite(manager: EntityManager, referralId: string, siteId: string): Promise<void> {
    await manager.query(`UPDATE episodes SET site_id = $2 WHERE referral_id = $1`, [referralId, siteId]);
  }

  /** The episode by its id or its referral's, optionally locked for a change. */
  async row(manager: EntityManager, by: 'id' | 'referral_id', value: string, lock = false): Promise<EpisodeRow | undefined> {
    const [episode]: EpisodeRow[] = await manager.query(
      `SELECT e.id, e.referral_id, e.patient_id, e.site_id, e.phase, to_char(e.started_on, 'YYYY-MM-DD') AS started_on, s.time_zone
         FROM episodes e JOIN sites s ON s.id = e.site_id WHERE e.${by} = $1 ${lock ? 'FOR UPDATE OF e' : ''}`,
      [value],
    );
    return episode;
  }

  /** These patients' episodes under way: assessment booked or in rehabilitation. */
  openEpisodesOf(manager: EntityManager, patientIds: readonly string[]): Promise<OpenEpisodeRow[]> {
    return manager.query(
      `SELECT id, referral_id, patient_id, phase FROM episodes
        WHERE patient_id = ANY($1) AND phase IN ('assessment', 'group_rehab', 'individual_rehab')
        ORDER BY started_on, id`,
      [patientIds],
    );
  }

  byId(episodeId: string): Promise<EpisodeRow | undefined> {
    return this.row(this.db.manager, 'id', episodeId);
  }

  /**
   * Rehabilitation began on `startedOn` for the patient's referrals whose booked assessment offered
   * this kind and that have no start yet; their ids.
   */
  async startRehabilitation(manager: EntityManager, patientId: string, kind: RehabilitationKind, startedOn: LocalDate): Promise<string[]> {
    const [rows]: [{ id: string }[]] = await manager.query(
      `UPDATE referrals r SET rehabilitation_started_on = $3
         FROM assessments s
        WHERE s.referral_id = r.id AND s.patient_id = $1 AND s.status = 'booked' AND s.outcome IN ($2, 'combined_rehab') AND r.rehabilitation_started_on IS NULL
       RETURNING r.id`,
      [patientId, kind, startedOn],
    );
    return rows.map((row) => row.id);
  }

  /** Whether a booked assessment of the patient offered this kind of rehabilitation, alone or combined with the other. */
  async offeredRehabilitation(manager: EntityManager, patientId: string, kind: RehabilitationKind): Promise<boolean> {
    const [offered] = await manager.query(`SELECT 1 FROM assessments WHERE patient_id = $1 AND status = 'booked' AND outcome IN ($2, 'combined_rehab') LIMIT 1`, [
      patientId,
      kind,
    ]);
    return Boolean(offered);
  }

  /** The physician of the referral's booked assessment, if it had a physician's visit. */
  async assessingPhysician(manager: EntityManager, referralId: string): Promise<string | null> {
    const [physician] = await manager.query(
      `SELECT x.staff_id FROM appointments a JOIN appointment_staff x ON x.appointment_id = a.id JOIN assessments s ON s.id = a.assessment_id
        WHERE s.referral_id = $1 AND s.status = 'booked' AND a.assessment_part = 'physician' LIMIT 1`,
      [referralId],
    );
    return physician?.staff_id ?? null;
  }

  async rehabilitationStartedOn(referralId: string): Promise<LocalDate | null> {
    const [row] = await this.db.query(`SELECT to_char(rehabilitation_started_on, 'YYYY-MM-DD') AS d FROM referrals WHERE id = $1`, [referralId]);
    return row?.d ?? null;
  }

  /** The working fraction the referral records (null when it records none). */
  async workingFraction(manager: EntityManager, referralId: string): Promise<string | null> {
    const [{ fraction }] = await manager.query(`SELECT (contents->>'workingFraction')::numeric AS fraction FROM referrals WHERE id = $1`, [referralId]);
    return fraction;
  }

  /** Episodes matching every filter given, newest first (500 at most). */
  summaries(filter: { referralId: string | null; patientId: string | null; siteId: string | null; phase: string | null }): Promise<EpisodeSummaryDto[]> {
    return this.db.query(
      `SELECT id, referral_id AS "referralId", patient_id AS "patientId", phase, to_char(started_on, 'YYYY-MM-DD') AS "startedOn"
         FROM episodes
        WHERE ($1::uuid IS NULL OR referral_id = $1) AND ($2::uuid IS NULL OR patient_id = $2) AND ($3::uuid IS NULL OR site_id = $3)
          AND ($4::text IS NULL OR phase = $4)
        ORDER BY started_on DESC, created_at DESC LIMIT 500`,
      [filter.referralId, filter.patientId, filter.siteId, filter.phase],
    );
  }

  transitions(episodeId: string): Promise<{ from: EpisodePhase | null; to: EpisodePhase; onDate: LocalDate; by: string; note: string | null }[]> {
    return this.db.query(
      `SELECT from_phase AS "from", to_phase AS "to", to_char(on_date, 'YYYY-MM-DD') AS "onDate", by_username AS "by", note
         FROM episode_transitions WHERE episode_id = $1 ORDER BY id`,
      [episodeId],
    );
  }

  /** The patient's appointments at the episode's site since it started, in order. */
  async appointmentIdsSince(episode: EpisodeRow): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT a.id FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id
        WHERE p.patient_id = $1 AND a.site_id = $2 AND a.starts_at >= $3::date ORDER BY a.starts_at`,
      [episode.patient_id, episode.site_id, episode.started_on],
    );
    return rows.map((row) => row.id);
  }

  /** The group programs the patient is enrolled in and their individual programs, at the site. */
  programs(patientId: string, siteId: string): Promise<{ kind: 'group' | 'individual'; id: string }[]> {
    return this.db.query(
      `SELECT 'group' AS kind, g.id FROM group_enrollments e JOIN group_programs g ON g.id = e.group_program_id WHERE e.patient_id = $1 AND g.site_id = $2
       UNION ALL
       SELECT 'individual', i.id FROM individual_programs i WHERE i.patient_id = $1 AND i.site_id = $2`,
      [patientId, siteId],
    );
  }

  async dischargeOf(episodeId: string): Promise<{ on: LocalDate; closingNote: string; rehabilitationPlan: string; recommendations: string } | null> {
    const [discharge] = await this.db.query(
      `SELECT to_char(discharged_on, 'YYYY-MM-DD') AS "on", closing_note AS "closingNote", rehabilitation_plan AS "rehabilitationPlan", recommendations
         FROM episodes WHERE id = $1 AND discharged_on IS NOT NULL`,
      [episodeId],
    );
    return discharge ?? null;
  }

  async recordDischarge(manager: EntityManager, episodeId: string, on: LocalDate, notes: { closingNote: string; rehabilitationPlan: string; recommendations: string }): Promise<void> {
    await manager.query(`UPDATE episodes SET discharged_on = $2, closing_note = $3, rehabilitation_plan = $4, recommendations = $5 WHERE id = $1`, [
      episodeId,
      on,
      notes.closingNote,
      notes.rehabilitationPlan,
      notes.recommendations,
    ]);
  }

  /** Episodes under way (of a site, or all) whose latest appointment, or start, is more than `weeks` ago, the longest idle first. */
  stalled(siteId: string | null, weeks: number): Promise<(StalledEpisodeDto & { last: Date | null; time_zone: string })[]> {
    return this.db.query(
      `SELECT e.id, e.referral_id AS "referralId", e.patient_id AS "patientId", e.phase, to_char(e.started_on, 'YYYY-MM-DD') AS "startedOn", latest.at AS last,
              s.time_zone
         FROM episodes e JOIN sites s ON s.id = e.site_id
         LEFT JOIN LATERAL (SELECT max(a.starts_at) AS at FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id
                             WHERE p.patient_id = e.patient_id AND a.site_id = e.site_id AND a.status <> 'cancelled' AND a.starts_at >= e.started_on) latest ON true
        WHERE ($1::uuid IS NULL OR e.site_id = $1) AND e.phase IN ('assessment', 'group_rehab', 'individual_rehab', 'other_measures')
          AND coalesce(latest.at, e.started_on::timestamptz) < now() - $2 * interval '1 week'
        ORDER BY coalesce(latest.at, e.started_on::timestamptz)`,
      [siteId, weeks],
    );
  }

  /** When the patient last attended a visit at the episode's site since it started, or null. */
  async lastAttended(manager: EntityManager, episode: EpisodeRow): Promise<Date | null> {
    const [row] = await manager.query(
      `SELECT max(a.starts_at) AS at FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id
        WHERE p.patient_id = $1 AND a.site_id = $2 AND p.participation = 'attended' AND a.starts_at >= $3::date`,
      [episode.patient_id, episode.site_id, episode.started_on],
    );
    return row.at;
  }

  /**
   * The patient's program visits at the site still to come and booked, locked: their individual
   * visits, and the group sessions they are seated on.
   */
  async comingProgramVisits(manager: EntityManager, patientId: string, siteId: string): Promise<{ individual: string[]; group: string[] }> {
    const rows: { id: string; group: boolean }[] = await manager.query(
      `SELECT a.id, a.group_program_id IS NOT NULL AS "group" FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id
        WHERE p.patient_id = $1 AND a.site_id = $2 AND a.starts_at > now() AND a.status = 'booked' AND p.participation = 'booked'
          AND (a.group_program_id IS NOT NULL OR a.individual_program_id IS NOT NULL)
        ORDER BY a.starts_at FOR UPDATE OF a`,
      [patientId, siteId],
    );
    return { individual: rows.filter((row) => !row.group).map((row) => row.id), group: rows.filter((row) => row.group).map((row) => row.id) };
  }

  /** The individual programs these coming visits belong to end early, on the day of discharge. */
  async endProgramsAtDischarge(manager: EntityManager, visitIds: readonly string[], on: LocalDate): Promise<void> {
    await manager.query(
      `UPDATE individual_programs SET ended_on = $2, end_reason = 'discharged'
        WHERE ended_on IS NULL AND id IN (SELECT individual_program_id FROM appointments WHERE id = ANY($1))`,
      [visitIds, on],
    );
  }

  /** The two NRS questionnaires: at discharge (`on`) and a year later. */
  addQuestionnaires(manager: EntityManager, episodeId: string, on: LocalDate, inAYear: LocalDate): Promise<{ id: string; due_on: LocalDate }[]> {
    return manager.query(
      `INSERT INTO episode_tasks (episode_id, kind, due_on) VALUES ($1, 'nrs_at_discharge', $2), ($1, 'nrs_one_year', $3)
         RETURNING id, to_char(due_on, 'YYYY-MM-DD') AS due_on`,
      [episodeId, on, inAYear],
    );
  }

  tasksOf(episodeId: string): Promise<EpisodeTaskDto[]> {
    return this.db.query(`${TASKS} WHERE k.episode_id = $1 ORDER BY k.due_on`, [episodeId]);
  }

  /** Tasks matching every filter given (of a site, a patient, in a status), the earliest due first (500 at most). */
  tasks(filter: { siteId: string | null; patientId: string | null; status: string | null }): Promise<EpisodeTaskDto[]> {
    return this.db.query(
      `${TASKS} WHERE ($1::uuid IS NULL OR e.site_id = $1) AND ($2::uuid IS NULL OR e.patient_id = $2) AND ($3::text IS NULL OR k.status = $3)
        ORDER BY k.due_on, k.id LIMIT 500`,
      [filter.siteId, filter.patientId, filter.status],
    );
  }

  /** One task, with its episode's site for the access check. */
  async task(taskId: string): Promise<(EpisodeTaskDto & { siteId: string }) | undefined> {
    const [task] = await this.db.query(`SELECT ${TASK_COLUMNS}, e.site_id AS "siteId" FROM episode_tasks k JOIN episodes e ON e.id = k.episode_id WHERE k.id = $1`, [taskId]);
    return task;
  }

  async lockTask(manager: EntityManager, taskId: string, episodeId: string): Promise<{ kind: string; status: string; due_on: LocalDate } | undefined> {
    const [task] = await manager.query(`SELECT kind, status, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM episode_tasks WHERE id = $1 AND episode_id = $2 FOR UPDATE`, [
      taskId,
      episodeId,
    ]);
    return task;
  }

  async markTaskDone(manager: EntityManager, taskId: string, doneBy: string): Promise<void> {
    await manager.query(`UPDATE episode_tasks SET status = 'done', done_at = now(), done_by = $2 WHERE id = $1`, [taskId, doneBy]);
  }

  /** The episode with its site, referrer, patient and booked assessment, for what discharge produces. */
  async discharged(episodeId: string): Promise<DischargedRow | undefined> {
    const [episode] = await this.db.query(
      `SELECT e.id, e.referral_id, e.patient_id, e.site_id, e.phase, to_char(e.discharged_on, 'YYYY-MM-DD') AS discharged_on, e.closing_note,
              e.rehabilitation_plan, e.recommendations, s.name AS site_name, s.time_zone, r.referrer, p.name AS patient_name,
              p.personal_number, a.outcome, a.outcome_note
         FROM episodes e JOIN sites s ON s.id = e.site_id JOIN referrals r ON r.id = e.referral_id JOIN patients p ON p.id = e.patient_id
         LEFT JOIN assessments a ON a.referral_id = e.referral_id AND a.status = 'booked'
        WHERE e.id = $1`,
      [episodeId],
    );
    return episode;
  }

  /** The visits of the referral's booked assessment still on, in order. */
  assessmentVisits(referralId: string): Promise<{ part: string; starts_at: Date }[]> {
    return this.db.query(
      `SELECT a.assessment_part AS part, a.starts_at FROM appointments a JOIN assessments s ON s.id = a.assessment_id
        WHERE s.referral_id = $1 AND s.status = 'booked' AND a.status <> 'cancelled' ORDER BY a.starts_at`,
      [referralId],
    );
  }

  /** How the patient's program sessions or visits at the site went, or nothing without any. */
  async programAttendance(patientId: string, siteId: string): Promise<DischargeSummary['program']> {
    const [program] = await this.db.query(
      `SELECT CASE WHEN bool_or(a.group_program_id IS NOT NULL) THEN 'group' ELSE 'individual' END AS kind,
              count(*) FILTER (WHERE p.participation = 'attended')::int AS attended,
              count(*) FILTER (WHERE p.participation = 'no_show')::int AS missed,
              count(*) FILTER (WHERE p.participation = 'cancelled' OR a.status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE p.participation = 'booked' AND a.status <> 'cancelled')::int AS unrecorded
         FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id
        WHERE p.patient_id = $1 AND a.site_id = $2 AND (a.group_program_id IS NOT NULL OR a.individual_program_id IS NOT NULL)
        HAVING count(*) > 0`,
      [patientId, siteId],
    );
    return program ?? null;
  }

  /**
   * The physician for the follow-up visit: the last who held the sick-leave responsibility, else the
   * one who assessed the patient, else the site's newest physician.
   */
  async followUpPhysician(episodeId: string, referralId: string, siteId: string): Promise<string | null> {
    const [physician] = await this.db.query(
      `SELECT staff_id FROM (
         SELECT physician_id AS staff_id, 1 AS rank, recorded_at AS at FROM sick_leave_entries WHERE episode_id = $1 AND physician_id IS NOT NULL
         UNION ALL
         SELECT x.staff_id, 2, a.starts_at FROM appointments a JOIN appointment_staff x ON x.appointment_id = a.id JOIN assessments s ON s.id = a.assessment_id
          WHERE s.referral_id = $2 AND a.assessment_part = 'physician'
         UNION ALL
         SELECT id, 3, created_at FROM staff_members WHERE site_id = $3 AND discipline = 'physician') c
       ORDER BY rank, at DESC LIMIT 1`,
      [episodeId, referralId, siteId],
    );
    return physician?.staff_id ?? null;
  }
}
