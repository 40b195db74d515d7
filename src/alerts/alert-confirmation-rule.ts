/** The verifiers' answers so far. */
export interface VerificationTally {
  seen: number;
  notSeen: number;
}

/**
 * Whether the verifiers' answers confirm an alert: at least ALERT_CONFIRMATIONS saw it, and those who did not see
 * it are not the majority of the answers. (A coordinator's confirmAlert confirms whatever the tally.)
 */
export function verifiersConfirm(tally: VerificationTally, confirmationsNeeded: number): boolean {
  return tally.seen >= confirmationsNeeded && tally.notSeen <= tally.seen;
}
