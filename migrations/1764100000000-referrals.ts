import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals, their triage and decisions, and the waiting list. A referral's care-guarantee deadline
 * is fixed when it arrives and travels with it between sites. Appointments may name the referral
 * they serve: the first such booking ends the wait.
 */
export class Referrals1764100000000 implements MigrationInterface {
  name = 'Referrals1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sites ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES sites(id),
        patient_id uuid NOT NULL REFERENCES patients(id),
        status text NOT NULL
          CHECK (status IN ('incomplete', 'awaiting_decision', 'accepted', 'rejected', 'more_information_requested')),
        received_date date NOT NULL,
        care_guarantee_deadline date NOT NULL,
        priority smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
        available_at_short_notice boolean NOT NULL DEFAULT false,
        referrer jsonb NOT NULL,
        contents jsonb NOT NULL,
        missing_contents text[] NOT NULL DEFAULT '{}',
        triage jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (care_guarantee_deadline >= received_date)
      )`);
    await q.query(`
      CREATE INDEX referrals_waitlist ON referrals (site_id, care_guarantee_deadline, priority, received_date)
        WHERE status = 'accepted'`);
    await q.query(`CREATE INDEX referrals_site_status ON referrals (site_id, status)`);
    await q.query(`CREATE INDEX referrals_patient ON referrals (patient_id)`);
    await q.query(`
      CREATE TABLE referral_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals(id),
        decision text NOT NULL CHECK (decision IN ('accepted', 'rejected', 'more_information_requested')),
        reasons text[] NOT NULL DEFAULT '{}',
        suggested_measures text[] NOT NULL DEFAULT '{}',
        suggested_outcome text NOT NULL,
        decided_by text NOT NULL,
        user_id uuid NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX referral_decisions_referral ON referral_decisions (referral_id, decided_at)`);
    await q.query(`
      CREATE TABLE referral_transfers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals(id),
        from_site_id uuid NOT NULL REFERENCES sites(id),
        to_site_id uuid NOT NULL REFERENCES sites(id),
        reason text NOT NULL,
        user_id uuid NOT NULL,
        transferred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE appointments ADD COLUMN referral_id uuid REFERENCES referrals(id)`);
    await q.query(`CREATE INDEX appointments_referral ON appointments (referral_id) WHERE referral_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE appointments DROP COLUMN referral_id`);
    await q.query(`DROP TABLE referral_transfers`);
    await q.query(`DROP TABLE referral_decisions`);
    await q.query(`DROP TABLE referrals`);
    await q.query(`ALTER TABLE sites DROP COLUMN settings`);
  }
}
