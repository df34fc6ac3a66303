import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('has working defaults for development', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      databaseUrl: undefined,
      dataDir: './.data',
      jwtSecret: undefined,
      defaultTimeZone: 'Europe/Stockholm',
      production: false,
      trustProxy: false,
      logLevel: 'info',
      requestTimeoutMs: 10000,
      statementTimeoutMs: 5000,
      jobLeaseMs: 30000,
      delivery: {
        dispatcher: true,
        pollMs: 1000,
        leaseMs: 60000,
        smsGatewayUrl: undefined,
        smsGatewayToken: undefined,
        smtpUrl: undefined,
        mailFrom: 'Smärtrehabiliteringen <no-reply@rehab.invalid>',
      },
    });
  });

  it('reports every bad value at once, by name', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', DEFAULT_TIME_ZONE: 'Mars/Olympus', JWT_SECRET: 'short' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/PORT.*DATABASE_URL.*JWT_SECRET.*DEFAULT_TIME_ZONE/s);
    }
  });

  it('reads where reminders go, and refuses what it cannot use', () => {
    const config = loadConfig({ SMS_GATEWAY_URL: 'https://sms.example.org/send', SMS_GATEWAY_TOKEN: 't', SMTP_URL: 'smtp://mail.example.org:587', REMINDER_DISPATCHER: 'off' });
    expect(config.delivery).toMatchObject({ dispatcher: false, smsGatewayUrl: 'https://sms.example.org/send', smtpUrl: 'smtp://mail.example.org:587' });
    expect(() => loadConfig({ REMINDER_DISPATCHER: 'maybe', REMINDER_POLL_MS: '5', SMS_GATEWAY_URL: 'not a url' })).toThrow(
      /REMINDER_DISPATCHER must be on or off[\s\S]*REMINDER_POLL_MS[\s\S]*SMS_GATEWAY_URL must be a URL/,
    );
  });

  it('requires a JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).production).toBe(true);
  });

  it('believes X-Forwarded-For from no proxy unless TRUST_PROXY names them, and never from everyone', () => {
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
    for (const bad of ['true', '0', '10.0.0.0/33', 'proxy.example.org', '10.0.0.1/8/1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY must be off/);
    }
  });

  it('takes the time limits of requests and statements, refusing ones too short to serve anything', () => {
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '30000', STATEMENT_TIMEOUT_MS: '20000' })).toMatchObject({ requestTimeoutMs: 30000, statementTimeoutMs: 20000 });
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '0' })).toThrow(/REQUEST_TIMEOUT_MS must be an integer of at least 100/);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(/STATEMENT_TIMEOUT_MS must be an integer of at least 100/);
  });

  it('lets the reminder worker run in production without one: it signs no tokens', () => {
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/rehab' }, { signsTokens: false }).jwtSecret).toBeUndefined();
  });
});
