import { randomBytes } from 'node:crypto';
import { SmsTransport, type OutboundSms, type SmsSendResult } from './sms-transport.js';

/**
 * The development transport: prints each text on stdout so the whole flow runs on a laptop without a Twilio
 * account. The recipient is shown by its last four digits only, since stdout ends up in logs.
 */
export class LogSmsTransport extends SmsTransport {
  readonly name = 'log';

  async send(sms: OutboundSms): Promise<SmsSendResult> {
    const providerSid = `SM${randomBytes(16).toString('hex')}`;
    process.stdout.write(`[sms → …${sms.to.slice(-4)}] ${sms.body.replace(/\r?\n/g, ' ⏎ ')}\n`);
    return { providerSid, providerStatus: 'sent' };
  }
}
