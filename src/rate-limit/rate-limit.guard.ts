import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { Redis } from 'ioredis';
import { RateLimiterRes, type RateLimiterRedis } from 'rate-limiter-flexible';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';
import { insuredLimiter } from './insured-limiter.js';
import { GENERAL_RATE_LIMIT, RATE_LIMIT, type RateLimitRule } from './rate-limit.js';

interface ClientRequest {
  /** Express's client address: the socket's, or the X-Forwarded-For entry the trusted proxies vouch for. */
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * Per-address request limits kept in Redis, shared by every API process, and per process while Redis is away.
 * (@nestjs/throttler is CommonJS that requires the ESM-only @nestjs/common 12, which Jest cannot load on Node 20.)
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const own = this.reflector.getAllAndOverride<RateLimitRule | null | undefined>(RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (own === null) return true;
    const request = this.requestOf(context);
    const address = request?.ip ?? request?.socket?.remoteAddress;
    if (!address) return true; // subscriptions over a websocket: limited when the socket connects
    const bucket = own ? `${context.getClass().name}.${context.getHandler().name}` : 'general';
    try {
      await this.limiterFor(bucket, own ?? GENERAL_RATE_LIMIT).consume(address);
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) throw DomainError.tooManyRequests(refusal.msBeforeNext);
      throw refusal;
    }
    return true;
  }

  private limiterFor(bucket: string, rule: RateLimitRule): RateLimiterRedis {
    let limiter = this.limiters.get(bucket);
    if (!limiter) {
      limiter = insuredLimiter(this.redis, redisKey(this.config, 'ratelimit', bucket), {
        points: rule.limit,
        windowMs: rule.windowMs,
      });
      this.limiters.set(bucket, limiter);
    }
    return limiter;
  }

  private requestOf(context: ExecutionContext): ClientRequest | undefined {
    if (context.getType<GqlContextType>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<{ req?: ClientRequest }>().req;
    }
    return context.switchToHttp().getRequest<ClientRequest>();
  }
}
