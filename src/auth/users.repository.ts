import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { Patient } from '../patients/patient.entity';
import { Site } from '../sites/site.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { User } from './user.entity';

/** What a login is tied to, by the field of a new user that names it. */
export type UserLink = 'siteId' | 'staffId' | 'patientId';

/** The logins, and what sign-in reads of the records they are tied to. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findById(id: string, manager: EntityManager = this.db.manager): Promise<User | null> {
    return manager.findOneBy(User, { id });
  }

  /** A user who must exist (a live session's), in the caller's transaction. */
  get(id: string, manager: EntityManager): Promise<User> {
    return manager.findOneByOrFail(User, { id });
  }

  /** The user with their password hash, which no other read selects: only for checking a password. */
  findWithHash(username: string): Promise<User | null> {
    return this.db.getRepository(User).createQueryBuilder('user').addSelect('user.passwordHash').where('user.username = :username', { username }).getOne();
  }

  /**
   * The login of the staff member with this HSA-id, or of the patient with this personal number
   * (12 digits), as the identity provider names them: an enabled one before a disabled one.
   */
  findLoginOf(person: { hsaId: string } | { personalNumber: string }): Promise<User | null> {
    const [record, link, where] =
      'hsaId' in person ? [StaffMember, 'staffId', 'record.hsaId = :hsaId'] : [Patient, 'patientId', 'record.personalNumber = :personalNumber'];
    return this.db
      .getRepository(User)
      .createQueryBuilder('user')
      .innerJoin(record, 'record', `record.id = user.${link}`)
      .where(where, person)
      .orderBy('user.disabledAt', 'ASC', 'NULLS FIRST')
      .addOrderBy('user.createdAt', 'ASC')
      .getOne();
  }

  /** Who a user's tokens say they are: their role, their site (see siteOf) and their records. */
  async principalOf(user: User): Promise<Principal> {
    return { userId: user.id, username: user.username, role: user.role, siteId: await this.siteOf(user), staffId: user.staffId, patientId: user.patientId };
  }

  usernameTaken(username: string): Promise<boolean> {
    return this.db.getRepository(User).existsBy({ username });
  }

  add(user: Pick<User, 'username' | 'displayName' | 'passwordHash' | 'role' | 'siteId' | 'staffId' | 'patientId'>): Promise<User> {
    return this.db.getRepository(User).save(user);
  }

  /** By username. */
  list(): Promise<User[]> {
    return this.db.getRepository(User).find({ order: { username: 'ASC' } });
  }

  async disable(id: string, manager: EntityManager): Promise<void> {
    await manager.update(User, { id }, { disabledAt: () => 'now()' });
  }

  async enable(id: string): Promise<void> {
    await this.db.getRepository(User).update({ id }, { disabledAt: null });
  }

  async setDisplayName(id: string, displayName: string | null): Promise<void> {
    await this.db.getRepository(User).update({ id }, { displayName });
  }

  async setPasswordHash(id: string, passwordHash: string, manager: EntityManager): Promise<void> {
    await manager.update(User, { id }, { passwordHash });
  }

  /** Swaps the hash for a stronger one of the same password, unless the password was changed meanwhile. */
  async upgradePasswordHash(id: string, from: string, to: string): Promise<void> {
    await this.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3`, [id, to, from]);
  }

  /** Whether the site, staff member or patient a new login names exists. */
  linkExists(link: UserLink, id: string): Promise<boolean> {
    const entity = { siteId: Site, staffId: StaffMember, patientId: Patient }[link];
    return this.db.getRepository(entity).existsBy({ id });
  }

  /** The site a clinician's staff record or a patient's record belongs to; a coordinator's own, or null for an admin. */
  async siteOf(user: Pick<User, 'siteId' | 'staffId' | 'patientId'>): Promise<string | null> {
    if (user.staffId) return (await this.db.getRepository(StaffMember).findOneByOrFail({ id: user.staffId })).siteId;
    if (user.patientId) return (await this.db.getRepository(Patient).findOneByOrFail({ id: user.patientId })).siteId;
    return user.siteId;
  }
}
