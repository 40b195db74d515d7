import { ProtectedDataModule } from '../../protected-data/protected-data.module.js';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { OutboundMessagesService } from './outbound-messages.service.js';
import { SMS_OUTBOUND_QUEUE } from './outbound.queue.js';

/** The producer side of outbound texts, shared by the API and the worker (whose reconciler dispatches too). */
@Module({
  imports: [BullModule.registerQueue({ name: SMS_OUTBOUND_QUEUE }), ProtectedDataModule],
  providers: [OutboundMessagesService],
  exports: [OutboundMessagesService, BullModule],
})
export class OutboundQueueModule {}
