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
      logLevel: 'info',
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

  it('lets the reminder worker run in production without one: it signs no tokens', () => {
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/rehab' }, { signsTokens: false }).jwtSecret).toBeUndefined();
  });
});
