import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { Clock } from '../common/clock.js';
import { RequestLoaders } from '../common/request-loaders.js';
import type { ConnectionShape } from '../common/pagination/connection.js';
import { paginate } from '../common/pagination/paginate.js';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';
import type { AuditLogFilter } from './dto/audit-log.filter.js';

/** One disclosure: who was shown which field of what. */
interface AuditedRead {
  actorId: string;
  subjectType: string;
  subjectId: string;
  field: string;
}

@Injectable()
export class AuditService {
  /** The reads of one GraphQL request in one INSERT: a 50-row page showing three fields is one statement, not 150. */
  private readonly readLoaders = new RequestLoaders<AuditedRead, void>(async (reads) => {
    const at = this.clock.now();
    await this.entries.insert(reads.map((read) => ({ ...read, action: AuditAction.READ, at })));
    return reads.map(() => undefined);
  });

  constructor(
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    private readonly clock: Clock,
  ) {}

  /**
   * Records that `actor` was shown `field` of a record, together with the other reads of the same GraphQL request
   * (`requestContext`). Awaited before the value is returned: when the INSERT fails, every read it carried fails.
   */
  recordRead(
    requestContext: object,
    actor: StaffUser,
    subjectType: string,
    subjectId: string,
    field: string,
  ): Promise<void> {
    return this.readLoaders.load(requestContext, { actorId: actor.id, subjectType, subjectId, field });
  }

  /** Records that `actor` had `field` of a record texted again (to the volunteer it is meant for). */
  async recordResent(actor: StaffUser, subjectType: string, subjectId: string, field: string): Promise<void> {
    await this.entries.insert({
      actorId: actor.id,
      action: AuditAction.RESENT,
      subjectType,
      subjectId,
      field,
      at: this.clock.now(),
    });
  }

  /** Records that `actor` changed `fields` of a record, in the transaction (`manager`) that changes them. */
  async recordChange(
    manager: EntityManager,
    actor: StaffUser,
    action: AuditAction,
    subjectType: string,
    subjectId: string,
    fields: string[],
  ): Promise<void> {
    await manager.insert(AuditEntry, {
      actorId: actor.id,
      action,
      subjectType,
      subjectId,
      field: fields.join(','),
      at: this.clock.now(),
    });
  }

  /** Newest first. */
  list(
    filter: AuditLogFilter = {},
    page: { first: number; after?: string | null },
  ): Promise<ConnectionShape<AuditEntry>> {
    // The actor's zones, when asked for, come for the whole page in one statement (StaffUser.zones).
    const query = this.entries.createQueryBuilder('a').leftJoinAndSelect('a.actor', 'actor');
    if (filter.actorId) query.andWhere('a.actorId = :actorId', { actorId: filter.actorId });
    if (filter.subjectId) query.andWhere('a.subjectId = :subjectId', { subjectId: filter.subjectId });
    if (filter.from) query.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('a.at < :to', { to: filter.to });
    return paginate(query, {
      ...page,
      sortColumn: 'a.at',
      sortValueOf: (entry) => entry.at.toISOString(),
      direction: 'DESC',
    });
  }
}
