import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One audit row per request and patient, naming every record the request touched for them, instead
 * of one per record and patient: a coordinator's team week wrote about 2,000 rows a page view, and
 * the log outgrew every other table. `resource_id` becomes `resource_ids`; a row logged before keeps
 * its one record (or none), so every question asked of the old log has the same answer.
 *
 * The column's type is changed in place, which rewrites the table without firing its row triggers:
 * the append-only trigger stays, and no row is updated through it.
 */
export class AuditResourceLists1764930000000 implements MigrationInterface {
  name = 'AuditResourceLists1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log
        ALTER COLUMN resource_id TYPE uuid[] USING (CASE WHEN resource_id IS NULL THEN '{}' ELSE ARRAY[resource_id] END),
        ALTER COLUMN resource_id SET DEFAULT '{}',
        ALTER COLUMN resource_id SET NOT NULL`);
    await q.query(`ALTER TABLE audit_log RENAME COLUMN resource_id TO resource_ids`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The log is append-only: a row naming several records is kept for its first, and the others
    // are logged again as rows of their own, as the older schema wrote them.
    await q.query(`
      INSERT INTO audit_log (at, user_id, username, role, action, patient_id, resource, resource_ids, endpoint, client_address, outcome)
      SELECT at, user_id, username, role, action, patient_id, resource, ARRAY[other], endpoint, client_address, outcome
        FROM audit_log, unnest(resource_ids[2:]) AS other`);
    await q.query(`ALTER TABLE audit_log RENAME COLUMN resource_ids TO resource_id`);
    await q.query(`
      ALTER TABLE audit_log
        ALTER COLUMN resource_id DROP NOT NULL,
        ALTER COLUMN resource_id DROP DEFAULT,
        ALTER COLUMN resource_id TYPE uuid USING resource_id[1]`);
  }
}
