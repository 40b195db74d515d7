import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../auth/auth.decorators.js';
import { StaffRole, type StaffUser } from '../../auth/staff-user.entity.js';
import { PageArgs } from '../../common/pagination/connection.js';
import { Message } from '../message.entity.js';
import { InboxService } from './inbox.service.js';
import { MessageConnection } from '../dto/message-connection.js';

@Resolver(() => Message)
export class InboxResolver {
  constructor(private readonly inboxService: InboxService) {}

  @Roles(StaffRole.COORDINATOR)
  @Query(() => MessageConnection, {
    description: 'Inbound texts waiting for a coordinator (unknown commands and numbers), oldest first',
  })
  inbox(@CurrentUser() user: StaffUser, @Args() page: PageArgs): Promise<MessageConnection> {
    return this.inboxService.list(user, page);
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => Message, { description: 'Takes an inbound text out of the inbox' })
  markInboxHandled(
    @CurrentUser() user: StaffUser,
    @Args('messageId', { type: () => ID }) messageId: string,
  ): Promise<Message> {
    return this.inboxService.markHandled(user, messageId);
  }
}
