import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interpreter need becomes required referral content (`interpreterNeeded`, yes or no). Referrals
 * taken in before never answered it, and nobody can answer it for them: they lack it now, like any
 * other missing content, and those still awaiting a decision are incomplete until the referrer
 * says. A language recorded earlier stays in the contents; it is not read as the answer.
 */
export class InterpreterNeed1764840000000 implements MigrationInterface {
  name = 'InterpreterNeed1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE referrals
         SET missing_contents = array_append(missing_contents, 'interpreter need yes/no'),
             status = CASE WHEN status = 'awaiting_decision' THEN 'incomplete' ELSE status END
       WHERE NOT contents ? 'interpreterNeeded'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE referrals
         SET missing_contents = array_remove(missing_contents, 'interpreter need yes/no'),
             status = CASE WHEN status = 'incomplete' AND missing_contents = ARRAY['interpreter need yes/no'] THEN 'awaiting_decision' ELSE status END
       WHERE 'interpreter need yes/no' = ANY(missing_contents)`);
  }
}
