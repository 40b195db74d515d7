import { jest } from '@jest/globals';
import { Logger, type FactoryProvider } from '@nestjs/common';
import { loadConfig } from '../../config/config.js';
import { LogSmsTransport } from '../transport/log.transport.js';
import type { SmsTransport } from '../transport/sms-transport.js';
import { TwilioSmsTransport } from '../transport/twilio.transport.js';
import { smsTransportProvider } from './sms-transport.provider.js';

const REQUIRED = {
  DATABASE_URL: 'postgres://vecino@db.internal:5432/vecino',
  REDIS_URL: 'redis://cache.internal:6379',
  JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};
const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'0a'.repeat(16)}`,
  TWILIO_AUTH_TOKEN: 'twilio-auth-token',
  TWILIO_MESSAGING_SERVICE_SID: `MG${'1b'.repeat(16)}`,
};

describe('smsTransportProvider', () => {
  let warnings: string[];
  const build = (env: Record<string, string>): SmsTransport =>
    (smsTransportProvider as FactoryProvider<SmsTransport>).useFactory(
      loadConfig({ ...REQUIRED, ...env }),
    ) as SmsTransport;

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('warns loudly at start when Twilio would have to call a local or plain-http PUBLIC_BASE_URL', () => {
    expect(build({ ...TWILIO, PUBLIC_BASE_URL: 'http://localhost:3000' })).toBeInstanceOf(TwilioSmsTransport);
    expect(warnings).toEqual([
      expect.stringMatching(/^WARNING: PUBLIC_BASE_URL is http:\/\/localhost:3000, /),
    ]);
  });

  it('says nothing for a public https origin, or with the log transport', () => {
    expect(build({ ...TWILIO, PUBLIC_BASE_URL: 'https://vecino.example.org' })).toBeInstanceOf(
      TwilioSmsTransport,
    );
    expect(build({})).toBeInstanceOf(LogSmsTransport);
    expect(warnings).toEqual([]);
  });
});
