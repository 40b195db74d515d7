import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { Skill } from '../../volunteers/volunteer.entity.js';
import { MessageStatus } from '../message.entity.js';
import { broadcastWarnings, estimateFinish } from './broadcast-eta.js';
import { Broadcast, BroadcastStatus } from './broadcast.entity.js';
import { recipientsAfter } from './broadcast-segment.js';
import { BroadcastView } from './dto/broadcast.view.js';

type Counts = Pick<
  BroadcastView,
  'total' | 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped'
>;

/** Which count each message status adds to. */
const COUNT_OF_STATUS: Partial<Record<MessageStatus, keyof Counts>> = {
  [MessageStatus.QUEUED]: 'queued',
  [MessageStatus.SENDING]: 'sending',
  [MessageStatus.SENT]: 'sent',
  [MessageStatus.DELIVERED]: 'delivered',
  [MessageStatus.FAILED]: 'failed',
  [MessageStatus.UNDELIVERED]: 'failed',
  [MessageStatus.SKIPPED]: 'skipped',
};

/** The topic of a broadcast's progress events (PubSub). */
export function broadcastProgressTopic(broadcastId: string): string {
  return `broadcast-progress:${broadcastId}`;
}

/** Broadcasts with their live counts, ETA and warnings, as the API shows and the progress events carry them. */
@Injectable()
export class BroadcastViews {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async viewOf(broadcast: Broadcast): Promise<BroadcastView> {
    const [view] = await this.viewsOf([broadcast]);
    return view;
  }

  /**
   * Reads the broadcasts afresh with their counts (one GROUP BY) and, for those fanning out, the recipients still
   * to fan out — all in one snapshot, so a fan-out chunk committing meanwhile is counted exactly once.
   */
  async viewsOf(broadcasts: Broadcast[]): Promise<BroadcastView[]> {
    if (broadcasts.length === 0) return [];
    const ids = broadcasts.map((broadcast) => broadcast.id);
    const snapshot = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const fresh = new Map((await manager.findBy(Broadcast, { id: In(ids) })).map((row) => [row.id, row]));
      const rows: { broadcast_id: string; status: MessageStatus; count: number }[] = await manager.query(
        `SELECT broadcast_id, status, count(*)::int AS count FROM messages
          WHERE broadcast_id = ANY($1::uuid[]) GROUP BY broadcast_id, status`,
        [ids],
      );
      const current = broadcasts.map((broadcast) => fresh.get(broadcast.id) ?? broadcast);
      // One after another: the transaction is one connection, and pg refuses overlapping queries on one (pg 9).
      const awaiting: number[] = [];
      for (const broadcast of current) awaiting.push(await this.awaitingFanOut(manager, broadcast));
      return { current, rows, awaiting };
    });
    const countsById = new Map(ids.map((id) => [id, emptyCounts()]));
    for (const row of snapshot.rows) {
      const counts = countsById.get(row.broadcast_id) as Counts;
      const key = COUNT_OF_STATUS[row.status];
      if (key) counts[key] += row.count;
      counts.total += row.count;
    }
    const now = this.clock.now();
    return snapshot.current.map((broadcast, index) => {
      const counts = countsById.get(broadcast.id) as Counts;
      const awaitingFanOut = snapshot.awaiting[index];
      const live =
        broadcast.status === BroadcastStatus.FANNING_OUT || broadcast.status === BroadcastStatus.SENDING;
      const remaining = live ? counts.queued + counts.sending + awaitingFanOut : 0;
      const timing = this.timing(now, remaining, broadcast.urgent);
      return Object.assign(new BroadcastView(), {
        id: broadcast.id,
        status: broadcast.status,
        body: broadcast.body,
        bodyByLanguage: Object.entries(broadcast.bodyByLanguage).map(([language, body]) => ({
          language,
          body,
        })),
        zoneIds: broadcast.zoneIds,
        skills: broadcast.skills as Skill[],
        anySkills: broadcast.anySkills as Skill[],
        languages: broadcast.languages,
        urgent: broadcast.urgent,
        priority: broadcast.priority,
        ...counts,
        awaitingFanOut,
        ...timing,
        createdAt: broadcast.createdAt,
        cancelledAt: broadcast.cancelledAt,
        completedAt: broadcast.completedAt,
      });
    });
  }

  /** When `remaining` texts will have gone out at the configured throughput and quiet hours, and the warnings. */
  timing(now: Date, remaining: number, urgent: boolean): { eta: Date | null; warnings: string[] } {
    const input = {
      now,
      remaining,
      ratePerSecond: this.config.smsRatePerSecond,
      urgent,
      quietHours: this.config.quietHours,
      timeZone: this.config.networkTimezone,
    };
    const eta = estimateFinish(input);
    return { eta: eta.at, warnings: broadcastWarnings({ ...input, eta }) };
  }

  private async awaitingFanOut(manager: EntityManager, broadcast: Broadcast): Promise<number> {
    if (broadcast.status !== BroadcastStatus.FANNING_OUT) return 0;
    const recipients = recipientsAfter(broadcast, broadcast.fanoutCursor);
    const [row]: { count: number }[] = await manager.query(
      `SELECT count(*)::int AS count FROM volunteers v WHERE ${recipients.where}`,
      recipients.params,
    );
    return row.count;
  }
}

function emptyCounts(): Counts {
  return { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, skipped: 0 };
}
