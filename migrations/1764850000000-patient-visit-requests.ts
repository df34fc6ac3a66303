import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What patients ask of the unit about a visit: a cancellation they made themselves (the visit is
 * cancelled at once; the request tells the coordinator to offer or rebook the time) or a request
 * to move it. Each waits on the coordinator's worklist until resolved; one open request of a kind
 * per visit and patient.
 *
 * And the referral confirmation: the outbox holds a message about a referral too (its arrival,
 * sent to the patient by their channel), so a reminder is about exactly one of a visit, a task
 * or a referral.
 */
export class PatientVisitRequests1764850000000 implements MigrationInterface {
  name = 'PatientVisitRequests1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE patient_visit_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('cancellation', 'move')),
        appointment_id uuid NOT NULL REFERENCES appointments(id),
        patient_id uuid NOT NULL REFERENCES patients(id),
        site_id uuid NOT NULL REFERENCES sites(id),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolved_by uuid REFERENCES users(id),
        resolution text,
        CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX patient_visit_requests_one_open ON patient_visit_requests (appointment_id, patient_id, kind) WHERE resolved_at IS NULL`);
    await q.query(`CREATE INDEX patient_visit_requests_open ON patient_visit_requests (site_id, created_at) WHERE resolved_at IS NULL`);
    await q.query(`ALTER TABLE reminders ADD COLUMN referral_id uuid REFERENCES referrals(id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE reminders DROP CONSTRAINT reminders_about_one`);
    await q.query(`ALTER TABLE reminders ADD CONSTRAINT reminders_about_one CHECK (num_nonnulls(appointment_id, task_id, referral_id) = 1)`);
    await q.query(`ALTER TABLE reminders DROP CONSTRAINT reminders_purpose_check`);
    await q.query(`ALTER TABLE reminders ADD CONSTRAINT reminders_purpose_check CHECK (purpose IN ('reminder', 'cancellation', 'questionnaire', 'referral_confirmation'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM reminders WHERE referral_id IS NOT NULL`);
    await q.query(`ALTER TABLE reminders DROP CONSTRAINT reminders_purpose_check`);
    await q.query(`ALTER TABLE reminders ADD CONSTRAINT reminders_purpose_check CHECK (purpose IN ('reminder', 'cancellation', 'questionnaire'))`);
    await q.query(`ALTER TABLE reminders DROP CONSTRAINT reminders_about_one`);
    await q.query(`ALTER TABLE reminders DROP COLUMN referral_id`);
    await q.query(`ALTER TABLE reminders ADD CONSTRAINT reminders_about_one CHECK ((appointment_id IS NULL) <> (task_id IS NULL))`);
    await q.query(`DROP TABLE patient_visit_requests`);
  }
}
