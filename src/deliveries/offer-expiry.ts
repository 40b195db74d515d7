import { nextSendableTime, type QuietHours } from '../messaging/text/quiet-hours.js';

/**
 * When an offer made `now` expires: OFFER_EXPIRY_MINUTES after its text goes out. A non-urgent text waits out
 * quiet hours (an offer made at 22:00 expires 30 minutes after 08:00); a HIGH-urgency one goes at once.
 */
export function offerExpiresAt(
  now: Date,
  urgent: boolean,
  settings: { quietHours: QuietHours | null; networkTimezone: string; offerExpiryMinutes: number },
): Date {
  const sentAt = urgent ? now : nextSendableTime(now, settings.quietHours, settings.networkTimezone);
  return new Date(Math.max(now.getTime(), sentAt.getTime()) + settings.offerExpiryMinutes * 60_000);
}

/** Whether a pending offer can still be accepted at `now`. */
export function isOfferOpen(offer: { expiresAt: Date }, now: Date): boolean {
  return offer.expiresAt.getTime() > now.getTime();
}
