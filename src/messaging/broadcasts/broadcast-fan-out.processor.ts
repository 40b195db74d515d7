import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import type { Message } from '../message.entity.js';
import { OutboundMessagesService, type OutboundText } from '../outbound/outbound-messages.service.js';
import { recipientsAfter } from './broadcast-segment.js';
import { Broadcast, BroadcastStatus } from './broadcast.entity.js';
import { BROADCASTS_QUEUE, type FanOutJobData } from './broadcasts.queue.js';

/** Recipients per transaction: one SELECT, one bulk INSERT, one addBulk. */
export const FAN_OUT_CHUNK = 1000;

interface Recipient {
  id: string;
  phone: string;
  preferred_language: string;
}

interface Chunk {
  messages: Message[];
  last: boolean;
}

/**
 * Turns a broadcast into one queued message per recipient, walking volunteers in id order from the broadcast's
 * cursor. Each chunk's messages and the cursor past them commit together (under the broadcast's row lock), so a
 * crash or a second job resumes where the last commit left off and never writes a recipient twice; the jobs of a
 * committed chunk that never reached Redis are the outbox reconciler's to re-dispatch.
 */
// Two at once, so that an alert's dispatch (fanned out first: it has the higher job priority) never waits for a
// 20,000-recipient broadcast's fan-out to finish; each fan-out locks only its own broadcast's row.
@Processor(BROADCASTS_QUEUE, { concurrency: 2 })
export class BroadcastFanOutProcessor extends WorkerHost {
  private readonly logger = new Logger(BroadcastFanOutProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbound: OutboundMessagesService,
  ) {
    super();
  }

  async process(job: Job<FanOutJobData>): Promise<{ messages: number }> {
    const { broadcastId } = job.data;
    const started = Date.now();
    let written = 0;
    // A chunk's jobs go to Redis while the next chunk is written to PostgreSQL; one addBulk at a time.
    let dispatching: Promise<void> = Promise.resolve();
    let finished = false;
    // One connection for the whole fan-out: between chunks it would otherwise queue for the pool behind the
    // sender's queries (up to a hundred sends in flight in this process).
    const connection = this.dataSource.createQueryRunner();
    try {
      while (!finished) {
        const chunk = await connection.manager.transaction((manager) =>
          this.writeChunk(manager, broadcastId),
        );
        await dispatching;
        if (!chunk) break;
        dispatching = this.outbound.dispatch(chunk.messages);
        // Awaited above or below; until then a failure must not count as unhandled.
        dispatching.catch(() => undefined);
        written += chunk.messages.length;
        finished = chunk.last;
      }
      await dispatching;
    } finally {
      await connection.release();
    }
    if (finished) {
      this.logger.log(
        `broadcast ${broadcastId}: ${written} messages fanned out in ${Date.now() - started} ms`,
      );
    }
    return { messages: written };
  }

  /** The next chunk, or null when the broadcast is no longer fanning out (done, cancelled or gone). */
  private async writeChunk(manager: EntityManager, broadcastId: string): Promise<Chunk | null> {
    const broadcast = await manager.findOne(Broadcast, {
      where: { id: broadcastId },
      lock: { mode: 'pessimistic_write' },
    });
    if (broadcast?.status !== BroadcastStatus.FANNING_OUT) return null;
    const recipients = recipientsAfter(broadcast, broadcast.fanoutCursor);
    const volunteers: Recipient[] = await manager.query(
      `SELECT v.id, v.phone, v.preferred_language FROM volunteers v
        WHERE ${recipients.where} ORDER BY v.id LIMIT ${FAN_OUT_CHUNK}`,
      recipients.params,
    );
    const messages =
      volunteers.length > 0
        ? await this.outbound.record(
            manager,
            volunteers.map((volunteer) => textFor(broadcast, volunteer)),
          )
        : [];
    const last = volunteers.length < FAN_OUT_CHUNK;
    await manager.update(Broadcast, broadcastId, {
      fanoutCursor: volunteers.at(-1)?.id ?? broadcast.fanoutCursor,
      ...(last ? { status: BroadcastStatus.SENDING } : {}),
    });
    return { messages, last };
  }
}

/** The broadcast in the volunteer's preferred language when it has that variant, else its default body. */
function textFor(broadcast: Broadcast, volunteer: Recipient): OutboundText {
  const language = volunteer.preferred_language;
  const hasVariant = Object.hasOwn(broadcast.bodyByLanguage, language);
  return {
    volunteerId: volunteer.id,
    phone: volunteer.phone,
    body: hasVariant ? broadcast.bodyByLanguage[language] : broadcast.body,
    language: hasVariant ? language : null,
    urgent: broadcast.urgent,
    priority: broadcast.priority,
    broadcastId: broadcast.id,
  };
}
