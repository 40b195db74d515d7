import { Body, Controller, HttpCode, HttpStatus, Post, Query, UseGuards } from '@nestjs/common';
import { SkipRateLimit } from '../../rate-limit/rate-limit.js';
import { TwilioSignatureGuard } from '../twilio-signature.js';
import { MessageStatusCallbacksService } from './message-status-callbacks.service.js';

/** Twilio's status callback form (the fields used; Twilio sends more). */
interface StatusCallbackForm {
  MessageSid?: string;
  MessageStatus?: string;
  ErrorCode?: string;
}

/** Delivery receipts for outbound texts, signed by Twilio; answered at once, with no body. */
@Controller('webhooks/twilio')
@SkipRateLimit()
export class TwilioStatusController {
  constructor(private readonly callbacks: MessageStatusCallbacksService) {}

  @Post('status')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(TwilioSignatureGuard)
  async status(@Body() form: StatusCallbackForm, @Query('messageId') messageId?: string): Promise<void> {
    await this.callbacks.apply({
      providerSid: form.MessageSid?.trim() ?? '',
      providerStatus: form.MessageStatus ?? '',
      errorCode: form.ErrorCode?.trim() || null,
      messageId: messageId ?? null,
    });
  }
}
