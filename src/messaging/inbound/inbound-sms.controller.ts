import { setTimeout as delay } from 'node:timers/promises';
import {
  BadRequestException,
  Body,
  Controller,
  Header,
  HttpCode,
  Logger,
  Post,
  UseGuards,
} from '@nestjs/common';
import { SkipRateLimit } from '../../rate-limit/rate-limit.js';
import { TwilioSignatureGuard } from '../twilio-signature.js';
import { errorName } from '../../observability/safe-error.js';
import { InboundSmsService } from './inbound-sms.service.js';

/** An empty TwiML answer: replies go out through the outbound pipeline (tracked, retried, rate-limited). */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const MAX_SID_LENGTH = 64;
/** Twilio attaches at most 10 media to a message. */
const MAX_MEDIA = 10;
/**
 * How long the answer waits for the text's command to run. Twilio gives up on a webhook after 15 s (and would
 * retry it): past this budget the answer goes out and the command finishes on its own, or in the retry sweep.
 */
const PROCESSING_BUDGET_MS = 1500;

/** Twilio's inbound SMS webhook (form-encoded: MessageSid, From, To, Body, NumMedia, …). */
@Controller('webhooks/twilio/sms')
@SkipRateLimit()
@UseGuards(TwilioSignatureGuard)
export class InboundSmsController {
  private readonly logger = new Logger(InboundSmsController.name);

  constructor(private readonly inbound: InboundSmsService) {}

  /**
   * 200 once the text is stored, even when running its command fails or takes longer than PROCESSING_BUDGET_MS:
   * the text is kept unprocessed and the retry sweep runs it later, while a Twilio retry of the same MessageSid
   * would only find it already stored.
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
    // A failure to store is a 500: Twilio's fallback URL, if any, gets the text.
    const messageId = await this.inbound.store({
      providerSid,
      from,
      body,
      mediaCount: Number.isInteger(mediaCount) && mediaCount > 0 ? Math.min(mediaCount, MAX_MEDIA) : 0,
    });
    if (messageId) {
      const processing = this.inbound.process(messageId).catch((error: unknown) => {
        this.logger.warn(`inbound message ${messageId} stored, processing failed: ${errorName(error)}`);
      });
      const budget = new AbortController();
      await Promise.race([
        processing,
        delay(PROCESSING_BUDGET_MS, undefined, { signal: budget.signal }).catch(() => undefined),
      ]).finally(() => budget.abort());
    }
    return EMPTY_TWIML;
  }
}
