import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTask } from '../common/periodic-task.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';
import { TrainingEventStatus } from './training-event.entity.js';

/** How often the worker looks for sessions that have ended: a minute late is soon enough for reporting. */
export const TRAINING_COMPLETION_INTERVAL_MS = 60_000;

/**
 * A PUBLISHED session that has ended is COMPLETED (a draft that never went out stays a draft). One UPDATE, so
 * idempotent and safe with several workers; a timer (PeriodicTask), not a Redis-held schedule, so a Redis flush
 * cannot lose it.
 */
@Injectable()
export class TrainingEventCompletion extends PeriodicTask {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    super(
      TrainingEventCompletion.name,
      TRAINING_COMPLETION_INTERVAL_MS,
      redis,
      redisKey(config, 'training-completion', 'lock'),
    );
  }

  protected runOnce(): Promise<number> {
    return this.completeOnce();
  }

  /** Marks every ended PUBLISHED session COMPLETED; returns how many. */
  async completeOnce(): Promise<number> {
    const now = this.clock.now();
    const [, completed]: [unknown, number] = await this.dataSource.query(
      `UPDATE training_events SET status = $1, completed_at = $2, updated_at = now()
        WHERE status = $3 AND ends_at <= $2`,
      [TrainingEventStatus.COMPLETED, now, TrainingEventStatus.PUBLISHED],
    );
    if (completed > 0) this.logger.log(`Marked ${completed} training events completed`);
    return completed;
  }
}
