import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { RedisAvailability } from './redis-availability.js';

/** Injection token of the app's shared ioredis client (rate limits, heartbeats, pub/sub publishing). */
export const REDIS = Symbol('REDIS');

/**
 * Options of every connection used while a request waits: a command fails at once while Redis is away (no
 * offline queue) and after two seconds when Redis hangs, so a caller can fall back instead of hanging with it.
 * (Shorter, and a busy event loop alone would make commands time out.)
 */
export const FAIL_FAST_REDIS_OPTIONS = {
  enableOfflineQueue: false,
  commandTimeout: 2000,
  maxRetriesPerRequest: 1,
} satisfies RedisOptions;

/** Keys of our own (not BullMQ's) live under the same prefix as the queues. */
export function redisKey(config: AppConfig, ...parts: string[]): string {
  return [config.queuePrefix, ...parts].join(':');
}

@Global()
@Module({
  providers: [
    RedisAvailability,
    {
      provide: REDIS,
      inject: [APP_CONFIG, RedisAvailability],
      useFactory: (config: AppConfig, availability: RedisAvailability) =>
        availability.follow(new Redis(config.redisUrl, FAIL_FAST_REDIS_OPTIONS)),
    },
  ],
  exports: [REDIS, RedisAvailability],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
