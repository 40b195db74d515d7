import type { EntityManager } from 'typeorm';
import { VolunteerStatus } from '../volunteers/volunteer.entity.js';
import { fitsVolunteerSql } from './shift-fit.js';
import { offeredShiftSql } from './shift-offered.js';
import { heldOverlappingSql } from './shift-overlap.js';
import type { VolunteerForSignup } from './volunteer-profile.js';

/** A shift as the SMS replies list it. */
export interface ShiftLine {
  id: string;
  code: string;
  role: string;
  startsAt: Date;
}

export interface HeldShiftLine extends ShiftLine {
  status: 'CONFIRMED' | 'WAITLISTED';
  waitlistPosition: number | null;
}

interface ShiftRow {
  id: string;
  code: string;
  role: string;
  starts_at: Date;
}

const lineOf = (row: ShiftRow): ShiftLine => ({
  id: row.id,
  code: row.code,
  role: row.role,
  startsAt: row.starts_at,
});

/**
 * Open shifts that fit an active volunteer, soonest first: offered, not started, a seat free, their zone, skill and
 * language, not one they are on, and none overlapping a shift they hold.
 */
export async function openShiftsFor(
  manager: EntityManager,
  volunteer: VolunteerForSignup,
  now: Date,
  limit: number,
): Promise<ShiftLine[]> {
  if (volunteer.status !== VolunteerStatus.ACTIVE) return [];
  const rows: ShiftRow[] = await manager.query(
    `SELECT s.id, s.code, s.role, s.starts_at FROM shifts s
      WHERE s.starts_at > $5 AND s.confirmed_count < s.seats AND ${offeredShiftSql('s')}
        AND ${fitsVolunteerSql({ zoneIds: '$2', skills: '$3', languages: '$4' })}
        AND NOT EXISTS (SELECT 1 FROM signups mine
                         WHERE mine.shift_id = s.id AND mine.volunteer_id = $1 AND mine.status <> 'DROPPED')
        AND NOT EXISTS (SELECT 1 FROM ${heldOverlappingSql('$1', 's')})
      ORDER BY s.starts_at, s.id
      LIMIT $6`,
    [volunteer.id, volunteer.zoneIds, volunteer.skills, volunteer.languages, now, limit],
  );
  return rows.map(lineOf);
}

/** The volunteer's confirmed and waitlisted shifts that have not ended, soonest first. */
export async function heldShiftsOf(
  manager: EntityManager,
  volunteerId: string,
  now: Date,
): Promise<HeldShiftLine[]> {
  const rows: (ShiftRow & { status: HeldShiftLine['status']; waitlist_position: number | null })[] =
    await manager.query(
      `SELECT s.id, s.code, s.role, s.starts_at, g.status, g.waitlist_position
         FROM signups g JOIN shifts s ON s.id = g.shift_id
        WHERE g.volunteer_id = $1 AND g.status IN ('CONFIRMED', 'WAITLISTED') AND s.ends_at > $2
        ORDER BY s.starts_at, s.id`,
      [volunteerId, now],
    );
  return rows.map((row) => ({ ...lineOf(row), status: row.status, waitlistPosition: row.waitlist_position }));
}

/** The shift a code names, among those whose code is not released and that are offered; null when none. */
export async function shiftIdByCode(manager: EntityManager, code: string): Promise<string | null> {
  const rows: { id: string }[] = await manager.query(
    `SELECT s.id FROM shifts s WHERE s.code = $1 AND NOT s.code_released AND ${offeredShiftSql('s')}`,
    [code],
  );
  return rows[0]?.id ?? null;
}
