import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type SelectQueryBuilder } from 'typeorm';
import type { StaffUser } from '../../auth/staff-user.entity.js';
import { Clock } from '../../common/clock.js';
import { DomainError, type FieldProblem } from '../../common/domain-error.js';
import type { ConnectionShape } from '../../common/pagination/connection.js';
import { paginate } from '../../common/pagination/paginate.js';
import { zoneScopeOf } from '../../zones/zone-scope.js';
import { ZonesService } from '../../zones/zones.service.js';
import { countSegments, outgoingTextProblem, toGsmFriendly } from '../text/sms-text.js';
import { BroadcastViews } from './broadcast-views.js';
import { recipientsAfter, type Segment } from './broadcast-segment.js';
import { Broadcast, BroadcastStatus } from './broadcast.entity.js';
import { BroadcastOutbox } from './broadcast-outbox.js';
import type { BroadcastPreview, BroadcastTextPreview } from './dto/broadcast-preview.view.js';
import type { BroadcastView } from './dto/broadcast.view.js';
import type { SendBroadcastInput } from './dto/send-broadcast.input.js';

/** What coordinators do with broadcasts. Sending only records the broadcast: the worker fans it out. */
@Injectable()
export class BroadcastsService {
  constructor(
    @InjectRepository(Broadcast) private readonly broadcasts: Repository<Broadcast>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: BroadcastOutbox,
    private readonly zones: ZonesService,
    private readonly views: BroadcastViews,
    private readonly clock: Clock,
  ) {}

  async send(user: StaffUser, input: SendBroadcastInput): Promise<BroadcastView> {
    const { body, bodyByLanguage } = validBodies(input);
    const broadcast = await this.outbox.record(this.dataSource.manager, {
      body,
      bodyByLanguage,
      ...(await this.segmentOf(user, input)),
      urgent: input.urgent,
      createdById: user.id,
    });
    await this.outbox.dispatchOrLeaveToReconciler(broadcast);
    return this.views.viewOf(broadcast);
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
    await this.dataSource.transaction((manager) => this.outbox.cancel(manager, id, this.clock.now()));
    return this.get(user, id);
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
    const anySkills = [...new Set(input.anySkills)];
    const languages = [...new Set(input.languages)];
    if (input.zoneIds.length === 0) return { zoneIds: zoneScopeOf(user) ?? [], skills, anySkills, languages };
    const zones = await this.zones.findWithinScopeOrFail(user, input.zoneIds, 'zoneIds');
    return { zoneIds: zones.map((zone) => zone.id), skills, anySkills, languages };
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
