import { BadRequestException, Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { SkipRateLimit } from '../../rate-limit/rate-limit.js';
import { TwilioSignatureGuard } from '../twilio-signature.js';
import { InboundCommandQueue } from './inbound-command-queue.js';
import { InboundSmsService } from './inbound-sms.service.js';

/** An empty TwiML answer: replies go out through the outbound pipeline (tracked, retried, rate-limited). */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const MAX_SID_LENGTH = 64;
/** Twilio attaches at most 10 media to a message. */
const MAX_MEDIA = 10;

/** Twilio's inbound SMS webhook (form-encoded: MessageSid, From, To, Body, NumMedia, …). */
@Controller('webhooks/twilio/sms')
@SkipRateLimit()
@UseGuards(TwilioSignatureGuard)
export class InboundSmsController {
  constructor(
    private readonly inbound: InboundSmsService,
    private readonly commands: InboundCommandQueue,
  ) {}

  /**
   * 200 as soon as the text is stored (once per MessageSid); its command runs after the answer, in
   * InboundCommandQueue, and its replies go out through the outbox. A text whose command fails, or which the
   * process dies before running, stays unprocessed and the retry sweep runs it; a Twilio retry of the same
   * MessageSid re-queues a text still unprocessed and is a no-op for one already processed.
   */
  @Post()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async receive(@Body() form: Record<string, unknown>): Promise<string> {
    const providerSid = form.MessageSid ?? form.SmsSid;
    const from = form.From;
    if (typeof providerSid !== 'string' || !providerSid || providerSid.length > MAX_SID_LENGTH) {
      throw new BadRequestException('MessageSid is required');
    }
    if (typeof from !== 'string' || !from.trim()) throw new BadRequestException('From is required');
    const body = typeof form.Body === 'string' ? form.Body : '';
    const mediaCount = typeof form.NumMedia === 'string' ? Number.parseInt(form.NumMedia, 10) : 0;
    // A failure to store (the database away) is a 5xx: Twilio's retry (README, SMS) or fallback URL gets the text.
    const messageId = await this.inbound.store({
      providerSid,
      from,
      body,
      mediaCount: Number.isInteger(mediaCount) && mediaCount > 0 ? Math.min(mediaCount, MAX_MEDIA) : 0,
    });
    if (messageId) this.commands.enqueue(messageId);
    return EMPTY_TWIML;
  }
}
