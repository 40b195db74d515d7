import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ACCOUNT_LOCKOUT_RULE, AccountLockout, DEFAULT_ACCOUNT_LOCKOUT } from './account-lockout.js';
import { AccountLockoutInterceptor } from './account-lockout.interceptor.js';
import { RateLimitGuard } from './rate-limit.guard.js';

/** Limits per client address on every request, and failures per account where an operation asks for it. */
@Module({
  providers: [
    { provide: ACCOUNT_LOCKOUT_RULE, useValue: DEFAULT_ACCOUNT_LOCKOUT },
    AccountLockout,
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_INTERCEPTOR, useClass: AccountLockoutInterceptor },
  ],
})
export class RateLimitModule {}
