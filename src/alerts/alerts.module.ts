import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PubSubModule } from '../graphql/pubsub.js';
import { BroadcastOutboxModule } from '../messaging/broadcasts/broadcast-outbox.module.js';
import { InboundSmsModule } from '../messaging/inbound/inbound-sms.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { AlertEvents } from './alert-events.js';
import { AlertLifecycle } from './alert-lifecycle.js';
import { AlertResponder } from './alert-responder.entity.js';
import { AlertSmsCommands } from './alert-sms-commands.js';
import { AlertTransition } from './alert-transition.entity.js';
import { AlertVerification } from './alert-verification.entity.js';
import { Alert } from './alert.entity.js';
import { AlertsResolver, AlertTransitionResolver } from './alerts.resolver.js';
import { AlertsService } from './alerts.service.js';

/** Rapid-response alerts (API side): the GraphQL API for dispatchers and the SMS commands for volunteers. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Alert, AlertTransition, AlertVerification, AlertResponder]),
    MessagingModule,
    InboundSmsModule,
    BroadcastOutboxModule,
    ZonesModule,
    PubSubModule,
  ],
  providers: [
    AlertsService,
    AlertLifecycle,
    AlertEvents,
    AlertsResolver,
    AlertTransitionResolver,
    AlertSmsCommands,
  ],
})
export class AlertsModule {}
