import {
  Args,
  Context,
  ID,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';
import { Connection, PageArgs } from '../common/pagination/connection.js';
import { PubSub, type EventStream } from '../graphql/pubsub.js';
import { isWithinScope, zoneScopeOf } from '../zones/zone-scope.js';
import { DeliveriesService } from './deliveries.service.js';
import {
  DELIVERY_REQUEST_UPDATED,
  reviveDeliveryRequestChange,
  type DeliveryRequestChange,
} from './delivery-request-events.js';
import { DeliveryRequest, DeliveryStatus } from './delivery-request.entity.js';
import { Actor, DeliveryTransition } from './delivery-transition.entity.js';
import {
  CreateDeliveryRequestInput,
  DeliveryRequestFilter,
  UpdateDeliveryRequestInput,
} from './dto/delivery-request.input.js';
import { DeliveryStatsArgs, ZoneDeliveryStats } from './dto/delivery-stats.js';

@ObjectType()
export class DeliveryRequestConnection extends Connection(DeliveryRequest) {}

type SubscriberContext = { req: { user: StaffUser } };

const PROTECTED =
  'Decrypted for ADMIN and COORDINATOR, each read audited; null when empty or wiped by retention';

/** Deliveries are coordinators' work (and ADMIN's); a TRAINER is refused every operation (FORBIDDEN). */
@Roles(StaffRole.COORDINATOR)
@Resolver(() => DeliveryRequest)
export class DeliveriesResolver {
  constructor(
    private readonly service: DeliveriesService,
    private readonly pubsub: PubSub,
  ) {}

  @Query(() => DeliveryRequestConnection, { description: 'Soonest deliver-by first' })
  deliveryRequests(
    @CurrentUser() user: StaffUser,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: DeliveryRequestFilter,
  ): Promise<DeliveryRequestConnection> {
    return this.service.list(user, filter, page);
  }

  @Query(() => DeliveryRequest)
  deliveryRequest(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<DeliveryRequest> {
    return this.service.get(user, id);
  }

  @Query(() => [ZoneDeliveryStats], {
    description:
      'Per zone (zoneId, or each zone you coordinate), the requests taken in [from, to): by status now, median and ' +
      '90th-percentile minutes from intake to assignment and to delivery, and how many are overdue',
  })
  deliveryStats(
    @CurrentUser() user: StaffUser,
    @Args() args: DeliveryStatsArgs,
  ): Promise<ZoneDeliveryStats[]> {
    return this.service.stats(user, args);
  }

  @Mutation(() => DeliveryRequest)
  createDeliveryRequest(
    @CurrentUser() user: StaffUser,
    @Args('input') input: CreateDeliveryRequestInput,
  ): Promise<DeliveryRequest> {
    return this.service.create(user, input);
  }

  @Mutation(() => DeliveryRequest, {
    description: 'Changes exactly the fields given; not once delivered or cancelled',
  })
  updateDeliveryRequest(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateDeliveryRequestInput,
  ): Promise<DeliveryRequest> {
    return this.service.update(user, id, input);
  }

  @Mutation(() => DeliveryRequest, { description: 'PICKED_UP or DELIVERED, as the transition table allows' })
  updateDeliveryStatus(
    @CurrentUser() user: StaffUser,
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('status', { type: () => DeliveryStatus }) status: DeliveryStatus,
  ): Promise<DeliveryRequest> {
    return this.service.updateStatus(user, requestId, status);
  }

  @Mutation(() => DeliveryRequest)
  cancelDeliveryRequest(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
  ): Promise<DeliveryRequest> {
    return this.service.cancel(user, id, reason);
  }

  @Mutation(() => DeliveryRequest, {
    description: 'OPEN → ASSIGNED to an active, subscribed volunteer of the request’s zone',
  })
  assignDelivery(
    @CurrentUser() user: StaffUser,
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('volunteerId', { type: () => ID }) volunteerId: string,
  ): Promise<DeliveryRequest> {
    return this.service.assign(user, requestId, volunteerId);
  }

  @Subscription(() => DeliveryRequest, {
    description:
      'Every request of your zones as it is after each change (created, edited, offered, assigned, picked up, ' +
      'delivered, cancelled), for live dashboards. Protected fields read here are audited as any read.',
    filter: (change: DeliveryRequestChange, _args: unknown, context: SubscriberContext) =>
      isWithinScope(zoneScopeOf(context.req.user), [change.zoneId]),
    resolve(
      this: DeliveriesResolver,
      change: DeliveryRequestChange,
      _args: unknown,
      context: SubscriberContext,
    ) {
      return this.service.get(context.req.user, change.id);
    },
  })
  deliveryRequestUpdated(): Promise<EventStream<DeliveryRequestChange>> {
    return this.pubsub.subscribe(DELIVERY_REQUEST_UPDATED, reviveDeliveryRequestChange);
  }

  @ResolveField(() => String, { nullable: true, description: `Street address. ${PROTECTED}` })
  address(
    @Parent() request: DeliveryRequest,
    @CurrentUser() user: StaffUser,
    @Context() context: object,
  ): Promise<string | null> {
    return this.service.reveal(user, request, 'address', context);
  }

  @ResolveField(() => String, { nullable: true, description: `The family’s phone, E.164. ${PROTECTED}` })
  contactPhone(
    @Parent() request: DeliveryRequest,
    @CurrentUser() user: StaffUser,
    @Context() context: object,
  ): Promise<string | null> {
    return this.service.reveal(user, request, 'contactPhone', context);
  }

  @ResolveField(() => String, { nullable: true, description: `Notes for the volunteer. ${PROTECTED}` })
  notes(
    @Parent() request: DeliveryRequest,
    @CurrentUser() user: StaffUser,
    @Context() context: object,
  ): Promise<string | null> {
    return this.service.reveal(user, request, 'notes', context);
  }

  @ResolveField(() => [DeliveryTransition], { description: 'Oldest first, starting with the creation' })
  history(@Parent() request: DeliveryRequest, @Context() context: object): Promise<DeliveryTransition[]> {
    return this.service.historyOf(request, context);
  }
}

@Resolver(() => DeliveryTransition)
export class DeliveryTransitionResolver {
  @ResolveField(() => Actor)
  actor(@Parent() transition: DeliveryTransition): Actor {
    return { kind: transition.actorKind, id: transition.actorId };
  }
}
