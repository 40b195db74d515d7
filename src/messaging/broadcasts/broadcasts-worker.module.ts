import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PubSubModule } from '../../graphql/pubsub.js';
import { OutboundQueueModule } from '../outbound/outbound-queue.module.js';
import { BroadcastFanOutProcessor } from './broadcast-fan-out.processor.js';
import { BroadcastFanOutReconciler } from './broadcast-fan-out.reconciler.js';
import { BroadcastProgressMonitor } from './broadcast-progress.monitor.js';
import { BroadcastViews } from './broadcast-views.js';
import { Broadcast } from './broadcast.entity.js';
import { BROADCASTS_QUEUE } from './broadcasts.queue.js';

/** Broadcasts (worker side): the fan-out processor, its reconciler, and completion and progress events. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Broadcast]),
    BullModule.registerQueue({ name: BROADCASTS_QUEUE }),
    OutboundQueueModule,
    PubSubModule,
  ],
  providers: [BroadcastViews, BroadcastFanOutProcessor, BroadcastFanOutReconciler, BroadcastProgressMonitor],
})
export class BroadcastsWorkerModule {}
