import { Module } from '@nestjs/common';
import { PubSubModule } from '../graphql/pubsub.js';
import { BroadcastOutboxModule } from '../messaging/broadcasts/broadcast-outbox.module.js';
import { OutboundQueueModule } from '../messaging/outbound/outbound-queue.module.js';
import { ZonesServiceModule } from '../zones/zones-service.module.js';
import { AlertEvents } from './alert-events.js';
import { AlertExpiry } from './alert-expiry.js';
import { AlertLifecycle } from './alert-lifecycle.js';
import { AlertRetention } from './alert-retention.js';

/** Rapid-response alerts (worker side): expiry with stand-down texts, and retention of their details. */
@Module({
  imports: [OutboundQueueModule, BroadcastOutboxModule, ZonesServiceModule, PubSubModule],
  providers: [AlertLifecycle, AlertEvents, AlertExpiry, AlertRetention],
})
export class AlertsWorkerModule {}
