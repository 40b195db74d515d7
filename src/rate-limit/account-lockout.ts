import { createHash } from 'node:crypto';
import { Inject, Injectable, SetMetadata } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { normalizeEmail } from '../auth/staff-credentials.js';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';
import { insuredLimiter } from './insured-limiter.js';

export interface AccountLockoutRule {
  /** Failed attempts on one account allowed per window before it is locked. */
  failures: number;
  windowMs: number;
  /** The lock after the last allowed failure; each further failure doubles it, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/** Injection token of the rule (tests give it short windows). */
export const ACCOUNT_LOCKOUT_RULE = Symbol('ACCOUNT_LOCKOUT_RULE');

/** OWASP's advice for authentication: a limit per account besides the one per address, then exponential delay. */
export const DEFAULT_ACCOUNT_LOCKOUT: AccountLockoutRule = {
  failures: 10,
  windowMs: 15 * 60_000,
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
};

/** How long one more failure locks an account that has failed `failures` times in the window. */
export function lockoutDelayMs(failures: number, rule: AccountLockoutRule): number {
  if (failures < rule.failures) return 0;
  return Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** (failures - rule.failures));
}

/**
 * Failed logins counted per account, whatever address they come from, so that spreading guesses over many
 * addresses does not get around the per-address limit. A success clears the count. Accounts are keyed by a
 * hash of their email, so Redis holds no email address.
 */
@Injectable()
export class AccountLockout {
  private readonly failures: RateLimiterRedis;
  private readonly locks: RateLimiterRedis;

  constructor(
    @Inject(ACCOUNT_LOCKOUT_RULE) private readonly rule: AccountLockoutRule,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.failures = insuredLimiter(redis, redisKey(config, 'login', 'failures'), {
      points: rule.failures,
      windowMs: rule.windowMs,
    });
    this.locks = insuredLimiter(redis, redisKey(config, 'login', 'locks'), {
      points: 1,
      windowMs: rule.maxDelayMs,
    });
  }

  /** TOO_MANY_REQUESTS while the account is locked, whether the password would be right or not. */
  async assertUnlocked(account: string): Promise<void> {
    const lock = await this.locks.get(accountKey(account));
    // A lock is a key `block()` set above the limiter's single point.
    if (lock && lock.consumedPoints > 1 && lock.msBeforeNext > 0) {
      throw DomainError.tooManyRequests(lock.msBeforeNext);
    }
  }

  async recordFailure(account: string): Promise<void> {
    const key = accountKey(account);
    const counted = await this.failures.penalty(key);
    const delayMs = lockoutDelayMs(counted.consumedPoints, this.rule);
    if (delayMs > 0) await this.locks.block(key, delayMs / 1000);
  }

  async recordSuccess(account: string): Promise<void> {
    const key = accountKey(account);
    await Promise.all([this.failures.delete(key), this.locks.delete(key)]);
  }
}

function accountKey(account: string): string {
  return createHash('sha256').update(normalizeEmail(account)).digest('base64url');
}

export const ACCOUNT_ARGUMENT = 'vecino:accountArgument';

/**
 * Counts the operation's UNAUTHENTICATED answers against the account named by the GraphQL argument `argument`
 * (the login email) and refuses it while that account is locked.
 */
export const LimitFailuresPerAccount = (argument: string): MethodDecorator =>
  SetMetadata(ACCOUNT_ARGUMENT, argument);
