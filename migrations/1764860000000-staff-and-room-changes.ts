import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff and rooms change from a date.
 *
 * Working hours become dated: each block in `staff_members.working_hours` may carry `from` (the
 * first local date it holds) and `until` (the first it no longer does). The blocks stored so far
 * carry neither, so they hold from the beginning of time, and no row needs rewriting.
 *
 * A staff member or a room goes out of use from a local date (`deactivated_from`); the calendar
 * version counts that change as it counts working hours and room kinds, so plans made before it
 * are planned again and the site calendar cache forgets the site.
 *
 * Every such change is audited, and it is no patient's data: the audit log takes allowed entries
 * without a patient for the staff and room registers' changes.
 */
const NAMES_PATIENT = `patient_id IS NOT NULL OR action = 'login' OR outcome = 'refused'`;
const REGISTERS = `resource IN ('staff_member', 'staff_absence', 'room') AND action IN ('create', 'update')`;

export class StaffAndRoomChanges1764860000000 implements MigrationInterface {
  name = 'StaffAndRoomChanges1764860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`COMMENT ON COLUMN staff_members.working_hours IS 'weekday blocks {weekday, start, end, from?, until?}: local dates, until exclusive; no from = from the beginning of time'`);
    await q.query(`ALTER TABLE staff_members ADD COLUMN deactivated_from date`);
    await q.query(`ALTER TABLE rooms ADD COLUMN deactivated_from date`);
    await this.triggers(q, ', deactivated_from');
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_names_patient`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_names_patient CHECK (${NAMES_PATIENT} OR (${REGISTERS}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The log is append-only: entries written meanwhile stay, so the old rule holds for new rows only.
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_names_patient`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_names_patient CHECK (${NAMES_PATIENT}) NOT VALID`);
    await this.triggers(q, '');
    await q.query(`ALTER TABLE rooms DROP COLUMN deactivated_from`);
    await q.query(`ALTER TABLE staff_members DROP COLUMN deactivated_from`);
    await q.query(`COMMENT ON COLUMN staff_members.working_hours IS NULL`);
  }

  private async triggers(q: QueryRunner, extra: string): Promise<void> {
    await q.query(`DROP TRIGGER staff_members_calendar_version ON staff_members`);
    await q.query(`
      CREATE TRIGGER staff_members_calendar_version AFTER INSERT OR DELETE OR UPDATE OF working_hours, discipline, site_id${extra} ON staff_members
        FOR EACH ROW EXECUTE FUNCTION bump_calendar_version()`);
    await q.query(`DROP TRIGGER rooms_calendar_version ON rooms`);
    await q.query(`
      CREATE TRIGGER rooms_calendar_version AFTER INSERT OR DELETE OR UPDATE OF kind, capacity, site_id${extra} ON rooms
        FOR EACH ROW EXECUTE FUNCTION bump_calendar_version()`);
  }
}
