import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A login may carry the name the header shows, e.g. "Karin Lund, rehabkoordinator": a coordinator
 * or admin often has no staff record to take a name from, and their username says little.
 */
export class UserDisplayNames1764900000000 implements MigrationInterface {
  name = 'UserDisplayNames1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN display_name text CONSTRAINT users_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 100)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN display_name`);
  }
}
