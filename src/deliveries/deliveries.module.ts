import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { InboundSmsModule } from '../messaging/inbound/inbound-sms.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { PubSubModule } from '../graphql/pubsub.js';
import { ProtectedDataModule } from '../protected-data/protected-data.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { DeliveriesResolver, DeliveryTransitionResolver } from './deliveries.resolver.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryOffer } from './delivery-offer.entity.js';
import { DeliveryMineSection } from './delivery-mine-section.js';
import { DeliveryRequestEvents } from './delivery-request-events.js';
import { DeliveryRequest } from './delivery-request.entity.js';
import { DeliverySmsCommands } from './delivery-sms-commands.js';
import { DeliveryTexts } from './delivery-texts.js';
import { OfferExpiryQueueModule } from './offer-expiry-queue.module.js';
import { OffersService } from './offers.service.js';
import { DeliveryTransition } from './delivery-transition.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([DeliveryRequest, DeliveryTransition, DeliveryOffer]),
    ZonesModule,
    MessagingModule,
    InboundSmsModule,
    OfferExpiryQueueModule,
    ProtectedDataModule,
    AuditModule,
    PubSubModule,
  ],
  providers: [
    DeliveriesService,
    DeliveryRequestEvents,
    DeliveryMineSection,
    DeliveriesResolver,
    DeliveryTransitionResolver,
    DeliveryTexts,
    OffersService,
    DeliverySmsCommands,
  ],
  exports: [DeliveriesService],
})
export class DeliveriesModule {}
