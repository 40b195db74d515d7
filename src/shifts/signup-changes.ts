import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { errorName } from '../observability/safe-error.js';
import { logUnlessOutage } from '../redis/redis-availability.js';
import { ShiftEvents } from './shift-events.js';
import { ShiftReminders } from './shift-reminders.js';

/** What a transaction changed, acted on once it commits. */
interface Pending {
  /** Signups whose status changed. */
  signupIds: Set<string>;
  /** Shifts whose counts or fields changed (published). */
  shiftIds: Set<string>;
  /** Shifts whose start moved: every confirmed signup's reminders follow. */
  movedShiftIds: Set<string>;
}

const PENDING = Symbol('signup changes');

/**
 * The one place a signup's state change has its effects outside the database: whatever path claims, drops,
 * promotes, demotes or cancels a signup (or moves a shift) notes it here in its transaction, and once that
 * transaction commits the signups' reminder jobs are brought in line with their rows (a dropped or cancelled
 * signup's reminders are removed, a promoted one's scheduled) and the shifts are published for `shiftUpdated`.
 * Nothing happens on rollback. If Redis is away then, the worker's reminder reconciler repairs the jobs, and the
 * reminder processor checks every job against the database before it texts.
 */
@Injectable()
export class SignupChanges implements EntitySubscriberInterface {
  private readonly logger = new Logger(SignupChanges.name);

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly reminders: ShiftReminders,
    private readonly events: ShiftEvents,
  ) {
    dataSource.subscribers.push(this);
  }

  /** These signups of the shift changed status (or were created). */
  signupsChanged(manager: EntityManager, shiftId: string, signupIds: string[]): void {
    const pending = this.pendingOf(manager);
    pending.shiftIds.add(shiftId);
    for (const id of signupIds) pending.signupIds.add(id);
  }

  /** The shift itself changed; `moved` when its start did. */
  shiftChanged(manager: EntityManager, shiftId: string, moved: boolean): void {
    const pending = this.pendingOf(manager);
    pending.shiftIds.add(shiftId);
    if (moved) pending.movedShiftIds.add(shiftId);
  }

  async afterTransactionCommit({ queryRunner, manager }: TransactionCommitEvent): Promise<void> {
    // A savepoint released: the outer transaction may still roll back.
    if (queryRunner.isTransactionActive) return;
    const pending = this.take(queryRunner);
    if (!pending) return;
    try {
      // Through the committed transaction's own connection: taking a second one from the pool while holding this
      // one would deadlock a burst of claims as large as the pool.
      await this.reminders.sync(manager, [...pending.signupIds], [...pending.movedShiftIds]);
    } catch (error) {
      logUnlessOutage(
        this.logger,
        'warn',
        `Could not schedule shift reminders now; the reconciler will: ${errorName(error)}`,
        error,
      );
    }
    try {
      await this.events.publish(manager, [...pending.shiftIds]);
    } catch (error) {
      logUnlessOutage(this.logger, 'warn', `Could not publish shift updates: ${errorName(error)}`, error);
    }
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) this.take(queryRunner);
  }

  private pendingOf(manager: EntityManager): Pending {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('Signup changes are noted inside a transaction');
    const data = runner.data as { [PENDING]?: Pending };
    data[PENDING] ??= { signupIds: new Set(), shiftIds: new Set(), movedShiftIds: new Set() };
    return data[PENDING];
  }

  private take(runner: QueryRunner): Pending | undefined {
    const data = runner.data as { [PENDING]?: Pending };
    const pending = data[PENDING];
    delete data[PENDING];
    return pending;
  }
}
