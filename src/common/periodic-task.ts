import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { errorName } from '../observability/safe-error.js';
import { logUnlessOutage } from '../redis/redis-availability.js';

/**
 * Runs `runOnce()` every `everyMs` from application bootstrap to shutdown: never two runs at once in this process,
 * and one run per interval across processes (a Redis lock). A timer rather than a BullMQ repeatable job, which
 * would vanish with the Redis data it helps repair. Subclasses are Nest providers; Nest calls the hooks.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  protected constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly redis: Redis,
    private readonly lockKey: string,
  ) {
    this.logger = new Logger(name);
  }

  /** One run; what it throws is logged (its class, never its message), and the next interval runs again. */
  protected abstract runOnce(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.everyMs);
    // Housekeeping never keeps a process alive on its own: the process's connections and server do.
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runUnlessAnotherProcessDoes()
      .catch((error: unknown) =>
        logUnlessOutage(this.logger, 'error', `${this.name} failed: ${errorName(error)}`, error),
      )
      .finally(() => {
        this.running = null;
      });
  }

  private async runUnlessAnotherProcessDoes(): Promise<void> {
    const acquired = await this.redis.set(this.lockKey, '1', 'PX', this.everyMs, 'NX');
    if (acquired) await this.runOnce();
  }
}
