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
