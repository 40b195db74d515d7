import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PubSubModule } from '../../graphql/pubsub.js';
import { ZonesModule } from '../../zones/zones.module.js';
import { BroadcastOutboxModule } from './broadcast-outbox.module.js';
import { BroadcastViews } from './broadcast-views.js';
import { Broadcast } from './broadcast.entity.js';
import { BroadcastsResolver } from './broadcasts.resolver.js';
import { BroadcastsService } from './broadcasts.service.js';

/**
 * Broadcasts (API side): sendBroadcast, broadcast, broadcasts, cancelBroadcast, broadcastProgress; features send
 * to a segment or an audience of their own through BroadcastOutbox (BroadcastOutboxModule).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Broadcast]), BroadcastOutboxModule, ZonesModule, PubSubModule],
  providers: [BroadcastsService, BroadcastViews, BroadcastsResolver],
})
export class BroadcastsModule {}
