import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';
import { GENERAL_RATE_LIMIT, RATE_LIMIT, type RateLimitRule } from './rate-limit.js';

// A counter that expires one window after its first hit, in one round trip, so concurrent requests on several
// API processes count exactly.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return hits
`;

interface ClientRequest {
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * Per-address request limits kept in Redis, shared by every API process. (@nestjs/throttler is CommonJS that
 * requires the ESM-only @nestjs/common 12, which Jest cannot load on Node 20, so the few lines live here.)
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
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
    const rule = own ?? GENERAL_RATE_LIMIT;
    const bucket = own ? `${context.getClass().name}.${context.getHandler().name}` : 'general';
    // The window opens at a client's first request (the key's expiry), not on the wall clock's minute, so a
    // burst cannot straddle a boundary to get twice the limit.
    const key = redisKey(this.config, 'ratelimit', bucket, address);
    const hits = Number(await this.redis.eval(INCREMENT, 1, key, rule.windowMs));
    if (hits > rule.limit) {
      throw new HttpException('Too many requests; try again shortly', HttpStatus.TOO_MANY_REQUESTS);
    }
    return true;
  }

  private requestOf(context: ExecutionContext): ClientRequest | undefined {
    if (context.getType<GqlContextType>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<{ req?: ClientRequest }>().req;
    }
    return context.switchToHttp().getRequest<ClientRequest>();
  }
}
