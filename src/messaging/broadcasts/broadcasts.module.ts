import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PubSubModule } from '../../graphql/pubsub.js';
import { ZonesModule } from '../../zones/zones.module.js';
import { BroadcastOutbox } from './broadcast-outbox.js';
import { BroadcastViews } from './broadcast-views.js';
import { Broadcast } from './broadcast.entity.js';
import { BROADCASTS_QUEUE } from './broadcasts.queue.js';
import { BroadcastsResolver } from './broadcasts.resolver.js';
import { BroadcastsService } from './broadcasts.service.js';

/**
 * Broadcasts (API side): sendBroadcast, broadcast, broadcasts, cancelBroadcast, broadcastProgress. Importers get
 * `BroadcastOutbox`, to text a segment from their own transaction.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Broadcast]),
    BullModule.registerQueue({ name: BROADCASTS_QUEUE }),
    ZonesModule,
    PubSubModule,
  ],
  providers: [BroadcastsService, BroadcastViews, BroadcastsResolver, BroadcastOutbox],
  exports: [BroadcastOutbox],
})
export class BroadcastsModule {}
