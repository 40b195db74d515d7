import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { SkipRateLimit } from '../rate-limit/rate-limit.js';
import { REDIS } from '../redis/redis.module.js';

const CHECK_TIMEOUT_MS = 1500;

/** Redis in the readiness report: informative only, since the API serves what it can without it. */
export type RedisReadiness = { status: 'up' } | { status: 'degraded'; message: string };

export type Readiness = HealthCheckResult & { redis: RedisReadiness };

@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** The process is up; says nothing about its dependencies (restart only when this fails). */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * PostgreSQL answers: the process can take traffic (503 otherwise). A Redis outage does not take the API out of
   * a load balancer — every instance shares the same Redis, and reads and writes go on without it — so Redis is
   * reported beside the verdict, as `degraded` while it does not answer.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<Readiness> {
    const [postgres, redis] = await Promise.all([
      this.health
        .check([() => this.database.pingCheck('postgres', { timeout: CHECK_TIMEOUT_MS })])
        .catch((error: unknown) => {
          if (!(error instanceof ServiceUnavailableException)) throw error;
          response.status(503);
          return error.getResponse() as HealthCheckResult;
        }),
      this.redisReadiness(),
    ]);
    return { ...postgres, redis };
  }

  private async redisReadiness(): Promise<RedisReadiness> {
    try {
      // The shared client fails at once while disconnected, and gives up on a hung Redis after two seconds.
      await this.redis.ping();
      return { status: 'up' };
    } catch (error) {
      return { status: 'degraded', message: error instanceof Error ? error.message : String(error) };
    }
  }
}
