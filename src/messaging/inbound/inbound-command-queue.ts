import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import fastq from 'fastq';
import { DATABASE_POOL_SIZE } from '../../database/typeorm-options.js';
import { errorName } from '../../observability/safe-error.js';
import { InboundSmsService } from './inbound-sms.service.js';

/**
 * Commands run at once: each holds a pooled connection for its transaction, so half the pool is left for the
 * webhook's own inserts and for GraphQL while a burst of texts waits here rather than on the pool.
 */
export const INBOUND_COMMAND_CONCURRENCY = Math.max(1, Math.floor(DATABASE_POOL_SIZE / 2));
/** Texts waiting beyond this are not queued: the retry sweep runs them, as it would after a crash. */
export const MAX_WAITING_INBOUND_COMMANDS = 10_000;

/**
 * The commands of texts the webhook has stored and answered, run in this process after the answer, a few at a
 * time. Nothing here must survive the process: a text stays unprocessed in the database until its command has
 * run, and the retry sweep (InboundRetrySweeper) runs whatever a dead or overloaded process left.
 */
@Injectable()
export class InboundCommandQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InboundCommandQueue.name);
  private readonly queue: fastq.queueAsPromised<string>;

  constructor(inbound: InboundSmsService) {
    this.queue = fastq.promise(async (messageId: string) => {
      await inbound.process(messageId);
    }, INBOUND_COMMAND_CONCURRENCY);
  }

  /** Runs the stored text's command soon; never throws (a failure leaves the text to the retry sweep). */
  enqueue(messageId: string): void {
    if (this.queue.length() >= MAX_WAITING_INBOUND_COMMANDS) {
      this.logger.warn(`inbound message ${messageId} stored; queue full, left to the retry sweep`);
      return;
    }
    this.queue.push(messageId).catch((error: unknown) => {
      this.logger.warn(`inbound message ${messageId} stored, processing failed: ${errorName(error)}`);
    });
  }

  /** Resolves once every queued command has run (or failed). */
  async drained(): Promise<void> {
    if (!this.queue.idle()) await this.queue.drained();
  }

  /** Commands already running finish; those still waiting are dropped, for the retry sweep of a live process. */
  async beforeApplicationShutdown(): Promise<void> {
    this.queue.kill();
    await this.drained();
  }
}
