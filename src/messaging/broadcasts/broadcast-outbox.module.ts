import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { BroadcastOutbox } from './broadcast-outbox.js';
import { BROADCASTS_QUEUE } from './broadcasts.queue.js';

/** `BroadcastOutbox` and the fan-out queue it enqueues on, for the API and the worker alike. */
@Module({
  imports: [BullModule.registerQueue({ name: BROADCASTS_QUEUE })],
  providers: [BroadcastOutbox],
  exports: [BroadcastOutbox],
})
export class BroadcastOutboxModule {}
