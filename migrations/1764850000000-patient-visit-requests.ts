import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What patients ask of the unit about a visit: a cancellation they made themselves (the visit is
 * cancelled at once; the request tells the coordinator to offer or rebook the time) or a request
 * to move it. Each waits on the coordinator's worklist until resolved; one open request of a kind
 * per visit and patient.
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE patient_visit_requests`);
  }
}
