import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuditService } from '../access/audit.service';
import { problemText } from '../core/problem-codes';
import { readPersonalNumber } from '../core/rules/personal-number';
import { IdentityProvider } from './identity-provider.service';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

/** Where a sign-in through the provider was tried: what its audit entry records. */
export interface ProviderAttempt {
  endpoint: string;
  clientAddress: string;
}

export type ProviderRefusal = 'auth.unknown_person' | 'auth.login_disabled' | 'auth.sign_in_failed';

/** A 401 with the refusal's code, which the web app words. */
export function providerRefusal(code: ProviderRefusal): UnauthorizedException {
  return new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code, params: {}, message: problemText(code) });
}

/**
 * Who the identity provider signed in, as this service knows them: a staff member by the HSA-id
 * claim, a patient by the personal-number claim (any written form), and then the login tied to
 * that record. The role and site are the login's own; the provider only says who the person is.
 */
@Injectable()
export class ProviderPeople {
  constructor(
    private readonly provider: IdentityProvider,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * The enabled login of the person `claims` name. An unknown person, one without a login, or a
   * disabled login is refused with a 401 and audited as a failed login, under the provider's
   * subject (never the personal number) unless a login was found.
   */
  async userFor(claims: Record<string, unknown>, attempt: ProviderAttempt): Promise<User> {
    const person = this.personIn(claims);
    const user = person && (await this.users.findLoginOf(person));
    if (user && !user.disabledAt) return user;
    await this.audit.recordLogin({ ...attempt, username: user?.username ?? providerSubject(claims) }, null);
    throw providerRefusal(user ? 'auth.login_disabled' : 'auth.unknown_person');
  }

  private personIn(claims: Record<string, unknown>): { hsaId: string } | { personalNumber: string } | null {
    const { staffClaim, patientClaim } = this.provider.requireSettings();
    const hsaId = claims[staffClaim];
    if (typeof hsaId === 'string' && hsaId) return { hsaId };
    const written = claims[patientClaim];
    const number = typeof written === 'string' ? readPersonalNumber(written) : null;
    return number?.valid ? { personalNumber: number.normalized } : null;
  }
}

/** How the audit log names someone only the provider knows: its subject identifier, bounded. */
export function providerSubject(claims: { sub?: unknown }): string {
  return `oidc:${String(claims.sub ?? 'unknown').slice(0, 100)}`;
}
