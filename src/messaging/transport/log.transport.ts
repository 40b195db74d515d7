import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { isTwilioStandInTemplate } from '../text/templates.js';
import { SmsTransport, type OutboundSms, type SmsSendResult } from './sms-transport.js';

export interface LogTransportOptions {
  /**
   * Print the text itself (development). Off in production (a staging box), where stdout is kept as logs: the
   * line then shows the template key and segment count only, and is a log line (JSON, as every line there).
   */
  showBody: boolean;
}

/**
 * The development transport: prints each text on stdout so the whole flow runs on a laptop without a Twilio
 * account. The recipient is shown by its last four digits only (two without bodies, in production), since stdout
 * ends up in logs. A reply standing in for one Twilio itself sends in production is marked as such.
 */
export class LogSmsTransport extends SmsTransport {
  readonly name = 'log';
  private readonly logger = new Logger('LogSmsTransport');

  constructor(private readonly options: LogTransportOptions) {
    super();
  }

  async send(sms: OutboundSms): Promise<SmsSendResult> {
    const providerSid = `SM${randomBytes(16).toString('hex')}`;
    if (this.options.showBody) process.stdout.write(`${this.describe(sms)}\n`);
    else this.logger.log(this.describe(sms));
    return { providerSid, providerStatus: 'sent' };
  }

  private describe({ to, body, templateKey = null, segments = null }: OutboundSms): string {
    const standIn =
      templateKey && isTwilioStandInTemplate(templateKey)
        ? ' (Twilio sends this one itself in production)'
        : '';
    if (!this.options.showBody) {
      const segmentCount =
        segments === null ? 'segments unknown' : `${segments} segment${segments === 1 ? '' : 's'}`;
      return `[sms → …${to.slice(-2)}] template ${templateKey ?? '(none)'}, ${segmentCount}${standIn}`;
    }
    return `[sms → …${to.slice(-4)}]${standIn} ${body.replace(/\r?\n/g, ' ⏎ ')}`;
  }
}
