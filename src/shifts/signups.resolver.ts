import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { Shift } from './shift.entity.js';
import { Signup } from './signup.entity.js';

/** A signup's shift and volunteer, read when asked for (the mutations that return signups load neither). */
@Resolver(() => Signup)
export class SignupsResolver {
  constructor(
    @InjectRepository(Shift) private readonly shifts: Repository<Shift>,
    @InjectRepository(Volunteer) private readonly volunteers: Repository<Volunteer>,
  ) {}

  @ResolveField(() => Shift)
  shift(@Parent() signup: Signup): Promise<Shift> {
    return this.shifts.findOneOrFail({ where: { id: signup.shiftId }, relations: { zone: true } });
  }

  @ResolveField(() => Volunteer)
  volunteer(@Parent() signup: Signup): Promise<Volunteer> {
    return this.volunteers.findOneOrFail({ where: { id: signup.volunteerId }, relations: { zones: true } });
  }
}
