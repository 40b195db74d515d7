import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { RequestLoaders } from '../common/request-loaders.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { raiseInboxNote } from '../messaging/inbound/inbox-notes.js';
import {
  OutboundMessagesService,
  type OutboundText,
} from '../messaging/outbound/outbound-messages.service.js';
import { errorName } from '../observability/safe-error.js';
import { logUnlessOutage } from '../redis/redis-availability.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { isAssignableVolunteer, NOT_ASSIGNABLE } from './assignable-volunteer.js';
import { lockRequest, moveRequest, SYSTEM_ACTOR, type TransitionActor } from './delivery-history.js';
import { DeliveryOffer, OfferStatus } from './delivery-offer.entity.js';
import { DeliveryRequest, DeliveryStatus, DeliveryUrgency } from './delivery-request.entity.js';
import { DELIVERY_SUBJECT, DeliveryTexts } from './delivery-texts.js';
import { isOfferOpen, offerExpiresAt } from './offer-expiry.js';
import {
  EXPIRE_OFFER_JOB,
  expireOfferJobId,
  OFFER_EXPIRY_QUEUE,
  type ExpireOfferJobData,
} from './offer-expiry.queue.js';
import { rankVolunteerMatches } from './volunteer-match-ranking.js';

/**
 * What a change to offers leaves to do once its transaction commits: texts for the outbox (recorded in the
 * transaction) and new offers whose expiry job must be scheduled.
 */
export interface Followups {
  texts: OutboundText[];
  offers: DeliveryOffer[];
}

export type ExpiryOutcome = { outcome: 'expired' | 'unchanged' } | { outcome: 'not-due'; dueInMs: number };

/** The request states that take offers. */
const OFFERABLE: readonly DeliveryStatus[] = [DeliveryStatus.OPEN, DeliveryStatus.OFFERED];

/**
 * Offers and their outcomes, shared by the API (coordinators, SMS commands) and the worker (expiry). Every change
 * runs in a transaction that holds the request's row lock first, so offers of one request change one at a time:
 * the first YES wins (and the partial unique index backs it), and an expiry or decline sees the others' result.
 */
@Injectable()
export class OffersService {
  private readonly logger = new Logger(OffersService.name);

  /** `DeliveryRequest.offers` costs one query a page. */
  private readonly offerLoaders = new RequestLoaders<string, DeliveryOffer[]>(async (requestIds) => {
    const byRequest = new Map<string, DeliveryOffer[]>(requestIds.map((id) => [id, []]));
    const rows = await this.dataSource.getRepository(DeliveryOffer).find({
      where: { requestId: In([...requestIds]) },
      relations: { volunteer: { zones: true } },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    for (const row of rows) byRequest.get(row.requestId)?.push(row);
    return requestIds.map((id) => byRequest.get(id) ?? []);
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(OFFER_EXPIRY_QUEUE) private readonly expiryQueue: Queue<ExpireOfferJobData>,
    private readonly outbound: OutboundMessagesService,
    private readonly texts: DeliveryTexts,
    private readonly clock: Clock,
  ) {}

  /** Oldest first. */
  offersOf(request: DeliveryRequest, requestContext: object): Promise<DeliveryOffer[]> {
    return this.offerLoaders.load(requestContext, request.id);
  }

  /**
   * Runs `work` in a transaction, records the texts it left in the outbox in that transaction, and after the commit
   * enqueues them and schedules the expiry of the offers it made.
   */
  async inTransaction<T>(work: (manager: EntityManager, followups: Followups) => Promise<T>): Promise<T> {
    const followups: Followups = { texts: [], offers: [] };
    const { result, messages } = await this.dataSource.transaction(async (manager) => {
      const result = await work(manager, followups);
      const messages = followups.texts.length > 0 ? await this.outbound.record(manager, followups.texts) : [];
      return { result, messages };
    });
    await this.outbound.dispatchOrLeaveToReconciler(messages);
    await this.scheduleExpiry(followups.offers);
    return result;
  }

  /**
   * One delayed job per offer, id derived from the offer's, due at its expiry. Idempotent; the job itself checks
   * the offer, so one that outlives its offer (accepted, rolled back) changes nothing. A job that cannot be added
   * now (Redis away) is logged: the offer still expires for any YES after `expiresAt`.
   */
  async scheduleExpiry(offers: DeliveryOffer[]): Promise<void> {
    if (offers.length === 0) return;
    const now = this.clock.now().getTime();
    try {
      await this.expiryQueue.addBulk(
        offers.map((offer) => ({
          name: EXPIRE_OFFER_JOB,
          data: { offerId: offer.id },
          opts: { jobId: expireOfferJobId(offer.id), delay: Math.max(0, offer.expiresAt.getTime() - now) },
        })),
      );
    } catch (error) {
      logUnlessOutage(
        this.logger,
        'warn',
        `Could not schedule the expiry of ${offers.length} offers: ${errorName(error)}`,
        error,
      );
    }
  }

  /**
   * Offers a request (locked by the caller, zone loaded) to a volunteer: texts the offer, moves OPEN → OFFERED.
   * The volunteer must be an active, subscribed volunteer of the request's zone with no pending offer of it.
   */
  async makeOffer(
    manager: EntityManager,
    request: DeliveryRequest,
    volunteerId: string,
    actor: TransitionActor,
    now: Date,
    followups: Followups,
  ): Promise<DeliveryOffer> {
    if (!OFFERABLE.includes(request.status)) {
      throw DomainError.badInput('requestId', `a ${request.status} request cannot be offered`);
    }
    if (!(await isAssignableVolunteer(manager, volunteerId, request.zoneId))) {
      throw DomainError.badInput('volunteerId', NOT_ASSIGNABLE);
    }
    const pending = await manager.existsBy(DeliveryOffer, {
      requestId: request.id,
      volunteerId,
      status: OfferStatus.PENDING,
    });
    if (pending) throw DomainError.badInput('volunteerId', 'already has a pending offer of this request');
    const volunteer = await manager.findOneByOrFail(Volunteer, { id: volunteerId });
    const urgent = request.urgency === DeliveryUrgency.HIGH;
    const offer = manager.create(DeliveryOffer, {
      requestId: request.id,
      volunteerId,
      status: OfferStatus.PENDING,
      expiresAt: offerExpiresAt(now, urgent, this.config),
      respondedAt: null,
      withdrawalTexted: false,
    });
    await manager.save(offer);
    offer.volunteer = volunteer;
    if (request.status === DeliveryStatus.OPEN) {
      await moveRequest(manager, request, DeliveryStatus.OFFERED, actor, now);
    }
    followups.texts.push(this.texts.offer(request, volunteer, now));
    followups.offers.push(offer);
    return offer;
  }

  /** Auto mode's next step: an offer to the best suggestion left, or — none left — OPEN and a coordinator note. */
  async offerNext(
    manager: EntityManager,
    request: DeliveryRequest,
    now: Date,
    followups: Followups,
  ): Promise<void> {
    const [best] = await rankVolunteerMatches(manager, request, {
      limit: 1,
      now,
      timezone: this.config.networkTimezone,
    });
    if (best) {
      await this.makeOffer(manager, request, best.volunteerId, SYSTEM_ACTOR, now, followups);
      return;
    }
    const changes = { autoDispatch: false };
    if (request.status === DeliveryStatus.OFFERED) {
      await moveRequest(manager, request, DeliveryStatus.OPEN, SYSTEM_ACTOR, now, {
        reason: 'auto-dispatch: no volunteer left to offer it to',
        changes,
      });
    } else {
      await manager.update(DeliveryRequest, { id: request.id }, changes);
      request.autoDispatch = false;
    }
    await raiseInboxNote(manager, {
      body:
        `Auto-dispatch of delivery ${request.code} ran out of volunteers to offer it to: ` +
        'it is OPEN again; please offer or assign it.',
      subjectType: DELIVERY_SUBJECT,
      subjectId: request.id,
    });
  }

  /**
   * An offer declined or expired: the request goes back to OPEN when no other offer is pending — or, in auto
   * mode, to the next suggestion.
   */
  async closeOffer(
    manager: EntityManager,
    request: DeliveryRequest,
    offer: DeliveryOffer,
    status: OfferStatus.DECLINED | OfferStatus.EXPIRED,
    actor: TransitionActor,
    now: Date,
    followups: Followups,
  ): Promise<void> {
    await manager.update(DeliveryOffer, { id: offer.id }, { status, respondedAt: now });
    Object.assign(offer, { status, respondedAt: now });
    if (request.status !== DeliveryStatus.OFFERED) return;
    const othersPending = await manager.existsBy(DeliveryOffer, {
      requestId: request.id,
      status: OfferStatus.PENDING,
    });
    if (othersPending) return;
    if (request.autoDispatch) await this.offerNext(manager, request, now, followups);
    else await moveRequest(manager, request, DeliveryStatus.OPEN, actor, now);
  }

  /**
   * Assigns the request (locked by the caller) to the volunteer — their YES, or a coordinator's assignDelivery —
   * and ends auto mode. Their pending offer becomes ACCEPTED (a conditional update the partial unique index backs),
   * every other pending offer is withdrawn with an "it's been taken" text — except to volunteers whose own text
   * about it is on its way (`textingNow`): their reply says it — and the volunteer gets the details text, once.
   */
  async settleAssignment(
    manager: EntityManager,
    request: DeliveryRequest,
    volunteerId: string,
    actor: TransitionActor,
    now: Date,
    options: { textingNow: ReadonlySet<string>; inReplyToId?: string },
    followups: Followups,
  ): Promise<void> {
    await moveRequest(manager, request, DeliveryStatus.ASSIGNED, actor, now, {
      changes: { assignedVolunteerId: volunteerId, autoDispatch: false },
    });
    await manager.update(
      DeliveryOffer,
      { requestId: request.id, volunteerId, status: OfferStatus.PENDING },
      { status: OfferStatus.ACCEPTED, respondedAt: now },
    );
    await this.withdrawPending(manager, request, now, 'delivery_taken', options.textingNow, followups);
    const volunteer = await manager.findOneByOrFail(Volunteer, { id: volunteerId });
    const details = this.texts.details(request, volunteer);
    if (details) followups.texts.push({ ...details, inReplyToId: options.inReplyToId ?? null });
  }

  /** Withdraws every pending offer of the request, texting each holder (but those in `textingNow`). */
  async withdrawPending(
    manager: EntityManager,
    request: DeliveryRequest,
    now: Date,
    templateKey: 'delivery_taken' | 'delivery_withdrawn',
    textingNow: ReadonlySet<string>,
    followups: Followups,
  ): Promise<void> {
    const [withdrawn]: [{ volunteer_id: string; withdrawal_texted: boolean }[], number] = await manager.query(
      `UPDATE delivery_offers
          SET status = 'WITHDRAWN', responded_at = $2, withdrawal_texted = NOT (volunteer_id = ANY ($3::uuid[])),
              updated_at = now()
        WHERE request_id = $1 AND status = 'PENDING'
        RETURNING volunteer_id, withdrawal_texted`,
      [request.id, now, [...textingNow]],
    );
    const texted = withdrawn.filter((row) => row.withdrawal_texted).map((row) => row.volunteer_id);
    if (texted.length === 0) return;
    const volunteers = await manager.findBy(Volunteer, { id: In(texted) });
    for (const volunteer of volunteers)
      followups.texts.push(this.texts.notice(request, volunteer, templateKey));
  }

  /**
   * The expiry job's work, idempotent: a pending offer past its expiry becomes EXPIRED (actor SYSTEM) and the
   * request moves on as closeOffer says; an offer no longer pending is left alone; one not yet due says how long.
   */
  async expire(offerId: string): Promise<ExpiryOutcome> {
    return this.inTransaction(async (manager, followups) => {
      const found = await manager.findOneBy(DeliveryOffer, { id: offerId });
      if (!found || found.status !== OfferStatus.PENDING) return { outcome: 'unchanged' } as const;
      const request = await lockRequest(manager, found.requestId);
      // Read again under the request's lock: a YES may have won meanwhile.
      const offer = await manager.findOneBy(DeliveryOffer, { id: offerId });
      if (!request || offer?.status !== OfferStatus.PENDING) return { outcome: 'unchanged' } as const;
      const now = this.clock.now();
      if (isOfferOpen(offer, now)) {
        return { outcome: 'not-due', dueInMs: offer.expiresAt.getTime() - now.getTime() } as const;
      }
      await this.closeOffer(manager, request, offer, OfferStatus.EXPIRED, SYSTEM_ACTOR, now, followups);
      return { outcome: 'expired' } as const;
    });
  }
}
