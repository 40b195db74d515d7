import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { PubSub } from '../../graphql/pubsub.js';
import { REDIS, redisKey } from '../../redis/redis.module.js';
import { MessageStatus } from '../message.entity.js';
import { broadcastProgressTopic, BroadcastViews } from './broadcast-views.js';
import { Broadcast, BroadcastStatus } from './broadcast.entity.js';
import type { BroadcastView } from './dto/broadcast.view.js';

/** Progress events go out at most this often per broadcast. */
const PUBLISH_EVERY_MS = 1000;
/** Finished broadcasts stay watched this long: delivery receipts keep changing their counts. */
const WATCH_AFTER_FINISH = '15 minutes';

/**
 * In the worker, once a second: marks SENDING broadcasts with nothing left queued or sending COMPLETED, and
 * publishes the counts of every broadcast in progress (or recently finished) whose counts changed, for the
 * `broadcastProgress` subscription. Counts change through several paths (fan-out, sender, status callbacks,
 * cancellation); sampling them here keeps events at one a second per broadcast however fast they change.
 */
@Injectable()
export class BroadcastProgressMonitor extends PeriodicTask {
  /** What was last published per broadcast, so unchanged counts are not published again. */
  private readonly lastPublished = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly views: BroadcastViews,
    private readonly pubsub: PubSub,
    private readonly clock: Clock,
  ) {
    super(
      BroadcastProgressMonitor.name,
      PUBLISH_EVERY_MS,
      redis,
      redisKey(config, 'broadcasts', 'progress-monitor'),
    );
  }

  protected runOnce(): Promise<void> {
    return this.checkOnce();
  }

  async checkOnce(): Promise<void> {
    await this.completeFinished();
    const watched = await this.dataSource
      .getRepository(Broadcast)
      .createQueryBuilder('b')
      .where('b.status IN (:...live)', { live: [BroadcastStatus.FANNING_OUT, BroadcastStatus.SENDING] })
      .orWhere(`b.updatedAt > now() - interval '${WATCH_AFTER_FINISH}'`)
      .getMany();
    const views = await this.views.viewsOf(watched);
    for (const id of this.lastPublished.keys()) {
      if (!views.some((view) => view.id === id)) this.lastPublished.delete(id);
    }
    for (const view of views) {
      const progress = progressKey(view);
      if (this.lastPublished.get(view.id) === progress) continue;
      await this.pubsub.publish(broadcastProgressTopic(view.id), view);
      this.lastPublished.set(view.id, progress);
    }
  }

  /** One UPDATE: a broadcast is complete once the fan-out is done and none of its messages waits or is sending. */
  private async completeFinished(): Promise<void> {
    await this.dataSource.query(
      `UPDATE broadcasts b SET status = $1, completed_at = $2, updated_at = now()
        WHERE b.status = $3 AND NOT EXISTS (
          SELECT 1 FROM messages m WHERE m.broadcast_id = b.id AND m.status IN ($4, $5))`,
      [
        BroadcastStatus.COMPLETED,
        this.clock.now(),
        BroadcastStatus.SENDING,
        MessageStatus.QUEUED,
        MessageStatus.SENDING,
      ],
    );
  }
}

/** What a progress event is about: the ETA moves with the clock alone, which is no news. */
function progressKey(view: BroadcastView): string {
  const { status, total, queued, sending, sent, delivered, failed, skipped, awaitingFanOut } = view;
  return JSON.stringify([status, total, queued, sending, sent, delivered, failed, skipped, awaitingFanOut]);
}
