import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CommandRegistry,
  type CommandContext,
  type CommandHandler,
  type CommandOutcome,
  type CommandReply,
} from '../messaging/inbound/command-registry.js';
import type { TemplateKey } from '../messaging/text/templates.js';
import { ActorKind } from './delivery-transition.entity.js';
import { lockRequest, moveRequest, SYSTEM_ACTOR, type TransitionActor } from './delivery-history.js';
import { DeliveryOffer, OfferStatus } from './delivery-offer.entity.js';
import { CLOSED_STATUSES, DeliveryRequest, DeliveryStatus } from './delivery-request.entity.js';
import { DELIVERY_SUBJECT } from './delivery-texts.js';
import { canTransition } from './delivery-transitions.js';
import { isOfferOpen } from './offer-expiry.js';
import { answeredByWithdrawalText } from './offer-withdrawal.js';
import { OffersService, type Followups } from './offers.service.js';

const YES = 'YES';
const NO = 'NO';
const PICKED = 'PICKED';
const DONE = 'DONE';
/** The commands that answer an offer: a volunteer's text of one of these is "on its way" while unprocessed. */
const OFFER_ANSWERS = new Set([YES, NO]);

/** The command word each language's texts use, for "which delivery? text YES with its code". */
const COMMAND_WORDS: Record<string, Record<string, string>> = {
  en: { [YES]: 'YES', [NO]: 'NO', [PICKED]: 'PICKED', [DONE]: 'DONE' },
  es: { [YES]: 'SI', [NO]: 'NO', [PICKED]: 'RECOGIDO', [DONE]: 'LISTO' },
};

interface Candidate {
  id: string;
  code: number;
}

type Target = { request: DeliveryRequest } | { reply: CommandReply };

function subjectOf(requestId: string): CommandOutcome['subject'] {
  return { type: DELIVERY_SUBJECT, id: requestId };
}

function reply(templateKey: TemplateKey, code: number, requestId: string): CommandOutcome {
  return { subject: subjectOf(requestId), reply: { templateKey, params: { code } } };
}

/**
 * YES/ACCEPT/SI, NO/PASS/DECLINE, PICKED/RECOGIDO and DONE/LISTO/ENTREGADO, registered with messaging's
 * CommandRegistry. With a code they act on that delivery; without one on the volunteer's only candidate (their
 * pending offer, their assigned delivery), or they ask which. Each runs in the inbound text's transaction and
 * takes the request's row lock first, so the first YES wins and every other YES sees it.
 */
@Injectable()
export class DeliverySmsCommands implements OnModuleInit {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly offers: OffersService,
  ) {}

  onModuleInit(): void {
    for (const handler of this.handlers()) this.registry.register(handler);
  }

  private handlers(): CommandHandler[] {
    return [
      {
        entry: { name: YES, synonyms: ['ACCEPT', 'SI'], takesCode: true },
        handle: (c) => this.answerOffer(c, YES),
      },
      {
        entry: { name: NO, synonyms: ['PASS', 'DECLINE'], takesCode: true },
        handle: (c) => this.answerOffer(c, NO),
      },
      {
        entry: { name: PICKED, synonyms: ['RECOGIDO'], takesCode: true },
        handle: (c) => this.progress(c, PICKED, DeliveryStatus.PICKED_UP, 'delivery_picked'),
      },
      {
        entry: { name: DONE, synonyms: ['LISTO', 'ENTREGADO'], takesCode: true },
        handle: (c) => this.progress(c, DONE, DeliveryStatus.DELIVERED, 'delivery_done'),
      },
    ];
  }

  /** YES or NO to an offer; anything but a pending, unexpired offer of one's own is answered kindly and changes nothing. */
  private async answerOffer(
    context: CommandContext,
    command: typeof YES | typeof NO,
  ): Promise<CommandOutcome> {
    const { manager, volunteer, inbound, now } = context;
    // "no entiendo nada" is chatter, not a decline: a NO with words but no code goes to a person, as unknown texts do.
    if (command === NO && !context.command.code && context.command.words.length > 1) {
      return { reply: { templateKey: 'unknown_command' }, needsAttention: true };
    }
    const target = await this.target(context, command, () =>
      manager.query(
        `SELECT r.id, r.code FROM delivery_offers o JOIN delivery_requests r ON r.id = o.request_id
          WHERE o.volunteer_id = $1 AND o.status = 'PENDING' AND o.expires_at > $2
          ORDER BY r.code`,
        [volunteer.id, now],
      ),
    );
    if ('reply' in target) return target;
    const { request } = target;
    const offer = await manager.findOne(DeliveryOffer, {
      where: { requestId: request.id, volunteerId: volunteer.id },
      order: { createdAt: 'DESC' },
    });
    if (!offer) return reply('delivery_not_offered', request.code, request.id);
    const actor: TransitionActor = { kind: ActorKind.VOLUNTEER, id: volunteer.id };
    const followups: Followups = { texts: [], offers: [] };
    switch (offer.status) {
      case OfferStatus.ACCEPTED:
        // A NO after taking it needs a person: the coordinators read it in the inbox.
        return {
          ...reply('delivery_already_yours', request.code, request.id),
          needsAttention: command === NO,
        };
      case OfferStatus.WITHDRAWN:
        if (answeredByWithdrawalText(offer, now)) return { subject: subjectOf(request.id) };
        return reply('delivery_taken', request.code, request.id);
      case OfferStatus.EXPIRED:
        return reply('delivery_offer_expired', request.code, request.id);
      case OfferStatus.DECLINED:
        return reply('delivery_declined', request.code, request.id);
      case OfferStatus.PENDING:
        break;
    }
    if (!isOfferOpen(offer, now)) {
      // Its expiry job has not run yet: the expiry happens now, and the job will find nothing to do.
      await this.offers.closeOffer(
        manager,
        request,
        offer,
        OfferStatus.EXPIRED,
        SYSTEM_ACTOR,
        now,
        followups,
      );
      return this.withFollowups(reply('delivery_offer_expired', request.code, request.id), followups);
    }
    if (command === NO) {
      await this.offers.closeOffer(manager, request, offer, OfferStatus.DECLINED, actor, now, followups);
      return this.withFollowups(reply('delivery_declined', request.code, request.id), followups);
    }
    const textingNow = await this.answersOnTheirWay(manager, request, inbound.id);
    await this.offers.settleAssignment(
      manager,
      request,
      volunteer.id,
      actor,
      now,
      { textingNow, inReplyToId: inbound.id },
      followups,
    );
    // The details text is the reply.
    return this.withFollowups({ subject: subjectOf(request.id) }, followups);
  }

  /** PICKED or DONE, only from the assigned volunteer and only as the transition table allows. */
  private async progress(
    context: CommandContext,
    command: typeof PICKED | typeof DONE,
    to: DeliveryStatus,
    done: TemplateKey,
  ): Promise<CommandOutcome> {
    const { manager, volunteer, now } = context;
    const from =
      to === DeliveryStatus.PICKED_UP
        ? [DeliveryStatus.ASSIGNED]
        : [DeliveryStatus.ASSIGNED, DeliveryStatus.PICKED_UP];
    const target = await this.target(context, command, () =>
      manager.query(
        `SELECT id, code FROM delivery_requests
          WHERE assigned_volunteer_id = $1 AND status = ANY ($2::delivery_status[]) ORDER BY code`,
        [volunteer.id, from],
      ),
    );
    if ('reply' in target) return target;
    const { request } = target;
    if (request.assignedVolunteerId !== volunteer.id)
      return reply('delivery_not_yours', request.code, request.id);
    if (!canTransition(request.status, to)) return reply('delivery_not_now', request.code, request.id);
    await moveRequest(manager, request, to, { kind: ActorKind.VOLUNTEER, id: volunteer.id }, now);
    return reply(done, request.code, request.id);
  }

  /**
   * The request a command acts on, locked: the open one its code names, or without a code the only candidate;
   * otherwise the reply saying there is none, or asking which.
   */
  private async target(
    { manager, command, volunteer }: CommandContext,
    name: string,
    candidates: () => Promise<Candidate[]>,
  ): Promise<Target> {
    let requestId: string;
    if (command.code) {
      const found: { id: string }[] = await manager.query(
        `SELECT id FROM delivery_requests WHERE code = $1 AND status <> ALL ($2::delivery_status[])`,
        [Number(command.code), CLOSED_STATUSES],
      );
      if (found.length === 0) {
        return { reply: { templateKey: 'delivery_unknown_code', params: { code: command.code } } };
      }
      requestId = found[0].id;
    } else {
      const found = await candidates();
      if (found.length === 0) return { reply: { templateKey: 'delivery_none' } };
      if (found.length > 1) {
        const words = COMMAND_WORDS[volunteer.preferredLanguage] ?? COMMAND_WORDS.en;
        const codes = found.map((candidate) => candidate.code).join(', ');
        return { reply: { templateKey: 'delivery_which', params: { command: words[name], codes } } };
      }
      requestId = found[0].id;
    }
    const request = await lockRequest(manager, requestId);
    if (!request)
      return { reply: { templateKey: 'delivery_unknown_code', params: { code: command.code ?? '' } } };
    return { request };
  }

  /**
   * Holders of the request's other pending offers whose own YES or NO about it is stored but not yet processed:
   * they get their answer as the reply to that text, not as a withdrawal text as well.
   */
  private async answersOnTheirWay(
    manager: EntityManager,
    request: DeliveryRequest,
    inboundId: string,
  ): Promise<Set<string>> {
    const waiting: { volunteer_id: string; body: string }[] = await manager.query(
      `SELECT m.volunteer_id, m.body FROM messages m
         JOIN delivery_offers o ON o.volunteer_id = m.volunteer_id AND o.request_id = $1 AND o.status = 'PENDING'
        WHERE m.direction = 'INBOUND' AND m.processed_at IS NULL AND m.body IS NOT NULL AND m.id <> $2`,
      [request.id, inboundId],
    );
    const onTheirWay = new Set<string>();
    for (const { volunteer_id: volunteerId, body } of waiting) {
      const parsed = this.registry.parse(body);
      const aboutThis = parsed.code === null || Number(parsed.code) === request.code;
      if (parsed.name && OFFER_ANSWERS.has(parsed.name) && aboutThis) onTheirWay.add(volunteerId);
    }
    return onTheirWay;
  }

  /** The texts the command caused go out with its reply; new offers (auto mode) get their expiry job now. */
  private async withFollowups(outcome: CommandOutcome, followups: Followups): Promise<CommandOutcome> {
    // Scheduled inside the inbound text's transaction: a job whose offer was rolled back finds nothing to do.
    await this.offers.scheduleExpiry(followups.offers);
    return { ...outcome, notices: followups.texts };
  }
}
