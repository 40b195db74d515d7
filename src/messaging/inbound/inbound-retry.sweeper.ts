import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { errorName, InboundSmsService } from './inbound-sms.service.js';

/** How often the API looks for inbound texts left unprocessed, and how old they must be. */
export const INBOUND_RETRY_INTERVAL_MS = 30_000;
export const INBOUND_RETRY_AGE_SECONDS = 30;

/**
 * Runs in the API, not the worker, because commands are registered by API-side feature modules. Every API
 * process sweeps; InboundSmsService.retryUnprocessed is safe to run concurrently.
 */
@Injectable()
export class InboundRetrySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InboundRetrySweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(private readonly inbound: InboundSmsService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), INBOUND_RETRY_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.inbound.retryUnprocessed(INBOUND_RETRY_AGE_SECONDS);
    } catch (error) {
      this.logger.warn(`inbound retry sweep failed: ${errorName(error)}`);
    } finally {
      this.sweeping = false;
    }
  }
}
