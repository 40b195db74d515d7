import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { RequestLoaders } from '../common/request-loaders.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { Shift } from './shift.entity.js';
import { Signup } from './signup.entity.js';

/** A signup's shift and volunteer, read when asked for (the mutations that return signups load neither). */
@Resolver(() => Signup)
export class SignupsResolver {
  /** The shifts of a page of signups in one query, with their zone and training event (as ShiftsService reads them). */
  private readonly shiftLoaders = new RequestLoaders<string, Shift>(async (ids) => {
    const rows = await this.shifts.find({
      where: { id: In([...new Set(ids)]) },
      relations: { zone: true, event: true },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const shift = byId.get(id);
      if (!shift) throw new Error(`Shift ${id} of a signup is missing`);
      return shift;
    });
  });

  constructor(
    @InjectRepository(Shift) private readonly shifts: Repository<Shift>,
    @InjectRepository(Volunteer) private readonly volunteers: Repository<Volunteer>,
  ) {}

  @ResolveField(() => Shift)
  shift(@Parent() signup: Signup, @Context() context: object): Promise<Shift> {
    return this.shiftLoaders.load(context, signup.shiftId);
  }

  @ResolveField(() => Volunteer)
  volunteer(@Parent() signup: Signup): Promise<Volunteer> {
    return this.volunteers.findOneOrFail({ where: { id: signup.volunteerId }, relations: { zones: true } });
  }
}
