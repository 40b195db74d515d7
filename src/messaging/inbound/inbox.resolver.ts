import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../auth/auth.decorators.js';
import { StaffRole, type StaffUser } from '../../auth/staff-user.entity.js';
import { PageArgs } from '../../common/pagination/connection.js';
import { PubSub, type EventStream } from '../../graphql/pubsub.js';
import { zoneScopedEvents } from '../../zones/zone-scoped-events.js';
import { Message } from '../message.entity.js';
import { INBOX_UPDATED_TOPIC, reviveInboxChange, type InboxChange } from './inbox-events.js';
import { InboxService } from './inbox.service.js';
import { MessageConnection } from '../dto/message-connection.js';

@Resolver(() => Message)
export class InboxResolver {
  constructor(
    private readonly inboxService: InboxService,
    private readonly pubsub: PubSub,
  ) {}

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

  @Roles(StaffRole.COORDINATOR)
  @Subscription(() => Message, {
    description:
      'An inbox text of your zones as it is after each change: when it lands in the inbox, and when it is ' +
      'marked handled (handledAt set)',
    resolve(this: InboxResolver, change: InboxChange, _args: unknown, context: { req: { user: StaffUser } }) {
      return this.inboxService.get(context.req.user, change.id);
    },
  })
  inboxUpdated(@CurrentUser() user: StaffUser): Promise<EventStream<InboxChange>> {
    return zoneScopedEvents(this.pubsub, INBOX_UPDATED_TOPIC, reviveInboxChange, user);
  }
}
