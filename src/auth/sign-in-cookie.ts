import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Request, Response } from 'express';
import { OIDC_CALLBACK_PATH, SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { LoginState } from './identity-provider.service';

const COOKIE = 'oidc_sign_in';
/** Long enough to type a password or hold up a card at the provider; a sign-in left longer starts again. */
const SIGN_IN_SECONDS = 10 * 60;

/**
 * What a sign-in through the provider must remember between its start and the callback (PKCE
 * verifier, state, nonce), kept by the browser itself in a signed, httpOnly cookie sent only to
 * the callback: no instance of the service holds it, so any instance can finish the sign-in.
 * SameSite=Lax, because the provider's redirect back is a top-level navigation from its site.
 */
@Injectable()
export class SignInCookie {
  /** Its own key, derived from the service's secret, so the cookie can never pass for an access token. */
  private readonly secret: string;

  constructor(
    private readonly jwt: JwtService,
    @Inject(SERVICE_SETTINGS) settings: ServiceSettings,
  ) {
    this.secret = `${settings.jwtSecret}:oidc-sign-in`;
  }

  async give(response: Response, login: LoginState, secure: boolean): Promise<void> {
    const value = await this.jwt.signAsync({ ...login }, { secret: this.secret, expiresIn: SIGN_IN_SECONDS });
    response.cookie(COOKIE, value, { httpOnly: true, sameSite: 'lax', secure, path: OIDC_CALLBACK_PATH, maxAge: SIGN_IN_SECONDS * 1000 });
  }

  /** The sign-in the request's cookie holds, and the cookie cleared, so it is used once; null when missing, altered or expired. */
  async take(request: Request, response: Response): Promise<LoginState | null> {
    response.clearCookie(COOKIE, { path: OIDC_CALLBACK_PATH });
    const value = cookieValue(request.headers.cookie, COOKIE);
    if (!value) return null;
    try {
      const { codeVerifier, state, nonce, redirectUri } = await this.jwt.verifyAsync<LoginState>(value, { secret: this.secret });
      return { codeVerifier, state, nonce, redirectUri };
    } catch {
      return null;
    }
  }
}

/** One cookie of a Cookie header (the service reads no other, so it needs no cookie parser). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  const pair = (header ?? '').split(';').map((part) => part.trim()).find((part) => part.startsWith(`${name}=`));
  return pair ? decodeURIComponent(pair.slice(name.length + 1)) : undefined;
}
