/**
 * GSM 03.38 awareness: which texts fit the 7-bit alphabet, and how many segments (billed parts) a text costs.
 */

/**
 * The GSM 03.38 default alphabet; the escape code 0x1B is left out (it only introduces extension characters).
 */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: each character is sent as escape + code, two septets. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

const GSM7_SINGLE_SEGMENT = 160;
const GSM7_PER_PART = 153;
const UCS2_SINGLE_SEGMENT = 70;
const UCS2_PER_PART = 67;

/** Typographic characters that phones and editors insert, with their GSM-7 equivalents. */
const TYPOGRAPHIC_SUBSTITUTES: Record<string, string> = {
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201A': "'", // ‚
  '\u201B': "'", // ‛
  '\u2032': "'", // ′
  '\u00B4': "'", // ´
  '`': "'",
  '\u2039': "'", // ‹
  '\u203A': "'", // ›
  '\u201C': '"', // “
  '\u201D': '"', // ”
  '\u201E': '"', // „
  '\u201F': '"', // ‟
  '\u2033': '"', // ″
  '\u00AB': '"', // «
  '\u00BB': '"', // »
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2015': '-', // ―
  '\u2212': '-', // minus sign
  '\u2022': '-', // • bullet
  '\u00B7': '-', // · middle dot
  '\u2026': '...', // …
  '\t': ' ',
  '\u00A0': ' ', // no-break space
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u202F': ' ', // narrow no-break space
  '\u200B': '', // zero-width space
  '\u00AD': '', // soft hyphen
  '\uFEFF': '', // byte order mark
};
const TYPOGRAPHIC_CHARACTER = new RegExp(`[${Object.keys(TYPOGRAPHIC_SUBSTITUTES).join('')}]`, 'g');

/**
 * Replaces typographic punctuation and spaces with GSM-7 equivalents. Letters are left alone: Spanish á, í,
 * ó, ú are not GSM-7, and stripping them would change words (and disrespect them); such texts go as UCS-2.
 */
export function toGsmFriendly(text: string): string {
  return text.replace(TYPOGRAPHIC_CHARACTER, (character) => TYPOGRAPHIC_SUBSTITUTES[character]);
}

export function isGsm7(text: string): boolean {
  for (const character of text) {
    if (!GSM7_BASIC.has(character) && !GSM7_EXTENSION.has(character)) return false;
  }
  return true;
}

export interface SegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  /**
   * Septets for GSM-7 (extension characters count two), UTF-16 code units for UCS-2 (an emoji counts two).
   */
  units: number;
}

/**
 * Segments a text is sent as. Multipart messages lose room to the concatenation header (153 septets or 67
 * code units per part), and a part never ends in the middle of an escape sequence or a surrogate pair, so a
 * character that does not fit starts the next part. An empty text is zero segments: there is nothing to send.
 */
export function countSegments(text: string): SegmentCount {
  const gsm = isGsm7(text);
  const encoding = gsm ? 'GSM-7' : 'UCS-2';
  const costs = Array.from(text, (character) =>
    gsm ? (GSM7_EXTENSION.has(character) ? 2 : 1) : character.length,
  );
  const units = costs.reduce((total, cost) => total + cost, 0);
  if (units === 0) return { encoding, segments: 0, units };
  if (units <= (gsm ? GSM7_SINGLE_SEGMENT : UCS2_SINGLE_SEGMENT)) return { encoding, segments: 1, units };

  const perPart = gsm ? GSM7_PER_PART : UCS2_PER_PART;
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > perPart) {
      segments++;
      used = 0;
    }
    used += cost;
  }
  return { encoding, segments, units };
}

/** Every outgoing text is one to three segments (docs/sms.md). */
export const MAX_SEGMENTS = 3;

/** What keeps `text` (as it will be sent: GSM-friendly) from being an outgoing SMS, or null when nothing does. */
export function outgoingTextProblem(text: string): string | null {
  const { segments, encoding } = countSegments(text);
  if (segments === 0) return 'must not be empty';
  if (segments > MAX_SEGMENTS) {
    return `is ${segments} SMS segments (${encoding}); at most ${MAX_SEGMENTS} are allowed`;
  }
  return null;
}

/**
 * The longest leading part of `items` whose text, as `render` writes it, is at most MAX_SEGMENTS: lists (open
 * shifts, one's own) lose their last items rather than go over.
 */
export function longestFittingPrefix<T>(items: T[], render: (prefix: T[]) => string): T[] {
  for (let count = items.length; count > 0; count--) {
    const prefix = items.slice(0, count);
    if (countSegments(toGsmFriendly(render(prefix))).segments <= MAX_SEGMENTS) return prefix;
  }
  return [];
}
