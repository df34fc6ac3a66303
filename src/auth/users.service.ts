import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest, notFound, stateConflict, unprocessable } from '../common/api-errors';
import { Patient } from '../patients/patient.entity';
import { Site } from '../sites/site.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { CreateUserDto, UserDto } from './auth.dto';
import { hashPassword } from './password-hashing';
import { passwordProblem } from './password-policy';
import { Principal } from '../access/principal';
import { endSessions } from './sessions.service';
import { User } from './user.entity';

/** The admins' user management: logins are created, listed, disabled and enabled, passwords reset. */
@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A new login (from the API or the CLI); its password must pass the policy. */
  async create(dto: CreateUserDto): Promise<UserDto> {
    assertAcceptablePassword(dto.password, dto.username);
    await this.checkLinks(dto);
    if (await this.db.getRepository(User).existsBy({ username: dto.username })) {
      throw stateConflict(`username ${dto.username} is taken`);
    }
    const saved = await this.db.getRepository(User).save({
      username: dto.username,
      passwordHash: await hashPassword(dto.password),
      role: dto.role,
      siteId: dto.role === 'coordinator' ? dto.siteId! : null,
      staffId: dto.role === 'clinician' ? dto.staffId! : null,
      patientId: dto.role === 'patient' ? dto.patientId! : null,
    });
    return toUserDto(saved);
  }

  list(): Promise<UserDto[]> {
    return this.db.getRepository(User).find({ order: { username: 'ASC' } }).then((users) => users.map(toUserDto));
  }

  /** No more logins, and every session of the user ends now, access tokens included. */
  async disable(actor: Principal, id: string): Promise<UserDto> {
    if (actor.userId === id) throw stateConflict('an admin cannot disable their own login');
    return this.db.transaction(async (manager) => {
      const user = await userById(manager, id);
      if (!user.disabledAt) await manager.update(User, { id }, { disabledAt: () => 'now()' });
      await endSessions(manager, { userId: id }, 'user_disabled');
      return toUserDto(await userById(manager, id));
    });
  }

  /** Logins work again; sessions ended by the disabling stay ended. */
  async enable(id: string): Promise<UserDto> {
    const user = await userById(this.db.manager, id);
    await this.db.getRepository(User).update({ id }, { disabledAt: null });
    return toUserDto({ ...user, disabledAt: null });
  }

  /** A new password chosen by an admin, under the same policy; the user's sessions end. */
  async resetPassword(id: string, password: string): Promise<void> {
    const user = await userById(this.db.manager, id);
    assertAcceptablePassword(password, user.username);
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (manager) => {
      await manager.update(User, { id }, { passwordHash });
      await endSessions(manager, { userId: id }, 'password_reset');
    });
  }

  /** Each role is tied to exactly the record that defines what it may see. */
  private async checkLinks(dto: CreateUserDto): Promise<void> {
    const required = { coordinator: 'siteId', clinician: 'staffId', patient: 'patientId' } as const;
    const field = dto.role === 'admin' ? undefined : required[dto.role];
    if (!field) return;
    const id = dto[field];
    if (!id) throw unprocessable([{ field, problem: `is required for the role ${dto.role}` }]);
    const entity = { siteId: Site, staffId: StaffMember, patientId: Patient }[field];
    if (!(await this.db.getRepository(entity).existsBy({ id }))) {
      throw unprocessable([{ field, problem: `${id} does not exist` }]);
    }
  }
}

function assertAcceptablePassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw badRequest([{ field: 'password', problem }]);
}

async function userById(manager: EntityManager, id: string): Promise<User> {
  const user = await manager.findOneBy(User, { id });
  if (!user) throw notFound('user', id);
  return user;
}

function toUserDto(user: User): UserDto {
  const { id, username, role, siteId, staffId, patientId, createdAt, disabledAt } = user;
  return { id, username, role, siteId, staffId, patientId, createdAt: createdAt.toISOString(), disabledAt: disabledAt?.toISOString() ?? null };
}
