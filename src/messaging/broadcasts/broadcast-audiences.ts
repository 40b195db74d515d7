/**
 * Audiences a feature computes for a broadcast (volunteers who fit a training event's open shifts, …), so the
 * fan-out can text them without messaging knowing what they are about. A feature registers its audience from its
 * own file at import, as it registers its templates; both the API (sending) and the worker (fanning out) import
 * that file.
 */

/** Adds a value to the statement's parameters and returns its placeholder (`$3`). */
export type SqlParam = (value: unknown) => string;

export interface BroadcastAudience {
  /**
   * A SELECT of one column, volunteer ids, for the broadcast's `audienceParams`. It may read the candidate
   * volunteer row as `v` (the fan-out's own alias) to stay a cheap correlated filter.
   */
  volunteerIdsSql(params: Record<string, string>, param: SqlParam): string;
}

const audiences = new Map<string, BroadcastAudience>();

export function registerBroadcastAudience(name: string, audience: BroadcastAudience): void {
  if (audiences.has(name)) throw new Error(`Broadcast audience "${name}" is already registered`);
  audiences.set(name, audience);
}

/** The registered audience; throws for an unknown name (a process that did not import the feature's file). */
export function broadcastAudience(name: string): BroadcastAudience {
  const audience = audiences.get(name);
  if (!audience) throw new Error(`Broadcast audience "${name}" is not registered in this process`);
  return audience;
}
