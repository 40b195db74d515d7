import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { BroadcastOutbox } from '../messaging/broadcasts/broadcast-outbox.js';
import type { Broadcast } from '../messaging/broadcasts/broadcast.entity.js';
import { MessagePriority } from '../messaging/outbound/message-priority.js';
import {
  OutboundMessagesService,
  type DispatchableMessage,
  type OutboundText,
} from '../messaging/outbound/outbound-messages.service.js';
import { renderTemplate } from '../messaging/text/templates.js';
import { ZonesService } from '../zones/zones.service.js';
import { AlertEvents } from './alert-events.js';
import { AlertActorKind, AlertTransition } from './alert-transition.entity.js';
import { assertTransition } from './alert-transitions.js';
import { AlertVerification } from './alert-verification.entity.js';
import { Alert, AlertStatus } from './alert.entity.js';
import { dispatchBodies, renderAboutPlace } from './alert-texts.js';
import { chooseVerifiers, RESPONDER_SKILLS } from './verifier-choice.js';

/** The `subjectType` of texts about an alert. */
export const ALERT_SUBJECT = 'alert';

export interface AlertActor {
  kind: AlertActorKind;
  id: string | null;
}

export const SYSTEM_ACTOR: AlertActor = { kind: AlertActorKind.SYSTEM, id: null };

/** What a committed change still has to do: enqueue its texts and its dispatch, tell subscribers. */
export interface AlertAftermath {
  messages: DispatchableMessage[];
  broadcasts: Pick<Broadcast, 'id' | 'priority'>[];
  alertIds: string[];
}

export type ClosedStatus = AlertStatus.RESOLVED | AlertStatus.FALSE_ALARM | AlertStatus.EXPIRED;

interface Recipient {
  id: string;
  phone: string;
  preferred_language: string;
}

/**
 * The moves of an alert that the API, the SMS commands and the worker share. Each runs in the caller's
 * transaction on an alert the caller locked, and records its texts and dispatch there (outbox); the caller hands
 * the returned aftermath to `afterCommit` once committed.
 */
@Injectable()
export class AlertLifecycle {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbound: OutboundMessagesService,
    private readonly broadcastOutbox: BroadcastOutbox,
    private readonly zones: ZonesService,
    private readonly events: AlertEvents,
  ) {}

  /** The alert under a row lock (concurrent changes wait and then see this one's result), or null. */
  lock(manager: EntityManager, where: { id: string } | { code: number; open: true }): Promise<Alert | null> {
    const query = manager.createQueryBuilder(Alert, 'a').setLock('pessimistic_write');
    if ('id' in where) return query.where('a.id = :id', { id: where.id }).getOne();
    return query
      .where('a.code = :code AND a.status IN (:...open)', {
        code: where.code,
        open: [AlertStatus.REPORTED, AlertStatus.VERIFYING, AlertStatus.CONFIRMED],
      })
      .getOne();
  }

  /** Moves the alert as the transition table allows, with `changes`, and records the move. */
  async move(
    manager: EntityManager,
    alert: Alert,
    to: AlertStatus,
    actor: AlertActor,
    now: Date,
    changes: Partial<Alert> = {},
    note: string | null = null,
  ): Promise<void> {
    assertTransition(alert.status, to);
    await manager.update(Alert, { id: alert.id }, { ...changes, status: to });
    await this.recordTransition(manager, alert.id, alert.status, to, actor, now, note);
    Object.assign(alert, changes, { status: to });
  }

  async recordTransition(
    manager: EntityManager,
    alertId: string,
    from: AlertStatus | null,
    to: AlertStatus,
    actor: AlertActor,
    at: Date,
    note: string | null = null,
  ): Promise<void> {
    await manager.insert(AlertTransition, {
      alertId,
      from,
      to,
      actorKind: actor.kind,
      actorId: actor.id,
      note,
      at,
    });
  }

  /**
   * Texts the `count` best-placed volunteers not asked yet (urgent: quiet hours do not apply) and records whom;
   * a REPORTED alert becomes VERIFYING. CONFLICT when nobody is left to ask.
   */
  async askVerifiers(
    manager: EntityManager,
    alert: Alert,
    count: number,
    actor: AlertActor,
    now: Date,
  ): Promise<AlertAftermath> {
    if (alert.status !== AlertStatus.REPORTED && alert.status !== AlertStatus.VERIFYING) {
      throw DomainError.badInput('alertId', `a ${alert.status} alert is past verification`);
    }
    const verifiers = await chooseVerifiers(manager, alert, count, now, this.config.networkTimezone);
    if (verifiers.length === 0) {
      throw DomainError.conflict(
        'No legal observer or rapid responder in the zone is left to ask: all were asked, or none is active and subscribed',
      );
    }
    await manager.insert(
      AlertVerification,
      verifiers.map((verifier) => ({ alertId: alert.id, volunteerId: verifier.id, askedAt: now })),
    );
    const messages = await this.outbound.record(
      manager,
      verifiers.map((verifier) =>
        this.alertText(
          alert,
          verifier,
          'alert_verify_request',
          renderAboutPlace('alert_verify_request', verifier.preferred_language, alert),
        ),
      ),
    );
    if (alert.status === AlertStatus.REPORTED) {
      await this.move(manager, alert, AlertStatus.VERIFYING, actor, now);
    }
    return { messages, broadcasts: [], alertIds: [alert.id] };
  }

  /**
   * CONFIRMED, and dispatched in one urgent broadcast (quiet hours do not apply, its texts go first) to the
   * active, subscribed legal observers and rapid responders of the zone, and of its neighbours when asked.
   */
  async confirm(
    manager: EntityManager,
    alert: Alert,
    actor: AlertActor,
    now: Date,
    includeNeighbours: boolean,
  ): Promise<AlertAftermath> {
    assertTransition(alert.status, AlertStatus.CONFIRMED);
    const neighbours = includeNeighbours ? await this.zones.neighbourIdsOf(manager, alert.zoneId) : [];
    const broadcast = await this.broadcastOutbox.record(manager, {
      ...dispatchBodies(alert, now, this.config.networkTimezone),
      zoneIds: [alert.zoneId, ...neighbours],
      skills: [],
      anySkills: [...RESPONDER_SKILLS],
      languages: [],
      urgent: true,
      priority: MessagePriority.URGENT,
      createdById: actor.kind === AlertActorKind.STAFF ? actor.id : null,
    });
    await this.move(manager, alert, AlertStatus.CONFIRMED, actor, now, {
      confirmedAt: now,
      confirmedByStaffId: actor.kind === AlertActorKind.STAFF ? actor.id : null,
      dispatchBroadcastId: broadcast.id,
    });
    return { messages: [], broadcasts: [broadcast], alertIds: [alert.id] };
  }

  /**
   * Resolved, false alarm or expired: what is left of the dispatch is cancelled, and everyone sent out for it — the
   * verifiers asked, the volunteers the dispatch reached, the responders — gets one short stand-down text.
   */
  async close(
    manager: EntityManager,
    alert: Alert,
    to: ClosedStatus,
    actor: AlertActor,
    now: Date,
    note: string | null,
  ): Promise<AlertAftermath> {
    assertTransition(alert.status, to);
    if (alert.dispatchBroadcastId) await this.broadcastOutbox.cancel(manager, alert.dispatchBroadcastId, now);
    await this.move(manager, alert, to, actor, now, { closedAt: now, closeNote: note }, note);
    const recipients: Recipient[] = await manager.query(
      `SELECT v.id, v.phone, v.preferred_language FROM volunteers v
        WHERE v.id IN (
          SELECT volunteer_id FROM messages
           WHERE $2::uuid IS NOT NULL AND broadcast_id = $2 AND status <> 'SKIPPED' AND volunteer_id IS NOT NULL
          UNION SELECT volunteer_id FROM alert_responders WHERE alert_id = $1
          UNION SELECT volunteer_id FROM alert_verifications WHERE alert_id = $1)
        ORDER BY v.id`,
      [alert.id, alert.dispatchBroadcastId],
    );
    const messages = await this.outbound.record(
      manager,
      recipients.map((recipient) => {
        const rendered = renderTemplate('alert_stand_down', recipient.preferred_language, {
          code: alert.code,
        });
        return this.alertText(alert, recipient, 'alert_stand_down', rendered);
      }),
    );
    return { messages, broadcasts: [], alertIds: [alert.id] };
  }

  /** Enqueues what the committed change recorded and publishes the alerts' new state. */
  async afterCommit(aftermath: AlertAftermath): Promise<void> {
    await this.outbound.dispatchOrLeaveToReconciler(aftermath.messages);
    for (const broadcast of aftermath.broadcasts)
      await this.broadcastOutbox.dispatchOrLeaveToReconciler(broadcast);
    await this.events.published(aftermath.alertIds);
  }

  /** An urgent text about the alert to one volunteer: quiet hours do not hold it, and it goes first. */
  private alertText(
    alert: Alert,
    recipient: Recipient,
    templateKey: 'alert_verify_request' | 'alert_stand_down',
    rendered: { body: string; language: string },
  ): OutboundText {
    return {
      volunteerId: recipient.id,
      phone: recipient.phone,
      ...rendered,
      templateKey,
      urgent: true,
      priority: MessagePriority.URGENT,
      subjectType: ALERT_SUBJECT,
      subjectId: alert.id,
    };
  }
}
