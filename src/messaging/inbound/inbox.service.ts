import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository, type SelectQueryBuilder } from 'typeorm';
import type { StaffUser } from '../../auth/staff-user.entity.js';
import { Clock } from '../../common/clock.js';
import { DomainError } from '../../common/domain-error.js';
import type { ConnectionShape } from '../../common/pagination/connection.js';
import { paginate } from '../../common/pagination/paginate.js';
import { zoneScopeOf } from '../../zones/zone-scope.js';
import { Message, MessageDirection } from '../message.entity.js';
import { InboxEvents } from './inbox-events.js';

/**
 * The coordinators' inbox: inbound texts that need a person (unknown commands, texts from opted-out volunteers or
 * unknown numbers) and the notes features leave there (inbox-notes.ts), until one marks them handled. A
 * coordinator limited to zones sees texts from volunteers of those zones only; texts from unknown numbers (and
 * notes about no volunteer) belong to no zone, so only unscoped staff see them.
 */
@Injectable()
export class InboxService {
  constructor(
    @InjectRepository(Message) private readonly messages: Repository<Message>,
    private readonly inboxEvents: InboxEvents,
    private readonly clock: Clock,
  ) {}

  list(user: StaffUser, page: { first: number; after?: string | null }): Promise<ConnectionShape<Message>> {
    const query = this.visibleTo(user).andWhere('m.handledAt IS NULL');
    return paginate(query, {
      ...page,
      sortColumn: 'm.createdAt',
      sortValueOf: (message) => message.createdAt.toISOString(),
    });
  }

  /** Idempotent: a text already handled keeps its first handler and time. */
  async markHandled(user: StaffUser, messageId: string): Promise<Message> {
    const found = await this.visibleTo(user).andWhere('m.id = :messageId', { messageId }).getOne();
    if (!found) throw DomainError.notFound('Inbox message', messageId);
    if (found.handledAt) return found;
    await this.messages.update(
      { id: found.id, handledAt: IsNull() },
      { handledAt: this.clock.now(), handledById: user.id },
    );
    await this.inboxEvents.published([found.id]);
    return this.get(user, messageId);
  }

  /** An inbox text (handled or not) the user sees, as it is now: what `inboxUpdated` delivers. */
  get(user: StaffUser, messageId: string): Promise<Message> {
    return this.visibleTo(user).andWhere('m.id = :messageId', { messageId }).getOneOrFail();
  }

  private visibleTo(user: StaffUser): SelectQueryBuilder<Message> {
    const query = this.messages
      .createQueryBuilder('m')
      .where('m.direction IN (:...directions) AND m.needsAttention', {
        directions: [MessageDirection.INBOUND, MessageDirection.NOTE],
      });
    const scope = zoneScopeOf(user);
    if (scope) {
      query.andWhere(
        'EXISTS (SELECT 1 FROM volunteer_zones vz WHERE vz.volunteers_id = m.volunteer_id AND vz.zones_id = ANY(:scope))',
        { scope },
      );
    }
    return query;
  }
}
