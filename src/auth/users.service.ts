import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest, notFound, problem, stateConflict, unprocessable } from '../common/api-errors';
import { CreateUserDto, MeDto, UpdateUserDto, UserDto } from './auth.dto';
import { hashPassword } from './password-hashing';
import { passwordProblem } from './password-policy';
import { Principal } from '../access/principal';
import { SessionsRepository } from './sessions.repository';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

/** The admins' user management: logins are created, listed, disabled and enabled, passwords reset. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: UsersRepository,
    private readonly sessions: SessionsRepository,
  ) {}

  /** A new login (from the API or the CLI); its password must pass the policy. */
  async create(dto: CreateUserDto): Promise<UserDto> {
    assertAcceptablePassword(dto.password, dto.username);
    await this.checkLinks(dto);
    if (await this.repository.usernameTaken(dto.username)) {
      throw stateConflict('user.username_taken', { username: dto.username });
    }
    const saved = await this.repository.add({
      username: dto.username,
      displayName: dto.displayName ?? null,
      passwordHash: await hashPassword(dto.password),
      role: dto.role,
      siteId: dto.role === 'coordinator' ? dto.siteId! : null,
      staffId: dto.role === 'clinician' ? dto.staffId! : null,
      patientId: dto.role === 'patient' ? dto.patientId! : null,
    });
    return toUserDto(saved);
  }

  /** The signed-in user as the token has them, with their display name (which may have changed since the token). */
  async me(principal: Principal): Promise<MeDto> {
    const { userId, username, role, siteId, staffId, patientId } = principal;
    const { displayName } = await this.userById(userId);
    return { userId, username, role, siteId, staffId, patientId, displayName };
  }

  /** An admin changes the login's display name; a field left out stays as it is. */
  async update(id: string, dto: UpdateUserDto): Promise<UserDto> {
    const user = await this.userById(id);
    if (dto.displayName === undefined) return toUserDto(user);
    await this.repository.setDisplayName(id, dto.displayName);
    return toUserDto({ ...user, displayName: dto.displayName });
  }

  list(): Promise<UserDto[]> {
    return this.repository.list().then((users) => users.map(toUserDto));
  }

  /** No more logins, and every session of the user ends now, access tokens included. */
  async disable(actor: Principal, id: string): Promise<UserDto> {
    if (actor.userId === id) throw stateConflict('user.own_login');
    return this.db.transaction(async (manager) => {
      const user = await this.userById(id, manager);
      if (!user.disabledAt) await this.repository.disable(id, manager);
      await this.sessions.end({ userId: id }, 'user_disabled', manager);
      return toUserDto(await this.userById(id, manager));
    });
  }

  /** Logins work again; sessions ended by the disabling stay ended. */
  async enable(id: string): Promise<UserDto> {
    const user = await this.userById(id);
    await this.repository.enable(id);
    return toUserDto({ ...user, disabledAt: null });
  }

  /** A new password chosen by an admin, under the same policy; the user's sessions end. */
  async resetPassword(id: string, password: string): Promise<void> {
    const user = await this.userById(id);
    assertAcceptablePassword(password, user.username);
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (manager) => {
      await this.repository.setPasswordHash(id, passwordHash, manager);
      await this.sessions.end({ userId: id }, 'password_reset', manager);
    });
  }

  /** Each role is tied to exactly the record that defines what it may see. */
  private async checkLinks(dto: CreateUserDto): Promise<void> {
    const required = { coordinator: 'siteId', clinician: 'staffId', patient: 'patientId' } as const;
    const field = dto.role === 'admin' ? undefined : required[dto.role];
    if (!field) return;
    const id = dto[field];
    if (!id) throw unprocessable([problem(field, 'user.required_for_role', { role: dto.role })]);
    if (!(await this.repository.linkExists(field, id))) {
      throw unprocessable([problem(field, 'user.unknown_reference', { id })]);
    }
  }

  private async userById(id: string, manager?: EntityManager): Promise<User> {
    const user = await this.repository.findById(id, manager);
    if (!user) throw notFound('user', id);
    return user;
  }
}

function assertAcceptablePassword(password: string, username: string): void {
  const weakness = passwordProblem(password, username);
  if (weakness) throw badRequest([weakness]);
}

function toUserDto(user: User): UserDto {
  const { id, username, displayName, role, siteId, staffId, patientId, createdAt, disabledAt } = user;
  return { id, username, displayName, role, siteId, staffId, patientId, createdAt: createdAt.toISOString(), disabledAt: disabledAt?.toISOString() ?? null };
}
