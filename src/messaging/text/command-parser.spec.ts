import {
  BASE_COMMANDS,
  CommandVocabulary,
  type CommandVocabularyEntry,
  normalizeSmsWords,
  twilioKeywordOf,
} from './command-parser.js';

/** The words the delivery and shift modules will register (docs/sms.md). */
const FEATURE_COMMANDS: CommandVocabularyEntry[] = [
  { name: 'YES', synonyms: ['ACCEPT', 'SÍ'], takesCode: true },
  { name: 'NO', synonyms: ['PASS', 'DECLINE'], takesCode: true },
  { name: 'PICKED', synonyms: ['RECOGIDO'], takesCode: true },
  { name: 'DONE', synonyms: ['LISTO', 'ENTREGADO'], takesCode: true },
  { name: 'CLAIM', synonyms: ['TOMAR'], takesCode: true },
  { name: 'DROP', synonyms: ['SOLTAR'], takesCode: true },
  { name: 'SHIFTS', synonyms: ['TURNOS'] },
  { name: 'MINE', synonyms: ['MÍOS'] },
];

const vocabulary = new CommandVocabulary([...BASE_COMMANDS, ...FEATURE_COMMANDS]);

describe('CommandVocabulary.parse', () => {
  it.each<[string, string | null, string | null, string | null]>([
    // body, name, code, argument
    ['YES 731', 'YES', '731', null],
    ['yes 731', 'YES', '731', null],
    ['yes, 731!', 'YES', '731', null],
    ['  Yes   #731 ', 'YES', '731', null],
    ['YES731', 'YES', '731', null],
    ['yes#731', 'YES', '731', null],
    ['yes 731 on my way', 'YES', '731', null],
    ['Yes! On my way, 731', 'YES', '731', null],
    ['yes 👍', 'YES', null, null],
    ['👍 yes 731', 'YES', '731', null],
    ['YES 1234567', 'YES', null, null],
    ['yes 7 bags 731', 'YES', '731', null],
    ['sí 731 🙏', 'YES', '731', null],
    ['Sí', 'YES', null, null],
    ['SI 731', 'YES', '731', null],
    ['accept 731', 'YES', '731', null],
    ['ＹＥＳ ７３１', 'YES', '731', null],
    ['no', 'NO', null, null],
    ['NO 731', 'NO', '731', null],
    ['No. 731', 'NO', '731', null],
    ['decline 731 sorry', 'NO', '731', null],
    ['pass', 'NO', null, null],
    ['Picked 731', 'PICKED', '731', null],
    ['recogido 731', 'PICKED', '731', null],
    ['DONE 731', 'DONE', '731', null],
    ['listo', 'DONE', null, null],
    ['Entregado #731 ✅', 'DONE', '731', null],
    ['CLAIM 4821', 'CLAIM', '4821', null],
    ['TOMAR 4821', 'CLAIM', '4821', null],
    ['soltar 4821', 'DROP', '4821', null],
    ['drop4821', 'DROP', '4821', null],
    ['shifts', 'SHIFTS', null, null],
    ['turnos', 'SHIFTS', null, null],
    ['SHIFTS 4821', 'SHIFTS', null, null],
    ['mine', 'MINE', null, null],
    ['míos', 'MINE', null, null],
    ['MIOS', 'MINE', null, null],
    ['help', 'HELP', null, null],
    ['Ayuda!', 'HELP', null, null],
    ['info', 'HELP', null, null],
    ['STOP', 'STOP', null, null],
    ['stop.', 'STOP', null, null],
    ['Stop!', 'STOP', null, null],
    ['STOP please', 'STOP', null, null],
    ['stop 731', 'STOP', null, null],
    ['Unsubscribe', 'STOP', null, null],
    ['cancel', 'STOP', null, null],
    ['opt-out', 'STOP', null, null],
    ['Opt out please', 'STOP', null, null],
    ['stop all', 'STOP', null, null],
    ['revoke', 'STOP', null, null],
    ['start', 'START', null, null],
    ['UNSTOP', 'START', null, null],
    ['lang es', 'LANG', null, 'ES'],
    ['LANG EN', 'LANG', null, 'EN'],
    ['Lang: es please', 'LANG', null, 'ES'],
    ['lang', 'LANG', null, null],
    ['idioma es', 'LANG', null, 'ES'],
    ['Español', 'LANG', null, 'ES'],
    ['espanol', 'LANG', null, 'ES'],
    ['ENGLISH', 'LANG', null, 'EN'],
    ['inglés por favor', 'LANG', null, 'EN'],
    ['hola', null, null, null],
    ['please stop', null, null, null],
    ['I am on my way, yes 731', null, null, null],
    ['yesterday 731', null, null, null],
    ['', null, null, null],
    ['   ', null, null, null],
    ['🙂', null, null, null],
    ['731', null, null, null],
    ['#731', null, null, null],
    ['stop731', null, null, null],
  ])('%j → name %j, code %j, argument %j', (body, name, code, argument) => {
    const parsed = vocabulary.parse(body);
    expect({ name: parsed.name, code: parsed.code, argument: parsed.argument }).toEqual({
      name,
      code,
      argument,
    });
  });

  it('keeps every normalized word of the body', () => {
    expect(vocabulary.parse('  Yes, 731 — on my way! 🚗')).toEqual({
      name: 'YES',
      code: '731',
      argument: null,
      words: ['YES', '731', 'ON', 'MY', 'WAY'],
      normalized: 'YES 731 ON MY WAY',
    });
  });

  it('reports the words of an unknown body too, for the coordinators inbox', () => {
    expect(vocabulary.parse('¿Dónde está?')).toEqual({
      name: null,
      code: null,
      argument: null,
      words: ['DONDE', 'ESTA'],
      normalized: 'DONDE ESTA',
    });
  });
});

describe('CommandVocabulary.add', () => {
  it('throws when a word is claimed twice, even written with accents', () => {
    const own = new CommandVocabulary([{ name: 'YES', synonyms: ['SI'] }]);
    expect(() => own.add({ name: 'IF', synonyms: ['sí'] })).toThrow('"SI" of IF already belongs to YES');
    expect(() => own.add({ name: 'YES', synonyms: [] })).toThrow('"YES" of YES already belongs to YES');
  });

  it('rejects DROP as CANCEL, because CANCEL is a carrier opt-out word', () => {
    const own = new CommandVocabulary(BASE_COMMANDS);
    expect(() => own.add({ name: 'DROP', synonyms: ['CANCEL'], takesCode: true })).toThrow(
      '"CANCEL" of DROP already belongs to STOP',
    );
  });

  it('throws when an entry repeats a word of its own', () => {
    expect(() => new CommandVocabulary([{ name: 'MINE', synonyms: ['MIOS', 'míos'] }])).toThrow(
      '"MIOS" appears twice in MINE',
    );
  });

  it('refuses words without letters or with digits', () => {
    expect(() => new CommandVocabulary([{ name: 'HELP', synonyms: ['?'] }])).toThrow('must contain letters');
    expect(() => new CommandVocabulary([{ name: 'HELP', synonyms: ['H3LP'] }])).toThrow('no digits');
  });

  it('leaves the vocabulary unchanged when an entry is refused', () => {
    const own = new CommandVocabulary([{ name: 'YES', synonyms: [] }]);
    expect(() => own.add({ name: 'NO', synonyms: ['NOPE', 'YES'] })).toThrow('already belongs to YES');
    expect(own.has('NO')).toBe(false);
    expect(own.parse('nope').name).toBeNull();
  });

  it('knows which commands it has', () => {
    const base = new CommandVocabulary(BASE_COMMANDS);
    expect(['STOP', 'START', 'HELP', 'LANG'].map((name) => base.has(name))).toEqual([true, true, true, true]);
    expect(base.has('YES')).toBe(false);
    expect(base.has('STOPALL')).toBe(false);
    expect(base.parse('YES 731').name).toBeNull();
  });
});

describe('normalizeSmsWords', () => {
  it.each<[string, string[]]>([
    ['SÍ', ['SI']],
    ['español', ['ESPANOL']],
    ['míos', ['MIOS']],
    ['  yes,   731!! ', ['YES', '731']],
    ['sí 731 🙏🏽', ['SI', '731']],
    ['👨‍👩‍👧 done', ['DONE']],
    ['Yes\u00a0731', ['YES', '731']],
    ['Y\u200bES', ['YES']],
    ['ＣＬＡＩＭ　４８２１', ['CLAIM', '4821']],
    ['straße', ['STRASSE']],
    ['', []],
    ['?!…', []],
  ])('%j → %j', (body, words) => {
    expect(normalizeSmsWords(body)).toEqual(words);
  });
});

describe('twilioKeywordOf', () => {
  it.each<[string, 'OPT_OUT' | 'OPT_IN' | 'HELP' | null]>([
    ['STOP', 'OPT_OUT'],
    ['stop', 'OPT_OUT'],
    ['  Stop \n', 'OPT_OUT'],
    ['STOPALL', 'OPT_OUT'],
    ['unsubscribe', 'OPT_OUT'],
    ['Cancel', 'OPT_OUT'],
    ['END', 'OPT_OUT'],
    ['quit', 'OPT_OUT'],
    ['REVOKE', 'OPT_OUT'],
    ['optout', 'OPT_OUT'],
    ['START', 'OPT_IN'],
    ['unstop', 'OPT_IN'],
    ['Yes', 'OPT_IN'],
    ['HELP', 'HELP'],
    ['info', 'HELP'],
    ['YES 731', null],
    ['YES731', null],
    ['STOP please', null],
    ['stop.', null],
    ['Stop!', null],
    ['opt-out', null],
    ['STOP ALL', null],
    ['AYUDA', null],
    ['sí', null],
    ['ſtop', null],
    ['', null],
    ['hola', null],
  ])('%j → %j', (body, keyword) => {
    expect(twilioKeywordOf(body)).toBe(keyword);
  });
});
