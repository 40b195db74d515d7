import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { canReadPersonalData } from '../auth/personal-data-readers.js';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { RequestLoaders } from '../common/request-loaders.js';
import type { ConnectionShape } from '../common/pagination/connection.js';
import { paginate } from '../common/pagination/paginate.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { FieldCipher } from '../protected-data/field-cipher.js';
import { InvalidPhoneError, parsePhone } from '../volunteers/phone.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { isWithinScope, zoneFilterWithinScope, zoneScopeOf } from '../zones/zone-scope.js';
import { ZonesService } from '../zones/zones.service.js';
import { isAssignableVolunteer, NOT_ASSIGNABLE } from './assignable-volunteer.js';
import { insertUnderFreeCode } from './delivery-code.js';
import { deliveryStats } from './delivery-stats.js';
import { deliveryRequestChanged } from './delivery-request-events.js';
import { CLOSED_STATUSES, DeliveryRequest, DeliveryStatus } from './delivery-request.entity.js';
import { ActorKind, DeliveryTransition } from './delivery-transition.entity.js';
import { assertTransition, DIRECTLY_SETTABLE } from './delivery-transitions.js';
import { lockRequest, moveRequest, recordTransition, type TransitionActor } from './delivery-history.js';
import { DeliveryOffer, OfferStatus } from './delivery-offer.entity.js';
import { DeliveryTexts } from './delivery-texts.js';
import type { VolunteerMatch } from './dto/volunteer-match.js';
import { OffersService } from './offers.service.js';
import { rankVolunteerMatches } from './volunteer-match-ranking.js';
import type {
  CreateDeliveryRequestInput,
  DeliveryRequestFilter,
  UpdateDeliveryRequestInput,
} from './dto/delivery-request.input.js';
import type { DeliveryStatsArgs, ZoneDeliveryStats } from './dto/delivery-stats.js';

export type ProtectedField = 'address' | 'contactPhone' | 'notes';

const CIPHERTEXT_OF: Record<
  ProtectedField,
  'addressCiphertext' | 'contactPhoneCiphertext' | 'notesCiphertext'
> = { address: 'addressCiphertext', contactPhone: 'contactPhoneCiphertext', notes: 'notesCiphertext' };

/** The `subjectType` of audit entries about delivery requests. */
export const DELIVERY_REQUEST_SUBJECT = 'delivery_request';

const REASON_MAX_LENGTH = 300;
/** suggestVolunteers' largest `limit`. */
export const MAX_SUGGESTIONS = 50;
const IN_PROGRESS: readonly DeliveryStatus[] = [DeliveryStatus.ASSIGNED, DeliveryStatus.PICKED_UP];

function staffActor(user: StaffUser): TransitionActor {
  return { kind: ActorKind.STAFF, id: user.id };
}

@Injectable()
export class DeliveriesService {
  /** `DeliveryRequest.history` costs one query a page. */
  private readonly historyLoaders = new RequestLoaders<string, DeliveryTransition[]>(async (requestIds) => {
    const byRequest = new Map<string, DeliveryTransition[]>(requestIds.map((id) => [id, []]));
    const rows = await this.transitions.find({
      where: { requestId: In([...requestIds]) },
      order: { sequence: 'ASC' },
    });
    for (const row of rows) byRequest.get(row.requestId)?.push(row);
    return requestIds.map((id) => byRequest.get(id) ?? []);
  });

  constructor(
    @InjectRepository(DeliveryRequest) private readonly requests: Repository<DeliveryRequest>,
    @InjectRepository(DeliveryTransition) private readonly transitions: Repository<DeliveryTransition>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly zones: ZonesService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly offers: OffersService,
    private readonly texts: DeliveryTexts,
  ) {}

  /** Soonest deliver-by first. */
  list(
    user: StaffUser,
    filter: DeliveryRequestFilter = {},
    page: { first: number; after?: string | null },
  ): Promise<ConnectionShape<DeliveryRequest>> {
    const query = this.withRelations(this.requests.createQueryBuilder('r'));
    const zoneIds = zoneFilterWithinScope(user, filter.zoneIds);
    if (zoneIds) query.andWhere('r.zoneId = ANY(:zoneIds)', { zoneIds });
    if (filter.statuses?.length) query.andWhere('r.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.urgency) query.andWhere('r.urgency = :urgency', { urgency: filter.urgency });
    if (filter.dueBefore) query.andWhere('r.deliverBy < :dueBefore', { dueBefore: filter.dueBefore });
    if (filter.overdue !== undefined && filter.overdue !== null) {
      const overdue = 'r.deliverBy < :now AND r.status NOT IN (:...closed)';
      query.andWhere(filter.overdue ? `(${overdue})` : `NOT (${overdue})`, {
        now: this.clock.now(),
        closed: CLOSED_STATUSES,
      });
    }
    return paginate(query, {
      ...page,
      sortColumn: 'r.deliverBy',
      sortValueOf: (request) => request.deliverBy.toISOString(),
    });
  }

  /** A request the user may see; one outside a zone-limited user's zones is as not found as a missing one. */
  async get(user: StaffUser, id: string): Promise<DeliveryRequest> {
    const request = await this.withRelations(this.requests.createQueryBuilder('r'))
      .where('r.id = :id', { id })
      .getOne();
    if (!request || !isWithinScope(zoneScopeOf(user), [request.zoneId]))
      throw DomainError.notFound('Delivery request', id);
    return request;
  }

  async create(user: StaffUser, input: CreateDeliveryRequestInput): Promise<DeliveryRequest> {
    await this.zones.findWithinScopeOrFail(user, [input.zoneId], 'zoneId');
    const now = this.clock.now();
    checkWindow(input.deliverAfter ?? null, input.deliverBy, now, true);
    const values = {
      zoneId: input.zoneId,
      householdAlias: input.householdAlias,
      householdSize: input.householdSize,
      language: input.language,
      needs: blankToNull(input.needs),
      deliverAfter: input.deliverAfter ?? null,
      deliverBy: input.deliverBy,
      urgency: input.urgency,
      createdById: user.id,
      addressCiphertext: this.cipher.encrypt(input.address),
      contactPhoneCiphertext: this.encryptPhone(input.contactPhone),
      notesCiphertext: this.encryptText(input.notes),
    };
    const id = await this.dataSource.transaction(async (manager) => {
      const created = await insertUnderFreeCode(manager, values);
      await recordTransition(
        manager,
        { id: created, zoneId: input.zoneId },
        null,
        DeliveryStatus.OPEN,
        staffActor(user),
        now,
        null,
      );
      return created;
    });
    return this.get(user, id);
  }

  async update(user: StaffUser, id: string, input: UpdateDeliveryRequestInput): Promise<DeliveryRequest> {
    await this.dataSource.transaction(async (manager) => {
      const request = await this.lockVisible(manager, user, id);
      if (CLOSED_STATUSES.includes(request.status)) {
        throw DomainError.badInput('status', 'a delivered or cancelled request cannot be changed');
      }
      const changes: Partial<DeliveryRequest> = {};
      if (input.zoneId !== undefined && input.zoneId !== request.zoneId) {
        if (request.status !== DeliveryStatus.OPEN) {
          throw DomainError.badInput('zoneId', 'can change only while the request is OPEN');
        }
        await this.zones.findWithinScopeOrFail(user, [input.zoneId], 'zoneId');
        changes.zoneId = input.zoneId;
      }
      if (input.householdAlias !== undefined) changes.householdAlias = input.householdAlias;
      if (input.householdSize !== undefined) changes.householdSize = input.householdSize;
      if (input.language !== undefined) changes.language = input.language;
      if (input.needs !== undefined) changes.needs = blankToNull(input.needs);
      if (input.urgency !== undefined) changes.urgency = input.urgency;
      if (input.deliverAfter !== undefined) changes.deliverAfter = input.deliverAfter;
      if (input.deliverBy !== undefined) changes.deliverBy = input.deliverBy;
      if (input.deliverAfter !== undefined || input.deliverBy !== undefined) {
        checkWindow(
          changes.deliverAfter !== undefined ? changes.deliverAfter : request.deliverAfter,
          changes.deliverBy ?? request.deliverBy,
          this.clock.now(),
          input.deliverBy !== undefined,
        );
      }
      if (input.address !== undefined) changes.addressCiphertext = this.cipher.encrypt(input.address);
      if (input.contactPhone !== undefined)
        changes.contactPhoneCiphertext = this.encryptPhone(input.contactPhone);
      if (input.notes !== undefined) changes.notesCiphertext = this.encryptText(input.notes);
      if (Object.keys(changes).length > 0) {
        await manager.update(DeliveryRequest, { id }, changes);
        deliveryRequestChanged(manager, { id, zoneId: changes.zoneId ?? request.zoneId });
      }
    });
    return this.get(user, id);
  }

  /** The moves a status alone makes (PICKED_UP, DELIVERED); the others have their own mutations. */
  updateStatus(user: StaffUser, id: string, status: DeliveryStatus): Promise<DeliveryRequest> {
    if (!DIRECTLY_SETTABLE.includes(status)) {
      throw DomainError.badInput(
        'status',
        `only ${DIRECTLY_SETTABLE.join(' or ')} can be set directly; use assignDelivery or cancelDeliveryRequest`,
      );
    }
    return this.transition(user, id, status);
  }

  /**
   * Cancels (ending auto mode): pending offers are withdrawn with a "no longer needed" text, and an assigned
   * volunteer is texted that it is off (never the address).
   */
  async cancel(user: StaffUser, id: string, reason: string): Promise<DeliveryRequest> {
    const trimmed = reason.trim();
    if (trimmed.length === 0 || trimmed.length > REASON_MAX_LENGTH) {
      throw DomainError.badInput('reason', `must be 1 to ${REASON_MAX_LENGTH} characters`);
    }
    await this.offers.inTransaction(async (manager, followups) => {
      const request = await this.lockVisible(manager, user, id);
      const assignedId = IN_PROGRESS.includes(request.status) ? request.assignedVolunteerId : null;
      const now = this.clock.now();
      await moveRequest(manager, request, DeliveryStatus.CANCELLED, staffActor(user), now, {
        reason: trimmed,
        changes: { autoDispatch: false },
      });
      await this.offers.withdrawPending(manager, request, now, 'delivery_withdrawn', new Set(), followups);
      const assigned = assignedId ? await manager.findOneBy(Volunteer, { id: assignedId }) : null;
      if (assigned) followups.texts.push(this.texts.notice(request, assigned, 'delivery_cancelled'));
    });
    return this.get(user, id);
  }

  /**
   * Assigns directly (the volunteer said yes on the phone), ending auto mode: other pending offers are withdrawn
   * and the volunteer gets the details text, once.
   */
  async assign(user: StaffUser, id: string, volunteerId: string): Promise<DeliveryRequest> {
    await this.offers.inTransaction(async (manager, followups) => {
      const request = await this.lockVisible(manager, user, id);
      assertTransition(request.status, DeliveryStatus.ASSIGNED);
      if (!(await isAssignableVolunteer(manager, volunteerId, request.zoneId))) {
        throw DomainError.badInput('volunteerId', NOT_ASSIGNABLE);
      }
      const options = { textingNow: new Set<string>() };
      await this.offers.settleAssignment(
        manager,
        request,
        volunteerId,
        staffActor(user),
        this.clock.now(),
        options,
        followups,
      );
    });
    return this.get(user, id);
  }

  /** A coordinator's offer (ending auto mode): texted at once, or after quiet hours unless HIGH urgency. */
  async offer(user: StaffUser, requestId: string, volunteerId: string): Promise<DeliveryOffer> {
    return this.offers.inTransaction(async (manager, followups) => {
      const request = await this.lockVisible(manager, user, requestId);
      if (request.autoDispatch) {
        await manager.update(DeliveryRequest, { id: request.id }, { autoDispatch: false });
        request.autoDispatch = false;
      }
      const now = this.clock.now();
      return this.offers.makeOffer(manager, request, volunteerId, staffActor(user), now, followups);
    });
  }

  /**
   * Auto mode: offers the request to the best suggestion, and on each decline or expiry to the next, until one
   * accepts, none is left (OPEN again, and a note in the coordinators' inbox) or a coordinator offers, assigns or
   * cancels. With offers already pending, the next offer waits for them.
   */
  async autoDispatch(user: StaffUser, requestId: string): Promise<DeliveryRequest> {
    await this.offers.inTransaction(async (manager, followups) => {
      const request = await this.lockVisible(manager, user, requestId);
      if (request.status !== DeliveryStatus.OPEN && request.status !== DeliveryStatus.OFFERED) {
        throw DomainError.badInput('requestId', `a ${request.status} request cannot be dispatched`);
      }
      await manager.update(DeliveryRequest, { id: request.id }, { autoDispatch: true });
      request.autoDispatch = true;
      const pending = await manager.existsBy(DeliveryOffer, {
        requestId: request.id,
        status: OfferStatus.PENDING,
      });
      if (!pending) await this.offers.offerNext(manager, request, this.clock.now(), followups);
    });
    return this.get(user, requestId);
  }

  /** The best volunteers to offer the request to, with the reasons (see volunteer-match-ranking.ts). */
  async suggest(user: StaffUser, requestId: string, limit: number): Promise<VolunteerMatch[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SUGGESTIONS) {
      throw DomainError.badInput('limit', `must be from 1 to ${MAX_SUGGESTIONS}`);
    }
    const request = await this.get(user, requestId);
    const ranked = await rankVolunteerMatches(this.dataSource.manager, request, {
      limit,
      now: this.clock.now(),
      timezone: this.config.networkTimezone,
    });
    const volunteers = await this.dataSource.getRepository(Volunteer).find({
      where: { id: In(ranked.map((match) => match.volunteerId)) },
      relations: { zones: true },
    });
    const byId = new Map(volunteers.map((volunteer) => [volunteer.id, volunteer]));
    return ranked.map(({ volunteerId, score, reasons }) => ({
      volunteer: byId.get(volunteerId) as Volunteer,
      score,
      reasons,
    }));
  }

  /**
   * Texts the details (address, phone, notes) again to the assigned volunteer, when the first text failed; each
   * protected field sent is audited, as a read is.
   */
  async resendDetails(user: StaffUser, requestId: string): Promise<DeliveryRequest> {
    await this.offers.inTransaction(async (manager, followups) => {
      const request = await this.lockVisible(manager, user, requestId);
      if (!IN_PROGRESS.includes(request.status) || !request.assignedVolunteerId) {
        throw DomainError.badInput(
          'requestId',
          'only an assigned or picked-up request has details to resend',
        );
      }
      const volunteer = await manager.findOneByOrFail(Volunteer, { id: request.assignedVolunteerId });
      const details = this.texts.details(request, volunteer);
      if (!details) throw DomainError.badInput('requestId', 'its protected fields have been wiped');
      followups.texts.push(details);
      for (const field of ['address', 'contactPhone', 'notes'] as const) {
        if (request[CIPHERTEXT_OF[field]] !== null) {
          await this.audit.recordResent(user, DELIVERY_REQUEST_SUBJECT, request.id, field);
        }
      }
    });
    return this.get(user, requestId);
  }

  /** One zone's figures, or those of every zone the user coordinates (see deliveryStats). */
  async stats(user: StaffUser, args: DeliveryStatsArgs): Promise<ZoneDeliveryStats[]> {
    if (args.to.getTime() <= args.from.getTime()) throw DomainError.badInput('to', 'must be after from');
    let zoneIds = zoneScopeOf(user);
    if (args.zoneId) {
      await this.zones.findWithinScopeOrFail(user, [args.zoneId], 'zoneId');
      zoneIds = [args.zoneId];
    }
    return deliveryStats(this.dataSource.manager, zoneIds, args.from, args.to, this.clock.now());
  }

  /** Oldest first; the histories of a page of requests in one query. */
  historyOf(request: DeliveryRequest, requestContext: object): Promise<DeliveryTransition[]> {
    return this.historyLoaders.load(requestContext, request.id);
  }

  /**
   * A protected field in clear, for a role that may read it, after recording the read; null for other roles and
   * for a field that is empty or wiped (nothing is disclosed, so nothing is audited). A value that fails to
   * decrypt throws ProtectedDataError: never garbage, and no audit row for a disclosure that did not happen. The
   * audit rows of one GraphQL request are written in one INSERT; when it fails, the read fails.
   */
  async reveal(
    user: StaffUser,
    request: DeliveryRequest,
    field: ProtectedField,
    requestContext: object,
  ): Promise<string | null> {
    if (!canReadPersonalData(user)) return null;
    const stored = request[CIPHERTEXT_OF[field]];
    if (stored === null) return null;
    const value = this.cipher.decrypt(stored);
    await this.audit.recordRead(requestContext, user, DELIVERY_REQUEST_SUBJECT, request.id, field);
    return value;
  }

  /** Moves a request under its row lock, as the transition table allows, and records it in the history. */
  private async transition(user: StaffUser, id: string, to: DeliveryStatus): Promise<DeliveryRequest> {
    await this.dataSource.transaction(async (manager) => {
      const request = await this.lockVisible(manager, user, id);
      await moveRequest(manager, request, to, staffActor(user), this.clock.now());
    });
    return this.get(user, id);
  }

  private async lockVisible(manager: EntityManager, user: StaffUser, id: string): Promise<DeliveryRequest> {
    const request = await lockRequest(manager, id);
    if (!request || !isWithinScope(zoneScopeOf(user), [request.zoneId]))
      throw DomainError.notFound('Delivery request', id);
    return request;
  }

  private encryptPhone(input: string | null | undefined): string | null {
    if (input === null || input === undefined) return null;
    try {
      return this.cipher.encrypt(parsePhone(input, this.config.defaultPhoneRegion));
    } catch (error) {
      if (error instanceof InvalidPhoneError)
        throw DomainError.badInput('contactPhone', 'is not a valid phone number');
      throw error;
    }
  }

  private encryptText(input: string | null | undefined): string | null {
    const text = blankToNull(input);
    return text === null ? null : this.cipher.encrypt(text);
  }

  /**
   * The relations of one row each, joined in the same statement (a page of them is a plain LIMIT); the zones of
   * the creator and the volunteer are resolved for the whole page in one statement each (zonesLoader).
   */
  private withRelations(query: ReturnType<Repository<DeliveryRequest>['createQueryBuilder']>) {
    return query
      .innerJoinAndSelect('r.zone', 'zone')
      .innerJoinAndSelect('r.createdBy', 'createdBy')
      .leftJoinAndSelect('r.assignedVolunteer', 'volunteer');
  }
}

function blankToNull(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/** deliverBy in the future (when it is being set) and after deliverAfter; each problem named by its field. */
function checkWindow(deliverAfter: Date | null, deliverBy: Date, now: Date, deliverBySet: boolean): void {
  if (deliverBySet && deliverBy.getTime() <= now.getTime()) {
    throw DomainError.badInput('deliverBy', 'must be in the future');
  }
  if (deliverAfter && deliverAfter.getTime() >= deliverBy.getTime()) {
    throw DomainError.badInput('deliverAfter', 'must be before deliverBy');
  }
}
