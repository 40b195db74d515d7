import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';
import { PageArgs } from '../common/pagination/connection.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { canReadPersonalData } from '../auth/personal-data-readers.js';
import { MessageFilter, SendMessageArgs } from './dto/message.input.js';
import { MessageConnection } from './dto/message-connection.js';
import { Message } from './message.entity.js';
import { MessagesService } from './messages.service.js';

@Resolver(() => Message)
export class MessagesResolver {
  constructor(private readonly service: MessagesService) {}

  @Roles(StaffRole.COORDINATOR)
  @Query(() => MessageConnection, { description: 'Texts in and out, newest first' })
  messages(
    @CurrentUser() user: StaffUser,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: MessageFilter,
  ): Promise<MessageConnection> {
    return this.service.list(user, filter, page);
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => Message, { description: 'Texts one volunteer; it waits for morning during quiet hours' })
  sendMessage(@CurrentUser() user: StaffUser, @Args() args: SendMessageArgs): Promise<Message> {
    return this.service.send(user, args.volunteerId, args.body);
  }

  /** For an unknown sender in the inbox, the number is all a coordinator has to go on. */
  @ResolveField(() => String, {
    nullable: true,
    description: 'E.164 of the other party; null for roles that may not read phone numbers',
  })
  phone(@Parent() message: Message, @CurrentUser() user: StaffUser): string | null {
    return canReadPersonalData(user) ? message.phone : null;
  }

  @ResolveField(() => Volunteer, { nullable: true })
  volunteer(@Parent() message: Message, @Context() context: object): Promise<Volunteer | null> {
    return this.service.volunteerOf(message, context);
  }
}
