import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import proxyAddr from 'proxy-addr';
import { parseQuietHours, type QuietHours } from '../messaging/text/quiet-hours.js';
import { MAX_SEGMENTS, countSegments } from '../messaging/text/sms-text.js';
import { renderTemplate } from '../messaging/text/templates.js';
import { parseReminderOffsets, type ReminderOffset } from '../shifts/shift-reminder-schedule.js';

export type SmsTransportName = 'log' | 'twilio';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  messagingServiceSid: string | null;
  fromNumber: string | null;
  apiBaseUrl: string;
}

/** What a database-only command (`migrate`) needs: parsed by the same rules as the servers' configuration. */
export interface DatabaseConfig {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
}

/** How texts leave, and who may simulate them. */
export interface SmsConfig {
  smsTransport: SmsTransportName;
  twilio: TwilioConfig | null;
  /**
   * TWILIO_AUTH_TOKEN whatever the transport: it checks webhook signatures, which a staging box on `log` still
   * receives. Null: every webhook is refused.
   */
  webhookAuthToken: string | null;
  /** TWILIO_FROM_NUMBER whatever the transport: the network's own number is never a volunteer's. */
  senderNumber: string | null;
  publicBaseUrl: string;
  /**
   * `simulateInboundSms` and `cli sms` exist: the `log` transport, outside production or on a staging box that
   * set ALLOW_LOG_TRANSPORT_IN_PRODUCTION=true.
   */
  smsSimulatorEnabled: boolean;
  /** The one reply an unknown number gets (at most daily), in both languages since we cannot know theirs. */
  unknownNumberReply: { en: string; es: string };
}

export interface AppConfig extends DatabaseConfig, SmsConfig {
  port: number;
  redisUrl: string;
  /** Prefix of every BullMQ key, so several deployments (or test runs) can share one Redis. */
  queuePrefix: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** 32-byte AES-256-GCM key for protected fields, with the id stored beside each ciphertext for rotation. */
  dataEncryptionKey: Buffer;
  dataEncryptionKeyId: string;
  /** Retired keys by id, still read (never written) until `rotate-key` has re-encrypted everything under theirs. */
  dataEncryptionOldKeys: Map<string, Buffer>;
  smsRatePerSecond: number;
  /** First retry delay of a failed send; later retries double it (with jitter). */
  smsRetryBaseMs: number;
  /** How often the worker re-enqueues outbound texts that have no live job (e.g. after Redis lost its data). */
  outboxReconcileIntervalMs: number;
  networkTimezone: string;
  /** Null when quiet hours are off (QUIET_HOURS set empty). */
  quietHours: QuietHours | null;
  defaultPhoneRegion: CountryCode;
  piiRetentionDays: number;
  /** Message bodies (in and out, whatever their state) are wiped this many days after they were written. */
  messageRetentionDays: number;
  /** A volunteer may drop a shift by SMS until this many hours before it starts; later, a coordinator must. */
  shiftDropCutoffHours: number;
  /** A delivery offer expires this many minutes after its text goes out (quiet hours hold a non-urgent one). */
  offerExpiryMinutes: number;
  /** An open alert expires this many hours after it was reported. */
  alertTtlHours: number;
  /** SEEN replies that confirm an alert (a coordinator's confirmAlert does too). */
  alertConfirmations: number;
  /** Responders counted per alert; later OMW replies are thanked and asked to stand by. */
  alertResponderTarget: number;
  /** SHIFT_REMINDERS: when volunteers are reminded before a shift, earliest first; empty when turned off. */
  shiftReminders: ReminderOffset[];
  /** After this many no-shows a volunteer can no longer claim a shift by SMS (a coordinator still assigns them). */
  noShowLimit: number;
  runMigrationsOnStart: boolean;
  logLevel: string;
  graphqlMaxDepth: number;
  graphqlMaxComplexity: number;
  /** Express's `trust proxy`: which peers' X-Forwarded-For decides the client address (rate limits, logs). */
  trustProxy: boolean | number | string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** The shared readers of one environment; each pushes a problem naming its variable onto `problems`. */
function envReader(env: Env, problems: string[]) {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const required = (name: string, hint: string): string => {
    const value = read(name);
    if (value === undefined) problems.push(`${name} is required (${hint})`);
    return value ?? '';
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string): boolean | undefined => {
    const raw = read(name);
    if (raw !== undefined && !['true', 'false'].includes(raw)) {
      problems.push(`${name} must be true or false, got "${raw}"`);
    }
    return raw === undefined ? undefined : raw === 'true';
  };
  const url = (name: string, value: string, protocols: string[]): string => {
    if (!value) return value;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return value;
  };
  return { problems, read, required, integer, flag, url };
}

type EnvReader = ReturnType<typeof envReader>;

function readDatabaseSection({ problems, read, required, url }: EnvReader): DatabaseConfig {
  const nodeEnvRaw = read('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const databaseUrl = url(
    'DATABASE_URL',
    required('DATABASE_URL', 'e.g. postgres://user:pass@host:5432/vecino'),
    ['postgres:', 'postgresql:'],
  );
  return { nodeEnv: nodeEnvRaw as DatabaseConfig['nodeEnv'], databaseUrl };
}

/** NODE_ENV and DATABASE_URL only, validated as loadConfig does: for commands that need nothing else. */
export function loadDatabaseConfig(env: Env): DatabaseConfig {
  const problems: string[] = [];
  const config = readDatabaseSection(envReader(env, problems));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Reads and validates the environment once; every problem is reported together, each naming its variable. */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const reader = envReader(env, problems);
  const { read, required, integer, flag, url } = reader;
  const { nodeEnv, databaseUrl } = readDatabaseSection(reader);

  const redisUrl = url('REDIS_URL', required('REDIS_URL', 'e.g. redis://host:6379'), ['redis:', 'rediss:']);

  const jwtSecret = required('JWT_SECRET', 'a random string of at least 32 characters');
  if (jwtSecret && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters long');

  const keyRaw = required('DATA_ENCRYPTION_KEY', '32 random bytes, base64: `openssl rand -base64 32`');
  const dataEncryptionKey = Buffer.from(keyRaw, 'base64');
  if (keyRaw && !isAes256Key(keyRaw)) {
    problems.push(
      'DATA_ENCRYPTION_KEY must be exactly 32 bytes encoded in base64 (`openssl rand -base64 32`)',
    );
  }
  const dataEncryptionKeyId = read('DATA_ENCRYPTION_KEY_ID') ?? 'k1';
  if (!KEY_ID.test(dataEncryptionKeyId)) {
    problems.push(
      `DATA_ENCRYPTION_KEY_ID must be 1 to 32 letters, digits, _ or -, got "${dataEncryptionKeyId}"`,
    );
  }
  const dataEncryptionOldKeys = parseOldKeys(read('DATA_ENCRYPTION_OLD_KEYS'), dataEncryptionKeyId, problems);

  const port = integer('PORT', 3000, 1, 65535);
  const sms = readSmsSection(reader, nodeEnv, port);

  const networkTimezone = read('NETWORK_TIMEZONE') ?? 'America/Chicago';
  if (!DateTime.now().setZone(networkTimezone).isValid) {
    problems.push(
      `NETWORK_TIMEZONE must be an IANA time zone such as America/Chicago, got "${networkTimezone}"`,
    );
  }
  // QUIET_HOURS set to the empty string turns quiet hours off, so it is read raw.
  let quietHours: QuietHours | null = null;
  try {
    quietHours = parseQuietHours(env.QUIET_HOURS ?? '21:00-08:00');
  } catch (error) {
    problems.push((error as Error).message);
  }

  const region = (read('DEFAULT_PHONE_REGION') ?? 'US').toUpperCase();
  if (!isSupportedCountry(region)) {
    problems.push(`DEFAULT_PHONE_REGION must be a two-letter country code such as US, got "${region}"`);
  }

  const smsRateRaw = read('SMS_RATE_PER_SECOND');
  const smsRatePerSecond = smsRateRaw === undefined ? 1 : Number(smsRateRaw);
  if (!(smsRatePerSecond > 0 && smsRatePerSecond <= 1000)) {
    problems.push(`SMS_RATE_PER_SECOND must be a number above 0 and at most 1000, got "${smsRateRaw}"`);
  }

  let shiftReminders: ReminderOffset[] = [];
  try {
    // Set empty, SHIFT_REMINDERS turns reminders off, so it is read raw.
    shiftReminders = parseReminderOffsets(env.SHIFT_REMINDERS ?? '24h,2h');
  } catch (error) {
    problems.push((error as Error).message);
  }

  const runMigrationsOnStart = flag('RUN_MIGRATIONS_ON_START') ?? nodeEnv !== 'production';

  const trustProxy = parseTrustProxy(read('TRUST_PROXY') ?? DEFAULT_TRUST_PROXY, problems);

  const config: AppConfig = {
    nodeEnv,
    port,
    databaseUrl,
    redisUrl,
    queuePrefix: read('QUEUE_PREFIX') ?? 'vecino',
    jwtSecret,
    jwtTtlSeconds: integer('JWT_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600),
    dataEncryptionKey,
    dataEncryptionKeyId,
    dataEncryptionOldKeys,
    ...sms,
    smsRatePerSecond,
    smsRetryBaseMs: integer('SMS_RETRY_BASE_MS', 2000, 1, 600_000),
    outboxReconcileIntervalMs: integer('OUTBOX_RECONCILE_INTERVAL_MS', 30_000, 100, 3_600_000),
    networkTimezone,
    quietHours,
    defaultPhoneRegion: region as CountryCode,
    piiRetentionDays: integer('PII_RETENTION_DAYS', 14, 1, 3650),
    messageRetentionDays: integer('MESSAGE_RETENTION_DAYS', 30, 1, 3650),
    shiftDropCutoffHours: integer('SHIFT_DROP_CUTOFF_HOURS', 3, 0, 24 * 14),
    offerExpiryMinutes: integer('OFFER_EXPIRY_MINUTES', 30, 1, 24 * 60),
    alertTtlHours: integer('ALERT_TTL_HOURS', 12, 1, 24 * 7),
    alertConfirmations: integer('ALERT_CONFIRMATIONS', 2, 1, 20),
    alertResponderTarget: integer('ALERT_RESPONDER_TARGET', 10, 1, 10_000),
    shiftReminders,
    noShowLimit: integer('NO_SHOW_LIMIT', 2, 1, 1000),
    runMigrationsOnStart,
    logLevel: read('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    graphqlMaxDepth: integer('GRAPHQL_MAX_DEPTH', 8, 2, 50),
    graphqlMaxComplexity: integer('GRAPHQL_MAX_COMPLEXITY', 2000, 10, 1_000_000),
    trustProxy,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The unknown-number reply when the network sets none: true, and silent about who is behind the number. */
export const DEFAULT_UNKNOWN_NUMBER_REPLY = {
  en: 'This number only answers registered volunteers. If someone gave it to you, please ask them.',
  es: 'Este teléfono solo atiende a voluntarios registrados. Si alguien te lo dio, habla con esa persona.',
};

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/**
 * SMS_TRANSPORT and its companions. Unset, the transport is `twilio` when the credentials and a sender are set.
 * In production `log` with Twilio credentials present would text no one in silence, so it is refused unless
 * ALLOW_LOG_TRANSPORT_IN_PRODUCTION=true says this is a staging box.
 */
function readSmsSection(
  { problems, read, flag, url }: EnvReader,
  nodeEnv: DatabaseConfig['nodeEnv'],
  port: number,
): SmsConfig {
  const twilioSid = read('TWILIO_ACCOUNT_SID');
  const twilioToken = read('TWILIO_AUTH_TOKEN');
  const messagingServiceSid = read('TWILIO_MESSAGING_SERVICE_SID') ?? null;
  const fromNumber = read('TWILIO_FROM_NUMBER') ?? null;
  const publicBaseUrlRaw = read('PUBLIC_BASE_URL');
  const allowLogInProduction = flag('ALLOW_LOG_TRANSPORT_IN_PRODUCTION') ?? false;
  const twilioComplete = Boolean(twilioSid && twilioToken && (messagingServiceSid || fromNumber));
  const transportRaw = read('SMS_TRANSPORT') ?? (twilioComplete ? 'twilio' : 'log');
  if (transportRaw !== 'log' && transportRaw !== 'twilio') {
    problems.push(`SMS_TRANSPORT must be "log" or "twilio", got "${transportRaw}"`);
  }
  const smsTransport: SmsTransportName = transportRaw === 'twilio' ? 'twilio' : 'log';
  if (
    smsTransport === 'log' &&
    nodeEnv === 'production' &&
    (twilioSid || twilioToken) &&
    !allowLogInProduction
  ) {
    problems.push(
      'SMS_TRANSPORT is log in production while Twilio credentials are set: no text would be sent. Unset ' +
        'SMS_TRANSPORT to send through Twilio, or set ALLOW_LOG_TRANSPORT_IN_PRODUCTION=true on a staging box',
    );
  }
  let twilio: TwilioConfig | null = null;
  if (smsTransport === 'twilio') {
    if (!twilioSid) problems.push('TWILIO_ACCOUNT_SID is required when SMS_TRANSPORT=twilio');
    else if (!/^AC[0-9a-fA-F]{32}$/.test(twilioSid))
      problems.push('TWILIO_ACCOUNT_SID must look like AC + 32 hex');
    if (!twilioToken) problems.push('TWILIO_AUTH_TOKEN is required when SMS_TRANSPORT=twilio');
    if (!messagingServiceSid && !fromNumber) {
      problems.push(
        'TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER is required when SMS_TRANSPORT=twilio',
      );
    }
    if (messagingServiceSid && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid)) {
      problems.push('TWILIO_MESSAGING_SERVICE_SID must look like MG + 32 hex');
    }
    if (!publicBaseUrlRaw) {
      problems.push(
        'PUBLIC_BASE_URL is required when SMS_TRANSPORT=twilio (the public https origin Twilio calls, ' +
          'e.g. https://vecino.example.org)',
      );
    }
    twilio = {
      accountSid: twilioSid ?? '',
      authToken: twilioToken ?? '',
      messagingServiceSid,
      fromNumber,
      apiBaseUrl: url('TWILIO_API_BASE_URL', read('TWILIO_API_BASE_URL') ?? 'https://api.twilio.com', [
        'https:',
        'http:',
      ]).replace(/\/+$/, ''),
    };
  }
  const publicBaseUrl = url('PUBLIC_BASE_URL', publicBaseUrlRaw ?? `http://localhost:${port}`, [
    'https:',
    'http:',
  ]).replace(/\/+$/, '');

  const unknownNumberReply = {
    en: read('UNKNOWN_NUMBER_REPLY_EN') ?? DEFAULT_UNKNOWN_NUMBER_REPLY.en,
    es: read('UNKNOWN_NUMBER_REPLY_ES') ?? DEFAULT_UNKNOWN_NUMBER_REPLY.es,
  };
  const { segments, encoding } = countSegments(
    renderTemplate('unknown_number', 'en', unknownNumberReply).body,
  );
  if (segments > MAX_SEGMENTS) {
    problems.push(
      `UNKNOWN_NUMBER_REPLY_EN and UNKNOWN_NUMBER_REPLY_ES together are ${segments} SMS segments (${encoding}); ` +
        `at most ${MAX_SEGMENTS} are allowed`,
    );
  }

  return {
    smsTransport,
    twilio,
    webhookAuthToken: twilioToken ?? null,
    senderNumber: fromNumber,
    publicBaseUrl,
    smsSimulatorEnabled: smsTransport === 'log' && (nodeEnv !== 'production' || allowLogInProduction),
    unknownNumberReply,
  };
}

/**
 * The warning to log loudly at start, or null: Twilio signs and calls PUBLIC_BASE_URL, so with the `twilio`
 * transport a local or plain-http origin means inbound texts and delivery reports never arrive.
 */
export function publicBaseUrlWarning(
  config: Pick<AppConfig, 'smsTransport' | 'publicBaseUrl'>,
): string | null {
  if (config.smsTransport !== 'twilio') return null;
  const { protocol, hostname } = new URL(config.publicBaseUrl);
  if (protocol === 'https:' && !LOCAL_HOSTNAMES.has(hostname)) return null;
  return (
    `PUBLIC_BASE_URL is ${config.publicBaseUrl}, which Twilio cannot reach over https: inbound texts and ` +
    'delivery reports will not arrive. Set it to the public https origin of the API.'
  );
}

/** A key id is stored inside every ciphertext, between `:` separators, so it is kept short and plain. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function isAes256Key(base64: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(base64) && Buffer.from(base64, 'base64').length === 32;
}

/**
 * DATA_ENCRYPTION_OLD_KEYS: `id:base64,id:base64`, the keys values may still be stored under. Each must be a
 * 32-byte key with a distinct id other than the current one; the message names the entry by its id, never the key.
 */
function parseOldKeys(raw: string | undefined, currentId: string, problems: string[]): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  if (raw === undefined) return keys;
  const entries = raw.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator) : '';
    const key = entry.slice(separator + 1);
    const name = `DATA_ENCRYPTION_OLD_KEYS entry ${index + 1}`;
    if (!KEY_ID.test(id))
      problems.push(`${name} must be <id>:<base64 key>, the id 1 to 32 letters, digits, _ or -`);
    else if (!isAes256Key(key)) problems.push(`${name} (${id}) must be a 32-byte key encoded in base64`);
    else if (id === currentId) problems.push(`${name} (${id}) has the id of DATA_ENCRYPTION_KEY_ID`);
    else if (keys.has(id)) problems.push(`${name} (${id}) repeats an id`);
    else keys.set(id, Buffer.from(key, 'base64'));
  });
  return keys;
}

/** Proxies on this host or a private network may say who the client is; a client on the internet may not. */
export const DEFAULT_TRUST_PROXY = 'loopback, linklocal, uniquelocal';

/** Express's trust-proxy syntax: true/false, a hop count, or addresses, CIDR ranges and the names above. */
function parseTrustProxy(raw: string, problems: string[]): boolean | number | string {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  try {
    proxyAddr.compile(raw.split(',').map((entry) => entry.trim()));
  } catch (error) {
    problems.push(
      `TRUST_PROXY must be true, false, a number of hops, or a comma-separated list of addresses, CIDR ranges, ` +
        `loopback, linklocal or uniquelocal: ${(error as Error).message}`,
    );
  }
  return raw;
}
