import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';
import { HEARTBEAT_EVERY_MS, HEARTBEAT_JOB, MAINTENANCE_QUEUE } from './maintenance.queue.js';

/** Housekeeping jobs; the heartbeat shows that a worker is consuming (its time is kept in Redis). */
@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // A job scheduler is stored once in Redis, however many workers upsert it.
    await this.queue.upsertJobScheduler(
      HEARTBEAT_JOB,
      { every: HEARTBEAT_EVERY_MS },
      { name: HEARTBEAT_JOB },
    );
  }

  async process(job: Job): Promise<{ at: string }> {
    if (job.name !== HEARTBEAT_JOB) throw new Error(`Unknown maintenance job ${job.name}`);
    const at = new Date().toISOString();
    await this.redis.set(redisKey(this.config, 'worker', 'heartbeat'), at, 'EX', 3600);
    this.logger.debug(`heartbeat ${at}`);
    return { at };
  }
}
