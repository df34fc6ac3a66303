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
}

export const SERVICE_SETTINGS = Symbol('SERVICE_SETTINGS');
