import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuditService } from '../access/audit.service';
import { TokenDto } from './auth.dto';
import { LoginAttempt, LoginThrottleService } from './login-throttle.service';
import { hashPassword, needsRehash, verifyPassword } from './password-hashing';
import { SessionsService } from './sessions.service';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A new session for the right username and password, from the client at `address`. A locked
   * account or address is refused (429) before any password is checked; a wrong password, an
   * unknown user and a disabled one are the same 401 and count as failures alike.
   */
  async login(username: string, password: string, address: string): Promise<TokenDto> {
    const attempt: LoginAttempt = { username, address };
    await this.throttle.assertAllowed(attempt);

    const user = await this.users.findWithHash(username);
    const valid = await verifyPassword(password, user?.passwordHash);
    if (!user || !valid || user.disabledAt) {
      await this.throttle.recordFailure(attempt);
      await this.audit.recordLogin({ username, clientAddress: address }, null);
      throw new UnauthorizedException('unknown username or wrong password');
    }

    await this.throttle.recordSuccess(attempt);
    if (needsRehash(user.passwordHash)) await this.upgradeHash(user, password);
    const session = await this.sessions.open(user);
    await this.audit.recordLogin({ username, clientAddress: address }, user);
    return session;
  }

  /** A bcrypt hash (or argon2 at older settings) becomes argon2id now that the password is known; unless it was changed meanwhile. */
  private async upgradeHash(user: User, password: string): Promise<void> {
    await this.users.upgradePasswordHash(user.id, user.passwordHash, await hashPassword(password));
  }
}
