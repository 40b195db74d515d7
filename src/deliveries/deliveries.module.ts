import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { PubSubModule } from '../graphql/pubsub.js';
import { InboundSmsModule } from '../messaging/inbound/inbound-sms.module.js';
import { ProtectedDataModule } from '../protected-data/protected-data.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { DeliveriesResolver, DeliveryTransitionResolver } from './deliveries.resolver.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryMineSection } from './delivery-mine-section.js';
import { DeliveryRequestEvents } from './delivery-request-events.js';
import { DeliveryRequest } from './delivery-request.entity.js';
import { DeliveryTransition } from './delivery-transition.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([DeliveryRequest, DeliveryTransition]),
    ZonesModule,
    ProtectedDataModule,
    AuditModule,
    PubSubModule,
    InboundSmsModule,
  ],
  providers: [
    DeliveriesService,
    DeliveryRequestEvents,
    DeliveryMineSection,
    DeliveriesResolver,
    DeliveryTransitionResolver,
  ],
  exports: [DeliveriesService],
})
export class DeliveriesModule {}
