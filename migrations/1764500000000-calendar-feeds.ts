import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendar subscriptions (iCalendar feeds) of staff members and patients. The token in the feed's
 * address is the only credential a calendar app can send, so only its SHA-256 is stored: a copy of
 * the database does not open anyone's calendar. One live feed per owner; a new one revokes the old.
 *
 * And each appointment's revision (iCalendar's SEQUENCE): counted up by the database whenever its
 * time, room or status changes, so a calendar app replaces its copy however quickly changes come.
 */
export class CalendarFeeds1764500000000 implements MigrationInterface {
  name = 'CalendarFeeds1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feeds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        staff_id uuid REFERENCES staff_members(id) ON DELETE CASCADE,
        patient_id uuid REFERENCES patients(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT calendar_feeds_one_owner CHECK ((staff_id IS NULL) <> (patient_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX calendar_feeds_live_staff ON calendar_feeds (staff_id) WHERE revoked_at IS NULL AND staff_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX calendar_feeds_live_patient ON calendar_feeds (patient_id) WHERE revoked_at IS NULL AND patient_id IS NOT NULL`);
    await q.query(`ALTER TABLE appointments ADD COLUMN revision int NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE FUNCTION appointments_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.starts_at, NEW.ends_at, NEW.room_id, NEW.status) IS DISTINCT FROM (OLD.starts_at, OLD.ends_at, OLD.room_id, OLD.status) THEN
          NEW.revision := OLD.revision + 1;
        ELSE
          NEW.revision := OLD.revision;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER appointments_revision BEFORE UPDATE ON appointments FOR EACH ROW EXECUTE FUNCTION appointments_revision()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER appointments_revision ON appointments`);
    await q.query(`DROP FUNCTION appointments_revision()`);
    await q.query(`ALTER TABLE appointments DROP COLUMN revision`);
    await q.query(`DROP TABLE calendar_feeds`);
  }
}
