/**
 * The zones after a change: those requested, plus those the user cannot see (`scope`: the user's zone ids; null
 * for users who see every zone). A coordinator of one of a volunteer's two zones moves the volunteer within their
 * own zones; the other zone is not theirs to remove.
 */
export function zonesAfterChange(scope: string[] | null, current: string[], requested: string[]): string[] {
  const kept = scope ? current.filter((id) => !scope.includes(id)) : [];
  return [...new Set([...requested, ...kept])].sort();
}
