import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cancelled visit says who or what cancelled it (the patient, the unit, illness), and whether it
 * was a late cancellation by the patient, decided when it was cancelled under the site's setting
 * then in force. Visits cancelled before have no category and were never counted late.
 */
export class CancellationCategories1764870000000 implements MigrationInterface {
  name = 'CancellationCategories1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appointments
        ADD COLUMN cancel_category text CHECK (cancel_category IN ('patient_cancelled', 'unit_cancelled', 'illness')),
        ADD COLUMN late_cancellation boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE appointments DROP COLUMN late_cancellation, DROP COLUMN cancel_category`);
  }
}
