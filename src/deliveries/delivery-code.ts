import { randomInt } from 'node:crypto';

/** SMS codes are 3 or 4 digits: short to type, never with a leading zero a phone keyboard might drop. */
export const MIN_CODE = 100;
export const MAX_CODE = 9999;

/**
 * How many random codes one create tries before giving up. With n requests open, a try collides with
 * probability n / 9,900; even with 5,000 open the chance that 40 tries all collide is below 1e-11.
 */
export const CODE_ATTEMPTS = 40;

/** A random candidate; uniqueness among open requests is the partial unique index's job, not a read's. */
export function randomDeliveryCode(): number {
  return randomInt(MIN_CODE, MAX_CODE + 1);
}
