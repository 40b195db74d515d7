import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { RequestLoaders } from '../common/request-loaders.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import {
  OutboundMessagesService,
  type OutboundText,
} from '../messaging/outbound/outbound-messages.service.js';
import { renderTemplate } from '../messaging/text/templates.js';
import { isWithinScope, zoneScopeOf } from '../zones/zone-scope.js';
import { Shift } from './shift.entity.js';
import { claimRefusal, type ClaimRefusal, type SignupActor } from './shift-claim-rule.js';
import { dropIsTooLate } from './shift-drop-cutoff.js';
import { overlappingShiftCode } from './shift-overlap.js';
import { shiftNoticeIsUrgent } from './shift-notice-urgency.js';
import { shiftTextParams } from './shift-time.js';
import { ACTIVE_SIGNUP, Signup, SignupStatus } from './signup.entity.js';
import { SignupChanges } from './signup-changes.js';
import './shift-templates.js';
import { readVolunteerForSignup } from './volunteer-profile.js';

export type ClaimResult =
  | { outcome: 'confirmed' | 'waitlisted'; shift: Shift; signup: Signup; already: boolean }
  | { outcome: ClaimRefusal; shift: Shift }
  | { outcome: 'overlap'; shift: Shift; otherCode: string };

export type DropResult =
  | { outcome: 'dropped'; shift: Shift; signup: Signup; notices: OutboundText[] }
  | { outcome: 'too_late'; shift: Shift }
  | { outcome: 'not_signed_up'; shift: Shift };

/** Statuses a drop (or the volunteer's DROP) can end. */
const DROPPABLE = [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED];

/** A volunteer moved on or off the waitlist, to be texted. */
interface PromotedRow {
  signup_id: string;
  volunteer_id: string;
  phone: string;
  preferred_language: string;
  waitlist_position?: number | null;
}

const CLAIM_REFUSAL_MESSAGES: Record<ClaimRefusal, string> = {
  ended: 'This shift has ended',
  started: 'This shift has started',
  inactive: 'This volunteer is not active',
  no_show_limit: 'This volunteer has reached the no-show limit',
  not_fitting: "This shift's zone, skill or language does not fit the volunteer",
};

/**
 * Claims, drops and check-ins, by SMS (in the inbound text's transaction) or by staff (in a transaction of their
 * own). Each locks the volunteer's row and then the shift's (always in that order, so two never wait on each
 * other), so claims on one shift run one at a time and counts, seats and waitlist positions stay exact; the
 * database's constraints back that up (see the Shifts migration).
 */
@Injectable()
export class SignupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbound: OutboundMessagesService,
    private readonly clock: Clock,
    private readonly changes: SignupChanges,
  ) {}

  /** `Shift.roster` costs one query a page of shifts. */
  private readonly rosterLoaders = new RequestLoaders<string, Signup[]>(async (shiftIds) => {
    const byShift = new Map<string, Signup[]>(shiftIds.map((id) => [id, []]));
    const rows = await this.dataSource.getRepository(Signup).find({
      where: { shiftId: In([...shiftIds]), status: In(ACTIVE_SIGNUP) },
      order: { waitlistPosition: { direction: 'ASC', nulls: 'FIRST' }, createdAt: 'ASC' },
    });
    for (const row of rows) byShift.get(row.shiftId)?.push(row);
    return shiftIds.map((id) => byShift.get(id) ?? []);
  });

  /** Who holds a seat (confirmed or checked in), in claim order, then the waitlist in its order. */
  rosterOf(shift: Shift, requestContext: object): Promise<Signup[]> {
    return this.rosterLoaders.load(requestContext, shift.id);
  }

  /** A claim, or the volunteer's existing signup when they already have one; null for an unknown shift. */
  async claim(
    manager: EntityManager,
    shiftId: string,
    volunteerId: string,
    actor: SignupActor,
    now: Date,
  ): Promise<ClaimResult | null> {
    const volunteer = await readVolunteerForSignup(manager, volunteerId, true);
    const unlocked = await manager.findOne(Shift, { where: { id: shiftId } });
    if (!volunteer || !unlocked) return null;
    // What depends on this volunteer alone is checked before the shift's lock (the volunteer's is held), so a
    // burst of claims on one shift waits on that lock only for the counts.
    const existing = await manager.findOne(Signup, {
      where: { shiftId, volunteerId, status: In(ACTIVE_SIGNUP) },
    });
    if (existing) {
      const outcome = existing.status === SignupStatus.WAITLISTED ? 'waitlisted' : 'confirmed';
      return { outcome, shift: unlocked, signup: existing, already: true };
    }
    const otherCode = await overlappingShiftCode(manager, volunteerId, shiftId);
    if (otherCode) return { outcome: 'overlap', shift: unlocked, otherCode };
    const shift = (await this.lockShift(manager, shiftId)) as Shift;
    const refusal = claimRefusal(shift, volunteer, actor, now, this.config.noShowLimit);
    if (refusal) return { outcome: refusal, shift };

    const confirmed = shift.confirmedCount < shift.seats;
    const signup = await manager.save(
      manager.create(Signup, {
        shiftId,
        volunteerId,
        status: confirmed ? SignupStatus.CONFIRMED : SignupStatus.WAITLISTED,
        waitlistPosition: confirmed ? null : shift.waitlistCount + 1,
        droppedAt: null,
        checkedInAt: null,
      }),
    );
    if (confirmed) shift.confirmedCount += 1;
    else shift.waitlistCount += 1;
    await this.saveCounts(manager, shift);
    this.changes.signupsChanged(manager, shiftId, [signup.id]);
    return { outcome: confirmed ? 'confirmed' : 'waitlisted', shift, signup, already: false };
  }

  /**
   * Ends the volunteer's signup; a freed seat goes to the first on the waitlist, who is texted (the returned
   * notices, for the caller to write to the outbox). Null for an unknown shift.
   */
  async drop(
    manager: EntityManager,
    shiftId: string,
    volunteerId: string,
    actor: SignupActor,
    now: Date,
  ): Promise<DropResult | null> {
    await readVolunteerForSignup(manager, volunteerId, true);
    const shift = await this.lockShift(manager, shiftId);
    if (!shift) return null;
    const signup = await manager.findOne(Signup, {
      where: { shiftId, volunteerId, status: In(DROPPABLE) },
    });
    if (!signup) return { outcome: 'not_signed_up', shift };
    if (dropIsTooLate(shift, actor, now, this.config.shiftDropCutoffHours))
      return { outcome: 'too_late', shift };

    const position = signup.waitlistPosition;
    const wasConfirmed = signup.status === SignupStatus.CONFIRMED;
    Object.assign(signup, { status: SignupStatus.DROPPED, waitlistPosition: null, droppedAt: now });
    await manager.save(signup);
    if (wasConfirmed) {
      shift.confirmedCount -= 1;
    } else {
      await manager.query(
        `UPDATE signups SET waitlist_position = waitlist_position - 1, updated_at = now()
          WHERE shift_id = $1 AND status = 'WAITLISTED' AND waitlist_position > $2`,
        [shiftId, position],
      );
      shift.waitlistCount -= 1;
    }
    const notices = await this.fillFreeSeats(manager, shift, now);
    await this.saveCounts(manager, shift);
    this.changes.signupsChanged(manager, shiftId, [signup.id]);
    return { outcome: 'dropped', shift, signup, notices };
  }

  /**
   * Confirms the first on the waitlist into every free seat of a locked shift, renumbers the rest from 1, and
   * returns the texts telling the promoted (the caller writes them to the outbox and saves the counts).
   */
  async fillFreeSeats(manager: EntityManager, shift: Shift, now: Date): Promise<OutboundText[]> {
    const free = Math.min(shift.seats - shift.confirmedCount, shift.waitlistCount);
    if (free <= 0) return [];
    const promoted: PromotedRow[] = await manager.query(
      `WITH promoted AS (
         UPDATE signups SET status = 'CONFIRMED', waitlist_position = NULL, updated_at = now()
          WHERE shift_id = $1 AND status = 'WAITLISTED' AND waitlist_position <= $2
          RETURNING id, volunteer_id
       )
       SELECT promoted.id AS signup_id, v.id AS volunteer_id, v.phone, v.preferred_language
         FROM promoted JOIN volunteers v ON v.id = promoted.volunteer_id`,
      [shift.id, free],
    );
    await manager.query(
      `UPDATE signups SET waitlist_position = waitlist_position - $2, updated_at = now()
        WHERE shift_id = $1 AND status = 'WAITLISTED'`,
      [shift.id, free],
    );
    shift.confirmedCount += free;
    shift.waitlistCount -= free;
    this.changes.signupsChanged(
      manager,
      shift.id,
      promoted.map((row) => row.signup_id),
    );
    return this.notices(shift, 'shift_promoted', promoted, now);
  }

  /**
   * Fewer seats than are taken: the latest `count` confirmed go to the top of the waitlist (the one who joined
   * earlier first), ahead of those already waiting, and are told. The shift is locked; the caller saves its seats
   * and counts in one statement. Checked-in volunteers keep their seats, so seats below them is a field error.
   */
  async demoteLatestConfirmed(
    manager: EntityManager,
    shift: Shift,
    seats: number,
    now: Date,
  ): Promise<OutboundText[]> {
    const [{ attended }]: { attended: number }[] = await manager.query(
      `SELECT count(*)::int AS attended FROM signups WHERE shift_id = $1 AND status = 'ATTENDED'`,
      [shift.id],
    );
    if (seats < attended) {
      throw DomainError.badInput('seats', `must be at least the ${attended} volunteers checked in`);
    }
    const count = shift.confirmedCount - seats;
    if (count <= 0) return [];
    await manager.query(
      `UPDATE signups SET waitlist_position = waitlist_position + $2, updated_at = now()
        WHERE shift_id = $1 AND status = 'WAITLISTED'`,
      [shift.id, count],
    );
    const demoted: PromotedRow[] = await manager.query(
      `WITH latest AS (
         SELECT id, created_at FROM signups WHERE shift_id = $1 AND status = 'CONFIRMED'
          ORDER BY created_at DESC, id DESC LIMIT $2
       ), demoted AS (
         UPDATE signups g SET status = 'WAITLISTED', updated_at = now(),
                waitlist_position = (SELECT count(*) FROM latest earlier
                                      WHERE (earlier.created_at, earlier.id) <= (l.created_at, l.id))
           FROM latest l WHERE g.id = l.id
         RETURNING g.id, g.volunteer_id, g.waitlist_position
       )
       SELECT demoted.id AS signup_id, v.id AS volunteer_id, v.phone, v.preferred_language, demoted.waitlist_position
         FROM demoted JOIN volunteers v ON v.id = demoted.volunteer_id`,
      [shift.id, count],
    );
    shift.confirmedCount -= count;
    shift.waitlistCount += count;
    this.changes.signupsChanged(
      manager,
      shift.id,
      demoted.map((row) => row.signup_id),
    );
    return this.notices(shift, 'shift_demoted', demoted, now);
  }

  /** The texts telling everyone on a shift whose start moved (confirmed or waitlisted) its new time. */
  async movedNotices(manager: EntityManager, shift: Shift, now: Date): Promise<OutboundText[]> {
    const onShift: PromotedRow[] = await manager.query(
      `SELECT g.id AS signup_id, v.id AS volunteer_id, v.phone, v.preferred_language
         FROM signups g JOIN volunteers v ON v.id = g.volunteer_id
        WHERE g.shift_id = $1 AND g.status IN ('CONFIRMED', 'WAITLISTED')`,
      [shift.id],
    );
    return this.notices(shift, 'shift_moved', onShift, now);
  }

  private notices(
    shift: Shift,
    templateKey: 'shift_promoted' | 'shift_demoted' | 'shift_moved',
    volunteers: PromotedRow[],
    now: Date,
  ): OutboundText[] {
    return volunteers.map((volunteer) => {
      const language = volunteer.preferred_language;
      const params = {
        ...shiftTextParams(shift, this.config.networkTimezone, language, now),
        position: volunteer.waitlist_position ?? 0,
      };
      return {
        volunteerId: volunteer.volunteer_id,
        phone: volunteer.phone,
        ...renderTemplate(templateKey, language, params),
        templateKey,
        urgent: shiftNoticeIsUrgent(shift.startsAt, now, this.config.quietHours, this.config.networkTimezone),
        subjectType: 'shift',
        subjectId: shift.id,
      };
    });
  }

  /** Staff assign a volunteer (claimShift): any refusal is a CONFLICT saying why. */
  async claimAsStaff(user: StaffUser, shiftId: string, volunteerId: string): Promise<Signup> {
    const result = await this.asStaff(user, shiftId, volunteerId, async (manager, now) => {
      const claimed = await this.claim(manager, shiftId, volunteerId, 'coordinator', now);
      return { value: claimed, notices: [] };
    });
    if (result === null) throw DomainError.notFound('Shift', shiftId);
    if (result.outcome === 'overlap') {
      throw DomainError.conflict(`The volunteer holds shift ${result.otherCode}, which overlaps this one`);
    }
    if (result.outcome !== 'confirmed' && result.outcome !== 'waitlisted') {
      throw DomainError.conflict(CLAIM_REFUSAL_MESSAGES[result.outcome]);
    }
    return result.signup;
  }

  /** Staff drop a volunteer (dropShift), at any time. */
  async dropAsStaff(user: StaffUser, shiftId: string, volunteerId: string): Promise<Signup> {
    const result = await this.asStaff(user, shiftId, volunteerId, async (manager, now) => {
      const dropped = await this.drop(manager, shiftId, volunteerId, 'coordinator', now);
      return { value: dropped, notices: dropped?.outcome === 'dropped' ? dropped.notices : [] };
    });
    if (result === null) throw DomainError.notFound('Shift', shiftId);
    if (result.outcome !== 'dropped') throw DomainError.conflict('The volunteer is not on this shift');
    return result.signup;
  }

  /** Staff check a confirmed volunteer in (checkIn): ATTENDED. Checking in twice changes nothing. */
  async checkIn(user: StaffUser, shiftId: string, volunteerId: string): Promise<Signup> {
    return this.asStaff(user, shiftId, volunteerId, async (manager, now) => {
      const shift = await this.lockShift(manager, shiftId);
      if (!shift) throw DomainError.notFound('Shift', shiftId);
      const signup = await manager.findOne(Signup, {
        where: { shiftId, volunteerId, status: In([SignupStatus.CONFIRMED, SignupStatus.ATTENDED]) },
      });
      if (!signup) throw DomainError.conflict('The volunteer is not confirmed on this shift');
      if (signup.status === SignupStatus.CONFIRMED) {
        Object.assign(signup, { status: SignupStatus.ATTENDED, checkedInAt: now });
        await manager.save(signup);
      }
      return { value: signup, notices: [] };
    });
  }

  /**
   * A staff action in a transaction of its own: the shift and the volunteer must be within the user's zones
   * (otherwise NOT_FOUND, as for missing ones); the notices it returns are written with it and sent after commit.
   */
  private async asStaff<T>(
    user: StaffUser,
    shiftId: string,
    volunteerId: string,
    action: (manager: EntityManager, now: Date) => Promise<{ value: T; notices: OutboundText[] }>,
  ): Promise<T> {
    const { value, recorded } = await this.dataSource.transaction(async (manager) => {
      const shift = await manager.findOne(Shift, { where: { id: shiftId } });
      if (!shift || !isWithinScope(zoneScopeOf(user), [shift.zoneId]))
        throw DomainError.notFound('Shift', shiftId);
      const zones: { zone_ids: string[] }[] = await manager.query(
        `SELECT COALESCE(array_agg(vz.zones_id::text), '{}') AS zone_ids FROM volunteers v
           LEFT JOIN volunteer_zones vz ON vz.volunteers_id = v.id WHERE v.id = $1 GROUP BY v.id`,
        [volunteerId],
      );
      if (zones.length === 0 || !isWithinScope(zoneScopeOf(user), zones[0].zone_ids)) {
        throw DomainError.notFound('Volunteer', volunteerId);
      }
      const done = await action(manager, this.clock.now());
      const texts = done.notices.length > 0 ? await this.outbound.record(manager, done.notices) : [];
      return { value: done.value, recorded: texts };
    });
    await this.outbound.dispatchOrLeaveToReconciler(recorded);
    return value;
  }

  private lockShift(manager: EntityManager, shiftId: string): Promise<Shift | null> {
    return manager.findOne(Shift, { where: { id: shiftId }, lock: { mode: 'pessimistic_write' } });
  }

  private async saveCounts(manager: EntityManager, shift: Shift): Promise<void> {
    await manager.update(Shift, shift.id, {
      confirmedCount: shift.confirmedCount,
      waitlistCount: shift.waitlistCount,
    });
  }
}
