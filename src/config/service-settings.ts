/** What the running service needs, resolved at start (embedded database started, secret loaded). */
export interface ServiceSettings {
  databaseUrl: string;
  jwtSecret: string;
  defaultTimeZone: string;
  logLevel: string;
}

export const SERVICE_SETTINGS = Symbol('SERVICE_SETTINGS');
