import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { Clock } from '../common/clock.js';
import type { ConnectionShape } from '../common/pagination/connection.js';
import { paginate } from '../common/pagination/paginate.js';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';
import type { AuditLogFilter } from './dto/audit-log.filter.js';

@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    private readonly clock: Clock,
  ) {}

  /** Records that `actor` was shown `field` of a record; awaited before the value is returned. */
  async recordRead(actor: StaffUser, subjectType: string, subjectId: string, field: string): Promise<void> {
    await this.record(actor, AuditAction.READ, subjectType, subjectId, field);
  }

  /** Records that `actor` had `field` of a record texted again (to the volunteer it is meant for). */
  async recordResent(actor: StaffUser, subjectType: string, subjectId: string, field: string): Promise<void> {
    await this.record(actor, AuditAction.RESENT, subjectType, subjectId, field);
  }

  private async record(
    actor: StaffUser,
    action: AuditAction,
    subjectType: string,
    subjectId: string,
    field: string,
  ): Promise<void> {
    await this.entries.insert({
      actorId: actor.id,
      action,
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
