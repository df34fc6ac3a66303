import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A patient's episode at a unit (one per referral): its phase and every transition, with the date
 * and who made it; and who holds the sick-leave responsibility (sjukskrivningsansvar) on each date.
 *
 * The responsibility is an append-only list of entries, each holding from its date until the next
 * entry's; a correction is a new entry naming the one it corrects, which then no longer counts.
 * Nothing in the list is ever updated or deleted (a trigger refuses it), so the history stays as it
 * was recorded. `sick_leave_timeline` turns the list into date ranges. A handover is proposed
 * first and becomes an entry only when the receiving side accepts it: until then the previous
 * holder stays responsible.
 */
export class Episodes1764700000000 implements MigrationInterface {
  name = 'Episodes1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE episodes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL UNIQUE REFERENCES referrals(id) ON DELETE CASCADE,
        patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        site_id uuid NOT NULL REFERENCES sites(id),
        phase text NOT NULL CHECK (phase IN ('referred', 'assessment', 'group_rehab', 'individual_rehab', 'other_measures', 'discharged', 'followed_up')),
        started_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Written at discharge, for the referral answer.
        discharged_on date,
        closing_note text,
        rehabilitation_plan text,
        recommendations text
      )`);
    await q.query(`CREATE INDEX episodes_patient ON episodes (patient_id)`);
    await q.query(`
      CREATE TABLE preventive_sick_pay (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        physician_id uuid NOT NULL REFERENCES staff_members(id),
        issued_on date NOT NULL,
        period daterange NOT NULL CHECK (NOT isempty(period)),
        working_fraction smallint NOT NULL CHECK (working_fraction BETWEEN 50 AND 100),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE episode_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('nrs_at_discharge', 'nrs_one_year')),
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
        done_at timestamptz,
        done_by text,
        UNIQUE (episode_id, kind)
      )`);
    await q.query(`CREATE INDEX episode_tasks_open ON episode_tasks (due_on) WHERE status = 'open'`);
    // A reminder is about a visit, or about a task (the NRS questionnaires).
    await q.query(`ALTER TABLE reminders ALTER COLUMN appointment_id DROP NOT NULL, ALTER COLUMN for_start DROP NOT NULL`);
    await q.query(`ALTER TABLE reminders ADD COLUMN task_id uuid REFERENCES episode_tasks(id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE reminders ADD CONSTRAINT reminders_about_one CHECK ((appointment_id IS NULL) <> (task_id IS NULL))`);
    await q.query(`ALTER TABLE reminders DROP CONSTRAINT reminders_purpose_check`);
    await q.query(`ALTER TABLE reminders ADD CONSTRAINT reminders_purpose_check CHECK (purpose IN ('reminder', 'cancellation', 'questionnaire'))`);
    await q.query(`
      CREATE TABLE episode_transitions (
        id bigserial PRIMARY KEY,
        episode_id uuid NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        from_phase text,
        to_phase text NOT NULL,
        on_date date NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        by_user_id uuid,
        by_username text NOT NULL,
        note text
      )`);
    await q.query(`CREATE INDEX episode_transitions_episode ON episode_transitions (episode_id, id)`);
    await q.query(`
      CREATE TABLE sick_leave_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        holder text NOT NULL CHECK (holder IN ('referrer', 'rehab_unit', 'none')),
        physician_id uuid REFERENCES staff_members(id),
        effective_from date NOT NULL,
        handover_id uuid,
        corrects_entry_id uuid REFERENCES sick_leave_entries(id),
        reason text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by text NOT NULL,
        CONSTRAINT sick_leave_entries_physician CHECK ((holder = 'rehab_unit') = (physician_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX sick_leave_entries_episode ON sick_leave_entries (episode_id, effective_from)`);
    await q.query(`CREATE UNIQUE INDEX sick_leave_entries_corrected_once ON sick_leave_entries (corrects_entry_id)`);
    await q.query(`
      CREATE FUNCTION sick_leave_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'sick-leave history is never rewritten; record a correction instead' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER sick_leave_entries_append_only BEFORE UPDATE OR DELETE ON sick_leave_entries
        FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION sick_leave_entries_append_only()`);
    await q.query(`
      CREATE VIEW sick_leave_timeline AS
        SELECT e.id, e.episode_id, e.holder, e.physician_id, e.effective_from, e.reason, e.recorded_at, e.recorded_by,
               daterange(e.effective_from, lead(e.effective_from) OVER (PARTITION BY e.episode_id ORDER BY e.effective_from, e.recorded_at)) AS during
          FROM sick_leave_entries e
         WHERE NOT EXISTS (SELECT 1 FROM sick_leave_entries c WHERE c.corrects_entry_id = e.id)`);
    await q.query(`
      CREATE TABLE sick_leave_handovers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        to_holder text NOT NULL CHECK (to_holder IN ('referrer', 'rehab_unit', 'none')),
        to_physician_id uuid REFERENCES staff_members(id),
        effective_from date NOT NULL,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
        proposed_at timestamptz NOT NULL DEFAULT now(),
        proposed_by text NOT NULL,
        decided_at timestamptz,
        decided_by text,
        decision_reason text,
        CONSTRAINT sick_leave_handovers_physician CHECK ((to_holder = 'rehab_unit') = (to_physician_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX sick_leave_handovers_one_open ON sick_leave_handovers (episode_id) WHERE status = 'proposed'`);

    // Episodes for the referrals that exist already, in the phase their records show.
    await q.query(`
      INSERT INTO episodes (referral_id, patient_id, site_id, phase, started_on)
      SELECT r.id, r.patient_id, r.site_id,
             CASE WHEN s.outcome = 'other_measures' THEN 'other_measures'
                  WHEN r.rehabilitation_started_on IS NOT NULL THEN s.outcome
                  WHEN s.id IS NOT NULL THEN 'assessment'
                  ELSE 'referred' END,
             r.received_date
        FROM referrals r LEFT JOIN assessments s ON s.referral_id = r.id AND s.status = 'booked'`);
    await q.query(`
      INSERT INTO episode_transitions (episode_id, from_phase, to_phase, on_date, by_username, note)
      SELECT id, NULL, phase, started_on, 'migration', 'episode recorded for an existing referral' FROM episodes`);
    await q.query(`
      INSERT INTO sick_leave_entries (episode_id, holder, effective_from, reason, recorded_by)
      SELECT e.id,
             CASE WHEN coalesce((r.contents->>'workingFraction')::numeric, 100) < 100 OR coalesce((r.contents->>'fullSicknessCompensation')::boolean, false)
                  THEN 'referrer' ELSE 'none' END,
             e.started_on, 'as the referral describes the patient''s work', 'migration'
        FROM episodes e JOIN referrals r ON r.id = e.referral_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM reminders WHERE task_id IS NOT NULL`);
    await q.query(`ALTER TABLE reminders DROP CONSTRAINT reminders_about_one, DROP COLUMN task_id`);
    await q.query(`ALTER TABLE reminders DROP CONSTRAINT reminders_purpose_check`);
    await q.query(`ALTER TABLE reminders ADD CONSTRAINT reminders_purpose_check CHECK (purpose IN ('reminder', 'cancellation'))`);
    await q.query(`ALTER TABLE reminders ALTER COLUMN appointment_id SET NOT NULL, ALTER COLUMN for_start SET NOT NULL`);
    await q.query(`DROP TABLE episode_tasks`);
    await q.query(`DROP TABLE preventive_sick_pay`);
    await q.query(`DROP TABLE sick_leave_handovers`);
    await q.query(`DROP VIEW sick_leave_timeline`);
    await q.query(`DROP TABLE sick_leave_entries`);
    await q.query(`DROP FUNCTION sick_leave_entries_append_only()`);
    await q.query(`DROP TABLE episode_transitions`);
    await q.query(`DROP TABLE episodes`);
  }
}
