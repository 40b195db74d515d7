import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PubSub } from '../graphql/pubsub.js';
import { errorName } from '../observability/safe-error.js';
import { logUnlessOutage } from '../redis/redis-availability.js';
import { Alert } from './alert.entity.js';

/** One topic for every alert's changes; each subscriber sees those of its zones only (see AlertsResolver). */
export const ALERT_UPDATED_TOPIC = 'alert-updated';

/** An alert as published (JSON), its dates restored. */
export function reviveAlert(json: unknown): Alert {
  const plain = json as Record<keyof Alert, unknown>;
  const date = (value: unknown) => (typeof value === 'string' ? new Date(value) : null);
  return Object.assign(new Alert(), plain, {
    expiresAt: date(plain.expiresAt) as Date,
    confirmedAt: date(plain.confirmedAt),
    closedAt: date(plain.closedAt),
    detailsPurgedAt: date(plain.detailsPurgedAt),
    createdAt: date(plain.createdAt) as Date,
    updatedAt: date(plain.updatedAt) as Date,
  });
}

/** Publishes `alertUpdated` after a change committed, from the API or the worker. */
@Injectable()
export class AlertEvents {
  private readonly logger = new Logger(AlertEvents.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pubsub: PubSub,
  ) {}

  /** The alerts as they are now, with their zone. Live updates are best effort: a failure is only logged. */
  async published(alertIds: string[]): Promise<void> {
    if (alertIds.length === 0) return;
    try {
      const alerts = await this.dataSource
        .getRepository(Alert)
        .find({ where: alertIds.map((id) => ({ id })), relations: { zone: true } });
      for (const alert of alerts) await this.pubsub.publish(ALERT_UPDATED_TOPIC, alert);
    } catch (error) {
      logUnlessOutage(this.logger, 'warn', `alertUpdated not published: ${errorName(error)}`, error);
    }
  }
}
