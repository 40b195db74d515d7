import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Thrown for anything that is not a textable phone number. The message never repeats the input: logs must not carry phones. */
export class InvalidPhoneError extends Error {
  constructor() {
    super('not a valid phone number');
    this.name = 'InvalidPhoneError';
  }
}

/**
 * Normalizes a phone number as people type it (`(414) 555-0123`, `414.555.0123`, `+52 55 1234 5678`) to E.164.
 * Numbers without a `+` are read in `defaultRegion`.
 */
export function parsePhone(input: string, defaultRegion: CountryCode): string {
  // A misconfigured region (DEFAULT_PHONE_REGION=us) would otherwise make every local number look invalid.
  if (!isSupportedCountry(defaultRegion))
    throw new Error(`unsupported default phone region "${defaultRegion}"`);
  const parsed = parsePhoneNumberFromString(input, defaultRegion);
  // A number with an extension reaches a switchboard, not a phone that can receive texts.
  if (!parsed || parsed.ext || !parsed.isValid()) throw new InvalidPhoneError();
  return parsed.number;
}

/** `+14142862000` → `+1•••••••000`: country code and last three digits, for logs and roles that may not see phones. */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return '•'.repeat(e164.replace(/\D/g, '').length);
  const national = parsed.nationalNumber;
  const visible = national.length > 3 ? national.slice(-3) : '';
  return `+${parsed.countryCallingCode}${'•'.repeat(national.length - visible.length)}${visible}`;
}
