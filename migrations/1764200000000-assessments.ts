import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The four-discipline assessment (utredning): one row per booked assessment, its visits are
 * appointments that name it and the part they play (a discipline, or the feedback conversation).
 * Long batch runs report progress through jobs.
 */
export class Assessments1764200000000 implements MigrationInterface {
  name = 'Assessments1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals(id),
        site_id uuid NOT NULL REFERENCES sites(id),
        patient_id uuid NOT NULL REFERENCES patients(id),
        status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
        window_start date NOT NULL,
        window_end date NOT NULL,
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One live assessment per referral: two coordinators booking the same referral cannot both win.
    await q.query(`CREATE UNIQUE INDEX assessments_one_per_referral ON assessments (referral_id) WHERE status = 'booked'`);
    await q.query(`ALTER TABLE appointments ADD COLUMN assessment_id uuid REFERENCES assessments(id)`);
    await q.query(`
      ALTER TABLE appointments ADD COLUMN assessment_part text
        CHECK (assessment_part IN ('nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist', 'feedback'))`);
    await q.query(`ALTER TABLE appointments ADD CONSTRAINT appointments_assessment_part CHECK ((assessment_id IS NULL) = (assessment_part IS NULL))`);
    await q.query(`CREATE INDEX appointments_assessment ON appointments (assessment_id) WHERE assessment_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        site_id uuid REFERENCES sites(id),
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        done integer NOT NULL DEFAULT 0,
        total integer NOT NULL,
        result jsonb,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE jobs`);
    await q.query(`ALTER TABLE appointments DROP COLUMN assessment_part`);
    await q.query(`ALTER TABLE appointments DROP COLUMN assessment_id`);
    await q.query(`DROP TABLE assessments`);
  }
}
