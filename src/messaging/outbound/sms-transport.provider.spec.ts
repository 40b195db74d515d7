import type { FactoryProvider } from '@nestjs/common';
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
  const build = (env: Record<string, string>): SmsTransport =>
    (smsTransportProvider as FactoryProvider<SmsTransport>).useFactory(
      loadConfig({ ...REQUIRED, ...env }),
    ) as SmsTransport;

  // The warning about a PUBLIC_BASE_URL Twilio cannot call is logged by both processes at start (startup.e2e-spec).
  it('builds the Twilio transport when Twilio is configured, else the log one', () => {
    expect(build({ ...TWILIO, PUBLIC_BASE_URL: 'https://vecino.example.org' })).toBeInstanceOf(
      TwilioSmsTransport,
    );
    expect(build({})).toBeInstanceOf(LogSmsTransport);
  });
});
