import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { errorName } from '../../observability/safe-error.js';
import { logUnlessOutage } from '../../redis/redis-availability.js';
import { Broadcast } from './broadcast.entity.js';
import { BROADCASTS_QUEUE, enqueueFanOut, type FanOutJobData } from './broadcasts.queue.js';

/** A broadcast to record: its bodies (already checked), segment, urgency and send priority. */
export type BroadcastDraft = Pick<
  Broadcast,
  'body' | 'bodyByLanguage' | 'zoneIds' | 'skills' | 'anySkills' | 'languages' | 'urgent' | 'createdById'
> &
  Partial<Pick<Broadcast, 'priority'>>;

/**
 * The producer side of broadcasts, for coordinators' broadcasts and for features that text a segment (an alert's
 * dispatch): the broadcast is written in the caller's transaction, its fan-out enqueued after the commit.
 */
@Injectable()
export class BroadcastOutbox {
  private readonly logger = new Logger(BroadcastOutbox.name);

  constructor(@InjectQueue(BROADCASTS_QUEUE) private readonly queue: Queue<FanOutJobData>) {}

  record(manager: EntityManager, draft: BroadcastDraft): Promise<Broadcast> {
    return manager.save(manager.create(Broadcast, draft));
  }

  /**
   * Enqueues the fan-out of a committed broadcast. Failing here would make its sender send it twice, so a failure
   * is logged and left to the reconciler, which enqueues the fan-out of a FANNING_OUT broadcast that has no job.
   */
  async dispatchOrLeaveToReconciler(broadcastId: string): Promise<void> {
    try {
      await enqueueFanOut(this.queue, broadcastId);
    } catch (error) {
      logUnlessOutage(
        this.logger,
        'warn',
        `fan-out of broadcast ${broadcastId} left to the reconciler: ${errorName(error)}`,
        error,
      );
    }
  }
}
