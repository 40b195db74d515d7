import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import { StaffRole, StaffUser } from '../auth/staff-user.entity.js';
import { Clock } from '../common/clock.js';
import { DomainError, type FieldProblem } from '../common/domain-error.js';
import type { ConnectionShape } from '../common/pagination/connection.js';
import { paginate } from '../common/pagination/paginate.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { BroadcastOutbox } from '../messaging/broadcasts/broadcast-outbox.js';
import {
  OutboundMessagesService,
  type OutboundText,
} from '../messaging/outbound/outbound-messages.service.js';
import { ShiftsService } from '../shifts/shifts.service.js';
import { zoneFilterWithinScope } from '../zones/zone-scope.js';
import { ZonesService } from '../zones/zones.service.js';
import { AttendeeReminders } from './attendee-reminders.js';
import { AttendeesService } from './attendees.service.js';
import type {
  CreateTrainingEventInput,
  TrainingEventFilter,
  UpdateTrainingEventInput,
} from './dto/training-event.input.js';
import { maySeeTrainingEvent, runnableTrainingEventOrFail } from './training-event-access.js';
import { trainingEventScheduleProblems } from './training-event-schedule.js';
import { TrainingEvent, TrainingEventStatus } from './training-event.entity.js';
import { TrainingTexts } from './training-texts.js';

const REASON_MAX_LENGTH = 300;

/**
 * Training events as staff run them: create, update, list, read, publish (its open shifts offered by one
 * broadcast to the volunteers who fit them) and cancel (its signups ended, everyone on it told once). After each
 * publish, update and cancel commits, the attendees' day-before reminder job follows the row (AttendeeReminders).
 */
@Injectable()
export class TrainingEventsService {
  constructor(
    @InjectRepository(TrainingEvent) private readonly events: Repository<TrainingEvent>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly zones: ZonesService,
    private readonly shifts: ShiftsService,
    private readonly broadcastOutbox: BroadcastOutbox,
    private readonly outbound: OutboundMessagesService,
    private readonly attendees: AttendeesService,
    private readonly reminders: AttendeeReminders,
    private readonly texts: TrainingTexts,
    private readonly clock: Clock,
  ) {}

  /** An event the user sees; one outside a zone-limited user's zones is as not found as a missing one. */
  async get(user: StaffUser, id: string): Promise<TrainingEvent> {
    const event = await this.events.findOne({ where: { id }, relations: { zone: true, trainer: true } });
    if (!event || !maySeeTrainingEvent(user, event)) throw DomainError.notFound('Training event', id);
    return event;
  }

  /** Soonest first. */
  list(
    user: StaffUser,
    filter: TrainingEventFilter = {},
    page: { first: number; after?: string | null },
  ): Promise<ConnectionShape<TrainingEvent>> {
    const query = this.events
      .createQueryBuilder('e')
      .innerJoinAndSelect('e.zone', 'zone')
      .innerJoinAndSelect('e.trainer', 'trainer');
    const zoneIds = zoneFilterWithinScope(user, filter.zoneId ? [filter.zoneId] : null);
    if (zoneIds) query.andWhere('e.zoneId = ANY(:zoneIds)', { zoneIds });
    if (filter.status) query.andWhere('e.status = :status', { status: filter.status });
    if (filter.language) query.andWhere(':language = ANY(e.languages)', { language: filter.language });
    if (filter.from) query.andWhere('e.startsAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.startsAt < :to', { to: filter.to });
    return paginate(query, {
      ...page,
      sortColumn: 'e.startsAt',
      sortValueOf: (event) => event.startsAt.toISOString(),
    });
  }

  async create(user: StaffUser, input: CreateTrainingEventInput): Promise<TrainingEvent> {
    const problems = trainingEventScheduleProblems(input, true, this.clock.now());
    if (problems.length > 0) throw DomainError.badInputs(problems);
    await this.zones.findWithinScopeOrFail(user, [input.zoneId], 'zoneId');
    const trainerId = await this.trainerOf(user, input.trainerId);
    const saved = await this.events.save(
      this.events.create({
        title: input.title,
        languages: [...new Set(input.languages)],
        venue: input.venue,
        zoneId: input.zoneId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        capacity: input.capacity,
        trainerId,
      }),
    );
    return this.get(user, saved.id);
  }

  /** Changes exactly the fields given, under the row's lock; a cancelled or completed event no longer changes. */
  async update(user: StaffUser, id: string, input: UpdateTrainingEventInput): Promise<TrainingEvent> {
    await this.dataSource.transaction(async (manager) => {
      const event = await this.lockRunnable(manager, user, id);
      if (event.status === TrainingEventStatus.CANCELLED || event.status === TrainingEventStatus.COMPLETED) {
        throw DomainError.conflict(`Training event ${id} is ${event.status.toLowerCase()}`);
      }
      const schedule = { startsAt: input.startsAt ?? event.startsAt, endsAt: input.endsAt ?? event.endsAt };
      const problems: FieldProblem[] = trainingEventScheduleProblems(
        schedule,
        input.startsAt !== undefined,
        this.clock.now(),
      );
      if (input.capacity !== undefined && input.capacity < event.registeredCount) {
        problems.push({
          field: 'capacity',
          message: `must be at least the ${event.registeredCount} attendees registered`,
        });
      }
      if (problems.length > 0) throw DomainError.badInputs(problems);
      if (input.zoneId !== undefined) await this.zones.findWithinScopeOrFail(user, [input.zoneId], 'zoneId');
      const trainerId =
        input.trainerId !== undefined ? await this.trainerOf(user, input.trainerId) : undefined;
      await manager.update(TrainingEvent, id, {
        ...(input.title !== undefined && { title: input.title }),
        ...(input.languages !== undefined && { languages: [...new Set(input.languages)] }),
        ...(input.venue !== undefined && { venue: input.venue }),
        ...(input.zoneId !== undefined && { zoneId: input.zoneId }),
        ...schedule,
        ...(input.capacity !== undefined && { capacity: input.capacity }),
        ...(trainerId !== undefined && { trainerId }),
      });
    });
    await this.reminders.sync(this.dataSource.manager, [id]);
    return this.get(user, id);
  }

  /**
   * DRAFT → PUBLISHED: attendees may register, its shifts may be claimed, and its open shifts are offered by
   * one broadcast (recorded with the status change, fanned out by the worker) to the volunteers the
   * event-shifts audience returns. An event with no open shift is published without a broadcast.
   */
  async publish(user: StaffUser, id: string): Promise<TrainingEvent> {
    const now = this.clock.now();
    const offerBroadcast = await this.dataSource.transaction(async (manager) => {
      const event = await this.lockRunnable(manager, user, id);
      if (event.status !== TrainingEventStatus.DRAFT) {
        throw DomainError.conflict(`Training event ${id} is ${event.status.toLowerCase()}, not a draft`);
      }
      if (event.startsAt.getTime() <= now.getTime()) {
        throw DomainError.conflict(`Training event ${id} has already started`);
      }
      await manager.update(TrainingEvent, id, { status: TrainingEventStatus.PUBLISHED, publishedAt: now });
      const offer = await this.texts.shiftOffer(event, now);
      if (!offer) return null;
      const broadcast = await this.broadcastOutbox.record(manager, {
        ...offer,
        urgent: false,
        createdById: user.id,
      });
      await manager.update(TrainingEvent, id, { offerBroadcastId: broadcast.id });
      return broadcast;
    });
    if (offerBroadcast) await this.broadcastOutbox.dispatchOrLeaveToReconciler(offerBroadcast);
    await this.reminders.sync(this.dataSource.manager, [id]);
    return this.get(user, id);
  }

  /**
   * CANCELLED, with the reason: every signup on its shifts ends (ShiftsService.cancelForEvent), and each volunteer
   * who was on it and each registered attendee with a phone gets one text, in their language, in the same
   * transaction (the outbox). What is left unsent of the offer of its shifts is skipped.
   */
  async cancel(user: StaffUser, id: string, reason: string): Promise<TrainingEvent> {
    const trimmed = reason.trim();
    if (trimmed.length === 0 || trimmed.length > REASON_MAX_LENGTH) {
      throw DomainError.badInput('reason', `must be 1 to ${REASON_MAX_LENGTH} characters`);
    }
    const now = this.clock.now();
    const recorded = await this.dataSource.transaction(async (manager) => {
      const event = await this.lockRunnable(manager, user, id);
      if (event.status === TrainingEventStatus.CANCELLED || event.status === TrainingEventStatus.COMPLETED) {
        throw DomainError.conflict(`Training event ${id} is ${event.status.toLowerCase()}`);
      }
      await manager.update(TrainingEvent, id, {
        status: TrainingEventStatus.CANCELLED,
        cancelReason: trimmed,
        cancelledAt: now,
      });
      const volunteers = await this.shifts.cancelForEvent(manager, id, now);
      const attendees = await this.attendees.reachableAttendees(manager, id);
      const texts: OutboundText[] = [
        ...volunteers.map((volunteer) =>
          this.texts.cancellation(event, now, {
            volunteerId: volunteer.volunteerId,
            phone: volunteer.phone,
            language: volunteer.preferredLanguage,
          }),
        ),
        ...attendees.map((attendee) =>
          this.texts.cancellation(event, now, {
            volunteerId: null,
            phone: attendee.phone,
            language: attendee.language,
          }),
        ),
      ];
      return { texts: texts.length > 0 ? await this.outbound.record(manager, texts) : [], event };
    });
    await this.outbound.dispatchOrLeaveToReconciler(recorded.texts);
    // Offers of its shifts still waiting to go out would ask people to claim seats of a cancelled session.
    const offerBroadcastId = recorded.event.offerBroadcastId;
    if (offerBroadcastId) {
      await this.dataSource.transaction((manager) =>
        this.broadcastOutbox.cancel(manager, offerBroadcastId, now),
      );
    }
    await this.reminders.sync(this.dataSource.manager, [id]);
    return this.get(user, id);
  }

  /** The event under its row's lock, when the user runs it (see runnableTrainingEventOrFail). */
  private async lockRunnable(manager: EntityManager, user: StaffUser, id: string): Promise<TrainingEvent> {
    const event = await manager.findOne(TrainingEvent, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    return runnableTrainingEventOrFail(user, event, id);
  }

  /**
   * The event's trainer: a TRAINER staff user. A trainer's own events are theirs (left out, it is them); a
   * coordinator or admin names the trainer.
   */
  private async trainerOf(user: StaffUser, trainerId: string | undefined): Promise<string> {
    if (user.role === StaffRole.TRAINER) {
      if (trainerId !== undefined && trainerId !== user.id) {
        throw DomainError.badInput('trainerId', 'a trainer schedules only their own events');
      }
      return user.id;
    }
    if (trainerId === undefined)
      throw DomainError.badInput('trainerId', 'is required (a TRAINER staff user)');
    const trainer = await this.dataSource.getRepository(StaffUser).findOneBy({ id: trainerId });
    if (!trainer) throw DomainError.badInput('trainerId', 'is not a staff user');
    if (trainer.role !== StaffRole.TRAINER) throw DomainError.badInput('trainerId', 'must be a TRAINER');
    return trainer.id;
  }
}
