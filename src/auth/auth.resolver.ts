import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { LimitFailuresPerAccount } from '../rate-limit/account-lockout.js';
import { LOGIN_RATE_LIMIT, RateLimited } from '../rate-limit/rate-limit.js';
import { Zone } from '../zones/zone.entity.js';
import { CurrentUser, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginResult } from './dto/login.input.js';
import { StaffUser } from './staff-user.entity.js';
import { StaffUsersService } from './staff-users.service.js';

@Resolver(() => StaffUser)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly staffUsers: StaffUsersService,
  ) {}

  @Public()
  @RateLimited(LOGIN_RATE_LIMIT)
  @LimitFailuresPerAccount('email')
  @Mutation(() => LoginResult)
  login(@Args('email') email: string, @Args('password') password: string): Promise<LoginResult> {
    return this.auth.login(email, password);
  }

  @Query(() => StaffUser, { description: 'The signed-in staff user' })
  me(@CurrentUser() user: StaffUser): StaffUser {
    return user;
  }

  @ResolveField(() => [Zone], { description: 'Zones this user is limited to; empty means every zone' })
  zones(@Parent() user: StaffUser, @Context() context: object): Promise<Zone[]> | Zone[] {
    return this.staffUsers.zonesOf(user, context);
  }

  @ResolveField(() => Boolean, { description: 'false once an admin deactivated the account' })
  active(@Parent() user: StaffUser): boolean {
    return user.deactivatedAt === null;
  }
}
