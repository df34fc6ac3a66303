import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log also keeps what was refused and every login, with the client's address: who tried
 * to read another patient's or another site's data, and who signed in or failed to. A login names
 * no patient, and a failed one no known user or role, so those columns become optional. `outcome`
 * says whether the access was allowed, refused (another's data) or failed (a wrong password).
 *
 * Nothing in the log is ever updated or deleted: a trigger refuses it, as for the sick-leave
 * history, so what happened stays as it was recorded.
 */
export class AuditEvents1764830000000 implements MigrationInterface {
  name = 'AuditEvents1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log
        ALTER COLUMN patient_id DROP NOT NULL,
        ALTER COLUMN role DROP NOT NULL,
        ADD COLUMN client_address text,
        ADD COLUMN outcome text NOT NULL DEFAULT 'allowed' CHECK (outcome IN ('allowed', 'refused', 'failed'))`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('read', 'create', 'update', 'login'))`);
    // An allowed access is always to a patient's data; a login, or a refused look at another site's staff or rooms, names none.
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_names_patient CHECK (patient_id IS NOT NULL OR action = 'login' OR outcome = 'refused')`);
    await q.query(`CREATE INDEX audit_log_username_at ON audit_log (username, at)`);
    await q.query(`CREATE INDEX audit_log_outcome_at ON audit_log (outcome, at) WHERE outcome <> 'allowed'`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is never rewritten' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_no_truncate ON audit_log`);
    await q.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    // The older schema has no place for logins or refusals without a patient.
    await q.query(`DELETE FROM audit_log WHERE action = 'login' OR patient_id IS NULL OR role IS NULL`);
    await q.query(`DROP INDEX audit_log_outcome_at`);
    await q.query(`DROP INDEX audit_log_username_at`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_names_patient, DROP CONSTRAINT audit_log_action_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('read', 'create', 'update'))`);
    await q.query(`
      ALTER TABLE audit_log
        DROP COLUMN outcome,
        DROP COLUMN client_address,
        ALTER COLUMN role SET NOT NULL,
        ALTER COLUMN patient_id SET NOT NULL`);
  }
}
