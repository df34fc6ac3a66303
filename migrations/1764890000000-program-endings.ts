import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16. An assessment may offer a combination of group and individual rehabilitation (seed 001,
 * "Kombination"), and an individual program may end early, at discharge or when the patient drops
 * out: the day and why are kept, so the program no longer reads as under way.
 */
export class ProgramEndings1764890000000 implements MigrationInterface {
  name = 'ProgramEndings1764890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE assessments DROP CONSTRAINT assessments_outcome_check,
        ADD CONSTRAINT assessments_outcome_check CHECK (outcome IN ('group_rehab', 'individual_rehab', 'combined_rehab', 'other_measures'))`);
    await q.query(`
      ALTER TABLE individual_programs
        ADD COLUMN ended_on date,
        ADD COLUMN end_reason text CHECK (end_reason IN ('discharged', 'dropout')),
        ADD CONSTRAINT individual_programs_end_complete CHECK ((ended_on IS NULL) = (end_reason IS NULL))`);
    await q.query(`CREATE INDEX individual_programs_site_start ON individual_programs (site_id, start_date DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX individual_programs_site_start`);
    await q.query(`ALTER TABLE individual_programs DROP CONSTRAINT individual_programs_end_complete, DROP COLUMN end_reason, DROP COLUMN ended_on`);
    await q.query(`UPDATE assessments SET outcome = 'group_rehab' WHERE outcome = 'combined_rehab'`);
    await q.query(`
      ALTER TABLE assessments DROP CONSTRAINT assessments_outcome_check,
        ADD CONSTRAINT assessments_outcome_check CHECK (outcome IN ('group_rehab', 'individual_rehab', 'other_measures'))`);
  }
}
