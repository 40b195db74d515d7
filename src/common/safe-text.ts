// In unicode mode a surrogate class matches only a surrogate that is not half of a pair.
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/**
 * Why a string cannot be stored as text, or null when it can. PostgreSQL refuses NUL in `text`, and an unpaired
 * surrogate is not Unicode at all (UTF-8 cannot encode it), so both are refused where input enters, not by the
 * database as an internal error.
 */
export function unsafeTextProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (UNPAIRED_SURROGATE.test(value)) return 'must not contain unpaired surrogate characters';
  return null;
}
