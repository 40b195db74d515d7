import { randomInt } from 'node:crypto';

/** SMS codes are 3 or 4 digits: short to type, never with a leading zero a phone keyboard might drop. */
export const MIN_CODE = 100;
export const MAX_CODE = 9999;

/**
 * How many random codes one create tries before it asks the database which codes are free. With n requests open a
 * try collides with probability n / 9,900: with 5,000 open, 40 tries all collide less than once in 10^11 creates.
 */
export const RANDOM_CODE_ATTEMPTS = 40;

/** How many free codes the fallback fetches at once (concurrent creates may take some of them first). */
export const FREE_CODE_SAMPLE = 20;

/** A random candidate; uniqueness among open requests is the partial unique index's job, not a read's. */
export function randomDeliveryCode(): number {
  return randomInt(MIN_CODE, MAX_CODE + 1);
}
