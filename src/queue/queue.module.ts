import { BullModule, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { RedisAvailability } from '../redis/redis-availability.js';
import { FAIL_FAST_REDIS_OPTIONS } from '../redis/redis.module.js';

/**
 * Who uses the queues: the API only adds jobs, inside requests, so its commands fail fast while Redis is away
 * (what could not be enqueued waits in PostgreSQL for the outbox reconciler); the worker consumes, and its
 * connections wait for Redis to return (BullMQ sets `maxRetriesPerRequest: null` on worker connections).
 */
export type QueueRole = 'produce' | 'consume';

/** Hands the `error` events of every BullMQ queue and worker of the app to RedisAvailability. */
@Injectable()
class QueueErrorHandling implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly availability: RedisAvailability,
  ) {}

  onApplicationBootstrap(): void {
    for (const { instance } of this.discovery.getProviders()) {
      if (instance instanceof Queue) this.availability.handleErrors(instance, `queue ${instance.name}`);
      if (instance instanceof WorkerHost) {
        this.availability.handleErrors(instance.worker, `worker ${instance.worker.name}`);
      }
    }
  }
}

/** The BullMQ connection, configured once. */
@Module({})
export class QueueModule {
  static forRoot(role: QueueRole): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: {
              url: config.redisUrl,
              ...(role === 'produce' ? FAIL_FAST_REDIS_OPTIONS : {}),
            },
            prefix: config.queuePrefix,
            defaultJobOptions: {
              removeOnComplete: { age: 24 * 3600, count: 10_000 },
              removeOnFail: { age: 7 * 24 * 3600 },
            },
          }),
        }),
      ],
      providers: [QueueErrorHandling],
    };
  }
}
