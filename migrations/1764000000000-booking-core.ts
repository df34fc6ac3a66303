import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The booking core. Double booking is impossible at the database level: every appointment's
 * staff members, patients and room carry the appointment's time range, and exclusion constraints
 * forbid two active ranges that overlap for the same one. Triggers keep those copies of the range
 * in step with the appointment, so no code path can forget to. The constraints are checked at once,
 * but are deferrable: moving several visits of one plan past each other checks them at commit.
 */
export class BookingCore1764000000000 implements MigrationInterface {
  name = 'BookingCore1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE sites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        time_zone text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE site_closures (
        site_id uuid NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        date date NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (site_id, date)
      )`);

    await q.query(`
      CREATE TABLE staff_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES sites(id),
        name text NOT NULL,
        discipline text NOT NULL
          CHECK (discipline IN ('nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist')),
        working_hours jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX staff_members_site_discipline ON staff_members (site_id, discipline)`);
    await q.query(`
      CREATE TABLE staff_absences (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff_members(id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (reason IN ('vacation', 'sick', 'course', 'other')),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX staff_absences_staff_range ON staff_absences USING gist (staff_id, tstzrange(starts_at, ends_at))`);

    await q.query(`
      CREATE TABLE rooms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES sites(id),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('office', 'group_room', 'gym')),
        capacity integer NOT NULL CHECK (capacity > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (site_id, name)
      )`);

    await q.query(`
      CREATE TABLE patients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES sites(id),
        personal_number char(12) NOT NULL UNIQUE,
        name text NOT NULL,
        phone text,
        email text,
        reminder_channel text NOT NULL CHECK (reminder_channel IN ('sms', 'email', 'none')),
        interpreter_language text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX patients_site ON patients (site_id)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'clinician', 'patient')),
        site_id uuid REFERENCES sites(id),
        staff_id uuid REFERENCES staff_members(id),
        patient_id uuid REFERENCES patients(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'clinician') = (staff_id IS NOT NULL)),
        CHECK ((role = 'patient') = (patient_id IS NOT NULL)),
        CHECK (role <> 'coordinator' OR site_id IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE appointments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES sites(id),
        kind text NOT NULL CHECK (kind IN ('assessment_visit', 'feedback_conversation', 'group_session',
                                          'individual_visit', 'follow_up_visit', 'other')),
        room_id uuid REFERENCES rooms(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        during tstzrange GENERATED ALWAYS AS (tstzrange(starts_at, ends_at)) STORED,
        status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'attended', 'no_show')),
        cancel_reason text,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
        CONSTRAINT appointments_room_no_overlap
          EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (status <> 'cancelled') DEFERRABLE INITIALLY IMMEDIATE
      )`);
    await q.query(`CREATE INDEX appointments_site_during ON appointments USING gist (site_id, during)`);

    await q.query(`
      CREATE TABLE appointment_staff (
        appointment_id uuid NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES staff_members(id),
        during tstzrange NOT NULL,
        active boolean NOT NULL,
        PRIMARY KEY (appointment_id, staff_id),
        CONSTRAINT appointment_staff_no_overlap EXCLUDE USING gist (staff_id WITH =, during WITH &&) WHERE (active)
          DEFERRABLE INITIALLY IMMEDIATE
      )`);
    await q.query(`
      CREATE TABLE appointment_patients (
        appointment_id uuid NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
        patient_id uuid NOT NULL REFERENCES patients(id),
        participation text NOT NULL DEFAULT 'booked'
          CHECK (participation IN ('booked', 'attended', 'no_show', 'cancelled')),
        during tstzrange NOT NULL,
        active boolean NOT NULL,
        PRIMARY KEY (appointment_id, patient_id),
        CONSTRAINT appointment_patients_no_overlap EXCLUDE USING gist (patient_id WITH =, during WITH &&) WHERE (active)
          DEFERRABLE INITIALLY IMMEDIATE
      )`);

    // Calendars read by person and range, cancelled appointments included (the exclusion indexes hold active rows only).
    await q.query(`CREATE INDEX appointment_staff_calendar ON appointment_staff USING gist (staff_id, during)`);
    await q.query(`CREATE INDEX appointment_patients_calendar ON appointment_patients USING gist (patient_id, during)`);

    // A participant row takes its range and activity from its appointment; a patient who left one
    // group session frees their own time without cancelling the session for the others.
    await q.query(`
      CREATE FUNCTION appointment_participant_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT a.during, a.status <> 'cancelled' INTO NEW.during, NEW.active
          FROM appointments a WHERE a.id = NEW.appointment_id;
        IF TG_TABLE_NAME = 'appointment_patients' THEN
          NEW.active := NEW.active AND NEW.participation <> 'cancelled';
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of ['appointment_staff', 'appointment_patients']) {
      await q.query(`
        CREATE TRIGGER ${table}_sync BEFORE INSERT OR UPDATE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION appointment_participant_sync()`);
    }
    await q.query(`
      CREATE FUNCTION appointment_propagate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE appointment_staff SET during = NEW.during WHERE appointment_id = NEW.id;
        UPDATE appointment_patients SET during = NEW.during WHERE appointment_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER appointments_propagate AFTER UPDATE OF starts_at, ends_at, status ON appointments
        FOR EACH ROW EXECUTE FUNCTION appointment_propagate()`);

    // The Patient Data Act asks who read or changed whose record; kept without foreign keys so the
    // trail outlives what it describes.
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        user_id uuid,
        username text NOT NULL,
        role text NOT NULL,
        action text NOT NULL CHECK (action IN ('read', 'create', 'update')),
        patient_id uuid NOT NULL,
        resource text NOT NULL,
        resource_id uuid,
        endpoint text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_patient_at ON audit_log (patient_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'appointment_patients',
      'appointment_staff',
      'appointments',
      'users',
      'patients',
      'rooms',
      'staff_absences',
      'staff_members',
      'site_closures',
      'sites',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION appointment_propagate`);
    await q.query(`DROP FUNCTION appointment_participant_sync`);
  }
}
