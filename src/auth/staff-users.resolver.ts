import { Args, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Connection, PageArgs } from '../common/pagination/connection.js';
import { CurrentUser, Roles } from './auth.decorators.js';
import { CreateStaffUserInput, StaffUserFilter, UpdateStaffUserInput } from './dto/staff-user.input.js';
import { StaffRole, StaffUser } from './staff-user.entity.js';
import { StaffUsersService } from './staff-users.service.js';

@ObjectType()
export class StaffUserConnection extends Connection(StaffUser) {}

/**
 * Staff accounts: ADMIN only (`@Roles()` admits no other role), but for the trainers coordinators pick from;
 * every change is in the audit log.
 */
@Resolver(() => StaffUser)
export class StaffUsersResolver {
  constructor(private readonly service: StaffUsersService) {}

  @Roles()
  @Query(() => StaffUserConnection, { description: 'By email' })
  staffUsers(
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: StaffUserFilter,
  ): Promise<StaffUserConnection> {
    return this.service.list(filter, page);
  }

  @Roles(StaffRole.COORDINATOR)
  @Query(() => [StaffUser], {
    description: "Active TRAINER accounts by name: who may be named as a training event's trainer",
  })
  trainers(): Promise<StaffUser[]> {
    return this.service.activeTrainers();
  }

  @Roles()
  @Mutation(() => StaffUser)
  createStaffUser(
    @CurrentUser() admin: StaffUser,
    @Args('input') input: CreateStaffUserInput,
  ): Promise<StaffUser> {
    return this.service.create(admin, input);
  }

  @Roles()
  @Mutation(() => StaffUser, {
    description: 'Changes exactly the fields given; the last active ADMIN keeps the role',
  })
  updateStaffUser(
    @CurrentUser() admin: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateStaffUserInput,
  ): Promise<StaffUser> {
    return this.service.update(admin, id, input);
  }

  @Roles()
  @Mutation(() => StaffUser, {
    description:
      'The account can no longer sign in and its tokens stop working at once; not your own, nor the last ADMIN',
  })
  deactivateStaffUser(
    @CurrentUser() admin: StaffUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<StaffUser> {
    return this.service.deactivate(admin, id);
  }

  @Roles()
  @Mutation(() => StaffUser, {
    description: 'Sets a new password (at least 12 characters); tokens issued before stop working at once',
  })
  resetStaffPassword(
    @CurrentUser() admin: StaffUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('password') password: string,
  ): Promise<StaffUser> {
    return this.service.resetPassword(admin, id, password);
  }
}
