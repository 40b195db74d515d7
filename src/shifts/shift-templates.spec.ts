import { countSegments, toGsmFriendly } from '../messaging/text/sms-text.js';
import {
  renderTemplate,
  templateKeys,
  templateLanguages,
  type TemplateKey,
} from '../messaging/text/templates.js';
import './shift-templates.js';

/** The longest values each placeholder takes: a 60-character role with accents, the longest dates. */
const LONGEST = {
  code: '4821',
  other: '5310',
  role: 'acompañante de niños y niñas durante la sesión informativa de',
  when: 'sáb 19/12 10:00',
  position: 10_000,
  hours: 336,
  codes: '4821, 5310, 6642, 7719, 8804',
  list: 'x',
  count: 1000,
  url: `https://vecino.community-defense.example.org/calendar/${'x'.repeat(43)}.ics`,
};
const SHIFT_KEYS = templateKeys().filter((key) => /^(shift|shifts|mine)_/.test(key));

describe('shift templates', () => {
  it('exist in English and Spanish', () => {
    expect(SHIFT_KEYS.length).toBeGreaterThanOrEqual(19);
    for (const key of SHIFT_KEYS)
      expect(templateLanguages(key)).toEqual(expect.arrayContaining(['en', 'es']));
  });

  it.each(SHIFT_KEYS.flatMap((key) => ['en', 'es'].map((language) => ({ key, language }))))(
    '$key in $language fits 3 segments with its longest values, written GSM-friendly',
    ({ key, language }: { key: TemplateKey; language: string }) => {
      const { body } = renderTemplate(key, language, LONGEST);
      expect(countSegments(body).segments).toBeLessThanOrEqual(3);
      expect(toGsmFriendly(body)).toBe(body);
    },
  );

  it('says "overlaps your shift" with the other code, and "has started"', () => {
    expect(renderTemplate('shift_overlaps', 'en', { code: '4821', other: '5310' }).body).toContain(
      'overlaps your shift 5310',
    );
    expect(renderTemplate('shift_started', 'en', { code: '4821' }).body).toContain('Shift 4821 has started');
  });
});
