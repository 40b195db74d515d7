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
} from '@nestjs/graphql';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';
import { Connection, PageArgs } from '../common/pagination/connection.js';
import { RequestLoaders } from '../common/request-loaders.js';
import { Shift } from '../shifts/shift.entity.js';
import { ShiftsService } from '../shifts/shifts.service.js';
import { Attendee } from './attendee.entity.js';
import { AttendeesService } from './attendees.service.js';
import {
  CreateTrainingEventInput,
  RecordAttendanceInput,
  RegisterAttendeeInput,
  TrainingEventFilter,
  TrainingStatsArgs,
  UpdateTrainingEventInput,
} from './dto/training-event.input.js';
import { TrainingStats } from './dto/training-stats.view.js';
import { mayRunTrainingEvent } from './training-event-access.js';
import { TrainingEvent } from './training-event.entity.js';
import { TrainingEventsService } from './training-events.service.js';
import { TrainingStatsService } from './training-stats.service.js';

@ObjectType()
export class TrainingEventConnection extends Connection(TrainingEvent) {}

/** Trainers run their own sessions; coordinators and admins every session in their zones. */
@Roles(StaffRole.COORDINATOR, StaffRole.TRAINER)
@Resolver(() => TrainingEvent)
export class TrainingEventsResolver {
  /** `TrainingEvent.shifts` costs one query a page. */
  private readonly shiftLoaders = new RequestLoaders<string, Shift[]>(async (eventIds) => {
    const shifts = await this.shiftsService.shiftsOfEvents(eventIds);
    return eventIds.map((id) => shifts.filter((shift) => shift.eventId === id));
  });

  constructor(
    private readonly events: TrainingEventsService,
    private readonly attendeeService: AttendeesService,
    private readonly statsService: TrainingStatsService,
    private readonly shiftsService: ShiftsService,
  ) {}

  @Query(() => TrainingEventConnection, { description: 'Soonest first' })
  trainingEvents(
    @CurrentUser() user: StaffUser,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: TrainingEventFilter,
  ): Promise<TrainingEventConnection> {
    return this.events.list(user, filter, page);
  }

  @Query(() => TrainingEvent)
  trainingEvent(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<TrainingEvent> {
    return this.events.get(user, id);
  }

  @Query(() => TrainingStats, { description: 'Sessions held (COMPLETED) that started in [from, to)' })
  trainingStats(@CurrentUser() user: StaffUser, @Args() args: TrainingStatsArgs): Promise<TrainingStats> {
    return this.statsService.stats(user, args);
  }

  @Mutation(() => TrainingEvent, { description: 'A DRAFT; a trainer creating it is its trainer' })
  createTrainingEvent(
    @CurrentUser() user: StaffUser,
    @Args('input') input: CreateTrainingEventInput,
  ): Promise<TrainingEvent> {
    return this.events.create(user, input);
  }

  @Mutation(() => TrainingEvent)
  updateTrainingEvent(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateTrainingEventInput,
  ): Promise<TrainingEvent> {
    return this.events.update(user, id, input);
  }

  @Mutation(() => TrainingEvent, {
    description: 'DRAFT → PUBLISHED: its open shifts are offered by SMS to the volunteers who fit them',
  })
  publishTrainingEvent(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<TrainingEvent> {
    return this.events.publish(user, id);
  }

  @Mutation(() => TrainingEvent, {
    description:
      'Its signups are cancelled; everyone signed up, and attendees who gave a phone, get one text',
  })
  cancelTrainingEvent(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
  ): Promise<TrainingEvent> {
    return this.events.cancel(user, id, reason);
  }

  @Mutation(() => Attendee, { description: 'A member of the public, for a PUBLISHED session with room' })
  registerAttendee(
    @CurrentUser() user: StaffUser,
    @Args('eventId', { type: () => ID }) eventId: string,
    @Args('input') input: RegisterAttendeeInput,
  ): Promise<Attendee> {
    return this.attendeeService.register(user, eventId, input);
  }

  @Mutation(() => TrainingEvent)
  async recordAttendance(
    @CurrentUser() user: StaffUser,
    @Args('eventId', { type: () => ID }) eventId: string,
    @Args('input') input: RecordAttendanceInput,
  ): Promise<TrainingEvent> {
    await this.attendeeService.recordAttendance(user, eventId, input);
    return this.events.get(user, eventId);
  }

  @ResolveField(() => [Shift], { description: 'Soonest first' })
  shifts(@Parent() event: TrainingEvent, @Context() context: object): Promise<Shift[]> {
    return this.shiftLoaders.load(context, event.id);
  }

  @ResolveField(() => [Attendee], {
    nullable: true,
    description: 'In the order they registered; null for staff who do not run the session (another trainer)',
  })
  async attendees(
    @CurrentUser() user: StaffUser,
    @Parent() event: TrainingEvent,
  ): Promise<Attendee[] | null> {
    return mayRunTrainingEvent(user, event) ? this.attendeeService.attendeesOf(event.id) : null;
  }
}

@Roles(StaffRole.COORDINATOR, StaffRole.TRAINER)
@Resolver(() => Attendee)
export class AttendeeResolver {
  @ResolveField(() => Boolean, { description: 'A phone was given (it is never shown)' })
  hasPhone(@Parent() attendee: Attendee): boolean {
    return attendee.phoneCiphertext !== null;
  }
}
