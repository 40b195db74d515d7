import { randomInt } from 'node:crypto';
import { DomainError } from './domain-error.js';

/**
 * How many random codes one allocation tries before it asks for the free ones. With n of N codes taken a try
 * collides with probability n / N: with half the codes taken, 40 tries all collide less than once in 10^12.
 */
export const RANDOM_CODE_ATTEMPTS = 40;

/** How many free codes the fallback asks for at once (concurrent allocations may take some of them first). */
export const FREE_CODE_SAMPLE = 20;

export interface ShortCodeAllocation<T> {
  /** The codes allowed, both ends included. */
  min: number;
  max: number;
  /** Claims `code` (an INSERT … ON CONFLICT DO NOTHING, decided by a unique index); null when it is taken. */
  tryCode: (code: number) => Promise<T | null>;
  /** Up to `limit` codes not taken now, in random order; none when every code is taken. */
  freeCodes: (limit: number) => Promise<number[]>;
  /** The CONFLICT message when no code is left, naming what ran out. */
  exhaustedMessage: string;
}

/**
 * A short code (for SMS) no one else holds: random codes first, so codes are hard to guess and rarely collide;
 * when they keep colliding (nearly every code taken), the codes listed as free, each still claimed through
 * `tryCode`, so a race with a concurrent allocation only means trying the next. CONFLICT when none is left.
 */
export async function allocateShortCode<T>(allocation: ShortCodeAllocation<T>): Promise<T> {
  const { min, max, tryCode, freeCodes } = allocation;
  for (let attempt = 0; attempt < RANDOM_CODE_ATTEMPTS; attempt++) {
    const claimed = await tryCode(randomInt(min, max + 1));
    if (claimed !== null) return claimed;
  }
  for (;;) {
    const free = await freeCodes(FREE_CODE_SAMPLE);
    if (free.length === 0) throw DomainError.conflict(allocation.exhaustedMessage);
    for (const code of free) {
      const claimed = await tryCode(code);
      if (claimed !== null) return claimed;
    }
  }
}
