import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import { zoneFilterWithinScope } from '../zones/zone-scope.js';
import { ZonesService } from '../zones/zones.service.js';
import type { TrainingStatsArgs } from './dto/training-event.input.js';
import type { TrainingStats } from './dto/training-stats.view.js';
import { TrainingEventStatus } from './training-event.entity.js';

interface TotalsRow {
  sessions: number;
  attendees: number;
  registered: number;
  walk_ins: number;
  seats: number;
  filled: number;
  attended: number;
  no_shows: number;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Reporting over the sessions held: counts only, never who. */
@Injectable()
export class TrainingStatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly zones: ZonesService,
  ) {}

  async stats(user: StaffUser, args: TrainingStatsArgs): Promise<TrainingStats> {
    if (args.to.getTime() <= args.from.getTime()) throw DomainError.badInput('to', 'must be after from');
    if (args.zoneId) await this.zones.findWithinScopeOrFail(user, [args.zoneId], 'zoneId');
    const zoneIds = zoneFilterWithinScope(user, args.zoneId ? [args.zoneId] : null);
    const held = `held AS (
      SELECT e.id, e.languages, COALESCE(e.walk_in_count, 0) AS walk_ins,
             (SELECT count(*) FROM attendees a WHERE a.event_id = e.id)::int AS registered,
             (SELECT count(*) FROM attendees a WHERE a.event_id = e.id AND a.attended)::int
               + COALESCE(e.walk_in_count, 0) AS attendees
        FROM training_events e
       WHERE e.status = $1 AND e.starts_at >= $2 AND e.starts_at < $3
         AND ($4::uuid[] IS NULL OR e.zone_id = ANY($4::uuid[])))`;
    const params = [TrainingEventStatus.COMPLETED, args.from, args.to, zoneIds];
    const [totals]: TotalsRow[] = await this.dataSource.query(
      `WITH ${held}, signup_counts AS (
         SELECT count(*) FILTER (WHERE g.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW'))::int AS filled,
                count(*) FILTER (WHERE g.status = 'ATTENDED')::int AS attended,
                count(*) FILTER (WHERE g.status = 'NO_SHOW')::int AS no_shows
           FROM signups g JOIN shifts s ON s.id = g.shift_id JOIN held ON held.id = s.event_id)
       SELECT (SELECT count(*) FROM held)::int AS sessions,
              (SELECT COALESCE(sum(attendees), 0) FROM held)::int AS attendees,
              (SELECT COALESCE(sum(registered), 0) FROM held)::int AS registered,
              (SELECT COALESCE(sum(walk_ins), 0) FROM held)::int AS walk_ins,
              (SELECT COALESCE(sum(s.seats), 0) FROM shifts s JOIN held ON held.id = s.event_id)::int AS seats,
              signup_counts.*
         FROM signup_counts`,
      params,
    );
    const languages: { language: string; sessions: number; attendees: number }[] =
      await this.dataSource.query(
        `WITH ${held}
       SELECT taught.language, count(*)::int AS sessions, sum(held.attendees)::int AS attendees
         FROM held, unnest(held.languages) AS taught (language)
        GROUP BY taught.language ORDER BY sessions DESC, taught.language`,
        params,
      );
    return {
      from: args.from,
      to: args.to,
      zoneId: args.zoneId ?? null,
      sessionsHeld: totals.sessions,
      attendees: totals.attendees,
      registered: totals.registered,
      walkIns: totals.walk_ins,
      languages,
      shiftSeats: totals.seats,
      shiftSeatsFilled: totals.filled,
      shiftFillRate: ratio(totals.filled, totals.seats),
      shiftAttended: totals.attended,
      noShows: totals.no_shows,
      noShowRate: ratio(totals.no_shows, totals.attended + totals.no_shows),
    };
  }
}
