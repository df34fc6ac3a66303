import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff member may carry their HSA-id, the national identity of health-care staff that the
 * region's identity provider (SITHS eID) names them by: signing in through it finds the staff
 * member, and their login, by it. Unique, since it names one person; null for staff without one.
 */
export class StaffHsaIds1764910000000 implements MigrationInterface {
  name = 'StaffHsaIds1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE staff_members ADD COLUMN hsa_id text CONSTRAINT staff_members_hsa_id_key UNIQUE CONSTRAINT staff_members_hsa_id_length CHECK (char_length(hsa_id) BETWEEN 1 AND 31)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_members DROP COLUMN hsa_id`);
  }
}
