import { isValidTimeZone } from '../core/time/local-time';
import { DEFAULT_JOB_LEASE_MS, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS, DeliverySettings, OidcSettings, readOidcSettings } from './service-settings';
import { parseTrustProxy, TrustProxy } from './trust-proxy';

/** Settings read from the environment once at start; a bad value stops the service with a clear message. */
export interface AppConfig {
  port: number;
  /** External PostgreSQL; when absent an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Absent means: generate one and keep it in `dataDir` (development only). */
  jwtSecret?: string;
  defaultTimeZone: string;
  production: boolean;
  /** Whose X-Forwarded-For gives the client's address (see trust-proxy.ts); false: nobody's. */
  trustProxy: TrustProxy;
  logLevel: string;
  /** How long a request may take before it is answered 503. */
  requestTimeoutMs: number;
  /** How long one SQL statement may take before PostgreSQL cancels it. */
  statementTimeoutMs: number;
  /** How long a running job's heartbeat holds before another instance takes the job over. */
  jobLeaseMs: number;
  delivery: DeliverySettings;
  /** Absent: local passwords only. */
  oidc?: OidcSettings;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `signsTokens: false` for the reminder worker, which has no logins and so needs no JWT secret. */
export function loadConfig(env: NodeJS.ProcessEnv, { signsTokens = true } = {}): AppConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer 0–65535, got "${env.PORT}"`);
  }

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  if (production && signsTokens && !jwtSecret) problems.push('JWT_SECRET is required when NODE_ENV=production');

  const defaultTimeZone = env.DEFAULT_TIME_ZONE || 'Europe/Stockholm';
  if (!isValidTimeZone(defaultTimeZone)) {
    problems.push(`DEFAULT_TIME_ZONE must be an IANA time zone such as Europe/Stockholm, got "${defaultTimeZone}"`);
  }

  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (trustProxy === undefined) {
    problems.push('TRUST_PROXY must be off, the number of proxies in front (1–10), or their addresses, e.g. loopback,10.0.0.0/8');
  }

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const requestTimeoutMs = Number(env.REQUEST_TIMEOUT_MS ?? DEFAULT_REQUEST_TIMEOUT_MS);
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs < 100) problems.push('REQUEST_TIMEOUT_MS must be an integer of at least 100');
  const statementTimeoutMs = Number(env.STATEMENT_TIMEOUT_MS ?? DEFAULT_STATEMENT_TIMEOUT_MS);
  if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs < 100) problems.push('STATEMENT_TIMEOUT_MS must be an integer of at least 100');

  const jobLeaseMs = Number(env.JOB_LEASE_MS ?? DEFAULT_JOB_LEASE_MS);
  if (!Number.isInteger(jobLeaseMs) || jobLeaseMs < 300) problems.push('JOB_LEASE_MS must be an integer of at least 300');

  const delivery: DeliverySettings = {
    dispatcher: (env.REMINDER_DISPATCHER ?? 'on') !== 'off',
    pollMs: Number(env.REMINDER_POLL_MS ?? '1000'),
    leaseMs: Number(env.REMINDER_LEASE_MS ?? '60000'),
    smsGatewayUrl: env.SMS_GATEWAY_URL || undefined,
    smsGatewayToken: env.SMS_GATEWAY_TOKEN || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Smärtrehabiliteringen <no-reply@rehab.invalid>',
  };
  if (!['on', 'off', undefined].includes(env.REMINDER_DISPATCHER)) problems.push('REMINDER_DISPATCHER must be on or off');
  if (!Number.isInteger(delivery.pollMs) || delivery.pollMs < 10) problems.push('REMINDER_POLL_MS must be an integer of at least 10');
  // Best longer than a send may take (up to 15 s): a claim taken over mid-send goes out twice, and only the idempotency key saves it.
  if (!Number.isInteger(delivery.leaseMs) || delivery.leaseMs < 1000) problems.push('REMINDER_LEASE_MS must be an integer of at least 1000');
  for (const [name, value] of [['SMS_GATEWAY_URL', delivery.smsGatewayUrl], ['SMTP_URL', delivery.smtpUrl]] as const) {
    if (value && !URL.canParse(value)) problems.push(`${name} must be a URL`);
  }

  const oidc = readOidcSettings(env, problems);

  if (problems.length) throw new ConfigError(problems);
  return { port, databaseUrl, dataDir: env.DATA_DIR || './.data', jwtSecret, defaultTimeZone, production, trustProxy: trustProxy ?? false, logLevel, requestTimeoutMs, statementTimeoutMs, jobLeaseMs, delivery, oidc };
}
