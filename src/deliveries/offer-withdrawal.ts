/**
 * A YES (or NO) that crossed the "it's been taken" text on its way is answered by that text: the volunteer gets
 * exactly one text, not a withdrawal and a refusal. Within this long after the withdrawal the command gets no
 * reply of its own; later it is answered kindly. (An offer whose holder's YES was already waiting when another
 * won gets no withdrawal text at all, and its YES gets the "taken" reply.)
 */
export const WITHDRAWAL_CROSSING_MS = 5 * 60_000;

export function answeredByWithdrawalText(
  offer: { withdrawalTexted: boolean; respondedAt: Date | null },
  now: Date,
): boolean {
  return (
    offer.withdrawalTexted &&
    offer.respondedAt !== null &&
    now.getTime() - offer.respondedAt.getTime() < WITHDRAWAL_CROSSING_MS
  );
}
