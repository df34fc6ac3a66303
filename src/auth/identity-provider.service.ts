import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { createRemoteJWKSet, decodeJwt, JWTPayload, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { problemText } from '../core/problem-codes';
import { OidcSettings, SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';

/** What a sign-in started, kept by the browser until the provider sends it back (see oidc-login-cookie.ts). */
export interface LoginState {
  codeVerifier: string;
  state: string;
  nonce: string;
  redirectUri: string;
}

/** Signing algorithms accepted on the provider's tokens: asymmetric only, so no shared secret can forge one. */
const ALGORITHMS = ['RS256', 'PS256', 'ES256'];
/** Clocks of the provider and this service may differ by a few seconds. */
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * The region's OpenID Connect provider as this service uses it: its discovery document and keys,
 * fetched once and kept; the authorization code flow with PKCE for the web app; and the check of
 * its access tokens for the API. Every method answers 404 while OIDC_* is not set.
 */
@Injectable()
export class IdentityProvider {
  private readonly oidcSettings?: OidcSettings;
  private discovery?: Promise<oidc.Configuration>;
  private keys?: ReturnType<typeof createRemoteJWKSet>;

  constructor(@Inject(SERVICE_SETTINGS) settings: ServiceSettings) {
    this.oidcSettings = settings.oidc;
  }

  /** The settings; a 404 when sign-in through a provider is not configured, as if its routes were not there. */
  requireSettings(): OidcSettings {
    if (!this.oidcSettings) throw new NotFoundException();
    return this.oidcSettings;
  }

  /** Whether a bearer token names the provider as its issuer: read unverified, only to choose which check applies. */
  issued(token: string): boolean {
    if (!this.oidcSettings) return false;
    try {
      return decodeJwt(token).iss === this.oidcSettings.issuer;
    } catch {
      return false;
    }
  }

  /**
   * The claims of a valid access token of the provider meant for this API: its signature by a key
   * of the provider's, issuer, audience, expiry, and the access-token type (RFC 9068), so an ID
   * token cannot stand in for one. Throws jose's error otherwise.
   */
  async verifyAccessToken(token: string): Promise<JWTPayload> {
    const { issuer, audience } = this.requireSettings();
    this.keys ??= createRemoteJWKSet(new URL((await this.configuration()).serverMetadata().jwks_uri!));
    const { payload } = await jwtVerify(token, this.keys, {
      issuer,
      audience,
      algorithms: ALGORITHMS,
      typ: 'at+jwt',
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub'],
    });
    return payload;
  }

  /** Where to send the browser to sign in, and what the callback must be shown to finish it. */
  async startSignIn(redirectUri: string): Promise<{ url: URL; login: LoginState }> {
    const configuration = await this.configuration();
    const login: LoginState = { codeVerifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce(), redirectUri };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.requireSettings().scopes,
      state: login.state,
      nonce: login.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, login };
  }

  /** The ID token's claims once the code the provider sent back (at `callbackUrl`) is exchanged and checked against `login`. */
  async finishSignIn(callbackUrl: URL, login: LoginState): Promise<Record<string, unknown>> {
    const tokens = await oidc.authorizationCodeGrant(await this.configuration(), callbackUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    return tokens.claims()!;
  }

  /** The discovery document, fetched at first use and kept; a failed fetch is tried again next time, a 503 meanwhile. */
  private configuration(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.requireSettings();
    // http is allowed to this machine only (see readOidcSettings): a provider run in development or the tests.
    const options = new URL(issuer).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
    this.discovery ??= oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), options).catch((error: unknown) => {
      this.discovery = undefined;
      throw providerUnavailable(error);
    });
    return this.discovery;
  }
}

/** The provider cannot be asked (its discovery or keys out of reach): a 503, the request may be tried again. */
export function providerUnavailable(cause: unknown): ServiceUnavailableException {
  const params = { component: 'the identity provider' };
  return new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', code: 'server.component_down', params, message: problemText('server.component_down', params) }, { cause });
}
