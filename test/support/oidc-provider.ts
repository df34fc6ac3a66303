import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, JWK, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { Configuration, errors, Provider } from 'oidc-provider';
import { OidcSettings } from '../../src/config/service-settings';

/**
 * A real OpenID Connect provider (oidc-provider) in the test process on a loopback port, standing
 * in for the region's: one client, the service, with PKCE; accounts carrying `hsa_id` or
 * `personal_number`; JWT access tokens (RFC 9068) for the API's audience; and a plain HTML login
 * page where a person (or a browser test) types who they are. Its signing key is the test's too,
 * so a test can mint tokens that are wrong in exactly one way.
 */

export const API_AUDIENCE = 'https://rehab-scheduler.test/api';
const CLIENT = { id: 'rehab-scheduler', secret: 'client-secret-of-the-tests' };
/** The service's callback on any loopback port: a "native" client's loopback redirect may use any port (RFC 8252 §7.3). */
const LOOPBACK_CALLBACK = 'http://127.0.0.1/auth/oidc/callback';
const SCOPES = 'openid profile hsa personal_number';

export interface ProviderAccount {
  sub: string;
  name: string;
  hsa_id?: string;
  personal_number?: string;
}

export interface TestProvider {
  issuer: string;
  /** What the service needs to sign in through this provider (its ServiceSettings.oidc). */
  settings: OidcSettings;
  /** A genuine access token of the provider for the API, from a code flow signed in as `sub`. */
  accessToken(sub: string): Promise<string>;
  /** An access token of the first account, signed with the provider's key: valid unless the changes make it otherwise. */
  mint(changes?: { iss?: string; aud?: string; exp?: number; typ?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startOidcProvider(accounts: ProviderAccount[], { accessTokenSeconds = 600 } = {}): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' } as JWK & { kid: string };
  // Bound first, so the issuer has the real port in it.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const byId = new Map(accounts.map((account) => [account.sub, account]));

  const provider = new Provider(issuer, providerConfiguration(byId, signingKey, accessTokenSeconds));
  const serveProvider = provider.callback();
  server.on('request', (request, response) => {
    if (!request.url?.startsWith('/interaction/')) return serveProvider(request, response);
    loginInteraction(provider, byId, request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });

  const settings: OidcSettings = {
    issuer,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    audience: API_AUDIENCE,
    staffClaim: 'hsa_id',
    patientClaim: 'personal_number',
    scopes: SCOPES,
  };
  return {
    issuer,
    settings,
    accessToken: (sub) => scriptedAccessToken(issuer, sub),
    mint: async ({ iss = issuer, aud = API_AUDIENCE, exp, typ = 'at+jwt' } = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const { sub, name: _, ...domainClaims } = accounts[0];
      return new SignJWT({ client_id: CLIENT.id, ...domainClaims })
        .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, typ })
        .setIssuer(iss)
        .setSubject(sub)
        .setAudience(aud)
        .setIssuedAt(now - 60)
        .setExpirationTime(exp ?? now + 300)
        .sign(await importJWK(signingKey, 'RS256'));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function providerConfiguration(accounts: Map<string, ProviderAccount>, signingKey: JWK, accessTokenSeconds: number): Configuration {
  return {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        application_type: 'native',
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: [LOOPBACK_CALLBACK],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey as never] },
    cookies: { keys: ['cookie-key-of-the-tests'] },
    pkce: { required: () => true },
    scopes: SCOPES.split(' '),
    claims: { openid: ['sub'], profile: ['name'], hsa: ['hsa_id'], personal_number: ['personal_number'] },
    // The scopes' claims in the ID token itself, as the region's provider gives them.
    conformIdTokenClaims: false,
    ttl: { AccessToken: accessTokenSeconds, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    findAccount: async (_context, sub) => {
      const account = accounts.get(sub);
      return account && { accountId: sub, claims: async () => ({ ...account }) };
    },
    interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_context, resource) => {
          if (resource !== API_AUDIENCE) throw new errors.InvalidTarget();
          return { scope: 'scheduling', audience: API_AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: accessTokenSeconds, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // The domain claims in the access token too, so the API can tell who it is for.
    extraTokenClaims: async (_context, token) => {
      const account = accounts.get((token as { accountId?: string }).accountId ?? '');
      return account && { hsa_id: account.hsa_id, personal_number: account.personal_number };
    },
    // The service is the region's own client: no consent page.
    loadExistingGrant: async (context) => {
      const accountId = context.oidc.session?.accountId;
      if (!accountId || !context.oidc.client) return undefined;
      const grant = new context.oidc.provider.Grant({ clientId: context.oidc.client.clientId, accountId });
      grant.addOIDCScope(SCOPES);
      grant.addResourceScope(API_AUDIENCE, 'scheduling');
      await grant.save();
      return grant;
    },
  };
}

/** The login page: a form naming the account (GET), and signing it in (POST); an unknown account is a 401 page. */
async function loginInteraction(provider: Provider, accounts: Map<string, ProviderAccount>, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  if (details.prompt.name !== 'login') return provider.interactionFinished(request, response, { consent: {} }, { mergeWithLastSubmission: true });
  if (request.method === 'GET') return page(response, 200, 'Logga in hos regionen', loginForm());
  const sub = new URLSearchParams(await bodyOf(request)).get('account') ?? '';
  if (!accounts.has(sub)) return page(response, 401, 'Okänd användare', `<p>Ingen användare ${escapeHtml(sub)}.</p>${loginForm()}`);
  return provider.interactionFinished(request, response, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
}

const loginForm = () => `<form method="post"><label>Användare <input name="account" autocomplete="username"></label> <button type="submit">Logga in</button></form>`;

function page(response: http.ServerResponse, status: number, title: string, body: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function bodyOf(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A browser without a screen: follows redirects from `url` keeping each host's cookies, signs in
 * as `account` on the provider's login page, and stops at the first redirect `stopAt` accepts
 * (answering where it pointed), or at a page that is not a redirect.
 */
export async function followSignIn(url: string, account: string, stopAt: (location: string) => boolean = () => false): Promise<{ url: string; status: number }> {
  const jar = new Map<string, Map<string, string>>();
  let next: { url: string; method: 'GET' | 'POST'; body?: string } = { url, method: 'GET' };
  for (let hop = 0; hop < 20; hop++) {
    const host = new URL(next.url).host;
    const cookies = jar.get(host) ?? new Map<string, string>();
    jar.set(host, cookies);
    const response = await fetch(next.url, {
      method: next.method,
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '), ...(next.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: next.body,
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (!value || /expires=Thu, 01 Jan 1970/i.test(setCookie)) cookies.delete(name);
      else cookies.set(name, value);
    }
    const location = response.headers.get('location');
    await response.arrayBuffer();
    if (location) {
      const target = new URL(location, next.url).href;
      if (stopAt(target)) return { url: target, status: response.status };
      next = { url: target, method: 'GET' };
    } else if (response.status === 200 && new URL(next.url).pathname.startsWith('/interaction/') && next.method === 'GET') {
      next = { url: next.url, method: 'POST', body: new URLSearchParams({ account }).toString() };
    } else {
      return { url: next.url, status: response.status };
    }
  }
  throw new Error(`more than 20 redirects from ${url}`);
}

/** The code flow as another client of the region would run it (the patient portal, say), for the access token it ends in. */
async function scriptedAccessToken(issuer: string, sub: string): Promise<string> {
  const configuration = await oidc.discovery(new URL(issuer), CLIENT.id, undefined, oidc.ClientSecretBasic(CLIENT.secret), { execute: [oidc.allowInsecureRequests] });
  const [codeVerifier, state] = [oidc.randomPKCECodeVerifier(), oidc.randomState()];
  const redirectUri = 'http://127.0.0.1:9/auth/oidc/callback';
  const start = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: SCOPES,
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    resource: API_AUDIENCE,
  });
  const back = await followSignIn(start.href, sub, (location) => location.startsWith(redirectUri));
  const tokens = await oidc.authorizationCodeGrant(configuration, new URL(back.url), { pkceCodeVerifier: codeVerifier, expectedState: state }, { resource: API_AUDIENCE });
  return tokens.access_token;
}
