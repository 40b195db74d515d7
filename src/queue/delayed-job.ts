import type { JobsOptions, Queue } from 'bullmq';

/** What a delayed job should be: run at `at` with `data`. */
export interface WantedJob<T> {
  name: string;
  data: T;
  at: Date;
  opts?: Omit<JobsOptions, 'jobId' | 'delay'>;
}

/**
 * Keeps the job with id `jobId` as wanted — due at `wanted.at` with `wanted.data` — or gone when `wanted` is null,
 * so one deterministic id per thing to do later (a reminder: signup × offset) holds at most one job however often
 * this runs. A job with the same data (waiting, delayed, or already done) is left alone; one with other data (a
 * moved time) or one that failed is replaced; one running right now cannot be removed and is left to its
 * processor, which checks against the database that its time is still right.
 */
export async function keepDelayedJob<T>(
  queue: Queue<T>,
  jobId: string,
  wanted: WantedJob<T> | null,
  now: Date,
): Promise<void> {
  const existing = await queue.getJob(jobId);
  if (existing) {
    const same =
      wanted && !existing.failedReason && JSON.stringify(existing.data) === JSON.stringify(wanted.data);
    if (same) return;
    const removed = await existing.remove().then(
      () => true,
      () => false,
    );
    if (!removed) return;
  }
  if (!wanted) return;
  // BullMQ's typings name jobs by a generic; every job of these queues is named by the caller.
  await (queue as Queue).add(wanted.name, wanted.data, {
    ...wanted.opts,
    jobId,
    delay: Math.max(0, wanted.at.getTime() - now.getTime()),
  });
}
