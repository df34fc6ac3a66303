import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visit reminders as a transactional outbox: rows written in the transaction that books, moves or
 * cancels the visit, and sent by a dispatcher that claims due rows with FOR UPDATE SKIP LOCKED and
 * a lease (`locked_until`), so several dispatchers share the work and a crashed one's rows are
 * picked up again when its lease runs out. The row's id is the idempotency key of every send.
 */
export class Reminders1764600000000 implements MigrationInterface {
  name = 'Reminders1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        appointment_id uuid NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
        patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('reminder', 'cancellation')),
        channel text NOT NULL CHECK (channel IN ('sms', 'email')),
        -- The visit's start this reminder was made for: one made for another start is stale.
        for_start timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sent', 'failed', 'cancelled')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        locked_until timestamptz,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reminders_due ON reminders (next_attempt_at) WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX reminders_appointment ON reminders (appointment_id, patient_id)`);
    await q.query(`CREATE INDEX reminders_failed ON reminders (updated_at) WHERE status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminders`);
  }
}
