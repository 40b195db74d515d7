import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.js';

const JWT_SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const DATA_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/** The four variables without a default. */
const REQUIRED = {
  DATABASE_URL: 'postgres://vecino:pw@db.internal:5432/vecino',
  REDIS_URL: 'redis://cache.internal:6379',
  JWT_SECRET,
  DATA_ENCRYPTION_KEY,
};

const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'0a'.repeat(16)}`,
  TWILIO_AUTH_TOKEN: 'twilio-auth-token',
  TWILIO_MESSAGING_SERVICE_SID: `MG${'1b'.repeat(16)}`,
};

/** Every variable loadConfig reads, found by watching it read an environment that asks for Twilio. */
function variablesRead(): string[] {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string>, {
    get(_target, name) {
      if (typeof name === 'string') read.add(name);
      return name === 'SMS_TRANSPORT' ? 'twilio' : undefined;
    },
  });
  expect(() => loadConfig(env)).toThrow(ConfigError);
  return [...read].sort();
}

/** The variable names assigned in an env file. */
function variablesIn(file: string): string[] {
  const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  return [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!).sort();
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills in the documented defaults', () => {
    const config = loadConfig(REQUIRED);
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: REQUIRED.DATABASE_URL,
      redisUrl: REQUIRED.REDIS_URL,
      queuePrefix: 'vecino',
      jwtSecret: JWT_SECRET,
      jwtTtlSeconds: 12 * 3600,
      dataEncryptionKeyId: 'k1',
      smsTransport: 'log',
      twilio: null,
      smsRatePerSecond: 1,
      publicBaseUrl: 'http://localhost:3000',
      networkTimezone: 'America/Chicago',
      quietHours: { start: '21:00', end: '08:00' },
      defaultPhoneRegion: 'US',
      piiRetentionDays: 14,
      runMigrationsOnStart: true,
      logLevel: 'info',
      graphqlMaxDepth: 8,
      graphqlMaxComplexity: 2000,
    });
    expect(config.dataEncryptionKey).toEqual(Buffer.alloc(32, 7));
  });

  it('derives defaults from NODE_ENV and PORT', () => {
    expect(loadConfig({ ...REQUIRED, NODE_ENV: 'production' }).runMigrationsOnStart).toBe(false);
    expect(loadConfig({ ...REQUIRED, NODE_ENV: 'test' }).logLevel).toBe('warn');
    expect(loadConfig({ ...REQUIRED, PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({
      ...REQUIRED,
      NODE_ENV: 'production',
      PORT: '4000',
      QUEUE_PREFIX: 'milwaukee',
      JWT_TTL_SECONDS: '3600',
      DATA_ENCRYPTION_KEY_ID: 'k2',
      SMS_RATE_PER_SECOND: '2.5',
      PUBLIC_BASE_URL: 'https://vecino.example.org/',
      NETWORK_TIMEZONE: 'America/Los_Angeles',
      QUIET_HOURS: '22:00-07:30',
      DEFAULT_PHONE_REGION: 'mx',
      PII_RETENTION_DAYS: '30',
      RUN_MIGRATIONS_ON_START: 'true',
      LOG_LEVEL: 'debug',
      GRAPHQL_MAX_DEPTH: '12',
      GRAPHQL_MAX_COMPLEXITY: '5000',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 4000,
      queuePrefix: 'milwaukee',
      jwtTtlSeconds: 3600,
      dataEncryptionKeyId: 'k2',
      smsRatePerSecond: 2.5,
      publicBaseUrl: 'https://vecino.example.org',
      networkTimezone: 'America/Los_Angeles',
      quietHours: { start: '22:00', end: '07:30' },
      defaultPhoneRegion: 'MX',
      piiRetentionDays: 30,
      runMigrationsOnStart: true,
      logLevel: 'debug',
      graphqlMaxDepth: 12,
      graphqlMaxComplexity: 5000,
    });
  });

  it('reports every missing required variable together, each by name', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(4);
    for (const name of Object.keys(REQUIRED)) {
      expect(problems).toContainEqual(expect.stringContaining(`${name} is required`));
    }
  });

  it('treats blank values as missing', () => {
    expect(problemsOf({ ...REQUIRED, DATABASE_URL: '   ' })).toEqual([
      expect.stringContaining('DATABASE_URL is required'),
    ]);
  });

  it.each([
    ['NODE_ENV', 'staging'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://db.internal/vecino'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://cache.internal:6379'],
    ['JWT_SECRET', 'too-short'],
    ['DATA_ENCRYPTION_KEY', Buffer.alloc(16).toString('base64')],
    ['DATA_ENCRYPTION_KEY', 'not base64 at all, and rather long too!!!!'],
    ['JWT_TTL_SECONDS', '10'],
    ['SMS_TRANSPORT', 'pigeon'],
    ['SMS_RATE_PER_SECOND', '0'],
    ['SMS_RATE_PER_SECOND', 'fast'],
    ['PUBLIC_BASE_URL', 'ftp://vecino.example.org'],
    ['NETWORK_TIMEZONE', 'Mars/Olympus_Mons'],
    ['QUIET_HOURS', '9pm-8am'],
    ['QUIET_HOURS', '24:00-08:00'],
    ['DEFAULT_PHONE_REGION', 'XX'],
    ['PII_RETENTION_DAYS', '0'],
    ['PII_RETENTION_DAYS', '1.5'],
    ['RUN_MIGRATIONS_ON_START', 'yes'],
    ['GRAPHQL_MAX_DEPTH', '1'],
    ['GRAPHQL_MAX_COMPLEXITY', 'lots'],
  ])('names %s when it is "%s"', (name, value) => {
    const problems = problemsOf({ ...REQUIRED, [name]: value });
    expect(problems).toEqual([expect.stringContaining(name)]);
  });

  it('never repeats a secret in its messages', () => {
    const secret = 'short-but-secret';
    const key = Buffer.alloc(31, 9).toString('base64');
    const error = (() => {
      try {
        loadConfig({ ...REQUIRED, JWT_SECRET: secret, DATA_ENCRYPTION_KEY: key });
      } catch (thrown) {
        return thrown as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.problems).toHaveLength(2);
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain(key);
  });

  it('reports all problems in one error whose message lists each', () => {
    const env = { ...REQUIRED, PORT: '0', QUIET_HOURS: 'night', SMS_TRANSPORT: 'fax', REDIS_URL: '' };
    let thrown: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const { problems, message } = thrown as ConfigError;
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'QUIET_HOURS', 'SMS_TRANSPORT', 'REDIS_URL']) {
      expect(message).toContain(name);
    }
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(4);
  });

  describe('SMS transport', () => {
    it('needs the account, token and a sender when SMS_TRANSPORT=twilio', () => {
      const problems = problemsOf({ ...REQUIRED, SMS_TRANSPORT: 'twilio' });
      expect(problems).toEqual([
        expect.stringContaining('TWILIO_ACCOUNT_SID is required when SMS_TRANSPORT=twilio'),
        expect.stringContaining('TWILIO_AUTH_TOKEN is required when SMS_TRANSPORT=twilio'),
        expect.stringContaining('TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER is required'),
      ]);
    });

    it('checks the shape of Twilio SIDs and the API base URL', () => {
      const problems = problemsOf({
        ...REQUIRED,
        ...TWILIO,
        TWILIO_ACCOUNT_SID: 'AC-not-hex',
        TWILIO_MESSAGING_SERVICE_SID: 'MG123',
        TWILIO_API_BASE_URL: 'api.twilio.com',
      });
      expect(problems).toEqual([
        expect.stringContaining('TWILIO_ACCOUNT_SID'),
        expect.stringContaining('TWILIO_MESSAGING_SERVICE_SID'),
        expect.stringContaining('TWILIO_API_BASE_URL'),
      ]);
    });

    it('uses Twilio when its variables are complete and SMS_TRANSPORT is not set', () => {
      const config = loadConfig({ ...REQUIRED, ...TWILIO, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010/' });
      expect(config.smsTransport).toBe('twilio');
      expect(config.twilio).toEqual({
        accountSid: TWILIO.TWILIO_ACCOUNT_SID,
        authToken: TWILIO.TWILIO_AUTH_TOKEN,
        messagingServiceSid: TWILIO.TWILIO_MESSAGING_SERVICE_SID,
        fromNumber: null,
        apiBaseUrl: 'http://127.0.0.1:4010',
      });
    });

    it('accepts a from number instead of a messaging service, with the default API base URL', () => {
      const config = loadConfig({
        ...REQUIRED,
        SMS_TRANSPORT: 'twilio',
        TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: TWILIO.TWILIO_AUTH_TOKEN,
        TWILIO_FROM_NUMBER: '+14145550100',
      });
      expect(config.twilio).toMatchObject({
        messagingServiceSid: null,
        fromNumber: '+14145550100',
        apiBaseUrl: 'https://api.twilio.com',
      });
    });

    it('stays on the log transport when SMS_TRANSPORT=log, even with Twilio variables set', () => {
      const config = loadConfig({ ...REQUIRED, ...TWILIO, SMS_TRANSPORT: 'log' });
      expect(config.smsTransport).toBe('log');
      expect(config.twilio).toBeNull();
    });
  });

  describe('QUIET_HOURS', () => {
    it('defaults to 21:00-08:00 when unset', () => {
      expect(loadConfig(REQUIRED).quietHours).toEqual({ start: '21:00', end: '08:00' });
    });

    it('is off when set to the empty string (or blanks)', () => {
      expect(loadConfig({ ...REQUIRED, QUIET_HOURS: '' }).quietHours).toBeNull();
      expect(loadConfig({ ...REQUIRED, QUIET_HOURS: '  ' }).quietHours).toBeNull();
    });
  });

  describe('TRUST_PROXY', () => {
    it("defaults to proxies on this host or a private network, and takes Express's trust-proxy syntax", () => {
      expect(loadConfig(REQUIRED).trustProxy).toBe('loopback, linklocal, uniquelocal');
      expect(loadConfig({ ...REQUIRED, TRUST_PROXY: '1' }).trustProxy).toBe(1);
      expect(loadConfig({ ...REQUIRED, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
      expect(loadConfig({ ...REQUIRED, TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::1' }).trustProxy).toBe(
        'loopback, 10.0.0.0/8, fd00::1',
      );
    });

    it('refuses what is not an address, a range, a known name or a hop count, naming the variable', () => {
      expect(problemsOf({ ...REQUIRED, TRUST_PROXY: 'loopback, proxy.internal' })).toEqual([
        expect.stringMatching(/^TRUST_PROXY must be .*proxy\.internal/),
      ]);
    });
  });

  describe('the env examples', () => {
    it('.env.example documents every variable, each with a comment, and nothing else', () => {
      expect(variablesIn('.env.example')).toEqual(variablesRead());
      const lines = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n');
      lines.forEach((line, index) => {
        if (/^[A-Z]/.test(line)) expect(lines[index - 1]).toMatch(/^# /);
      });
    });

    it('docker/.env.example uses the same names (plus the compose database password)', () => {
      const known = new Set([...variablesRead(), 'POSTGRES_PASSWORD']);
      expect(variablesIn('docker/.env.example').filter((name) => !known.has(name))).toEqual([]);
    });
  });
});
