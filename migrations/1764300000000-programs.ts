import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rehabilitation programs (DOMAIN.md step 6): group programs whose sessions are appointments, with a
 * fixed cohort and a program waitlist; individual programs whose visits are appointments. The
 * assessment's outcome decides who may join which.
 */
export class Programs1764300000000 implements MigrationInterface {
  name = 'Programs1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE assessments
        ADD COLUMN outcome text CHECK (outcome IN ('group_rehab', 'individual_rehab', 'other_measures')),
        ADD COLUMN outcome_note text,
        ADD COLUMN outcome_recorded_at timestamptz`);
    // The patient's path: rehabilitation begins with the first session or visit of a program. (The
    // episode of issue 7 takes this date over; until then the referral carries it.)
    await q.query(`ALTER TABLE referrals ADD COLUMN rehabilitation_started_on date`);
    await q.query(`
      CREATE TABLE group_programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES sites(id),
        name text NOT NULL,
        room_id uuid NOT NULL REFERENCES rooms(id),
        start_date date NOT NULL,
        weeks integer NOT NULL CHECK (weeks BETWEEN 1 AND 26),
        weekdays integer[] NOT NULL,
        start_time text NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
        capacity integer NOT NULL CHECK (capacity > 0),
        make_up_policy text NOT NULL CHECK (make_up_policy IN ('after_last_session', 'same_week')),
        skipped jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE group_enrollments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        group_program_id uuid NOT NULL REFERENCES group_programs(id),
        patient_id uuid NOT NULL REFERENCES patients(id),
        status text NOT NULL CHECK (status IN ('enrolled', 'waitlisted', 'left')),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (group_program_id, patient_id)
      )`);
    await q.query(`
      CREATE TABLE individual_programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES sites(id),
        patient_id uuid NOT NULL REFERENCES patients(id),
        start_date date NOT NULL,
        weeks integer NOT NULL CHECK (weeks BETWEEN 8 AND 13),
        visits_per_week integer NOT NULL CHECK (visits_per_week BETWEEN 3 AND 4),
        mix jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A group session's number, content modules and their leaders; make-up sessions say which date they replace.
    await q.query(`
      ALTER TABLE appointments
        ADD COLUMN group_program_id uuid REFERENCES group_programs(id),
        ADD COLUMN session_number integer,
        ADD COLUMN session_detail jsonb,
        ADD COLUMN individual_program_id uuid REFERENCES individual_programs(id)`);
    await q.query(`CREATE INDEX appointments_group_program ON appointments (group_program_id, session_number) WHERE group_program_id IS NOT NULL`);
    await q.query(`CREATE INDEX appointments_individual_program ON appointments (individual_program_id) WHERE individual_program_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE appointments DROP COLUMN individual_program_id, DROP COLUMN session_detail, DROP COLUMN session_number, DROP COLUMN group_program_id`);
    await q.query(`DROP TABLE individual_programs`);
    await q.query(`DROP TABLE group_enrollments`);
    await q.query(`DROP TABLE group_programs`);
    await q.query(`ALTER TABLE referrals DROP COLUMN rehabilitation_started_on`);
    await q.query(`ALTER TABLE assessments DROP COLUMN outcome_recorded_at, DROP COLUMN outcome_note, DROP COLUMN outcome`);
  }
}
