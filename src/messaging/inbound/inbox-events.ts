import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PubSub } from '../../graphql/pubsub.js';
import { errorName } from '../../observability/safe-error.js';
import { logUnlessOutage } from '../../redis/redis-availability.js';

/** The pub/sub topic of `inboxUpdated`. */
export const INBOX_UPDATED_TOPIC = 'inbox-updated';

/**
 * What is published: which inbox text changed, and the zones of its volunteer (none for an unknown number, which
 * only unscoped staff see). Never the text itself: each subscriber reads it afresh, as itself.
 */
export interface InboxChange {
  id: string;
  zoneIds: string[];
}

export function reviveInboxChange(payload: unknown): InboxChange {
  const { id, zoneIds } = payload as Partial<InboxChange>;
  if (typeof id !== 'string' || !Array.isArray(zoneIds) || zoneIds.some((zone) => typeof zone !== 'string')) {
    throw new TypeError('not an inbox change');
  }
  return { id, zoneIds };
}

/**
 * Publishes `inboxUpdated` after a change committed: a text landed in the inbox (a command nobody understood, an
 * unknown number, a text given up on after its retries), or a coordinator marked one handled. Live updates are
 * best effort: a failure is only logged.
 */
@Injectable()
export class InboxEvents {
  private readonly logger = new Logger(InboxEvents.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pubsub: PubSub,
  ) {}

  async published(messageIds: string[]): Promise<void> {
    if (messageIds.length === 0) return;
    try {
      const changes: InboxChange[] = await this.dataSource.query(
        `SELECT m.id, COALESCE(array_agg(vz.zones_id) FILTER (WHERE vz.zones_id IS NOT NULL), '{}') AS "zoneIds"
           FROM messages m LEFT JOIN volunteer_zones vz ON vz.volunteers_id = m.volunteer_id
          WHERE m.id = ANY($1) GROUP BY m.id`,
        [messageIds],
      );
      for (const change of changes) await this.pubsub.publish(INBOX_UPDATED_TOPIC, change);
    } catch (error) {
      logUnlessOutage(this.logger, 'warn', `inboxUpdated not published: ${errorName(error)}`, error);
    }
  }
}
