/** Where reminders go out, and whether this process sends them. */
export interface DeliverySettings {
  /** Run the reminder dispatcher in this process; off when `npm run worker` processes do it. */
  dispatcher: boolean;
  /** How long an idle dispatcher waits before looking for due reminders again. */
  pollMs: number;
  /** How long a claimed reminder stays a dispatcher's; a crashed dispatcher's claims are taken over after it. */
  leaseMs: number;
  /** The SMS gateway: a JSON POST of {to, message, idempotencyKey} with a bearer token. */
  smsGatewayUrl?: string;
  smsGatewayToken?: string;
  /** E-mail over SMTP, e.g. smtp://user:password@mail.example.org:587. */
  smtpUrl?: string;
  mailFrom: string;
}

/**
 * Time limits (REQUEST_TIMEOUT_MS, STATEMENT_TIMEOUT_MS): a request is answered 503 after 10 s, and
 * PostgreSQL cancels a statement after 5 s, well inside it, so a slow query ends before its request.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

/** Lease of a running job (JOB_LEASE_MS): a dead instance's job is taken over within about 40 s. */
export const DEFAULT_JOB_LEASE_MS = 30_000;

/**
 * Sign-in through the region's OpenID Connect provider (README: "Sign-in through the region's
 * identity provider"). Absent: local passwords only, and the /auth/oidc routes answer 404.
 */
export interface OidcSettings {
  /** The provider's issuer URL, as its ID and access tokens name it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The `aud` of the provider's access tokens meant for this API. */
  audience: string;
  /** The claim carrying a staff member's HSA-id. */
  staffClaim: string;
  /** The claim carrying a patient's personal identity number. */
  patientClaim: string;
  /** The scopes asked for at sign-in: the ones under which the provider releases those claims. */
  scopes: string;
  /** Where the provider sends the browser back; absent: the request's own origin + /auth/oidc/callback. */
  redirectUrl?: string;
}

export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';

/** https, or http to this machine only (development and the tests' in-process provider). */
function isAllowedUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}

/**
 * The OIDC_* variables, each problem pushed to `problems` by name. The issuer, client id and
 * secret come together or not at all: a partial setting is a mistake, not a choice.
 */
export function readOidcSettings(env: NodeJS.ProcessEnv, problems: string[]): OidcSettings | undefined {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_AUDIENCE', 'OIDC_STAFF_CLAIM', 'OIDC_PATIENT_CLAIM', 'OIDC_SCOPES', 'OIDC_REDIRECT_URL'];
  if (!names.some((name) => env[name])) return undefined;
  const [issuer, clientId, clientSecret] = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
  if (!issuer || !clientId || !clientSecret) {
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed together for sign-in through an identity provider');
    return undefined;
  }
  if (!isAllowedUrl(issuer)) problems.push('OIDC_ISSUER must be an https URL (http only to localhost)');
  const redirectUrl = env.OIDC_REDIRECT_URL || undefined;
  if (redirectUrl && !(isAllowedUrl(redirectUrl) && new URL(redirectUrl).pathname === OIDC_CALLBACK_PATH)) {
    problems.push(`OIDC_REDIRECT_URL must be an https URL ending in ${OIDC_CALLBACK_PATH} (http only to localhost)`);
  }
  const claims = { staffClaim: env.OIDC_STAFF_CLAIM || 'hsa_id', patientClaim: env.OIDC_PATIENT_CLAIM || 'personal_number' };
  for (const [name, claim] of [['OIDC_STAFF_CLAIM', claims.staffClaim], ['OIDC_PATIENT_CLAIM', claims.patientClaim]]) {
    if (!/^[A-Za-z_][\w.:-]{0,99}$/.test(claim)) problems.push(`${name} must be a claim name, e.g. hsa_id`);
  }
  if (claims.staffClaim === claims.patientClaim) problems.push('OIDC_STAFF_CLAIM and OIDC_PATIENT_CLAIM must be different claims');
  const scopes = env.OIDC_SCOPES || 'openid profile';
  if (!scopes.split(' ').includes('openid')) problems.push('OIDC_SCOPES must include openid, e.g. "openid profile"');
  return { issuer, clientId, clientSecret, audience: env.OIDC_AUDIENCE || clientId, ...claims, scopes, redirectUrl };
}

/** What the running service needs, resolved at start (embedded database started, secret loaded). */
export interface ServiceSettings {
  databaseUrl: string;
  jwtSecret: string;
  /** Lifetime of access tokens; 15 minutes unless a test wants them shorter. */
  accessTokenSeconds?: number;
  defaultTimeZone: string;
  logLevel: string;
  /** How long a request may take before it is answered 503; DEFAULT_REQUEST_TIMEOUT_MS when left out. */
  requestTimeoutMs?: number;
  /** PostgreSQL statement_timeout; DEFAULT_STATEMENT_TIMEOUT_MS when left out. */
  statementTimeoutMs?: number;
  /** Absent: no dispatcher in this process (tests and benchmarks start their own). */
  delivery?: DeliverySettings;
  /** How long a running job's heartbeat holds before another instance takes the job over (default 30 s). */
  jobLeaseMs?: number;
  /** Absent: no sign-in through an identity provider. */
  oidc?: OidcSettings;
}

export const SERVICE_SETTINGS = Symbol('SERVICE_SETTINGS');
