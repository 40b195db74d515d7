import type { EntityManager } from 'typeorm';

/**
 * A volunteer holds one shift at a time: a claim is refused while they are confirmed, checked in or waitlisted on
 * another shift whose time overlaps (a waitlisted one could be promoted into the clash). Shifts that only touch
 * (one ends at 12:00, the next starts at 12:00) do not overlap.
 *
 * The FROM … WHERE of the shifts (`other`) that the volunteer (`volunteer`, an SQL parameter) holds and that overlap
 * the shift of alias `shift`.
 */
export function heldOverlappingSql(volunteer: string, shift: string): string {
  return `signups held JOIN shifts other ON other.id = held.shift_id
    WHERE held.volunteer_id = ${volunteer} AND held.status IN ('CONFIRMED', 'WAITLISTED', 'ATTENDED')
      AND other.id <> ${shift}.id AND other.starts_at < ${shift}.ends_at AND other.ends_at > ${shift}.starts_at`;
}

/** The code of a shift the volunteer holds that overlaps this one, or null. */
export async function overlappingShiftCode(
  manager: EntityManager,
  volunteerId: string,
  shiftId: string,
): Promise<string | null> {
  const rows: { code: string }[] = await manager.query(
    `SELECT other.code FROM shifts s, ${heldOverlappingSql('$1', 's')} AND s.id = $2
      ORDER BY other.starts_at LIMIT 1`,
    [volunteerId, shiftId],
  );
  return rows[0]?.code ?? null;
}

/**
 * How many volunteers on the shift (confirmed, checked in or waitlisted) hold another shift that would overlap it
 * at the given times: a move that makes anyone hold two overlapping shifts is refused (the coordinator drops
 * them from one first), as a claim would be.
 */
export async function volunteersClashingWithMove(
  manager: EntityManager,
  shiftId: string,
  schedule: { startsAt: Date; endsAt: Date },
): Promise<number> {
  const [{ clashing }]: { clashing: number }[] = await manager.query(
    `SELECT count(DISTINCT mine.volunteer_id)::int AS clashing
       FROM signups mine, (SELECT $1::uuid AS id, $2::timestamptz AS starts_at, $3::timestamptz AS ends_at) moved
      WHERE mine.shift_id = $1 AND mine.status IN ('CONFIRMED', 'WAITLISTED', 'ATTENDED')
        AND EXISTS (SELECT 1 FROM ${heldOverlappingSql('mine.volunteer_id', 'moved')})`,
    [shiftId, schedule.startsAt, schedule.endsAt],
  );
  return clashing;
}
