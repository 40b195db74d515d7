/**
 * Parsing of inbound SMS bodies into commands. The messaging module knows only its own commands
 * (BASE_COMMANDS); feature modules add theirs (delivery, shift words) to a shared CommandVocabulary.
 */

export interface CommandVocabularyEntry {
  /** Canonical command name, also accepted as a word itself (e.g. `YES`). */
  name: string;
  /** Other words, or short phrases, meaning the same command; compared without accents or case. */
  synonyms: string[];
  /** The first 2–6 digit word after the keyword is the code the command acts on (`YES 731`, `YES731`). */
  takesCode?: boolean;
  /** The word after the keyword is the command's argument (`LANG ES`). */
  takesArgument?: boolean;
  /** Words that stand for the command together with a fixed argument (`ESPAÑOL` → `LANG` with `ES`). */
  shortcuts?: Record<string, string>;
}

export interface ParsedCommand {
  /** Canonical command name, or null when the body does not start with a known keyword. */
  name: string | null;
  code: string | null;
  argument: string | null;
  /** The normalized words of the whole body (see normalizeSmsWords). */
  words: string[];
  normalized: string;
}

interface VocabularyMatch {
  entry: CommandVocabularyEntry;
  impliedArgument: string | null;
}

const CODE_WORD = /^\d{2,6}$/;
const KEYWORD_GLUED_TO_CODE = /^(\p{L}+)(\d{2,6})$/u;

/**
 * Uppercase words of an SMS body: compatibility forms folded (full-width digits), accents stripped (SÍ → SI,
 * ESPAÑOL → ESPANOL), emoji, punctuation and invisible formatting characters dropped, letters and digits
 * kept.
 */
export function normalizeSmsWords(body: string): string[] {
  return body
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
}

export class CommandVocabulary {
  private readonly phrases = new Map<string, VocabularyMatch>();
  private readonly names = new Set<string>();
  private longestPhrase = 1;

  constructor(entries: CommandVocabularyEntry[] = []) {
    for (const entry of entries) this.add(entry);
  }

  /** Adds a command; throws if one of its words or phrases already belongs to a command. */
  add(entry: CommandVocabularyEntry): void {
    const claims: Array<[string, string | null]> = [
      [entry.name, null],
      ...entry.synonyms.map((synonym): [string, null] => [synonym, null]),
      ...Object.entries(entry.shortcuts ?? {}),
    ];
    const keyed = claims.map(([word, impliedArgument]) => {
      const phrase = vocabularyPhrase(word, entry.name);
      const owner = this.phrases.get(phrase)?.entry.name;
      if (owner) throw new Error(`SMS command word "${phrase}" of ${entry.name} already belongs to ${owner}`);
      return { phrase, impliedArgument };
    });
    const duplicate = keyed.find(
      ({ phrase }, index) => keyed.findIndex((other) => other.phrase === phrase) !== index,
    );
    if (duplicate) throw new Error(`SMS command word "${duplicate.phrase}" appears twice in ${entry.name}`);

    for (const { phrase, impliedArgument } of keyed) {
      this.phrases.set(phrase, { entry, impliedArgument });
      this.longestPhrase = Math.max(this.longestPhrase, phrase.split(' ').length);
    }
    this.names.add(entry.name);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** The command a body starts with; only the leading keyword counts, so chatter never triggers a command. */
  parse(body: string): ParsedCommand {
    const words = normalizeSmsWords(body);
    const unknown: ParsedCommand = {
      name: null,
      code: null,
      argument: null,
      words,
      normalized: words.join(' '),
    };
    const found = this.matchLeadingKeyword(words);
    if (!found) return unknown;

    const { match, rest } = found;
    const code = match.entry.takesCode ? (rest.find((word) => CODE_WORD.test(word)) ?? null) : null;
    const argument = match.impliedArgument ?? (match.entry.takesArgument ? (rest[0] ?? null) : null);
    return { ...unknown, name: match.entry.name, code, argument };
  }

  private matchLeadingKeyword(words: string[]): { match: VocabularyMatch; rest: string[] } | null {
    for (let length = Math.min(this.longestPhrase, words.length); length >= 1; length--) {
      const match = this.phrases.get(words.slice(0, length).join(' '));
      if (match) return { match, rest: words.slice(length) };
    }
    const glued = KEYWORD_GLUED_TO_CODE.exec(words[0] ?? '');
    const match = glued ? this.phrases.get(glued[1]) : undefined;
    if (glued && match?.entry.takesCode) return { match, rest: [glued[2], ...words.slice(1)] };
    return null;
  }
}

function vocabularyPhrase(word: string, commandName: string): string {
  const words = normalizeSmsWords(word);
  if (words.length === 0 || words.some((part) => /\d/.test(part))) {
    throw new Error(`SMS command word "${word}" of ${commandName} must contain letters and no digits`);
  }
  return words.join(' ');
}

export type TwilioKeyword = 'OPT_OUT' | 'OPT_IN' | 'HELP';

const TWILIO_DEFAULT_KEYWORDS = new Map<string, TwilioKeyword>([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].map(
    (word): [string, TwilioKeyword] => [word, 'OPT_OUT'],
  ),
  ...['START', 'UNSTOP', 'YES'].map((word): [string, TwilioKeyword] => [word, 'OPT_IN']),
  ...['HELP', 'INFO'].map((word): [string, TwilioKeyword] => [word, 'HELP']),
]);

/**
 * The keyword Twilio's default handling has already acted on (and answered), or null. Twilio documents only
 * "single-word messages" matched case-insensitively; we also ignore surrounding whitespace, but nothing else:
 * `Stop.` or `STOP please` give null. Erring this way means that, for a body Twilio might have matched, the
 * app sends its own confirmation (at worst a second text, refused with 21610 after an opt-out) rather than
 * leaving the volunteer with no reply at all.
 */
export function twilioKeywordOf(body: string): TwilioKeyword | null {
  const word = body.trim();
  if (!/^[A-Za-z]+$/.test(word)) return null;
  return TWILIO_DEFAULT_KEYWORDS.get(word.toUpperCase()) ?? null;
}

/**
 * The messaging module's own commands. Opt-out words are the carrier/Twilio English set plus `OPT OUT`
 * (`opt-out`, named in the FCC's 2024 revocation-of-consent rule): no Spanish opt-out word is
 * carrier-recognized, so none is added here.
 */
export const BASE_COMMANDS: CommandVocabularyEntry[] = [
  {
    name: 'STOP',
    synonyms: ['STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'OPT OUT', 'REVOKE'],
  },
  { name: 'START', synonyms: ['UNSTOP'] },
  { name: 'HELP', synonyms: ['AYUDA', 'INFO'] },
  {
    name: 'LANG',
    synonyms: ['IDIOMA'],
    takesArgument: true,
    shortcuts: { ESPAÑOL: 'ES', ENGLISH: 'EN', INGLÉS: 'EN' },
  },
];
