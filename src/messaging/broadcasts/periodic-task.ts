import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * Runs `task` every `everyMs` in this process, never two runs at once, and in one worker per interval (a Redis
 * lock). A timer rather than a BullMQ repeatable job, which would vanish with the Redis data it helps repair.
 */
export class PeriodicTask {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly redis: Redis,
    private readonly lockKey: string,
    private readonly task: () => Promise<unknown>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.everyMs);
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runUnlessAnotherWorkerDoes()
      .catch((error: unknown) => this.logger.error(`${this.name} failed: ${String(error)}`))
      .finally(() => {
        this.running = null;
      });
  }

  private async runUnlessAnotherWorkerDoes(): Promise<void> {
    const acquired = await this.redis.set(this.lockKey, '1', 'PX', this.everyMs, 'NX');
    if (acquired) await this.task();
  }
}
