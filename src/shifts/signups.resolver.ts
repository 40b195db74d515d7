import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { linkedRowLoaders } from '../common/request-loaders.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { Shift } from './shift.entity.js';
import { Signup } from './signup.entity.js';

/** A signup's shift and volunteer, read when asked for (the mutations that return signups load neither). */
@Resolver(() => Signup)
export class SignupsResolver {
  /** The shifts of a page of signups in one query, with their zone and training event (as ShiftsService reads them). */
  private readonly shiftLoaders = linkedRowLoaders('Shift', (ids) =>
    this.shifts.find({ where: { id: In(ids) }, relations: { zone: true, event: true } }),
  );

  /** The volunteers of a page of signups in one query; their zones are resolved in one more (Volunteer.zones). */
  private readonly volunteerLoaders = linkedRowLoaders('Volunteer', (ids) =>
    this.volunteers.findBy({ id: In(ids) }),
  );

  constructor(
    @InjectRepository(Shift) private readonly shifts: Repository<Shift>,
    @InjectRepository(Volunteer) private readonly volunteers: Repository<Volunteer>,
  ) {}

  @ResolveField(() => Shift)
  shift(@Parent() signup: Signup, @Context() context: object): Promise<Shift> {
    return this.shiftLoaders.load(context, signup.shiftId);
  }

  @ResolveField(() => Volunteer)
  volunteer(@Parent() signup: Signup, @Context() context: object): Promise<Volunteer> {
    return this.volunteerLoaders.load(context, signup.volunteerId);
  }
}
