import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { DomainError } from '../common/domain-error.js';
import { ACCOUNT_ARGUMENT, AccountLockout } from './account-lockout.js';

/** Applies AccountLockout to the GraphQL operations marked with `@LimitFailuresPerAccount`. */
@Injectable()
export class AccountLockoutInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly lockout: AccountLockout,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const argument = this.reflector.get<string | undefined>(ACCOUNT_ARGUMENT, context.getHandler());
    if (!argument || context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const account = GqlExecutionContext.create(context).getArgs<Record<string, unknown>>()[argument];
    if (typeof account !== 'string') return next.handle();
    await this.lockout.assertUnlocked(account);
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        await this.lockout.recordSuccess(account);
        return result;
      }),
      catchError((error: unknown) => from(this.failed(account, error))),
    );
  }

  private async failed(account: string, error: unknown): Promise<never> {
    if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
      await this.lockout.recordFailure(account);
    }
    throw error;
  }
}
