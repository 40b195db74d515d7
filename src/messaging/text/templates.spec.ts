import { DEFAULT_UNKNOWN_NUMBER_REPLY } from '../../config/config.js';
import { countSegments, toGsmFriendly } from './sms-text.js';
import {
  isTwilioStandInTemplate,
  registerTemplates,
  renderTemplate,
  type TemplateKey,
  templateKeys,
  templateLanguages,
  type TemplateVariants,
} from './templates.js';

const MESSAGING_KEYS = [
  'help',
  'unknown_command',
  'unknown_number',
  'language_changed',
  'opted_out_confirmation',
  'opted_in_confirmation',
];

/**
 * Keys registered by this spec stand in for a feature module's; they are cast rather than added to
 * TemplateKeys, so that they do not become valid keys for the application's type checking.
 */
function registerSpecTemplate(key: string, variants: TemplateVariants): TemplateKey {
  registerTemplates({ [key]: variants } as Partial<Record<TemplateKey, TemplateVariants>>);
  return key as TemplateKey;
}

describe('messaging templates', () => {
  it('has every messaging key, each in en and es', () => {
    expect(templateKeys()).toEqual(expect.arrayContaining(MESSAGING_KEYS));
    for (const key of templateKeys().filter((key) => !isTwilioStandInTemplate(key)))
      expect(templateLanguages(key)).toEqual(expect.arrayContaining(['en', 'es']));
  });

  const renderings = MESSAGING_KEYS.flatMap((key) =>
    ['en', 'es'].map((language) => ({ key: key as TemplateKey, language })),
  );
  const paramsOf = (key: TemplateKey) => (key === 'unknown_number' ? DEFAULT_UNKNOWN_NUMBER_REPLY : {});

  it.each(renderings)(
    '$key in $language is one to three segments, written GSM-friendly',
    ({ key, language }) => {
      const rendered = renderTemplate(key, language, paramsOf(key));
      expect(rendered.language).toBe(language);
      const { segments } = countSegments(rendered.body);
      expect(segments).toBeGreaterThanOrEqual(1);
      expect(segments).toBeLessThanOrEqual(3);
      expect(toGsmFriendly(rendered.body)).toBe(rendered.body);
    },
  );

  it.each(['en', 'es'])('help in %s fits two segments', (language) => {
    const { body } = renderTemplate('help', language);
    const count = countSegments(body);
    expect(count.segments).toBeLessThanOrEqual(2);
    expect(count.units).toBeLessThanOrEqual(count.encoding === 'GSM-7' ? 2 * 153 : 2 * 67);
  });

  it('help lists the commands one can text, in each language', () => {
    const english = renderTemplate('help', 'en').body;
    for (const word of [
      'YES',
      'NO',
      'PICKED',
      'DONE',
      'CLAIM',
      'DROP',
      'SHIFTS',
      'MINE',
      'CAL',
      'ALERT',
      'SEEN',
      'NOTSEEN',
      'OMW',
      'LANG ES',
      'STOP',
    ]) {
      expect(english).toContain(word);
    }
    const spanish = renderTemplate('help', 'es').body;
    for (const word of [
      'SI',
      'NO',
      'RECOGIDO',
      'LISTO',
      'TOMAR',
      'SOLTAR',
      'TURNOS',
      'MIOS',
      'CAL',
      'ALERTA',
      'VISTO',
      'NOVISTO',
      'VOY',
      'LANG EN',
      'STOP',
    ]) {
      expect(spanish).toContain(word);
    }
  });

  it('renders Spanish for es, es-MX and ES', () => {
    const spanish = renderTemplate('unknown_command', 'es');
    expect(spanish).toEqual({
      body:
        'Disculpa, no entendimos. Alguien del equipo va a leer tu mensaje. ' +
        'Escribe AYUDA para ver opciones.',
      language: 'es',
    });
    expect(renderTemplate('unknown_command', 'es-MX')).toEqual(spanish);
    expect(renderTemplate('unknown_command', ' ES ')).toEqual(spanish);
  });

  it('falls back to English for a language without a variant', () => {
    const english = renderTemplate('language_changed', 'en');
    expect(english.body).toBe("OK, we'll text you in English. Para español, escribe ESPAÑOL.");
    expect(renderTemplate('language_changed', 'fr')).toEqual(english);
    expect(renderTemplate('language_changed', '')).toEqual(english);
  });

  it('tells an unknown number, in English and Spanish, only whom the number serves', () => {
    const { body } = renderTemplate('unknown_number', 'es', DEFAULT_UNKNOWN_NUMBER_REPLY);
    expect(body).toBe(`${DEFAULT_UNKNOWN_NUMBER_REPLY.en}\n${DEFAULT_UNKNOWN_NUMBER_REPLY.es}`);
    expect(body).not.toMatch(/vecino|network|\bred\b|deliver|entrega|turno|shift|coordin|HELP|AYUDA|sorry/i);
    expect(countSegments(body)).toEqual({ encoding: 'GSM-7', segments: 2, units: body.length });
  });

  it.each(['twilio_opt_out', 'twilio_opt_in', 'twilio_help'] as TemplateKey[])(
    '%s stands in for a reply Twilio sends itself, in one or two segments',
    (key) => {
      expect(isTwilioStandInTemplate(key)).toBe(true);
      expect(countSegments(renderTemplate(key, 'es').body).segments).toBeLessThanOrEqual(2);
    },
  );

  it('throws on an unknown key', () => {
    expect(() => renderTemplate('no_such_template' as TemplateKey, 'en')).toThrow(
      'Unknown SMS template "no_such_template"',
    );
  });
});

describe('templates registered by a feature module', () => {
  const offer = registerSpecTemplate('spec_offer', {
    en: 'Delivery {code}: {size} people. Reply YES {code} or NO {code}.',
    es: 'Entrega {code}: {size} personas. Responde SI {code} o NO {code}.',
  });

  it('fills parameters, numbers included, in the requested language', () => {
    expect(renderTemplate(offer, 'es', { code: 731, size: 4 })).toEqual({
      body: 'Entrega 731: 4 personas. Responde SI 731 o NO 731.',
      language: 'es',
    });
    expect(renderTemplate(offer, 'pt', { code: '731', size: 4, unused: 'x' }).body).toBe(
      'Delivery 731: 4 people. Reply YES 731 or NO 731.',
    );
  });

  it('names the missing parameter', () => {
    expect(() => renderTemplate(offer, 'en', { code: 731 })).toThrow(
      'SMS template "spec_offer" needs the parameter "size"',
    );
    expect(() => renderTemplate(offer, 'es')).toThrow('needs the parameter "code"');
  });

  it('makes parameter values GSM-friendly too', () => {
    const note = registerSpecTemplate('spec_note', { en: 'Note: {note}', es: 'Nota: {note}' });
    expect(renderTemplate(note, 'en', { note: '“Ring twice” — thanks…' }).body).toBe(
      'Note: "Ring twice" - thanks...',
    );
  });

  it('refuses a key that is already registered', () => {
    expect(() => registerSpecTemplate('help', { en: 'Help', es: 'Ayuda' })).toThrow(
      'SMS template "help" is already registered',
    );
    expect(renderTemplate('help', 'en').body).toContain('SHIFTS');
  });

  it('refuses a template without an English text', () => {
    expect(() =>
      registerSpecTemplate('spec_no_english', { es: 'Hola' } as unknown as TemplateVariants),
    ).toThrow('SMS template "spec_no_english" needs an "en" text');
  });

  it('refuses a translation whose placeholders differ, and registers nothing of the batch', () => {
    expect(() =>
      registerTemplates({
        spec_good: { en: 'Shift {code}', es: 'Turno {code}' },
        spec_bad: { en: 'Shift {code} at {time}', es: 'Turno {codigo} a las {time}' },
      } as Partial<Record<TemplateKey, TemplateVariants>>),
    ).toThrow('SMS template "spec_bad" (es) must use the placeholders of "en": code, time');
    expect(templateKeys()).not.toContain('spec_good');
  });
});
