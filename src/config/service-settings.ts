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

/** What the running service needs, resolved at start (embedded database started, secret loaded). */
export interface ServiceSettings {
  databaseUrl: string;
  jwtSecret: string;
  defaultTimeZone: string;
  logLevel: string;
  /** Absent: no dispatcher in this process (tests and benchmarks start their own). */
  delivery?: DeliverySettings;
}

export const SERVICE_SETTINGS = Symbol('SERVICE_SETTINGS');
