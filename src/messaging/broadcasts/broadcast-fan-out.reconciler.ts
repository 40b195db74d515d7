import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Repository } from 'typeorm';
import { PeriodicTask } from '../../common/periodic-task.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { REDIS, redisKey } from '../../redis/redis.module.js';
import { Broadcast, BroadcastStatus } from './broadcast.entity.js';
import { BROADCASTS_QUEUE, enqueueFanOut, type FanOutJobData } from './broadcasts.queue.js';

const RECONCILE_EVERY_MS = 15_000;

/**
 * Re-enqueues the fan-out of every broadcast still FANNING_OUT that has no job: the API died between its commit
 * and the enqueue, or Redis lost its data. Fan-out jobs are removed when they finish, so a missing job means
 * nobody is fanning the broadcast out; a superfluous one finds it no longer FANNING_OUT and does nothing.
 */
@Injectable()
export class BroadcastFanOutReconciler extends PeriodicTask {
  constructor(
    @InjectRepository(Broadcast) private readonly broadcasts: Repository<Broadcast>,
    @InjectQueue(BROADCASTS_QUEUE) private readonly queue: Queue<FanOutJobData>,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(
      BroadcastFanOutReconciler.name,
      RECONCILE_EVERY_MS,
      redis,
      redisKey(config, 'broadcasts', 'fan-out-reconciler'),
    );
  }

  protected runOnce(): Promise<string[]> {
    return this.reconcileOnce();
  }

  /** One pass; returns the ids of the broadcasts whose fan-out was enqueued again. */
  async reconcileOnce(): Promise<string[]> {
    const fanningOut = await this.broadcasts.find({
      select: { id: true, priority: true },
      where: { status: BroadcastStatus.FANNING_OUT },
    });
    const requeued: string[] = [];
    for (const broadcast of fanningOut) {
      if (await this.queue.getJob(broadcast.id)) continue;
      await enqueueFanOut(this.queue, broadcast);
      requeued.push(broadcast.id);
    }
    if (requeued.length > 0)
      this.logger.warn(`re-enqueued the fan-out of ${requeued.length} broadcasts without a job`);
    return requeued;
  }
}
