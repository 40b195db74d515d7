/**
 * The bare send path the broadcast bench compares vecino's worker with, as a process of its own: a BullMQ worker
 * whose job carries the number and the body, sending each through the twilio SDK (vecino's Twilio transport, so
 * the same client and httpClient seam) with no database, at the concurrency vecino's worker uses. The queue's
 * global limiter is set as vecino sets it. Started by `send-path.ts`; configured through its environment.
 */
import { Queue, Worker } from 'bullmq';
import { TwilioSmsTransport } from '../src/messaging/transport/twilio.transport.js';
import {
  SMS_OUTBOUND_QUEUE,
  sendConcurrency,
  sendRateLimit,
} from '../src/messaging/outbound/outbound.queue.js';

export interface BareSendJobData {
  to: string;
  body: string;
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const rate = Number(env('SMS_RATE_PER_SECOND'));
const transport = new TwilioSmsTransport({
  accountSid: env('TWILIO_ACCOUNT_SID'),
  authToken: env('TWILIO_AUTH_TOKEN'),
  messagingServiceSid: env('TWILIO_MESSAGING_SERVICE_SID'),
  apiBaseUrl: env('TWILIO_API_BASE_URL'),
  timeoutMs: 15_000,
});
const connection = { url: env('REDIS_URL'), maxRetriesPerRequest: null };
const prefix = env('QUEUE_PREFIX');
const { max, duration } = sendRateLimit(rate);
const queue = new Queue(SMS_OUTBOUND_QUEUE, { connection, prefix });
await queue.setGlobalRateLimit(max, duration);
await queue.close();
const worker = new Worker<BareSendJobData>(
  SMS_OUTBOUND_QUEUE,
  async (job) => (await transport.send({ to: job.data.to, body: job.data.body })).providerSid,
  { connection, prefix, concurrency: sendConcurrency(rate) },
);
await worker.waitUntilReady();
process.stdout.write('bare worker consuming\n');
process.once('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
