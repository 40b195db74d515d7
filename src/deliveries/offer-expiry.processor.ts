import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { OFFER_EXPIRY_QUEUE, type ExpireOfferJobData } from './offer-expiry.queue.js';
import { OffersService } from './offers.service.js';

/** Expires an offer when its job comes due (see OffersService.expire); idempotent, so a late or repeated job is harmless. */
@Processor(OFFER_EXPIRY_QUEUE)
export class OfferExpiryProcessor extends WorkerHost {
  constructor(private readonly offers: OffersService) {
    super();
  }

  async process(job: Job<ExpireOfferJobData>, token?: string): Promise<string> {
    const result = await this.offers.expire(job.data.offerId);
    if (result.outcome === 'not-due') {
      // Early by the app's clock (BullMQ delays run on real time): wait the rest.
      await job.moveToDelayed(Date.now() + result.dueInMs, token);
      throw new DelayedError();
    }
    return result.outcome;
  }
}
