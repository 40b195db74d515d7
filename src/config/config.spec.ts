import { readFileSync } from 'node:fs';
import {
  ConfigError,
  DEFAULT_UNKNOWN_NUMBER_REPLY,
  loadConfig,
  loadDatabaseConfig,
  publicBaseUrlWarning,
} from './config.js';

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
  PUBLIC_BASE_URL: 'https://vecino.example.org',
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
      messageRetentionDays: 30,
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
      MESSAGE_RETENTION_DAYS: '90',
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
      messageRetentionDays: 90,
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
    ['SHIFT_REMINDERS', '24h,soon'],
    ['SHIFT_REMINDERS', '15d'],
    ['SHIFT_REMINDERS', '24h,1d'],
    ['NO_SHOW_LIMIT', '0'],
    ['DEFAULT_PHONE_REGION', 'XX'],
    ['PII_RETENTION_DAYS', '0'],
    ['PII_RETENTION_DAYS', '1.5'],
    ['MESSAGE_RETENTION_DAYS', '0'],
    ['MESSAGE_RETENTION_DAYS', 'forever'],
    ['RUN_MIGRATIONS_ON_START', 'yes'],
    ['GRAPHQL_MAX_DEPTH', '1'],
    ['GRAPHQL_MAX_COMPLEXITY', 'lots'],
    ['DATA_ENCRYPTION_KEY_ID', 'k:1'],
    ['DATA_ENCRYPTION_OLD_KEYS', `k0:${Buffer.alloc(16).toString('base64')}`],
    ['DATA_ENCRYPTION_OLD_KEYS', Buffer.alloc(32).toString('base64')],
    ['DATA_ENCRYPTION_OLD_KEYS', `k1:${Buffer.alloc(32).toString('base64')}`],
    [
      'DATA_ENCRYPTION_OLD_KEYS',
      `k0:${Buffer.alloc(32).toString('base64')},k0:${Buffer.alloc(32, 1).toString('base64')}`,
    ],
  ])('names %s when it is "%s"', (name, value) => {
    const problems = problemsOf({ ...REQUIRED, [name]: value });
    expect(problems).toEqual([expect.stringContaining(name)]);
  });

  it('reads retired encryption keys by id', () => {
    const config = loadConfig({
      ...REQUIRED,
      DATA_ENCRYPTION_KEY_ID: 'k3',
      DATA_ENCRYPTION_OLD_KEYS: ` k1:${Buffer.alloc(32, 1).toString('base64')}, k2:${Buffer.alloc(32, 2).toString('base64')}`,
    });
    expect([...config.dataEncryptionOldKeys.entries()]).toEqual([
      ['k1', Buffer.alloc(32, 1)],
      ['k2', Buffer.alloc(32, 2)],
    ]);
    expect(loadConfig(REQUIRED).dataEncryptionOldKeys.size).toBe(0);
  });

  it('never repeats a retired key in its messages', () => {
    const key = Buffer.alloc(31, 9).toString('base64');
    expect(problemsOf({ ...REQUIRED, DATA_ENCRYPTION_OLD_KEYS: `k0:${key}` }).join('\n')).not.toContain(key);
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
        expect.stringContaining('PUBLIC_BASE_URL is required when SMS_TRANSPORT=twilio'),
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
        PUBLIC_BASE_URL: TWILIO.PUBLIC_BASE_URL,
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

    it('refuses log in production while Twilio credentials are set, in one problem naming SMS_TRANSPORT', () => {
      const env = { ...REQUIRED, ...TWILIO, NODE_ENV: 'production', SMS_TRANSPORT: 'log' };
      expect(problemsOf(env)).toEqual([
        expect.stringMatching(/^SMS_TRANSPORT is log in production .*staging/),
      ]);
      expect(problemsOf({ ...env, TWILIO_MESSAGING_SERVICE_SID: '', TWILIO_AUTH_TOKEN: '' })).toHaveLength(1);
      expect(loadConfig({ ...REQUIRED, NODE_ENV: 'production', SMS_TRANSPORT: 'log' }).smsTransport).toBe(
        'log',
      );
    });

    it('allows log in production on a staging box that says so, and only there enables the simulator', () => {
      const production = { ...REQUIRED, ...TWILIO, NODE_ENV: 'production', SMS_TRANSPORT: 'log' };
      const staging = loadConfig({ ...production, ALLOW_LOG_TRANSPORT_IN_PRODUCTION: 'true' });
      expect(staging).toMatchObject({ smsTransport: 'log', smsSimulatorEnabled: true });
      const plain = { ...REQUIRED, NODE_ENV: 'production' };
      expect(loadConfig(plain)).toMatchObject({ smsTransport: 'log', smsSimulatorEnabled: false });
      expect(loadConfig(REQUIRED).smsSimulatorEnabled).toBe(true);
      expect(loadConfig({ ...REQUIRED, ...TWILIO }).smsSimulatorEnabled).toBe(false);
      expect(problemsOf({ ...plain, ALLOW_LOG_TRANSPORT_IN_PRODUCTION: 'yes' })).toEqual([
        expect.stringContaining('ALLOW_LOG_TRANSPORT_IN_PRODUCTION must be true or false'),
      ]);
    });

    it('warns when Twilio would have to call a local or plain-http PUBLIC_BASE_URL', () => {
      const warningFor = (url: string) =>
        publicBaseUrlWarning(loadConfig({ ...REQUIRED, ...TWILIO, PUBLIC_BASE_URL: url }));
      expect(warningFor('https://vecino.example.org')).toBeNull();
      expect(warningFor('http://localhost:3000')).toMatch(/^PUBLIC_BASE_URL is http:\/\/localhost:3000, /);
      expect(warningFor('https://127.0.0.1')).toContain('PUBLIC_BASE_URL');
      expect(warningFor('http://vecino.example.org')).toContain('https');
      expect(publicBaseUrlWarning(loadConfig(REQUIRED))).toBeNull();
    });
  });

  describe('the unknown-number reply', () => {
    it('defaults to the built-in text in both languages', () => {
      expect(loadConfig(REQUIRED).unknownNumberReply).toEqual(DEFAULT_UNKNOWN_NUMBER_REPLY);
    });

    it('takes the network’s own texts when they fit three segments together', () => {
      const texts = {
        UNKNOWN_NUMBER_REPLY_EN: 'Wrong number.',
        UNKNOWN_NUMBER_REPLY_ES: 'Número equivocado.',
      };
      expect(loadConfig({ ...REQUIRED, ...texts }).unknownNumberReply).toEqual({
        en: 'Wrong number.',
        es: 'Número equivocado.',
      });
      expect(problemsOf({ ...REQUIRED, UNKNOWN_NUMBER_REPLY_ES: 'ú'.repeat(200) })).toEqual([
        expect.stringMatching(
          /^UNKNOWN_NUMBER_REPLY_EN and UNKNOWN_NUMBER_REPLY_ES together are \d SMS segments \(UCS-2\)/,
        ),
      ]);
    });
  });

  describe('loadDatabaseConfig', () => {
    it('needs DATABASE_URL only', () => {
      expect(loadDatabaseConfig({ DATABASE_URL: REQUIRED.DATABASE_URL, NODE_ENV: 'production' })).toEqual({
        nodeEnv: 'production',
        databaseUrl: REQUIRED.DATABASE_URL,
      });
    });

    it('validates it as loadConfig does', () => {
      expect(() => loadDatabaseConfig({})).toThrow('DATABASE_URL is required');
      expect(() => loadDatabaseConfig({ DATABASE_URL: 'mysql://db/vecino' })).toThrow(
        'DATABASE_URL must use',
      );
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

  describe('SHIFT_REMINDERS', () => {
    it('defaults to 24h and 2h before, earliest first, and takes d, h and m in any order', () => {
      expect(loadConfig(REQUIRED).shiftReminders).toEqual([
        { label: '24h', minutes: 1440 },
        { label: '2h', minutes: 120 },
      ]);
      expect(loadConfig({ ...REQUIRED, SHIFT_REMINDERS: ' 30m , 2d ' }).shiftReminders).toEqual([
        { label: '2d', minutes: 2880 },
        { label: '30m', minutes: 30 },
      ]);
    });

    it('is off when set to the empty string', () => {
      expect(loadConfig({ ...REQUIRED, SHIFT_REMINDERS: '' }).shiftReminders).toEqual([]);
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

    it.each(['.env.example', 'docker/app.env.example'])('%s leaves SMS_TRANSPORT to be chosen', (file) => {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      expect(text).toMatch(/^SMS_TRANSPORT=$/m);
    });

    it('docker/app.env.example uses the same names, and docker/.env.example only the database password', () => {
      const known = new Set(variablesRead());
      expect(variablesIn('docker/app.env.example').filter((name) => !known.has(name))).toEqual([]);
      expect(variablesIn('docker/.env.example')).toEqual(['POSTGRES_PASSWORD']);
    });

    it('docker/app.env.example gives PUBLIC_BASE_URL a placeholder that passes as an https origin', () => {
      const text = readFileSync(new URL('../../docker/app.env.example', import.meta.url), 'utf8');
      const url = /^PUBLIC_BASE_URL=(.+)$/m.exec(text)?.[1];
      expect(url).toBeDefined();
      expect(publicBaseUrlWarning({ smsTransport: 'twilio', publicBaseUrl: url! })).toBeNull();
    });
  });
});
