import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { LogSmsTransport } from '../transport/log.transport.js';
import { SmsTransport } from '../transport/sms-transport.js';
import { TwilioSmsTransport } from '../transport/twilio.transport.js';

/** A send that has not answered by then is abandoned and retried (its outcome unknown: see the sender). */
const TWILIO_TIMEOUT_MS = 15_000;

/**
 * `SmsTransport` as configured: Twilio when SMS_TRANSPORT=twilio (credentials checked by loadConfig), else log.
 */
export const smsTransportProvider: Provider = {
  provide: SmsTransport,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): SmsTransport => {
    return config.smsTransport === 'twilio' && config.twilio
      ? new TwilioSmsTransport({
          accountSid: config.twilio.accountSid,
          authToken: config.twilio.authToken,
          messagingServiceSid: config.twilio.messagingServiceSid ?? undefined,
          fromNumber: config.twilio.fromNumber ?? undefined,
          apiBaseUrl: config.twilio.apiBaseUrl,
          timeoutMs: TWILIO_TIMEOUT_MS,
        })
      : new LogSmsTransport({ showBody: config.nodeEnv !== 'production' });
  },
};
