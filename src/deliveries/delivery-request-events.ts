import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { PubSub } from '../graphql/pubsub.js';
import { errorName } from '../observability/safe-error.js';

/** The pub/sub topic of `deliveryRequestUpdated`. */
export const DELIVERY_REQUEST_UPDATED = 'delivery-request-updated';

/**
 * What is published: which request changed, and its zone (so a zone-limited subscriber is passed only its zones'
 * events). Never the request's fields: each subscriber reads the request afresh, as itself, so a protected field
 * goes only to a role that may read it, with its audit row.
 */
export interface DeliveryRequestChange {
  id: string;
  zoneId: string;
}

export function reviveDeliveryRequestChange(payload: unknown): DeliveryRequestChange {
  const { id, zoneId } = payload as Partial<DeliveryRequestChange>;
  if (typeof id !== 'string' || typeof zoneId !== 'string')
    throw new TypeError('not a delivery request change');
  return { id, zoneId };
}

/** Where the changes of one transaction wait for its commit, in its query runner's user data. */
const PENDING = Symbol('pendingDeliveryRequestChanges');
type RunnerData = { [PENDING]?: Map<string, DeliveryRequestChange> };

/**
 * Reports a change of a delivery request in the transaction that makes it (a mutation, a volunteer's text in the
 * inbound transaction, a worker job); DeliveryRequestEvents publishes it once that transaction commits.
 */
export function deliveryRequestChanged(manager: EntityManager, change: DeliveryRequestChange): void {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('a delivery request changes inside a transaction');
  const data = runner.data as RunnerData;
  (data[PENDING] ??= new Map()).set(change.id, change);
}

/**
 * Publishes a delivery request's change once the transaction that made it commits, and never for one rolled back:
 * a subscriber that reads the request on the event sees the change. Whatever changes a request (a mutation, a
 * volunteer's text in the inbound transaction, a worker job) reports it with `deliveryRequestChanged`; a
 * request changed twice in one transaction is published once. Live updates are best effort: a failed publish is
 * logged and the change stands.
 */
@Injectable()
export class DeliveryRequestEvents implements EntitySubscriberInterface {
  private readonly logger = new Logger(DeliveryRequestEvents.name);

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly pubsub: PubSub,
  ) {
    dataSource.subscribers.push(this);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    // A savepoint's release is a commit too; the outer transaction's is the one that counts.
    if (queryRunner.isTransactionActive) return;
    for (const change of this.take(queryRunner.data as RunnerData)) {
      this.pubsub
        .publish(DELIVERY_REQUEST_UPDATED, change)
        .catch((error: unknown) =>
          this.logger.warn(`deliveryRequestUpdated not published: ${errorName(error)}`),
        );
    }
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) this.take(queryRunner.data as RunnerData);
  }

  private take(data: RunnerData): DeliveryRequestChange[] {
    const pending = [...(data[PENDING]?.values() ?? [])];
    delete data[PENDING];
    return pending;
  }
}
