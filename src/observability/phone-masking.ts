import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';

export const PHONE_MASK = '[phone]';

/** E.164 as we store and send numbers, masked even where libphonenumber finds it invalid (test and reserved ranges). */
const E164 = /\+[1-9]\d{6,14}(?!\d)/g;

/** Seven digits, however punctuated: anything shorter is no phone number, so most lines skip the parser. */
const SEVEN_DIGITS = /\d(?:[\s().+-]*\d){6}/;

/**
 * Masks what parses as a phone number (read in `region` when it has no `+`), and nothing else: ids, timestamps,
 * dates and ports stay as they are, so a log line can still be matched to its job or row.
 */
export function maskPhones(text: string, region: CountryCode): string {
  if (!SEVEN_DIGITS.test(text)) return text;
  let masked = '';
  let from = 0;
  for (const found of findPhoneNumbersInText(text, region)) {
    masked += text.slice(from, found.startsAt) + PHONE_MASK;
    from = found.endsAt;
  }
  return (masked + text.slice(from)).replace(E164, PHONE_MASK);
}
