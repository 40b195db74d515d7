import { DomainError } from '../common/domain-error.js';

/**
 * How staff emails and passwords are taken: the one normalisation of an email (login, account creation and the
 * per-account lockout key agree on it) and the rules a new email or password meets.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Emails are compared without surrounding spaces or case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The normalised email, or a field error on `email`. */
export function checkedEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (!EMAIL_ADDRESS.test(normalized) || normalized.length > 254)
    throw DomainError.badInput('email', 'is not an email address');
  return normalized;
}

/** A field error on `password` unless it is long enough (and not absurdly long: argon2 hashes all of it). */
export function assertPasswordAllowed(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw DomainError.badInput('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw DomainError.badInput('password', `must be at most ${MAX_PASSWORD_LENGTH} characters`);
}
