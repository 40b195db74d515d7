/**
 * A volunteer who has not come to NO_SHOW_LIMIT shifts they were confirmed on can no longer claim shifts by SMS:
 * they are told to talk to a coordinator, who may still assign them (claimShift) as they know the person.
 */
export function noShowLimitReached(noShows: number, limit: number): boolean {
  return noShows >= limit;
}

/** The number of a volunteer's signups marked NO_SHOW, over volunteer alias `v` (what `noShowLimitReached` reads). */
export const NO_SHOWS_SQL = `(SELECT count(*)::int FROM signups ns WHERE ns.volunteer_id = v.id AND ns.status = 'NO_SHOW')`;
