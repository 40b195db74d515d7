import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/domain-error.js';
import type { ConnectionShape } from '../common/pagination/connection.js';
import { paginate } from '../common/pagination/paginate.js';
import { isWithinScope, zoneScopeOf } from '../zones/zone-scope.js';
import { ZonesService } from '../zones/zones.service.js';
import type { CreateShiftInput, ShiftFilter, UpdateShiftInput } from './dto/shift.input.js';
import { OutboundMessagesService } from '../messaging/outbound/outbound-messages.service.js';
import { mayRunTrainingEvent, maySeeTrainingEvent } from '../training/training-event-access.js';
import { TrainingEvent, TrainingEventStatus } from '../training/training-event.entity.js';
import { Shift } from './shift.entity.js';
import { SignupStatus } from './signup.entity.js';
import { SignupsService } from './signups.service.js';
import { insertShiftUnderFreeCode } from './shift-code.js';
import { scheduleProblems } from './shift-schedule.js';
import { volunteersClashingWithMove } from './shift-overlap.js';
import { SignupChanges } from './signup-changes.js';

/** A weekly series covers at most a year. */
export const MAX_SERIES_WEEKS = 52;

/** A volunteer whose signup a cancelled event ended, to be told. */
export interface CancelledSignup {
  volunteerId: string;
  phone: string;
  preferredLanguage: string;
}

const TRAINER_OWN_EVENTS_ONLY = 'A trainer manages only the shifts of their own training events';

/** Shifts as staff manage them: create, update, list, read, each within the user's zones. */
@Injectable()
export class ShiftsService {
  constructor(
    @InjectRepository(Shift) private readonly shifts: Repository<Shift>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly zones: ZonesService,
    private readonly signups: SignupsService,
    private readonly outbound: OutboundMessagesService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly changes: SignupChanges,
  ) {}

  async get(user: StaffUser, id: string): Promise<Shift> {
    const shift = await this.shifts.findOne({ where: { id }, relations: { zone: true, event: true } });
    if (!shift || !isWithinScope(zoneScopeOf(user), [shift.zoneId])) throw DomainError.notFound('Shift', id);
    return shift;
  }

  async list(
    user: StaffUser,
    filter: ShiftFilter = {},
    page: { first: number; after?: string | null },
  ): Promise<ConnectionShape<Shift>> {
    const query = this.shifts
      .createQueryBuilder('s')
      .leftJoinAndSelect('s.zone', 'zone')
      .leftJoinAndSelect('s.event', 'event');
    const scope = zoneScopeOf(user);
    if (scope) query.andWhere('s.zoneId = ANY(:scope)', { scope });
    if (filter.zoneId) {
      // A malformed id cannot reach here (the input-safety interceptor); an unknown one simply matches nothing.
      query.andWhere('s.zoneId = :zoneId', { zoneId: filter.zoneId });
    }
    if (filter.eventId) query.andWhere('s.eventId = :eventId', { eventId: filter.eventId });
    if (filter.role) query.andWhere('lower(s.role) = lower(:role)', { role: filter.role });
    if (filter.openOnly) {
      query.andWhere('s.startsAt > :now AND s.confirmedCount < s.seats', { now: this.clock.now() });
    }
    if (filter.from) query.andWhere('s.startsAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('s.startsAt < :to', { to: filter.to });
    return paginate(query, {
      ...page,
      sortColumn: 's.startsAt',
      sortValueOf: (shift) => shift.startsAt.toISOString(),
    });
  }

  async create(user: StaffUser, input: CreateShiftInput): Promise<Shift> {
    const [shift] = await this.createSeries(user, input, 1);
    return shift;
  }

  /**
   * The shift and its copies on the following weeks (`weeks` shifts in all), each with its own code, at the same
   * wall-clock time in the network's time zone (10:00 stays 10:00 across a daylight-saving change). All or none.
   */
  async createSeries(user: StaffUser, input: CreateShiftInput, weeks: number): Promise<Shift[]> {
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_SERIES_WEEKS) {
      throw DomainError.badInput('weeks', `must be between 1 and ${MAX_SERIES_WEEKS}`);
    }
    const now = this.clock.now();
    const problems = scheduleProblems(input, true, now);
    if (problems.length > 0) throw DomainError.badInputs(problems);
    await this.zones.findWithinScopeOrFail(user, [input.zoneId], 'zoneId');
    const eventId = await this.eventOfNewShifts(user, input.eventId ?? null, weeks);
    const week = (date: Date, index: number) =>
      DateTime.fromJSDate(date, { zone: this.config.networkTimezone }).plus({ weeks: index }).toJSDate();
    const ids = await this.dataSource.transaction(async (manager) => {
      const created: string[] = [];
      for (let index = 0; index < weeks; index++) {
        const values = {
          zoneId: input.zoneId,
          eventId,
          role: input.role,
          startsAt: week(input.startsAt, index),
          endsAt: week(input.endsAt, index),
          seats: input.seats,
          requiredSkill: input.requiredSkill ?? null,
          requiredLanguage: input.requiredLanguage ?? null,
        };
        created.push(await insertShiftUnderFreeCode(manager, now, values));
      }
      return created;
    });
    const shifts = await this.shifts.find({ where: { id: In(ids) }, relations: { zone: true, event: true } });
    return shifts.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  }

  /**
   * The training event new shifts go on (null: they stand alone). The event must be one the user sees and runs (a
   * trainer: their own), still to take place, and its shifts are single shifts, not a weekly series. A trainer
   * creates only shifts of their own events.
   */
  private async eventOfNewShifts(
    user: StaffUser,
    eventId: string | null,
    weeks: number,
  ): Promise<string | null> {
    if (eventId === null) {
      if (user.role === StaffRole.TRAINER) throw DomainError.forbidden(TRAINER_OWN_EVENTS_ONLY);
      return null;
    }
    const event = await this.dataSource.getRepository(TrainingEvent).findOneBy({ id: eventId });
    if (!event || !maySeeTrainingEvent(user, event)) {
      throw DomainError.badInput('eventId', 'is not a training event you can see');
    }
    if (!mayRunTrainingEvent(user, event)) throw DomainError.forbidden(TRAINER_OWN_EVENTS_ONLY);
    if (event.status === TrainingEventStatus.CANCELLED || event.status === TrainingEventStatus.COMPLETED) {
      throw DomainError.badInput('eventId', `the training event is ${event.status.toLowerCase()}`);
    }
    if (weeks > 1) throw DomainError.badInput('weeks', "must be 1 for a training event's shifts");
    return event.id;
  }

  /**
   * A training event is cancelled (in the caller's transaction): every signup on its shifts ends through the same
   * path as a drop (SignupsService.drop, waitlisted first from the back, so no seat is offered to anyone), and
   * the shifts' codes are released. Returns each volunteer whose signup ended, once, to be told.
   */
  async cancelForEvent(manager: EntityManager, eventId: string, now: Date): Promise<CancelledSignup[]> {
    const signups: { shift_id: string; volunteer_id: string }[] = await manager.query(
      `SELECT g.shift_id, g.volunteer_id FROM signups g JOIN shifts s ON s.id = g.shift_id
        WHERE s.event_id = $1 AND g.status IN ($2, $3)
        ORDER BY (g.status = $3) DESC, g.waitlist_position DESC, g.created_at DESC`,
      [eventId, SignupStatus.CONFIRMED, SignupStatus.WAITLISTED],
    );
    const volunteerIds = [...new Set(signups.map((signup) => signup.volunteer_id))].sort();
    // The volunteers' rows first, in id order, then the shifts': a claim locks one volunteer then one shift, so
    // taking every volunteer before any shift never waits in a circle with it.
    const volunteers: { id: string; phone: string; preferred_language: string }[] =
      volunteerIds.length === 0
        ? []
        : await manager.query(
            `SELECT id, phone, preferred_language FROM volunteers WHERE id = ANY($1::uuid[])
              ORDER BY id FOR NO KEY UPDATE`,
            [volunteerIds],
          );
    await manager.query(`SELECT id FROM shifts WHERE event_id = $1 ORDER BY id FOR UPDATE`, [eventId]);
    for (const signup of signups) {
      await this.signups.drop(manager, signup.shift_id, signup.volunteer_id, 'coordinator', now);
    }
    await manager.query(
      `UPDATE shifts SET code_released = true, updated_at = now() WHERE event_id = $1 AND NOT code_released`,
      [eventId],
    );
    return volunteers.map((volunteer) => ({
      volunteerId: volunteer.id,
      phone: volunteer.phone,
      preferredLanguage: volunteer.preferred_language,
    }));
  }

  /** A training event's shifts, soonest first (TrainingEvent.shifts). */
  shiftsOfEvents(eventIds: readonly string[]): Promise<Shift[]> {
    return this.shifts.find({
      where: { eventId: In([...eventIds]) },
      relations: { zone: true },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Changes exactly the fields given, under the row's lock (no claim runs meanwhile). Fewer seats than are taken
   * move the latest confirmed to the top of the waitlist; more seats move the waitlist up. Either way they are texted.
   * New times that would make someone on the shift hold two overlapping shifts are refused (CONFLICT, with how
   * many); a new start is texted to everyone on the shift, and their reminders move with it.
   */
  async update(user: StaffUser, id: string, input: UpdateShiftInput): Promise<Shift> {
    const now = this.clock.now();
    const texts = await this.dataSource.transaction(async (manager) => {
      const shift = await manager.findOne(Shift, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!shift || !isWithinScope(zoneScopeOf(user), [shift.zoneId]))
        throw DomainError.notFound('Shift', id);
      if (user.role === StaffRole.TRAINER) await this.assertTrainerRunsEventOf(manager, user, shift);
      if (input.zoneId !== undefined) await this.zones.findWithinScopeOrFail(user, [input.zoneId], 'zoneId');
      const schedule = { startsAt: input.startsAt ?? shift.startsAt, endsAt: input.endsAt ?? shift.endsAt };
      const problems = scheduleProblems(schedule, input.startsAt !== undefined, now);
      if (problems.length > 0) throw DomainError.badInputs(problems);
      const moved = schedule.startsAt.getTime() !== shift.startsAt.getTime();
      if (moved || schedule.endsAt.getTime() !== shift.endsAt.getTime()) {
        const clashing = await volunteersClashingWithMove(manager, id, schedule);
        if (clashing > 0) {
          throw DomainError.conflict(
            `${clashing} volunteer${clashing === 1 ? '' : 's'} on this shift would then hold another shift at ` +
              'the same time; drop them from one of the two first',
          );
        }
      }
      const seats = input.seats ?? shift.seats;
      // The shift as it will be first, so every text below tells the new role and time.
      Object.assign(shift, {
        ...(input.zoneId !== undefined && { zoneId: input.zoneId }),
        ...(input.role !== undefined && { role: input.role }),
        ...schedule,
        seats,
        ...(input.requiredSkill !== undefined && { requiredSkill: input.requiredSkill }),
        ...(input.requiredLanguage !== undefined && { requiredLanguage: input.requiredLanguage }),
      });
      const notices = await this.signups.demoteLatestConfirmed(manager, shift, seats, now);
      notices.push(...(await this.signups.fillFreeSeats(manager, shift, now)));
      if (moved) {
        // Who was just moved on or off the waitlist has been told the new time by that text.
        const told = new Set(notices.map((notice) => notice.volunteerId));
        const onShift = await this.signups.movedNotices(manager, shift, now);
        notices.push(...onShift.filter((notice) => !told.has(notice.volunteerId)));
      }
      this.changes.shiftChanged(manager, id, moved);
      await manager.update(Shift, id, {
        zoneId: shift.zoneId,
        role: shift.role,
        startsAt: shift.startsAt,
        endsAt: shift.endsAt,
        seats: shift.seats,
        requiredSkill: shift.requiredSkill,
        requiredLanguage: shift.requiredLanguage,
        confirmedCount: shift.confirmedCount,
        waitlistCount: shift.waitlistCount,
      });
      return notices.length > 0 ? this.outbound.record(manager, notices) : [];
    });
    await this.outbound.dispatchOrLeaveToReconciler(texts);
    return this.get(user, id);
  }

  private async assertTrainerRunsEventOf(
    manager: EntityManager,
    user: StaffUser,
    shift: Shift,
  ): Promise<void> {
    const event = shift.eventId ? await manager.findOneBy(TrainingEvent, { id: shift.eventId }) : null;
    if (!event || !mayRunTrainingEvent(user, event)) throw DomainError.forbidden(TRAINER_OWN_EVENTS_ONLY);
  }
}
