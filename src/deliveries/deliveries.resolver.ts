import {
  Args,
  Context,
  ID,
  Int,
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
import { zoneScopedEvents } from '../zones/zone-scoped-events.js';
import { DeliveriesService, MAX_SUGGESTIONS } from './deliveries.service.js';
import { DeliveryOffer } from './delivery-offer.entity.js';
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
import { VolunteerMatch } from './dto/volunteer-match.js';
import { OffersService } from './offers.service.js';
import { DeliveryStatsArgs, ZoneDeliveryStats } from './dto/delivery-stats.js';

@ObjectType()
export class DeliveryRequestConnection extends Connection(DeliveryRequest) {}

const PROTECTED =
  'Decrypted for ADMIN and COORDINATOR, each read audited; null when empty or wiped by retention';

/** Deliveries are coordinators' work (and ADMIN's); a TRAINER is refused every operation (FORBIDDEN). */
@Roles(StaffRole.COORDINATOR)
@Resolver(() => DeliveryRequest)
export class DeliveriesResolver {
  constructor(
    private readonly service: DeliveriesService,
    private readonly offersService: OffersService,
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
    description:
      'OPEN or OFFERED → ASSIGNED to an active, subscribed volunteer of the request’s zone, who is texted the ' +
      'details once; other pending offers are withdrawn, auto mode ends',
  })
  assignDelivery(
    @CurrentUser() user: StaffUser,
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('volunteerId', { type: () => ID }) volunteerId: string,
  ): Promise<DeliveryRequest> {
    return this.service.assign(user, requestId, volunteerId);
  }

  @Query(() => [VolunteerMatch], {
    description:
      'Best first: active, subscribed volunteers of the zone not yet offered this request, ranked by language, ' +
      'a car (household of 4+ or HIGH urgency), availability now and deliveries in progress',
  })
  suggestVolunteers(
    @CurrentUser() user: StaffUser,
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('limit', { type: () => Int, defaultValue: 5, description: `1 to ${MAX_SUGGESTIONS}` })
    limit: number,
  ): Promise<VolunteerMatch[]> {
    return this.service.suggest(user, requestId, limit);
  }

  @Mutation(() => DeliveryOffer, {
    description:
      'Texts the offer (never the address); OPEN → OFFERED. Several may be pending; ends auto mode. Expires ' +
      'OFFER_EXPIRY_MINUTES after the text goes out',
  })
  offerDelivery(
    @CurrentUser() user: StaffUser,
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('volunteerId', { type: () => ID }) volunteerId: string,
  ): Promise<DeliveryOffer> {
    return this.service.offer(user, requestId, volunteerId);
  }

  @Mutation(() => DeliveryRequest, {
    description:
      'Auto mode: offers to the top suggestion, then the next on each decline or expiry, until one accepts, none ' +
      'is left (OPEN, and a note in the inbox) or a coordinator offers, assigns or cancels',
  })
  autoDispatch(
    @CurrentUser() user: StaffUser,
    @Args('requestId', { type: () => ID }) requestId: string,
  ): Promise<DeliveryRequest> {
    return this.service.autoDispatch(user, requestId);
  }

  @Mutation(() => DeliveryRequest, {
    description:
      'Texts address, phone and notes again to the assigned volunteer (audited), e.g. when it failed',
  })
  resendDeliveryDetails(
    @CurrentUser() user: StaffUser,
    @Args('requestId', { type: () => ID }) requestId: string,
  ): Promise<DeliveryRequest> {
    return this.service.resendDetails(user, requestId);
  }

  @ResolveField(() => [DeliveryOffer], { description: 'Oldest first' })
  offers(@Parent() request: DeliveryRequest, @Context() context: object): Promise<DeliveryOffer[]> {
    return this.offersService.offersOf(request, context);
  }

  @Subscription(() => DeliveryRequest, {
    description:
      'Every request of your zones as it is after each change (created, edited, offered, assigned, picked up, ' +
      'delivered, cancelled), for live dashboards. Protected fields read here are audited as any read.',
    resolve(
      this: DeliveriesResolver,
      change: DeliveryRequestChange,
      _args: unknown,
      context: { req: { user: StaffUser } },
    ) {
      return this.service.get(context.req.user, change.id);
    },
  })
  deliveryRequestUpdated(@CurrentUser() user: StaffUser): Promise<EventStream<DeliveryRequestChange>> {
    return zoneScopedEvents(this.pubsub, DELIVERY_REQUEST_UPDATED, reviveDeliveryRequestChange, user);
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
