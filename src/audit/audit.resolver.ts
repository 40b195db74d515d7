import { Args, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators.js';
import { Connection, PageArgs } from '../common/pagination/connection.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditService } from './audit.service.js';
import { AuditLogFilter } from './dto/audit-log.filter.js';

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntry) {}

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Roles() // ADMIN only
  @Query(() => AuditEntryConnection, {
    description: 'Who read protected data, and who changed staff accounts, newest first',
  })
  auditLog(
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: AuditLogFilter,
  ): Promise<AuditEntryConnection> {
    return this.audit.list(filter, page);
  }
}
