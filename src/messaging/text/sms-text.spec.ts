import {
  countSegments,
  isGsm7,
  longestFittingPrefix,
  outgoingTextProblem,
  toGsmFriendly,
} from './sms-text.js';

describe('toGsmFriendly', () => {
  it.each<[string, string]>([
    ['‘Hi’ and “hello”', '\'Hi\' and "hello"'],
    ['We’re on our way', "We're on our way"],
    ['«Hola»', '"Hola"'],
    ['9–11 am — today', '9-11 am - today'],
    ['Wait…', 'Wait...'],
    ['YES\u00a0731', 'YES 731'],
    ['8:00\u202fam', '8:00 am'],
    ['• bread\n• milk', '- bread\n- milk'],
    ['co\u00adordinator\u200b', 'coordinator'],
    ['a\tb', 'a b'],
  ])('%j → %j', (text, friendly) => {
    expect(toGsmFriendly(text)).toBe(friendly);
    expect(isGsm7(toGsmFriendly(text))).toBe(true);
  });

  it('keeps Spanish letters and emoji as they are', () => {
    const spanish = 'Sí, la dirección está en el menú: ¿quién llegó? Ñandú, pingüino 🙏';
    expect(toGsmFriendly(spanish)).toBe(spanish);
  });
});

describe('isGsm7', () => {
  it.each<[string, boolean]>([
    ['Hello! YES 731 @ 8:00? £5 & 10% off', true],
    ['¡Hola! ¿Mañana? café, pingüino, Ñandú', false],
    ['¡Hola! ¿Mañana? café, pingüino, Ñ', true],
    ['ΔΦΓΛΩΠΨΣΘΞ èéùìò ÅåÄäÖöÜüàÉßÆæØø Ç §¤¥', true],
    ['{braces} [brackets] ~tilde^ |pipe| \\ €5', true],
    ['á', false],
    ['í', false],
    ['ó', false],
    ['ú', false],
    ['ç', false],
    ['’', false],
    ['🙂', false],
    ['\t', false],
    ['', true],
  ])('%j → %j', (text, gsm) => {
    expect(isGsm7(text)).toBe(gsm);
  });
});

describe('countSegments', () => {
  it.each<[string, string, 'GSM-7' | 'UCS-2', number, number]>([
    ['empty', '', 'GSM-7', 0, 0],
    ['160 plain characters', 'a'.repeat(160), 'GSM-7', 1, 160],
    ['161 plain characters', 'a'.repeat(161), 'GSM-7', 2, 161],
    ['306 plain characters', 'a'.repeat(306), 'GSM-7', 2, 306],
    ['307 plain characters', 'a'.repeat(307), 'GSM-7', 3, 307],
    ['80 euro signs (two septets each)', '€'.repeat(80), 'GSM-7', 1, 160],
    ['159 characters and one brace', `${'a'.repeat(159)}{`, 'GSM-7', 2, 161],
    [
      'an escape at septets 153–154 is not split, so 306 septets need 3 parts',
      `${'a'.repeat(152)}[${'a'.repeat(152)}`,
      'GSM-7',
      3,
      306,
    ],
    ['70 Spanish characters with á', `á${'a'.repeat(69)}`, 'UCS-2', 1, 70],
    ['71 Spanish characters with á', `á${'a'.repeat(70)}`, 'UCS-2', 2, 71],
    ['134 characters with ó', `ó${'a'.repeat(133)}`, 'UCS-2', 2, 134],
    ['135 characters with ó', `ó${'a'.repeat(134)}`, 'UCS-2', 3, 135],
    ['35 emoji (two code units each)', '🙂'.repeat(35), 'UCS-2', 1, 70],
    ['36 emoji', '🙂'.repeat(36), 'UCS-2', 2, 72],
    [
      'an emoji at units 67–68 is not split, so 134 units need 3 parts',
      `${'a'.repeat(66)}🙂${'a'.repeat(66)}`,
      'UCS-2',
      3,
      134,
    ],
    ['one curly quote turns a GSM text into UCS-2', `’${'a'.repeat(69)}`, 'UCS-2', 1, 70],
  ])('%s', (_label, text, encoding, segments, units) => {
    expect(countSegments(text)).toEqual({ encoding, segments, units });
  });

  it('counts a Spanish reply with accents as UCS-2 and a GSM-friendly one as GSM-7', () => {
    const accented = 'Gracias. La dirección es 123 Calle Mayor. Avísanos cuando la entregues con LISTO 731.';
    expect(countSegments(accented)).toEqual({ encoding: 'UCS-2', segments: 2, units: accented.length });
    const plain = 'Gracias. Escribe LISTO 731 cuando la entregues. ¡Buen viaje!';
    expect(countSegments(plain)).toEqual({ encoding: 'GSM-7', segments: 1, units: plain.length });
  });
});

describe('outgoingTextProblem', () => {
  it.each([
    ['', 'must not be empty'],
    ['a'.repeat(153 * 3), null],
    ['a'.repeat(153 * 3 + 1), 'is 4 SMS segments (GSM-7); at most 3 are allowed'],
    ['á'.repeat(67 * 3), null],
    ['á'.repeat(67 * 3 + 1), 'is 4 SMS segments (UCS-2); at most 3 are allowed'],
  ])('%#', (text, problem) => {
    expect(outgoingTextProblem(text)).toBe(problem);
  });
});

describe('longestFittingPrefix', () => {
  const render = (lines: string[]) => `List:\n${lines.join('\n')}`;

  it('keeps every item when the whole fits 3 segments', () => {
    expect(longestFittingPrefix(['a', 'b', 'c'], render)).toEqual(['a', 'b', 'c']);
  });

  it('drops items from the end until it fits, counting UCS-2 when an item needs it', () => {
    const gsm = Array.from({ length: 10 }, (_, index) => `${index} ${'x'.repeat(60)}`);
    const fitted = longestFittingPrefix(gsm, render);
    expect(fitted).toEqual(gsm.slice(0, 7));
    expect(countSegments(render(fitted)).segments).toBe(3);
    const accented = gsm.map((line) => `${line} ó`);
    expect(longestFittingPrefix(accented, render)).toHaveLength(3);
  });

  it('keeps nothing when even one item is too long', () => {
    expect(longestFittingPrefix(['x'.repeat(500)], render)).toEqual([]);
  });
});
