import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../auth/auth.decorators.js';
import { StaffRole, type StaffUser } from '../../auth/staff-user.entity.js';
import { PageArgs } from '../../common/pagination/connection.js';
import { PubSub, type EventStream } from '../../graphql/pubsub.js';
import { broadcastProgressTopic } from './broadcast-views.js';
import { BroadcastsService } from './broadcasts.service.js';
import { BroadcastPreview } from './dto/broadcast-preview.view.js';
import { BroadcastConnection, BroadcastView } from './dto/broadcast.view.js';
import { SendBroadcastInput } from './dto/send-broadcast.input.js';

@Resolver(() => BroadcastView)
export class BroadcastsResolver {
  constructor(
    private readonly service: BroadcastsService,
    private readonly pubsub: PubSub,
  ) {}

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => BroadcastView, {
    description:
      'Texts a segment (zones, skills, languages; empty: every active, subscribed volunteer) in each ' +
      "volunteer's language. Returns at once; the worker fans it out.",
  })
  sendBroadcast(
    @CurrentUser() user: StaffUser,
    @Args('input') input: SendBroadcastInput,
  ): Promise<BroadcastView> {
    return this.service.send(user, input);
  }

  @Roles(StaffRole.COORDINATOR)
  @Query(() => BroadcastPreview, {
    description:
      'What sendBroadcast would send with the same input: recipients, segments and encoding of each text, and ' +
      'the ETA at the configured throughput. Nothing is written.',
  })
  broadcastPreview(
    @CurrentUser() user: StaffUser,
    @Args('input') input: SendBroadcastInput,
  ): Promise<BroadcastPreview> {
    return this.service.preview(user, input);
  }

  @Roles(StaffRole.COORDINATOR)
  @Query(() => BroadcastView)
  broadcast(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<BroadcastView> {
    return this.service.get(user, id);
  }

  @Roles(StaffRole.COORDINATOR)
  @Query(() => BroadcastConnection, { description: 'Newest first' })
  broadcasts(@CurrentUser() user: StaffUser, @Args() page: PageArgs): Promise<BroadcastConnection> {
    return this.service.list(user, page);
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => BroadcastView, {
    description: 'Stops what has not been sent yet; texts already handed to the provider are not recalled.',
  })
  cancelBroadcast(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<BroadcastView> {
    return this.service.cancel(user, id);
  }

  @Roles(StaffRole.COORDINATOR)
  @Subscription(() => BroadcastView, {
    description: 'The broadcast now, then its counts whenever they change (at most about once a second)',
    resolve: (view: BroadcastView) => view,
  })
  async broadcastProgress(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<EventStream<BroadcastView>> {
    await this.service.findVisible(user, id);
    const events = await this.pubsub.subscribe(broadcastProgressTopic(id), BroadcastView.fromJson);
    try {
      // Subscribed first, so no change is missed between this snapshot and the first event.
      events.push(await this.service.get(user, id));
    } catch (error) {
      await events.return();
      throw error;
    }
    return events;
  }
}
