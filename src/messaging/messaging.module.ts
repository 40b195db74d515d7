import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { VolunteersModule } from '../volunteers/volunteers.module.js';
import { Message } from './message.entity.js';
import { MessagesResolver } from './messages.resolver.js';
import { MessagesService } from './messages.service.js';
import { MessageStatusCallbacksService } from './outbound/message-status-callbacks.service.js';
import { OutboundQueueModule } from './outbound/outbound-queue.module.js';
import { TwilioStatusController } from './outbound/twilio-status.controller.js';
import { TwilioSignatureGuard } from './twilio-signature.js';

/**
 * API side of messaging: outbound pipeline (producers), webhooks, messages and inbox GraphQL. Importers get
 * `OutboundMessagesService` (and the `sms-outbound` queue) and `TwilioSignatureGuard`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Message, Volunteer]), OutboundQueueModule, VolunteersModule],
  controllers: [TwilioStatusController],
  providers: [MessagesService, MessagesResolver, MessageStatusCallbacksService, TwilioSignatureGuard],
  exports: [OutboundQueueModule, TwilioSignatureGuard],
})
export class MessagingModule {}
