import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import type { ConnectionShape } from '../common/pagination/connection.js';
import { paginate } from '../common/pagination/paginate.js';
import { RequestLoaders } from '../common/request-loaders.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { isWithinScope, zoneFilterWithinScope, zoneScopeOf } from '../zones/zone-scope.js';
import { ZonesService } from '../zones/zones.service.js';
import { insertUnderFreeCode } from './alert-code.js';
import {
  AlertLifecycle,
  type AlertAftermath,
  type AlertActor,
  type ClosedStatus,
} from './alert-lifecycle.js';
import { AlertResponder } from './alert-responder.entity.js';
import { AlertActorKind, AlertTransition } from './alert-transition.entity.js';
import { AlertVerification } from './alert-verification.entity.js';
import { Alert, AlertStatus, type AlertDetails } from './alert.entity.js';
import type { AlertDetailsInput, AlertFilter, ReportAlertInput } from './dto/alert.input.js';
import { looksLikePrivateAddress, PRIVATE_ADDRESS_PROBLEM } from './public-place.js';

const HOUR_MS = 3600_000;
export const DEFAULT_VERIFIERS = 3;
const MAX_VERIFIERS = 20;
const NOTE_MAX_LENGTH = 300;

/** What dispatchers do with alerts (COORDINATOR within their zones, ADMIN everywhere). */
@Injectable()
export class AlertsService {
  private readonly responderLoaders = this.childLoaders(AlertResponder, { standby: false });
  private readonly verificationLoaders = this.childLoaders(AlertVerification, { answered: true });
  private readonly historyLoaders = new RequestLoaders<string, AlertTransition[]>(async (alertIds) => {
    const rows = await this.dataSource
      .getRepository(AlertTransition)
      .find({ where: { alertId: In([...alertIds]) }, order: { sequence: 'ASC' } });
    return alertIds.map((id) => rows.filter((row) => row.alertId === id));
  });

  constructor(
    @InjectRepository(Alert) private readonly alerts: Repository<Alert>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly zones: ZonesService,
    private readonly lifecycle: AlertLifecycle,
    private readonly clock: Clock,
  ) {}

  /** Newest first. */
  list(
    user: StaffUser,
    filter: AlertFilter = {},
    page: { first: number; after?: string | null },
  ): Promise<ConnectionShape<Alert>> {
    const query = this.withZone(this.alerts.createQueryBuilder('a'));
    const zoneIds = zoneFilterWithinScope(user, filter.zoneIds);
    if (zoneIds) query.andWhere('a.zoneId = ANY(:zoneIds)', { zoneIds });
    if (filter.statuses?.length) query.andWhere('a.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.kinds?.length) query.andWhere('a.kind IN (:...kinds)', { kinds: filter.kinds });
    return paginate(query, {
      ...page,
      sortColumn: 'a.createdAt',
      sortValueOf: (alert) => alert.createdAt.toISOString(),
      direction: 'DESC',
    });
  }

  /** An alert the user may see; one outside a zone-limited user's zones is as not found as a missing one. */
  async get(user: StaffUser, id: string): Promise<Alert> {
    const alert = await this.withZone(this.alerts.createQueryBuilder('a'))
      .where('a.id = :id', { id })
      .getOne();
    if (!alert || !isWithinScope(zoneScopeOf(user), [alert.zoneId])) throw DomainError.notFound('Alert', id);
    return alert;
  }

  /** A coordinator's report: REPORTED, in the dispatch queue; nothing is texted until it is confirmed. */
  async report(user: StaffUser, input: ReportAlertInput): Promise<Alert> {
    await this.zones.findWithinScopeOrFail(user, [input.zoneId], 'zoneId');
    if (looksLikePrivateAddress(input.location))
      throw DomainError.badInput('location', PRIVATE_ADDRESS_PROBLEM);
    const now = this.clock.now();
    const id = await this.dataSource.transaction((manager) =>
      this.recordReport(manager, {
        zoneId: input.zoneId,
        kind: input.kind,
        location: input.location,
        details: detailsOf(input.details),
        reportedBy: { kind: AlertActorKind.STAFF, id: user.id },
        now,
      }),
    );
    await this.lifecycle.afterCommit({ messages: [], broadcasts: [], alertIds: [id] });
    return this.get(user, id);
  }

  /** Inserts a REPORTED alert under a free code, with its first transition; shared with the ALERT text. */
  async recordReport(
    manager: EntityManager,
    report: Pick<Alert, 'zoneId' | 'kind' | 'location' | 'details'> & { reportedBy: AlertActor; now: Date },
  ): Promise<string> {
    const { reportedBy, now } = report;
    const id = await insertUnderFreeCode(manager, {
      zoneId: report.zoneId,
      kind: report.kind,
      location: report.location,
      details: report.details,
      status: AlertStatus.REPORTED,
      reportedByStaffId: reportedBy.kind === AlertActorKind.STAFF ? reportedBy.id : null,
      reportedByVolunteerId: reportedBy.kind === AlertActorKind.VOLUNTEER ? reportedBy.id : null,
      expiresAt: new Date(now.getTime() + this.config.alertTtlHours * HOUR_MS),
      responderTarget: this.config.alertResponderTarget,
    });
    await this.lifecycle.recordTransition(manager, id, null, AlertStatus.REPORTED, reportedBy, now);
    return id;
  }

  requestVerification(user: StaffUser, alertId: string, count: number): Promise<Alert> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_VERIFIERS) {
      throw DomainError.badInput('count', `must be a whole number from 1 to ${MAX_VERIFIERS}`);
    }
    return this.change(user, alertId, 'alertId', (manager, alert, now) =>
      this.lifecycle.askVerifiers(manager, alert, count, staffActor(user), now),
    );
  }

  confirm(user: StaffUser, id: string, includeNeighbours: boolean): Promise<Alert> {
    return this.change(user, id, 'id', (manager, alert, now) =>
      this.lifecycle.confirm(manager, alert, staffActor(user), now, includeNeighbours),
    );
  }

  close(user: StaffUser, id: string, to: ClosedStatus, note: string | null | undefined): Promise<Alert> {
    const trimmed = note?.trim() || null;
    if (trimmed && trimmed.length > NOTE_MAX_LENGTH) {
      throw DomainError.badInput('note', `must be at most ${NOTE_MAX_LENGTH} characters`);
    }
    return this.change(user, id, 'id', (manager, alert, now) =>
      this.lifecycle.close(manager, alert, to, staffActor(user), now, trimmed),
    );
  }

  /** Counted responders, in the order they answered. */
  respondersOf(alert: Alert, requestContext: object): Promise<AlertResponder[]> {
    return this.responderLoaders.load(requestContext, alert.id);
  }

  /** The verifiers' answers, in the order they came. */
  verificationsOf(alert: Alert, requestContext: object): Promise<AlertVerification[]> {
    return this.verificationLoaders.load(requestContext, alert.id);
  }

  historyOf(alert: Alert, requestContext: object): Promise<AlertTransition[]> {
    return this.historyLoaders.load(requestContext, alert.id);
  }

  /** Locks the alert, runs `work` in the transaction, then enqueues and publishes what it recorded. */
  private async change(
    user: StaffUser,
    id: string,
    field: string,
    work: (manager: EntityManager, alert: Alert, now: Date) => Promise<AlertAftermath>,
  ): Promise<Alert> {
    const aftermath = await this.dataSource.transaction(async (manager) => {
      const alert = await this.lifecycle.lock(manager, { id });
      if (!alert || !isWithinScope(zoneScopeOf(user), [alert.zoneId])) {
        throw DomainError.badInput(field, 'is not an alert you can see');
      }
      return work(manager, alert, this.clock.now());
    });
    await this.lifecycle.afterCommit(aftermath);
    return this.get(user, id);
  }

  private withZone(query: SelectQueryBuilder<Alert>): SelectQueryBuilder<Alert> {
    return query.innerJoinAndSelect('a.zone', 'zone');
  }

  /** One query a page for a list of an alert's rows (with their volunteer), oldest first. */
  private childLoaders<T extends AlertResponder | AlertVerification>(
    entity: new () => T,
    only: { standby: false } | { answered: true },
  ): RequestLoaders<string, T[]> {
    return new RequestLoaders<string, T[]>(async (alertIds) => {
      const query = this.dataSource
        .getRepository(entity)
        .createQueryBuilder('row')
        .innerJoinAndSelect('row.volunteer', 'volunteer')
        .leftJoinAndSelect('volunteer.zones', 'volunteerZone')
        .where('row.alertId IN (:...alertIds)', { alertIds });
      if ('standby' in only) query.andWhere('row.standby = false').orderBy('row.at', 'ASC');
      else query.andWhere('row.answeredAt IS NOT NULL').orderBy('row.answeredAt', 'ASC');
      const rows = await query.getMany();
      return alertIds.map((id) => rows.filter((row) => row.alertId === id));
    });
  }
}

function staffActor(user: StaffUser): AlertActor {
  return { kind: AlertActorKind.STAFF, id: user.id };
}

/** The SALUTE parts given, or null when none is. */
function detailsOf(input: AlertDetailsInput | null | undefined): AlertDetails | null {
  if (!input) return null;
  const parts = Object.entries(input).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
  );
  return parts.length > 0 ? (Object.fromEntries(parts) as AlertDetails) : null;
}
