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
import { ALERT_UPDATED_TOPIC, reviveAlert } from './alert-events.js';
import { AlertResponder } from './alert-responder.entity.js';
import { AlertActor, AlertActorKind, AlertTransition } from './alert-transition.entity.js';
import { AlertVerification } from './alert-verification.entity.js';
import { Alert, AlertStatus } from './alert.entity.js';
import { AlertsService, DEFAULT_VERIFIERS } from './alerts.service.js';
import { AlertFilter, ReportAlertInput } from './dto/alert.input.js';

@ObjectType()
export class AlertConnection extends Connection(Alert) {}

/** Alerts are dispatchers' work: COORDINATOR (within their zones) and ADMIN; a TRAINER is refused (FORBIDDEN). */
@Roles(StaffRole.COORDINATOR)
@Resolver(() => Alert)
export class AlertsResolver {
  constructor(
    private readonly service: AlertsService,
    private readonly pubsub: PubSub,
  ) {}

  @Query(() => AlertConnection, { description: 'Newest first' })
  alerts(
    @CurrentUser() user: StaffUser,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: AlertFilter,
  ): Promise<AlertConnection> {
    return this.service.list(user, filter, page);
  }

  @Query(() => Alert)
  alert(@CurrentUser() user: StaffUser, @Args('id', { type: () => ID }) id: string): Promise<Alert> {
    return this.service.get(user, id);
  }

  @Mutation(() => Alert, { description: 'Into the dispatch queue as REPORTED; nothing is texted yet' })
  reportAlert(@CurrentUser() user: StaffUser, @Args('input') input: ReportAlertInput): Promise<Alert> {
    return this.service.report(user, input);
  }

  @Mutation(() => Alert, {
    description:
      'Texts the best-placed legal observers and rapid responders of the zone not asked yet (quiet hours do ' +
      'not apply) to check it and reply SEEN or NOTSEEN',
  })
  requestVerification(
    @CurrentUser() user: StaffUser,
    @Args('alertId', { type: () => ID }) alertId: string,
    @Args('count', { type: () => Int, defaultValue: DEFAULT_VERIFIERS }) count: number,
  ): Promise<Alert> {
    return this.service.requestVerification(user, alertId, count);
  }

  @Mutation(() => Alert, {
    description:
      "CONFIRMED, and one urgent text to the zone's active, subscribed legal observers and rapid responders " +
      '(and its neighbours’, when asked): reply OMW to go',
  })
  confirmAlert(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('includeNeighbours', { defaultValue: false }) includeNeighbours: boolean,
  ): Promise<Alert> {
    return this.service.confirm(user, id, includeNeighbours);
  }

  @Mutation(() => Alert, { description: 'Closed; everyone sent out for it gets a stand-down text' })
  resolveAlert(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
  ): Promise<Alert> {
    return this.service.close(user, id, AlertStatus.RESOLVED, note);
  }

  @Mutation(() => Alert, {
    description: 'Closed as a false alarm; everyone sent out for it gets a stand-down text',
  })
  markFalseAlarm(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
  ): Promise<Alert> {
    return this.service.close(user, id, AlertStatus.FALSE_ALARM, note);
  }

  @Subscription(() => Alert, {
    description: 'Every change of an alert in your zones: reported, verified, confirmed, responders, closed',
    resolve: (alert: Alert) => alert,
  })
  alertUpdated(@CurrentUser() user: StaffUser): Promise<EventStream<Alert>> {
    return zoneScopedEvents(this.pubsub, ALERT_UPDATED_TOPIC, reviveAlert, user);
  }

  @ResolveField(() => [AlertResponder], { description: 'Counted responders, in the order they answered OMW' })
  responders(@Parent() alert: Alert, @Context() context: object): Promise<AlertResponder[]> {
    return this.service.respondersOf(alert, context);
  }

  @ResolveField(() => [AlertVerification], {
    description: 'SEEN and NOTSEEN answers, in the order they came',
  })
  verifications(@Parent() alert: Alert, @Context() context: object): Promise<AlertVerification[]> {
    return this.service.verificationsOf(alert, context);
  }

  @ResolveField(() => [AlertTransition], { description: 'Oldest first, starting with the report' })
  history(@Parent() alert: Alert, @Context() context: object): Promise<AlertTransition[]> {
    return this.service.historyOf(alert, context);
  }

  @ResolveField(() => AlertActor, {
    nullable: true,
    description: 'Who reported it (staff only; never in a text); null once retention wiped a volunteer’s',
  })
  reportedBy(@Parent() alert: Alert): AlertActor | null {
    if (alert.reportedByStaffId) return { kind: AlertActorKind.STAFF, id: alert.reportedByStaffId };
    if (alert.reportedByVolunteerId)
      return { kind: AlertActorKind.VOLUNTEER, id: alert.reportedByVolunteerId };
    return null;
  }

  @ResolveField(() => AlertActor, {
    nullable: true,
    description: 'The coordinator who confirmed it; SYSTEM when the verifiers’ SEEN replies did; null before',
  })
  confirmedBy(@Parent() alert: Alert): AlertActor | null {
    if (!alert.confirmedAt) return null;
    return alert.confirmedByStaffId
      ? { kind: AlertActorKind.STAFF, id: alert.confirmedByStaffId }
      : { kind: AlertActorKind.SYSTEM, id: null };
  }
}

@Resolver(() => AlertTransition)
export class AlertTransitionResolver {
  @ResolveField(() => AlertActor)
  actor(@Parent() transition: AlertTransition): AlertActor {
    return { kind: transition.actorKind, id: transition.actorId };
  }
}
