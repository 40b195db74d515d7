import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { OFFER_EXPIRY_QUEUE } from './offer-expiry.queue.js';

/** The offer-expiry queue, for producers (the API's offers, the worker's auto-dispatch); the worker consumes it. */
@Module({
  imports: [BullModule.registerQueue({ name: OFFER_EXPIRY_QUEUE })],
  exports: [BullModule],
})
export class OfferExpiryQueueModule {}
