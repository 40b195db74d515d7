import type { BackoffStrategy } from 'bullmq';
import { SmsSendError } from '../transport/sms-transport.js';

/** The queue of outbound texts: one job per `Message`, its id the message id. */
export const SMS_OUTBOUND_QUEUE = 'sms-outbound';

export const SEND_SMS_JOB = 'send';

export interface SendSmsJobData {
  messageId: string;
}

/** Sends tried per text before it is FAILED; a 429 (rate limited) does not use one up. */
export const SMS_SEND_ATTEMPTS = 10;

/** Name of the worker's backoff strategy (`smsBackoffStrategy`) in job options. */
export const SMS_BACKOFF = 'sms-exponential-jitter';

const MAX_RETRY_DELAY_MS = 15 * 60_000;

/**
 * Delay before retry `attemptsMade` (1 for the first retry): base·2^(n−1), capped at 15 minutes, of which a random
 * half is taken off ("equal jitter") so that texts failing together during an outage do not retry together.
 */
export function smsRetryDelay(
  attemptsMade: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * A SENDING text without SID that changed more recently than this may still have its request in flight (the
 * transport gives up after 15 s), so it is not sent again before then.
 */
export const SEND_SETTLE_MS = 30_000;

/** Another run of the same job (a stalled lock taken over) is sending this text right now. */
export class SendInFlightError extends Error {
  constructor(messageId: string) {
    super(`Message ${messageId} may be in flight from another run of its job`);
    this.name = 'SendInFlightError';
  }
}

/**
 * The worker's custom backoff; the base delay travels in each job's `backoff.delay` (from configuration). A send
 * whose outcome is unknown waits at least `SEND_SETTLE_MS`, long enough for Twilio's first status callback to
 * attach the SID if the text did go out.
 */
export const smsBackoffStrategy: BackoffStrategy = (attemptsMade, _type, error, job) => {
  const backoff = job?.opts.backoff;
  const baseMs = typeof backoff === 'object' && backoff.delay !== undefined ? backoff.delay : 1000;
  const delay = smsRetryDelay(attemptsMade, baseMs);
  const outcomeUnknown =
    error instanceof SendInFlightError || (error instanceof SmsSendError && error.httpStatus === null);
  return outcomeUnknown ? Math.max(delay, SEND_SETTLE_MS) : delay;
};

/** The limiter's window is about this long once one text per window would make it shorter. */
const SHORTEST_WINDOW_MS = 50;

/**
 * BullMQ's global limiter lets `max` jobs start per window, the window opening at the first of them: at
 * `{ max: 10, duration: 1000 }` ten texts could go at the end of one window and ten at the start of the next, 20
 * within one second. So the window holds one text (1/s → 1 per 1000 ms, 10/s → 1 per 100 ms, 0.5/s → 1 per
 * 2000 ms) until that would make it shorter than ~50 ms, where it holds a few (1000/s → 50 per 50 ms): any sliding
 * second sees at most one window's worth (≤ 5 % of the rate) more than the rate. Shorter windows would cost
 * throughput: every window is a round of Redis calls for each worker.
 */
export function sendRateLimit(ratePerSecond: number): { max: number; duration: number } {
  const max = Math.max(1, Math.round((ratePerSecond * SHORTEST_WINDOW_MS) / 1000));
  return { max, duration: Math.round((max * 1000) / ratePerSecond) };
}

/**
 * Sends one worker keeps in flight: enough to keep up with the configured rate when each request to Twilio takes
 * up to a second (a short code's 100/s needs 100), never fewer than 10, so a slow answer doesn't stall the queue.
 */
export function sendConcurrency(ratePerSecond: number): number {
  return Math.min(100, Math.max(10, Math.ceil(ratePerSecond)));
}
