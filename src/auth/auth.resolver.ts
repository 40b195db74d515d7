import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { LimitFailuresPerAccount } from '../rate-limit/account-lockout.js';
import { LOGIN_RATE_LIMIT, RateLimited } from '../rate-limit/rate-limit.js';
import { CurrentUser, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginResult } from './dto/login.input.js';
import { StaffUser } from './staff-user.entity.js';

@Resolver(() => StaffUser)
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

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
}
