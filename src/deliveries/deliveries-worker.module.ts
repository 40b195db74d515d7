import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PubSubModule } from '../graphql/pubsub.js';
import { OutboundQueueModule } from '../messaging/outbound/outbound-queue.module.js';
import { ProtectedDataModule } from '../protected-data/protected-data.module.js';
import { DeliveryOffer } from './delivery-offer.entity.js';
import { DeliveryRequestEvents } from './delivery-request-events.js';
import { DeliveryTexts } from './delivery-texts.js';
import { OfferExpiryQueueModule } from './offer-expiry-queue.module.js';
import { OfferExpiryProcessor } from './offer-expiry.processor.js';
import { OffersService } from './offers.service.js';

/**
 * Worker side of deliveries: the offer-expiry processor (and auto-dispatch's next offer after an expiry), whose
 * changes are published to `deliveryRequestUpdated` like the API's.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([DeliveryOffer]),
    OutboundQueueModule,
    OfferExpiryQueueModule,
    ProtectedDataModule,
    PubSubModule,
  ],
  providers: [DeliveryTexts, OffersService, OfferExpiryProcessor, DeliveryRequestEvents],
})
export class DeliveriesWorkerModule {}
