import type { Queue } from 'bullmq';
import { jobPriorityOf } from '../outbound/message-priority.js';
import type { Broadcast } from './broadcast.entity.js';

/** The queue of broadcast fan-outs: one job per broadcast, its id the broadcast id. */
export const BROADCASTS_QUEUE = 'broadcasts';

export const FAN_OUT_JOB = 'fan-out';

export interface FanOutJobData {
  broadcastId: string;
}

/**
 * Enqueues a broadcast's fan-out, with its send priority: an alert's dispatch is fanned out before a coordinator's
 * broadcast that waits. Harmless twice: BullMQ ignores an add whose job id exists, and the fan-out resumes from
 * the broadcast's cursor and stops once the broadcast left FANNING_OUT.
 */
export async function enqueueFanOut(
  queue: Queue<FanOutJobData>,
  broadcast: Pick<Broadcast, 'id' | 'priority'>,
): Promise<void> {
  await queue.add(
    FAN_OUT_JOB,
    { broadcastId: broadcast.id },
    {
      jobId: broadcast.id,
      priority: jobPriorityOf(broadcast.priority),
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      // Gone once done, so the reconciler reads "no job" as "nobody is fanning this out".
      removeOnComplete: true,
      removeOnFail: true,
    },
  );
}
