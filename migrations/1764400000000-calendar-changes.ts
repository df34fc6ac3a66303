import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How the service learns that a site's calendar changed.
 *
 * A per-site counter of changes to what the booking rules read: working hours, absences, closures,
 * rooms and the site's settings. A batch that checked its bookings against a calendar read at
 * version v holds the site row FOR SHARE while it books and compares: equal means its check still
 * stands (a rules change has to wait for the booking to commit); different means read again.
 * Bookings themselves do not count, so they never queue behind each other on the site row; the
 * exclusion constraints judge overlaps.
 *
 * And a notification on channel `site_calendar` (payload: the site id) for every change a calendar
 * holds, bookings included; delivered at commit, it tells the calendar cache what went stale.
 */
const NOTIFYING = ['appointments', 'appointment_staff', 'appointment_patients'];

export class CalendarChanges1764400000000 implements MigrationInterface {
  name = 'CalendarChanges1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sites ADD COLUMN calendar_version bigint NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE FUNCTION sites_calendar_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Only ever counts up, whatever an UPDATE of the row writes into the column.
        IF (NEW.settings, NEW.time_zone) IS DISTINCT FROM (OLD.settings, OLD.time_zone) OR NEW.calendar_version <> OLD.calendar_version THEN
          NEW.calendar_version := OLD.calendar_version + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER sites_calendar_version BEFORE UPDATE ON sites FOR EACH ROW EXECUTE FUNCTION sites_calendar_version()`);
    await q.query(`
      CREATE FUNCTION bump_calendar_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- NEW is null on DELETE and OLD on INSERT; an UPDATE that moves a row concerns both sites.
        IF TG_TABLE_NAME = 'staff_absences' THEN
          UPDATE sites SET calendar_version = calendar_version + 1
           WHERE id IN (SELECT site_id FROM staff_members WHERE id IN (NEW.staff_id, OLD.staff_id));
        ELSE
          UPDATE sites SET calendar_version = calendar_version + 1 WHERE id IN (NEW.site_id, OLD.site_id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER staff_members_calendar_version AFTER INSERT OR DELETE OR UPDATE OF working_hours, discipline, site_id ON staff_members
        FOR EACH ROW EXECUTE FUNCTION bump_calendar_version()`);
    await q.query(`CREATE TRIGGER staff_absences_calendar_version AFTER INSERT OR UPDATE OR DELETE ON staff_absences FOR EACH ROW EXECUTE FUNCTION bump_calendar_version()`);
    await q.query(`CREATE TRIGGER site_closures_calendar_version AFTER INSERT OR UPDATE OR DELETE ON site_closures FOR EACH ROW EXECUTE FUNCTION bump_calendar_version()`);
    await q.query(`
      CREATE TRIGGER rooms_calendar_version AFTER INSERT OR DELETE OR UPDATE OF kind, capacity, site_id ON rooms
        FOR EACH ROW EXECUTE FUNCTION bump_calendar_version()`);

    await q.query(`
      CREATE FUNCTION notify_site_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- One notification per site and transaction: PostgreSQL folds repeated ones.
        IF TG_TABLE_NAME = 'sites' THEN
          PERFORM pg_notify('site_calendar', NEW.id::text);
        ELSIF TG_TABLE_NAME = 'appointments' THEN
          PERFORM pg_notify('site_calendar', site_id::text) FROM (VALUES (NEW.site_id), (OLD.site_id)) s(site_id) WHERE site_id IS NOT NULL;
        ELSE
          PERFORM pg_notify('site_calendar', a.site_id::text) FROM appointments a WHERE a.id IN (NEW.appointment_id, OLD.appointment_id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sites_notify_calendar AFTER UPDATE ON sites
        FOR EACH ROW WHEN (NEW.calendar_version <> OLD.calendar_version) EXECUTE FUNCTION notify_site_calendar()`);
    for (const table of NOTIFYING) {
      await q.query(`CREATE TRIGGER ${table}_notify_calendar AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION notify_site_calendar()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of NOTIFYING) await q.query(`DROP TRIGGER ${table}_notify_calendar ON ${table}`);
    await q.query(`DROP TRIGGER sites_notify_calendar ON sites`);
    await q.query(`DROP FUNCTION notify_site_calendar`);
    for (const table of ['staff_members', 'staff_absences', 'site_closures', 'rooms']) {
      await q.query(`DROP TRIGGER ${table}_calendar_version ON ${table}`);
    }
    await q.query(`DROP FUNCTION bump_calendar_version`);
    await q.query(`DROP TRIGGER sites_calendar_version ON sites`);
    await q.query(`DROP FUNCTION sites_calendar_version`);
    await q.query(`ALTER TABLE sites DROP COLUMN calendar_version`);
  }
}
