import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { errorName } from '../../observability/safe-error.js';
import { logUnlessOutage } from '../../redis/redis-availability.js';
import { MessageStatus } from '../message.entity.js';
import { MessagePriority } from '../outbound/message-priority.js';
import { Broadcast, BroadcastStatus } from './broadcast.entity.js';
import { BROADCASTS_QUEUE, enqueueFanOut, type FanOutJobData } from './broadcasts.queue.js';

/** A broadcast to record: its bodies (already checked), segment, urgency and send priority. */
export type BroadcastDraft = Pick<
  Broadcast,
  'body' | 'bodyByLanguage' | 'zoneIds' | 'skills' | 'anySkills' | 'languages' | 'urgent' | 'createdById'
> &
  Partial<Pick<Broadcast, 'priority' | 'audience' | 'audienceParams'>>;

/**
 * The producer side of broadcasts, for coordinators' broadcasts and for features that text a segment (an alert's
 * dispatch): the broadcast is written in the caller's transaction, its fan-out enqueued after the commit.
 */
@Injectable()
export class BroadcastOutbox {
  private readonly logger = new Logger(BroadcastOutbox.name);

  constructor(@InjectQueue(BROADCASTS_QUEUE) private readonly queue: Queue<FanOutJobData>) {}

  record(manager: EntityManager, draft: BroadcastDraft): Promise<Broadcast> {
    return manager.save(
      manager.create(Broadcast, { ...draft, priority: draft.priority ?? MessagePriority.BULK }),
    );
  }

  /**
   * Stops what has not been sent: the still-QUEUED messages become SKIPPED in one UPDATE, and the fan-out stops
   * at its next chunk. Messages already being sent or sent are left alone. False when there was nothing to stop
   * (completed, or cancelled already).
   */
  async cancel(manager: EntityManager, broadcastId: string, now: Date): Promise<boolean> {
    // Waits for a fan-out chunk in flight (it locks the broadcast row), so its messages are skipped too.
    const [, cancelled]: [unknown, number] = await manager.query(
      `UPDATE broadcasts SET status = $2, cancelled_at = $3, updated_at = now()
        WHERE id = $1 AND status IN ($4, $5)`,
      [broadcastId, BroadcastStatus.CANCELLED, now, BroadcastStatus.FANNING_OUT, BroadcastStatus.SENDING],
    );
    if (cancelled === 0) return false;
    await manager.query(
      `UPDATE messages SET status = $2, error_code = 'CANCELLED', updated_at = now()
        WHERE broadcast_id = $1 AND status = $3`,
      [broadcastId, MessageStatus.SKIPPED, MessageStatus.QUEUED],
    );
    return true;
  }

  /**
   * Enqueues the fan-out of a committed broadcast. Failing here would make its sender send it twice, so a failure
   * is logged and left to the reconciler, which enqueues the fan-out of a FANNING_OUT broadcast that has no job.
   */
  async dispatchOrLeaveToReconciler(broadcast: Pick<Broadcast, 'id' | 'priority'>): Promise<void> {
    try {
      await enqueueFanOut(this.queue, broadcast);
    } catch (error) {
      logUnlessOutage(
        this.logger,
        'warn',
        `fan-out of broadcast ${broadcast.id} left to the reconciler: ${errorName(error)}`,
        error,
      );
    }
  }
}
