import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { StaffUser } from '../../auth/staff-user.entity.js';
import { Clock } from '../../common/clock.js';
import { DomainError, type FieldProblem } from '../../common/domain-error.js';
import type { ConnectionShape } from '../../common/pagination/connection.js';
import { paginate } from '../../common/pagination/paginate.js';
import { errorName } from '../../observability/safe-error.js';
import { logUnlessOutage } from '../../redis/redis-availability.js';
import { zoneScopeOf } from '../../zones/zone-scope.js';
import { ZonesService } from '../../zones/zones.service.js';
import { MessageStatus } from '../message.entity.js';
import { countSegments, outgoingTextProblem, toGsmFriendly } from '../text/sms-text.js';
import { BroadcastViews } from './broadcast-views.js';
import { recipientsAfter, type Segment } from './broadcast-segment.js';
import { Broadcast, BroadcastStatus } from './broadcast.entity.js';
import { BROADCASTS_QUEUE, enqueueFanOut, type FanOutJobData } from './broadcasts.queue.js';
import type { BroadcastPreview, BroadcastTextPreview } from './dto/broadcast-preview.view.js';
import type { BroadcastView } from './dto/broadcast.view.js';
import type { SendBroadcastInput } from './dto/send-broadcast.input.js';

/** What coordinators do with broadcasts. Sending only records the broadcast: the worker fans it out. */
@Injectable()
export class BroadcastsService {
  private readonly logger = new Logger(BroadcastsService.name);

  constructor(
    @InjectRepository(Broadcast) private readonly broadcasts: Repository<Broadcast>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(BROADCASTS_QUEUE) private readonly queue: Queue<FanOutJobData>,
    private readonly zones: ZonesService,
    private readonly views: BroadcastViews,
    private readonly clock: Clock,
  ) {}

  async send(user: StaffUser, input: SendBroadcastInput): Promise<BroadcastView> {
    const { body, bodyByLanguage } = validBodies(input);
    const broadcast = await this.broadcasts.save(
      this.broadcasts.create({
        body,
        bodyByLanguage,
        ...(await this.segmentOf(user, input)),
        urgent: input.urgent,
        createdById: user.id,
      }),
    );
    await this.enqueueFanOut(broadcast.id);
    return this.views.viewOf(broadcast);
  }

  /**
   * Records, in the caller's transaction, a broadcast to a registered audience (broadcast-audiences.ts) within a
   * segment; call enqueueFanOut with its id after the commit. The bodies are the caller's rendered templates.
   */
  recordForAudience(
    manager: EntityManager,
    broadcast: Pick<Broadcast, 'body' | 'bodyByLanguage' | 'zoneIds' | 'urgent' | 'createdById'> & {
      audience: string;
      audienceParams: Record<string, string>;
    },
  ): Promise<Broadcast> {
    return manager.save(manager.create(Broadcast, { ...broadcast, skills: [], languages: [] }));
  }

  async enqueueFanOut(broadcastId: string): Promise<void> {
    try {
      await enqueueFanOut(this.queue, broadcastId);
    } catch (error) {
      // The broadcast is recorded: failing here would make the coordinator send it twice. The reconciler
      // enqueues the fan-out of a FANNING_OUT broadcast that has no job.
      logUnlessOutage(
        this.logger,
        'warn',
        `fan-out of broadcast ${broadcastId} left to the reconciler: ${errorName(error)}`,
        error,
      );
    }
  }

  /**
   * What `send` would do with the same input, checked the same way, without writing anything: the recipients of
   * the segment (the fan-out's own condition), each text's segments and encoding, and the ETA at the configured
   * throughput. One statement: the recipients counted by preferred language.
   */
  async preview(user: StaffUser, input: SendBroadcastInput): Promise<BroadcastPreview> {
    const { body, bodyByLanguage } = validBodies(input);
    const recipients = recipientsAfter(await this.segmentOf(user, input), null);
    const byLanguage: { language: string; count: number }[] = await this.dataSource.query(
      `SELECT v.preferred_language AS language, count(*)::int AS count FROM volunteers v
        WHERE ${recipients.where} GROUP BY v.preferred_language`,
      recipients.params,
    );
    const total = byLanguage.reduce((sum, row) => sum + row.count, 0);
    const countOf = (language: string) => byLanguage.find((row) => row.language === language)?.count ?? 0;
    const variants = Object.entries(bodyByLanguage).map(([language, text]) =>
      textPreview(language, text, countOf(language)),
    );
    const variantRecipients = variants.reduce((sum, text) => sum + text.recipients, 0);
    const texts = [textPreview(null, body, total - variantRecipients), ...variants];
    return {
      recipients: total,
      segments: texts.reduce((sum, text) => sum + text.segments * text.recipients, 0),
      texts,
      ...this.views.timing(this.clock.now(), total, input.urgent),
    };
  }

  async get(user: StaffUser, id: string): Promise<BroadcastView> {
    return this.views.viewOf(await this.findVisible(user, id));
  }

  async list(
    user: StaffUser,
    page: { first: number; after?: string | null },
  ): Promise<ConnectionShape<BroadcastView>> {
    const connection = await paginate(this.visibleTo(user, this.broadcasts.createQueryBuilder('b')), {
      ...page,
      sortColumn: 'b.createdAt',
      sortValueOf: (broadcast) => broadcast.createdAt.toISOString(),
      direction: 'DESC',
    });
    const views = await this.views.viewsOf(connection.edges.map((edge) => edge.node));
    return { ...connection, edges: connection.edges.map((edge, index) => ({ ...edge, node: views[index] })) };
  }

  /**
   * Stops what has not been sent: the still-QUEUED messages become SKIPPED in one UPDATE, and the fan-out stops
   * at its next chunk. Messages already being sent or sent are left alone. Cancelling twice changes nothing.
   */
  async cancel(user: StaffUser, id: string): Promise<BroadcastView> {
    const broadcast = await this.findVisible(user, id);
    if (broadcast.status === BroadcastStatus.COMPLETED) {
      throw DomainError.conflict(`Broadcast ${id} has completed: nothing is left to cancel`);
    }
    await this.stop(id);
    return this.get(user, id);
  }

  /**
   * The unsent part of a broadcast is skipped and its fan-out stops (see cancel); nothing for one that has finished.
   * For a feature whose broadcast no longer makes sense (the offer of a cancelled training event's shifts).
   */
  async stop(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Waits for a fan-out chunk in flight (it locks the broadcast row), so its messages are skipped too.
      const [, cancelled] = await manager.query(
        `UPDATE broadcasts SET status = $2, cancelled_at = $3, updated_at = now()
          WHERE id = $1 AND status IN ($4, $5)`,
        [
          id,
          BroadcastStatus.CANCELLED,
          this.clock.now(),
          BroadcastStatus.FANNING_OUT,
          BroadcastStatus.SENDING,
        ],
      );
      if (cancelled === 0) return;
      await manager.query(
        `UPDATE messages SET status = $2, error_code = 'CANCELLED', updated_at = now()
          WHERE broadcast_id = $1 AND status = $3`,
        [id, MessageStatus.SKIPPED, MessageStatus.QUEUED],
      );
    });
  }

  /** A coordinator limited to zones sees the broadcasts to those zones only; others see every broadcast. */
  async findVisible(user: StaffUser, id: string): Promise<Broadcast> {
    const broadcast = await this.visibleTo(user, this.broadcasts.createQueryBuilder('b'))
      .andWhere('b.id = :id', { id })
      .getOne();
    if (!broadcast) throw DomainError.notFound('Broadcast', id);
    return broadcast;
  }

  private visibleTo(user: StaffUser, query: SelectQueryBuilder<Broadcast>): SelectQueryBuilder<Broadcast> {
    const scope = zoneScopeOf(user);
    if (!scope) return query;
    return query.andWhere('cardinality(b.zoneIds) > 0 AND b.zoneIds <@ :scope', { scope });
  }

  /** Who the broadcast goes to. Zones: the ones asked for, within the user's; a zone-limited user's own by default. */
  private async segmentOf(user: StaffUser, input: SendBroadcastInput): Promise<Segment> {
    const skills = [...new Set(input.skills)];
    const languages = [...new Set(input.languages)];
    if (input.zoneIds.length === 0) return { zoneIds: zoneScopeOf(user) ?? [], skills, languages };
    const zones = await this.zones.findWithinScopeOrFail(user, input.zoneIds, 'zoneIds');
    return { zoneIds: zones.map((zone) => zone.id), skills, languages };
  }
}

function textPreview(language: string | null, body: string, recipients: number): BroadcastTextPreview {
  const { segments, encoding } = countSegments(body);
  return { language, body, segments, encoding, recipients };
}

/**
 * The bodies as they will be sent (GSM-friendly punctuation), each non-empty and within three segments; a
 * problem names its field: `body`, or `bodyByLanguage.<language>`.
 */
function validBodies(input: SendBroadcastInput): { body: string; bodyByLanguage: Record<string, string> } {
  const problems: FieldProblem[] = [];
  const checked = (field: string, text: string): string => {
    const body = toGsmFriendly(text.trim());
    const problem = outgoingTextProblem(body);
    if (problem) problems.push({ field, message: problem });
    return body;
  };
  const body = checked('body', input.body);
  const bodyByLanguage: Record<string, string> = {};
  for (const variant of input.bodyByLanguage) {
    const field = `bodyByLanguage.${variant.language}`;
    if (Object.hasOwn(bodyByLanguage, variant.language)) problems.push({ field, message: 'is given twice' });
    bodyByLanguage[variant.language] = checked(field, variant.body);
  }
  if (problems.length > 0) throw DomainError.badInputs(problems);
  return { body, bodyByLanguage };
}
