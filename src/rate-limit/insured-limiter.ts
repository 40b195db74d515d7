import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

export interface CounterWindow {
  /** Points (requests, failures) allowed per window and key. */
  points: number;
  windowMs: number;
}

/**
 * A counter kept in Redis, shared by every API process, whose window opens at a key's first point (so a burst
 * cannot straddle a boundary to get twice the limit). While Redis is unreachable (a command fails at once: the
 * shared client has no offline queue) the same limit is counted in this process instead, so requests are still
 * limited, per process, rather than failing.
 */
export function insuredLimiter(redis: Redis, keyPrefix: string, { points, windowMs }: CounterWindow) {
  const duration = windowMs / 1000;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points,
    duration,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
  });
}
