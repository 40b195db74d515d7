import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import {
  CommandRegistry,
  type CommandContext,
  type CommandOutcome,
  type CommandReply,
} from '../messaging/inbound/command-registry.js';
import { verifiersConfirm, type VerificationTally } from './alert-confirmation-rule.js';
import { ALERT_SUBJECT, AlertLifecycle, type AlertAftermath } from './alert-lifecycle.js';
import { AlertResponder } from './alert-responder.entity.js';
import { AlertActorKind } from './alert-transition.entity.js';
import { AlertVerification } from './alert-verification.entity.js';
import { Alert, AlertKind, AlertStatus } from './alert.entity.js';
import { AlertsService } from './alerts.service.js';
import { LOCATION_MAX_LENGTH } from './dto/alert.input.js';
import './alert-texts.js';

/** The longest note kept from an OMW text. */
const NOTE_MAX_LENGTH = 160;

const ALERT_WORD = /^[\s\p{P}]*alerta?(?![\p{L}\d])[\s\p{P}]*/iu;
const OMW_WORD_AND_CODE = /^[\s\p{P}]*(?:omw|voy|on\s+my\s+way)\s*(?:\d{2,6}(?!\d))?[\s\p{P}]*/iu;

/** The words of `text`, whitespace collapsed, cut at a word boundary to at most `max` characters. */
function clippedWords(text: string, max: number): string {
  let clipped = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = clipped ? `${clipped} ${word}` : word;
    if (next.length > max) return clipped || word.slice(0, max);
    clipped = next;
  }
  return clipped;
}

/** The alert a SEEN, NOTSEEN or OMW acts on, or the reply saying why there is none. */
type Target = { alert: Alert } | { outcome: CommandOutcome };

/**
 * ALERT/ALERTA (a volunteer's report, into the dispatch queue, never broadcast), SEEN/VISTO and NOTSEEN/NOVISTO (a
 * verifier's answer), OMW/VOY (a dispatched responder on the way), registered with the messaging module's
 * CommandRegistry. Replies are templates in the volunteer's language; none names who reported an alert.
 */
@Injectable()
export class AlertSmsCommands implements OnModuleInit {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly alerts: AlertsService,
    private readonly lifecycle: AlertLifecycle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({ entry: { name: 'ALERT', synonyms: ['ALERTA'] }, handle: (c) => this.report(c) });
    this.registry.register({
      entry: { name: 'SEEN', synonyms: ['VISTO'], takesCode: true },
      handle: (c) => this.verify(c, true),
    });
    this.registry.register({
      entry: { name: 'NOTSEEN', synonyms: ['NOVISTO', 'NOT SEEN', 'NO VISTO'], takesCode: true },
      handle: (c) => this.verify(c, false),
    });
    this.registry.register({
      entry: { name: 'OMW', synonyms: ['VOY', 'ON MY WAY'], takesCode: true },
      handle: (c) => this.respond(c),
    });
  }

  /**
   * ALERT <words>: a REPORTED alert of kind OTHER in the volunteer's first zone (by code), its location their
   * words (length-limited). Pictures sent with it are not fetched: the reply asks them to keep them.
   */
  private async report({ manager, volunteer, inbound, now }: CommandContext): Promise<CommandOutcome> {
    const location = clippedWords(inbound.body.replace(ALERT_WORD, ''), LOCATION_MAX_LENGTH);
    if (!location) return { reply: { templateKey: 'alert_report_empty' } };
    const [zone]: { id: string }[] = await manager.query(
      `SELECT z.id FROM volunteer_zones vz JOIN zones z ON z.id = vz.zones_id
        WHERE vz.volunteers_id = $1 ORDER BY z.code LIMIT 1`,
      [volunteer.id],
    );
    // Without a zone there is no dispatch queue to put it in: a coordinator reads it in the inbox.
    if (!zone) return { reply: { templateKey: 'alert_report_no_zone' }, needsAttention: true };
    const id = await this.alerts.recordReport(manager, {
      zoneId: zone.id,
      kind: AlertKind.OTHER,
      location,
      details: null,
      reportedBy: { kind: AlertActorKind.VOLUNTEER, id: volunteer.id },
      now,
    });
    const { code } = await manager.findOneByOrFail(Alert, { id });
    return {
      subject: { type: ALERT_SUBJECT, id },
      reply: {
        templateKey: inbound.mediaCount > 0 ? 'alert_report_thanks_photos' : 'alert_report_thanks',
        params: { code },
      },
      afterCommit: () => this.lifecycle.afterCommit({ messages: [], broadcasts: [], alertIds: [id] }),
    };
  }

  /** SEEN / NOTSEEN: the first answer of a volunteer asked to verify counts; enough SEEN confirm the alert. */
  private async verify(context: CommandContext, seen: boolean): Promise<CommandOutcome> {
    const { manager, volunteer, now } = context;
    const target = await this.target(
      context,
      `SELECT a.code FROM alerts a JOIN alert_verifications av ON av.alert_id = a.id
        WHERE av.volunteer_id = $1 AND av.answered_at IS NULL AND a.status IN ('REPORTED', 'VERIFYING')
        ORDER BY a.code`,
    );
    if ('outcome' in target) return target.outcome;
    const { alert } = target;
    const subject = { type: ALERT_SUBJECT, id: alert.id };
    const params = { code: alert.code };
    const [answered]: [unknown[], number] = await manager.query(
      `UPDATE alert_verifications SET seen = $3, answered_at = $4
        WHERE alert_id = $1 AND volunteer_id = $2 AND answered_at IS NULL RETURNING id`,
      [alert.id, volunteer.id, seen, now],
    );
    if (answered.length === 0) {
      const asked = await manager.existsBy(AlertVerification, {
        alertId: alert.id,
        volunteerId: volunteer.id,
      });
      return asked
        ? { subject, reply: { templateKey: 'alert_verification_already', params } }
        : { subject, reply: { templateKey: 'alert_verification_not_asked', params }, needsAttention: true };
    }
    const [tally]: VerificationTally[] = await manager.query(
      `SELECT count(*) FILTER (WHERE seen)::int AS "seen", count(*) FILTER (WHERE NOT seen)::int AS "notSeen"
         FROM alert_verifications WHERE alert_id = $1`,
      [alert.id],
    );
    let aftermath: AlertAftermath = { messages: [], broadcasts: [], alertIds: [alert.id] };
    const verifying = alert.status === AlertStatus.REPORTED || alert.status === AlertStatus.VERIFYING;
    if (seen && verifying && verifiersConfirm(tally, this.config.alertConfirmations)) {
      const actor = { kind: AlertActorKind.VOLUNTEER, id: volunteer.id };
      aftermath = await this.lifecycle.confirm(manager, alert, actor, now, false);
    }
    return {
      subject,
      reply: { templateKey: 'alert_verification_recorded', params },
      afterCommit: () => this.lifecycle.afterCommit(aftermath),
    };
  }

  /**
   * OMW <code> [note]: a volunteer the dispatch reached is counted while the alert has fewer responders than its
   * target — a conditional UPDATE under the alert's row lock, so concurrent OMWs never pass it — and is otherwise
   * thanked and asked to stand by. Anyone else is thanked, not counted, and their text goes to the inbox.
   */
  private async respond(context: CommandContext): Promise<CommandOutcome> {
    const { manager, volunteer, inbound, now } = context;
    const target = await this.target(
      context,
      `SELECT a.code FROM alerts a JOIN messages m ON m.broadcast_id = a.dispatch_broadcast_id
        WHERE m.volunteer_id = $1 AND m.status <> 'SKIPPED' AND a.status = 'CONFIRMED'
          AND NOT EXISTS (SELECT 1 FROM alert_responders r WHERE r.alert_id = a.id AND r.volunteer_id = $1)
        ORDER BY a.code`,
    );
    if ('outcome' in target) return target.outcome;
    const { alert } = target;
    const subject = { type: ALERT_SUBJECT, id: alert.id };
    const params = { code: alert.code };
    if (!(await this.reached(manager, alert, volunteer.id))) {
      return { subject, reply: { templateKey: 'alert_not_dispatched', params }, needsAttention: true };
    }
    if (await manager.existsBy(AlertResponder, { alertId: alert.id, volunteerId: volunteer.id })) {
      return { subject, reply: { templateKey: 'alert_responder_already', params } };
    }
    const [counted]: [unknown[], number] = await manager.query(
      `UPDATE alerts SET responders_count = responders_count + 1, updated_at = now()
        WHERE id = $1 AND responders_count < responder_target RETURNING id`,
      [alert.id],
    );
    const standby = counted.length === 0;
    const note = clippedWords(inbound.body.replace(OMW_WORD_AND_CODE, ''), NOTE_MAX_LENGTH) || null;
    await manager.insert(AlertResponder, {
      alertId: alert.id,
      volunteerId: volunteer.id,
      note,
      standby,
      at: now,
    });
    return {
      subject,
      reply: { templateKey: standby ? 'alert_responder_standby' : 'alert_responder_counted', params },
      afterCommit: () => this.lifecycle.afterCommit({ messages: [], broadcasts: [], alertIds: [alert.id] }),
    };
  }

  /** Whether the alert's dispatch texted this volunteer (a text skipped by a cancellation did not). */
  private async reached(manager: EntityManager, alert: Alert, volunteerId: string): Promise<boolean> {
    if (alert.status !== AlertStatus.CONFIRMED || !alert.dispatchBroadcastId) return false;
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM messages WHERE broadcast_id = $1 AND volunteer_id = $2 AND status <> 'SKIPPED' LIMIT 1`,
      [alert.dispatchBroadcastId, volunteerId],
    );
    return rows.length > 0;
  }

  /**
   * The open alert the code names, locked; without a code the volunteer's only pending one (`pendingCodesSql`,
   * over `$1` = the volunteer id). A code that only a closed alert had is answered "this alert is closed".
   */
  private async target(
    { manager, volunteer, command }: CommandContext,
    pendingCodesSql: string,
  ): Promise<Target> {
    const reply = (answer: CommandReply): Target => ({ outcome: { reply: answer } });
    let code = command.code === null ? null : Number(command.code);
    if (code === null) {
      const pending: { code: number }[] = await manager.query(pendingCodesSql, [volunteer.id]);
      const codes = [...new Set(pending.map((row) => row.code))];
      if (codes.length === 0) return reply({ templateKey: 'alert_none_pending' });
      if (codes.length > 1) return reply({ templateKey: 'alert_which', params: { codes: codes.join(', ') } });
      code = codes[0];
    }
    const alert = await this.lifecycle.lock(manager, { code, open: true });
    if (alert) return { alert };
    const closed = await manager.existsBy(Alert, { code });
    return reply({ templateKey: closed ? 'alert_closed' : 'alert_unknown_code', params: { code } });
  }
}
