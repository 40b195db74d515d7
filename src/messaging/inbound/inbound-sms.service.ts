import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { DomainError } from '../../common/domain-error.js';
import { errorName } from '../../observability/safe-error.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { InvalidPhoneError, parsePhone } from '../../volunteers/phone.js';
import { SmsStatus, Volunteer } from '../../volunteers/volunteer.entity.js';
import { Message, MessageDirection, type MessageWithBody } from '../message.entity.js';
import { OutboundMessagesService, type OutboundText } from '../outbound/outbound-messages.service.js';
import { twilioKeywordOf, type ParsedCommand } from '../text/command-parser.js';
import { FALLBACK_LANGUAGE, renderTemplate } from '../text/templates.js';
import { START_COMMAND, STOP_COMMAND } from './base-sms-commands.js';
import { InboxEvents } from './inbox-events.js';
import { CommandRegistry, type CommandOutcome, type CommandReply } from './command-registry.js';

/** An inbound text as Twilio (or the simulator) hands it over, after the signature check. */
export interface InboundSms {
  /** Twilio's MessageSid (`SIM…` for simulated texts): the same SID twice has one effect. */
  providerSid: string;
  /** The sender as given; stored in E.164 when it parses. */
  from: string;
  body: string;
  /** Twilio's NumMedia: pictures attached (MMS). They are never fetched or stored; only their count is kept. */
  mediaCount?: number;
}

interface Handled {
  volunteer: Volunteer | null;
  command: string | null;
  outcome: CommandOutcome;
}

/** An unknown number gets one polite reply in this window, however often it texts. */
const UNKNOWN_NUMBER_REPLY_INTERVAL_SECONDS = 24 * 3600;
/** Namespace of the per-sender advisory lock (the second key is the phone's hash). */
const SENDER_LOCK_NAMESPACE = 0x7e11_0001;
const E164 = /^\+[1-9]\d{1,14}$/;
/** Texts whose processing failed this many sweeps go to the coordinators' inbox unprocessed. */
export const MAX_INBOUND_ATTEMPTS = 5;
const RETRY_BATCH = 100;
/** Twilio's limit on a message body. */
const MAX_BODY_CHARACTERS = 1600;

/**
 * The inbound path shared by the webhook, the simulator and the retry sweep: store the raw text first (once per
 * provider SID), then run its command in a second transaction that locks the row while it is unprocessed, records
 * the replies in the same transaction (outbox) and marks the text processed; the replies are enqueued after commit.
 */
@Injectable()
export class InboundSmsService {
  private readonly logger = new Logger(InboundSmsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: CommandRegistry,
    private readonly outbound: OutboundMessagesService,
    private readonly inboxEvents: InboxEvents,
    private readonly clock: Clock,
  ) {}

  /** Stores and processes a text; returns the replies recorded ([] for a text already processed). */
  async receive(sms: InboundSms): Promise<MessageWithBody[]> {
    const messageId = await this.store(sms);
    return messageId ? this.process(messageId) : [];
  }

  /**
   * A text "from" a phone, fed through the same path as the webhook's after its signature check, under a synthetic
   * `SIM…` SID. Only where the simulator is enabled (the `log` transport, see SmsConfig): with Twilio it would be a way to
   * act as any volunteer.
   */
  async simulate(from: string, body: string): Promise<MessageWithBody[]> {
    if (!this.config.smsSimulatorEnabled) {
      throw DomainError.forbidden(
        'Simulated texts need SMS_TRANSPORT=log (and ALLOW_LOG_TRANSPORT_IN_PRODUCTION=true in production)',
      );
    }
    let phone: string;
    try {
      phone = parsePhone(from, this.config.defaultPhoneRegion);
    } catch (error) {
      if (error instanceof InvalidPhoneError)
        throw DomainError.badInput('from', 'is not a valid phone number');
      throw error;
    }
    if ([...body].length > MAX_BODY_CHARACTERS) {
      throw DomainError.badInput('body', `must be at most ${MAX_BODY_CHARACTERS} characters`);
    }
    return this.receive({ providerSid: `SIM${randomUUID().replaceAll('-', '')}`, from: phone, body });
  }

  /**
   * Runs a stored text's command unless it already ran (the row lock makes concurrent callers wait, then find it
   * processed). Returns the replies recorded and enqueued.
   */
  async process(messageId: string): Promise<MessageWithBody[]> {
    const { replies, others, afterCommit, toInbox } = await this.dataSource.transaction(async (manager) => {
      // A text whose body retention wiped before it ever ran is left to the sweeper, which gives it to the inbox.
      const inbound = (await manager.findOne(Message, {
        where: {
          id: messageId,
          direction: MessageDirection.INBOUND,
          processedAt: IsNull(),
          body: Not(IsNull()),
        },
        lock: { mode: 'pessimistic_write' },
      })) as MessageWithBody | null;
      if (!inbound) return { replies: [], others: [], afterCommit: undefined, toInbox: false };
      // One text per sender at a time: consent changes don't interleave and an unknown number is answered once.
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        SENDER_LOCK_NAMESPACE,
        inbound.phone,
      ]);
      const now = this.clock.now();
      const volunteer = await manager.findOne(Volunteer, { where: { phone: inbound.phone } });
      const handled = volunteer
        ? await this.runCommand(manager, inbound, volunteer, now)
        : await this.answerUnknownNumber(manager, inbound);
      const { reply, needsAttention, subject, notices = [], afterCommit } = handled.outcome;
      const recorded = reply
        ? await this.outbound.record(manager, [this.replyText(reply, inbound, handled)])
        : [];
      const others = notices.length > 0 ? await this.outbound.record(manager, notices) : [];
      await manager.update(Message, inbound.id, {
        processedAt: now,
        volunteerId: volunteer?.id ?? null,
        command: handled.command,
        needsAttention: needsAttention ?? false,
        subjectType: subject?.type ?? null,
        subjectId: subject?.id ?? null,
      });
      return { replies: recorded, others, afterCommit, toInbox: needsAttention ?? false };
    });
    await this.outbound.dispatchOrLeaveToReconciler([...replies, ...others]);
    if (toInbox) await this.inboxEvents.published([messageId]);
    await afterCommit?.().catch((error: unknown) => {
      this.logger.warn(`inbound message ${messageId}: after-commit work failed: ${errorName(error)}`);
    });
    return replies;
  }

  /**
   * Retries texts stored but not processed (a failed command, a crash between the two transactions) that are at
   * least `olderThanSeconds` old, so a text that is just being processed is left alone. Each sweep counts an
   * attempt on the row; after MAX_INBOUND_ATTEMPTS the text is marked processed and put in the coordinators' inbox
   * instead. Safe to run from several API processes at once: SKIP LOCKED and process()'s row lock keep each
   * text's effect single. Returns how many texts it looked at.
   */
  async retryUnprocessed(olderThanSeconds: number): Promise<number> {
    const due: { id: string; attempts: number }[] = await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM messages
          WHERE direction = 'INBOUND' AND processed_at IS NULL AND created_at < now() - make_interval(secs => $1)
          ORDER BY created_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       ), counted AS (
         UPDATE messages m SET attempts = m.attempts + 1 FROM due WHERE m.id = due.id RETURNING m.id, m.attempts
       )
       SELECT id, attempts FROM counted`,
      [olderThanSeconds, RETRY_BATCH],
    );
    for (const { id, attempts } of due) {
      if (attempts > MAX_INBOUND_ATTEMPTS) {
        await this.dataSource.query(
          `UPDATE messages SET processed_at = $2, needs_attention = true, updated_at = now()
            WHERE id = $1 AND processed_at IS NULL`,
          [id, this.clock.now()],
        );
        this.logger.error(
          `inbound message ${id} still failed after ${MAX_INBOUND_ATTEMPTS} retries; left in the inbox`,
        );
        await this.inboxEvents.published([id]);
        continue;
      }
      try {
        await this.process(id);
      } catch (error) {
        this.logger.warn(`inbound message ${id} failed again (attempt ${attempts}): ${errorName(error)}`);
      }
    }
    return due.length;
  }

  /**
   * The id of the text to process: the row just inserted, or — for a SID already stored — the earlier row if it is
   * still unprocessed (a Twilio retry after our failure), else null.
   */
  async store(sms: InboundSms): Promise<string | null> {
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO messages (direction, status, volunteer_id, phone, body, provider_sid, media_count)
       VALUES ('INBOUND', 'RECEIVED', (SELECT id FROM volunteers WHERE phone = $1), $1, $2, $3, $4)
       ON CONFLICT (provider_sid) DO NOTHING
       RETURNING id`,
      [this.senderPhone(sms.from), sms.body.replaceAll('\u0000', ''), sms.providerSid, sms.mediaCount ?? 0],
    );
    if (inserted.length > 0) return inserted[0].id;
    const pending: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM messages WHERE provider_sid = $1 AND direction = 'INBOUND' AND processed_at IS NULL`,
      [sms.providerSid],
    );
    return pending[0]?.id ?? null;
  }

  private async runCommand(
    manager: EntityManager,
    inbound: MessageWithBody,
    volunteer: Volunteer,
    now: Date,
  ): Promise<Handled> {
    const parsed = this.registry.parse(inbound.body);
    const name = this.commandName(parsed, volunteer, inbound.body);
    if (volunteer.smsStatus === SmsStatus.OPTED_OUT && name !== START_COMMAND) {
      // We may not text them. A coordinator reads what they wrote, except a repeated opt-out.
      return { volunteer, command: name, outcome: { needsAttention: name !== STOP_COMMAND } };
    }
    const handler = this.registry.handlerFor(name);
    if (!handler) {
      return {
        volunteer,
        command: null,
        outcome: { reply: { templateKey: 'unknown_command' }, needsAttention: true },
      };
    }
    const outcome = await handler.handle({ manager, volunteer, command: { ...parsed, name }, inbound, now });
    return { volunteer, command: name, outcome };
  }

  /**
   * A bare `YES` is a Twilio default opt-in word: Twilio has re-subscribed the number and answered. From an
   * opted-out volunteer it is an opt-in (START) and nothing else: we could not have texted them an offer to accept.
   * From a subscribed volunteer it goes to the registered YES command (accepting their only pending offer), and
   * when no module registered one it is a silent no-op opt-in rather than an "unknown command".
   */
  private commandName(parsed: ParsedCommand, volunteer: Volunteer, body: string): string | null {
    if (twilioKeywordOf(body) !== 'OPT_IN') return parsed.name;
    const otherHandler = parsed.name !== START_COMMAND && this.registry.handlerFor(parsed.name) !== null;
    return volunteer.smsStatus === SmsStatus.SUBSCRIBED && otherHandler ? parsed.name : START_COMMAND;
  }

  /** Someone outside the network: the text goes to the inbox, and the number gets one polite reply a day at most. */
  private async answerUnknownNumber(manager: EntityManager, inbound: MessageWithBody): Promise<Handled> {
    // Twilio has acted on (and answered) its own keywords; there is nothing for a coordinator to read.
    if (twilioKeywordOf(inbound.body)) return { volunteer: null, command: null, outcome: {} };
    const answered: unknown[] = await manager.query(
      `SELECT 1 FROM messages
        WHERE phone = $1 AND template_key = 'unknown_number' AND created_at > now() - make_interval(secs => $2)
        LIMIT 1`,
      [inbound.phone, UNKNOWN_NUMBER_REPLY_INTERVAL_SECONDS],
    );
    const reply: CommandReply | null =
      answered.length === 0 && E164.test(inbound.phone)
        ? { templateKey: 'unknown_number', params: this.config.unknownNumberReply }
        : null;
    return { volunteer: null, command: null, outcome: { reply, needsAttention: true } };
  }

  /** Replies answer a text just sent to us, so quiet hours (meant for texts nobody asked for) don't hold them. */
  private replyText(reply: CommandReply, inbound: Message, { volunteer, outcome }: Handled): OutboundText {
    const rendered =
      'body' in reply
        ? { body: reply.body, templateKey: null, language: null }
        : {
            ...renderTemplate(
              reply.templateKey,
              reply.language ?? volunteer?.preferredLanguage ?? FALLBACK_LANGUAGE,
              reply.params,
            ),
            templateKey: reply.templateKey,
          };
    return {
      volunteerId: volunteer?.id ?? null,
      phone: inbound.phone,
      ...rendered,
      urgent: true,
      inReplyToId: inbound.id,
      subjectType: outcome.subject?.type ?? null,
      subjectId: outcome.subject?.id ?? null,
    };
  }

  private senderPhone(from: string): string {
    try {
      return parsePhone(from, this.config.defaultPhoneRegion);
    } catch (error) {
      // Short codes and alphanumeric senders: kept as given, never matched to a volunteer, never answered.
      if (error instanceof InvalidPhoneError) return from.trim();
      throw error;
    }
  }
}
