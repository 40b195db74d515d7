import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { PeriodicTask } from '../../common/periodic-task.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { REDIS, redisKey } from '../../redis/redis.module.js';
import { InboundSmsService } from './inbound-sms.service.js';

/** How often the API looks for inbound texts left unprocessed, and how old they must be. */
export const INBOUND_RETRY_INTERVAL_MS = 30_000;
export const INBOUND_RETRY_AGE_SECONDS = 30;

/**
 * Runs in the API, not the worker, because commands are registered by API-side feature modules.
 * InboundSmsService.retryUnprocessed is safe to run concurrently; the lock only spares the other API processes
 * a sweep that one of them has just done.
 */
@Injectable()
export class InboundRetrySweeper extends PeriodicTask {
  constructor(
    private readonly inbound: InboundSmsService,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(
      InboundRetrySweeper.name,
      INBOUND_RETRY_INTERVAL_MS,
      redis,
      redisKey(config, 'inbound', 'retry-sweeper'),
    );
  }

  protected runOnce(): Promise<number> {
    return this.inbound.retryUnprocessed(INBOUND_RETRY_AGE_SECONDS);
  }
}
