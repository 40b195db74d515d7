/** Delayed jobs that expire delivery offers: one per offer, its id derived from the offer's. */
export const OFFER_EXPIRY_QUEUE = 'delivery-offer-expiry';

export const EXPIRE_OFFER_JOB = 'expire';

export interface ExpireOfferJobData {
  offerId: string;
}

/** Deterministic, so scheduling an offer's expiry twice makes one job. */
export function expireOfferJobId(offerId: string): string {
  return `expire-${offerId}`;
}
