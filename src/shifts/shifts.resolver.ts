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
import { CreateShiftInput, ShiftFilter, UpdateShiftInput } from './dto/shift.input.js';
import { reviveShift, SHIFT_UPDATED_TOPIC } from './shift-events.js';
import { Shift } from './shift.entity.js';
import { MAX_SERIES_WEEKS, ShiftsService } from './shifts.service.js';
import { Signup } from './signup.entity.js';
import { SignupsService } from './signups.service.js';

@ObjectType()
export class ShiftConnection extends Connection(Shift) {}

/** Coordinators manage the shifts of their zones; trainers read them and run their own events' shifts. */
@Resolver(() => Shift)
export class ShiftsResolver {
  constructor(
    private readonly shiftsService: ShiftsService,
    private readonly signups: SignupsService,
    private readonly pubsub: PubSub,
  ) {}

  @Roles(StaffRole.COORDINATOR, StaffRole.TRAINER)
  @Query(() => ShiftConnection, { description: 'Soonest first' })
  shifts(
    @CurrentUser() user: StaffUser,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: ShiftFilter,
  ): Promise<ShiftConnection> {
    return this.shiftsService.list(user, filter, page);
  }

  @Roles(StaffRole.COORDINATOR, StaffRole.TRAINER)
  @Query(() => Shift)
  shift(@CurrentUser() user: StaffUser, @Args('id', { type: () => ID }) id: string): Promise<Shift> {
    return this.shiftsService.get(user, id);
  }

  @ResolveField(() => [Signup], {
    description: 'Confirmed and checked-in volunteers in claim order, then the waitlist in its order',
  })
  roster(@Parent() shift: Shift, @Context() context: object): Promise<Signup[]> {
    return this.signups.rosterOf(shift, context);
  }

  @Roles(StaffRole.COORDINATOR, StaffRole.TRAINER)
  @Mutation(() => Shift, { description: 'A trainer creates shifts only on their own training events' })
  createShift(@CurrentUser() user: StaffUser, @Args('input') input: CreateShiftInput): Promise<Shift> {
    return this.shiftsService.create(user, input);
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => [Shift], {
    description: `The shift and its weekly copies, \`weeks\` in all (1 to ${MAX_SERIES_WEEKS}), each with its own code, at the same local time`,
  })
  createShiftSeries(
    @CurrentUser() user: StaffUser,
    @Args('input') input: CreateShiftInput,
    @Args('weeks', { type: () => Int }) weeks: number,
  ): Promise<Shift[]> {
    return this.shiftsService.createSeries(user, input, weeks);
  }

  @Roles(StaffRole.COORDINATOR, StaffRole.TRAINER)
  @Mutation(() => Shift, { description: 'A trainer changes only the shifts of their own training events' })
  updateShift(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateShiftInput,
  ): Promise<Shift> {
    return this.shiftsService.update(user, id, input);
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => Signup, { description: 'Assigns the volunteer: a seat, or the waitlist when full' })
  claimShift(
    @CurrentUser() user: StaffUser,
    @Args('shiftId', { type: () => ID }) shiftId: string,
    @Args('volunteerId', { type: () => ID }) volunteerId: string,
  ): Promise<Signup> {
    return this.signups.claimAsStaff(user, shiftId, volunteerId);
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => Signup, {
    description: 'At any time; the first on the waitlist takes the seat and is texted',
  })
  dropShift(
    @CurrentUser() user: StaffUser,
    @Args('shiftId', { type: () => ID }) shiftId: string,
    @Args('volunteerId', { type: () => ID }) volunteerId: string,
  ): Promise<Signup> {
    return this.signups.dropAsStaff(user, shiftId, volunteerId);
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => Signup, { description: 'A confirmed volunteer came: ATTENDED' })
  checkIn(
    @CurrentUser() user: StaffUser,
    @Args('shiftId', { type: () => ID }) shiftId: string,
    @Args('volunteerId', { type: () => ID }) volunteerId: string,
  ): Promise<Signup> {
    return this.signups.checkIn(user, shiftId, volunteerId);
  }

  @Roles(StaffRole.COORDINATOR, StaffRole.TRAINER)
  @Subscription(() => Shift, {
    description:
      "A shift of the user's zones as it is after each change: counts after a claim, drop or promotion, " +
      'fields after an update',
    resolve: (shift: Shift) => shift,
  })
  shiftUpdated(@CurrentUser() user: StaffUser): Promise<EventStream<Shift>> {
    return zoneScopedEvents(this.pubsub, SHIFT_UPDATED_TOPIC, reviveShift, user);
  }
}
