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
import { canReadPersonalData } from '../auth/personal-data-readers.js';
import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';
import { Connection, PageArgs } from '../common/pagination/connection.js';
import { VolunteerImportResult } from './dto/import-result.js';
import { CreateVolunteerInput, UpdateVolunteerInput, VolunteerFilter } from './dto/volunteer.input.js';
import { Zone } from '../zones/zone.entity.js';
import { Volunteer } from './volunteer.entity.js';
import { VolunteersService } from './volunteers.service.js';

@ObjectType()
export class VolunteerConnection extends Connection(Volunteer) {}

@Resolver(() => Volunteer)
export class VolunteersResolver {
  constructor(private readonly service: VolunteersService) {}

  @Roles(StaffRole.COORDINATOR, StaffRole.TRAINER)
  @Query(() => VolunteerConnection)
  volunteers(
    @CurrentUser() user: StaffUser,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: VolunteerFilter,
  ): Promise<VolunteerConnection> {
    return this.service.list(user, filter, page);
  }

  @Roles(StaffRole.COORDINATOR, StaffRole.TRAINER)
  @Query(() => Volunteer)
  volunteer(@CurrentUser() user: StaffUser, @Args('id', { type: () => ID }) id: string): Promise<Volunteer> {
    return this.service.get(user, id);
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => Volunteer)
  createVolunteer(
    @CurrentUser() user: StaffUser,
    @Args('input') input: CreateVolunteerInput,
  ): Promise<Volunteer> {
    return this.service.create(user, input);
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => Volunteer)
  updateVolunteer(
    @CurrentUser() user: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateVolunteerInput,
  ): Promise<Volunteer> {
    return this.service.update(user, id, input);
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => VolunteerImportResult, {
    description: 'CSV with a header row: name, phone, languages, zones, skills (see README)',
  })
  importVolunteers(@CurrentUser() user: StaffUser, @Args('csv') csv: string): Promise<VolunteerImportResult> {
    return this.service.importCsv(user, csv);
  }

  @ResolveField(() => [Zone])
  zones(@Parent() volunteer: Volunteer, @Context() context: object): Promise<Zone[]> | Zone[] {
    return this.service.zonesOf(volunteer, context);
  }

  /** Phone numbers are for ADMIN and COORDINATOR only. */
  @ResolveField(() => String, { nullable: true })
  phone(@Parent() volunteer: Volunteer, @CurrentUser() user: StaffUser): string | null {
    return canReadPersonalData(user) ? volunteer.phone : null;
  }
}
