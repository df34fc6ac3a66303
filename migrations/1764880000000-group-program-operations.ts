import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16. A group program can be cancelled as a whole: when and why are kept, so the program
 * reads as cancelled in lists instead of as one whose sessions all happen to be off. Lists of a
 * site's programs read them by start date.
 */
export class GroupProgramOperations1764880000000 implements MigrationInterface {
  name = 'GroupProgramOperations1764880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE group_programs
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancel_reason text,
        ADD CONSTRAINT group_programs_cancel_complete CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))`);
    await q.query(`CREATE INDEX group_programs_site_start ON group_programs (site_id, start_date DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX group_programs_site_start`);
    await q.query(`ALTER TABLE group_programs DROP CONSTRAINT group_programs_cancel_complete, DROP COLUMN cancel_reason, DROP COLUMN cancelled_at`);
  }
}
