import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { compare, hash } from 'bcryptjs';
import { DataSource } from 'typeorm';
import { stateConflict, unprocessable } from '../common/api-errors';
import { Patient } from '../patients/patient.entity';
import { Site } from '../sites/site.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { CreateUserDto, TokenDto, UserDto } from './auth.dto';
import { Principal } from './principal';
import { User } from './user.entity';

const BCRYPT_ROUNDS = 10;

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string): Promise<TokenDto> {
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.username = :username', { username })
      .getOne();
    // Compare even for unknown users, so response time does not tell which usernames exist.
    const valid = await compare(password, user?.passwordHash ?? '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva');
    if (!user || !valid) throw new UnauthorizedException('unknown username or wrong password');

    const principal: Principal = {
      userId: user.id,
      username: user.username,
      role: user.role,
      siteId: await this.siteOf(user),
      staffId: user.staffId,
      patientId: user.patientId,
    };
    return { accessToken: await this.jwt.signAsync(principal), ...principal };
  }

  async createUser(dto: CreateUserDto): Promise<UserDto> {
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
    return { id: saved.id, username: saved.username, role: saved.role, siteId: saved.siteId, staffId: saved.staffId, patientId: saved.patientId };
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

  private async siteOf(user: User): Promise<string | null> {
    if (user.staffId) return (await this.db.getRepository(StaffMember).findOneByOrFail({ id: user.staffId })).siteId;
    if (user.patientId) return (await this.db.getRepository(Patient).findOneByOrFail({ id: user.patientId })).siteId;
    return user.siteId;
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, BCRYPT_ROUNDS);
}
