/**
 * SMS templates with language variants. The messaging module registers its own texts here; a feature module
 * registers its texts from its own file, and makes the keys known to the type checker by augmenting
 * TemplateKeys:
 *
 *   declare module '../messaging/text/templates.js' { interface TemplateKeys { offer: true } }
 *   registerTemplates({ offer: { en: 'Delivery {code} ...', es: 'Entrega {code} ...' } });
 */
import { toGsmFriendly } from './sms-text.js';

export interface TemplateKeys {
  help: true;
  unknown_command: true;
  unknown_number: true;
  language_changed: true;
  opted_out_confirmation: true;
  opted_in_confirmation: true;
  twilio_opt_out: true;
  twilio_opt_in: true;
  twilio_help: true;
}

export type TemplateKey = keyof TemplateKeys;

/**
 * Texts of one template by language code; `en` is required because it is what other languages fall back to.
 */
export type TemplateVariants = { en: string } & Record<string, string>;

export type TemplateParams = Record<string, string | number>;

export interface RenderedTemplate {
  body: string;
  /** The language actually used: the requested one, or `en` when the template has no variant for it. */
  language: string;
}

export const FALLBACK_LANGUAGE = 'en';

const PLACEHOLDER = /\{(\w+)\}/g;
const catalog = new Map<TemplateKey, TemplateVariants>();

/**
 * Adds templates to the catalog; throws if a key is already registered, lacks an `en` text, or its variants
 * disagree on their `{placeholders}` (a translation that drops or renames one).
 */
export function registerTemplates(templates: Partial<Record<TemplateKey, TemplateVariants>>): void {
  const entries = Object.entries(templates) as Array<[TemplateKey, TemplateVariants]>;
  for (const [key, variants] of entries) {
    if (catalog.has(key)) throw new Error(`SMS template "${key}" is already registered`);
    if (!variants.en) throw new Error(`SMS template "${key}" needs an "${FALLBACK_LANGUAGE}" text`);
    const expected = placeholdersOf(variants.en);
    for (const [language, text] of Object.entries(variants)) {
      if (placeholdersOf(text) !== expected) {
        throw new Error(
          `SMS template "${key}" (${language}) must use the placeholders of "en": ${expected || 'none'}`,
        );
      }
    }
  }
  for (const [key, variants] of entries) catalog.set(key, { ...variants });
}

export function templateKeys(): TemplateKey[] {
  return [...catalog.keys()];
}

export function templateLanguages(key: TemplateKey): string[] {
  return Object.keys(variantsOf(key));
}

/**
 * Renders a template in the volunteer's language (`es-MX` uses `es`), falling back to `en`; throws if a
 * placeholder has no value. The result is made GSM-friendly, so typographic punctuation costs no extra
 * segments.
 */
export function renderTemplate(
  key: TemplateKey,
  language: string,
  params: TemplateParams = {},
): RenderedTemplate {
  const variants = variantsOf(key);
  const requested = language.trim().toLowerCase().split(/[-_]/)[0];
  const used = Object.hasOwn(variants, requested) ? requested : FALLBACK_LANGUAGE;
  const body = variants[used].replace(PLACEHOLDER, (_placeholder, name: string) => {
    if (!Object.hasOwn(params, name)) throw new Error(`SMS template "${key}" needs the parameter "${name}"`);
    return String(params[name]);
  });
  return { body: toGsmFriendly(body), language: used };
}

function variantsOf(key: TemplateKey): TemplateVariants {
  const variants = catalog.get(key);
  if (!variants) throw new Error(`Unknown SMS template "${key}"`);
  return variants;
}

function placeholdersOf(text: string): string {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (match) => match[1]))].sort().join(', ');
}

/*
 * The Spanish texts avoid á, í, ó, ú where natural wording allows (é and ñ are GSM-7), so that they go as
 * GSM-7 and the help text fits two segments; accents are never stripped from a word that needs them.
 */
registerTemplates({
  help: {
    en:
      'Reply YES, NO, PICKED or DONE + delivery code (YES 731). CLAIM or DROP + shift code (CLAIM 4821). ' +
      'SHIFTS: open shifts. MINE: your shifts and deliveries. CAL: calendar link. ALERT + place: report ' +
      'activity. SEEN, NOTSEEN or OMW + alert code. LANG ES: en español. STOP: no more texts.',
    es:
      'SI, NO, RECOGIDO o LISTO + clave de entrega (SI 731). TOMAR o SOLTAR + clave del turno (TOMAR 4821). ' +
      'TURNOS: turnos abiertos. MIOS: tus turnos y entregas. CAL: tu calendario. ALERTA + lugar: avisar de ' +
      'actividad. VISTO, NOVISTO o VOY + clave de alerta. LANG EN: en inglés. STOP: no recibir mensajes.',
  },
  unknown_command: {
    en: "Sorry, we didn't understand. Someone on the team will read your message. Text HELP for options.",
    es: 'Disculpa, no entendimos. Alguien del equipo va a leer tu mensaje. Escribe AYUDA para ver opciones.',
  },
  // Sent to numbers outside the network, whose language we cannot know: both texts, one under the other. They
  // come from the configuration (UNKNOWN_NUMBER_REPLY_EN, _ES), which checks that the whole fits the segments.
  unknown_number: { en: '{en}\n{es}', es: '{en}\n{es}' },
  language_changed: {
    en: "OK, we'll text you in English. Para español, escribe ESPAÑOL.",
    es: 'Listo, te escribiremos en español. For English, text ENGLISH.',
  },
  opted_out_confirmation: {
    en: "You're unsubscribed and won't get more texts from this number. Text START to subscribe again.",
    es: 'Listo, ya no te enviaremos mensajes. Escribe START para volver a recibirlos.',
  },
  opted_in_confirmation: {
    en: "You're subscribed again. Text HELP for help, STOP to unsubscribe. Msg & data rates may apply.",
    es:
      'Vas a recibir nuestros mensajes otra vez. Escribe AYUDA para ayuda, STOP para cancelar. ' +
      'Pueden aplicar tarifas de mensajes y datos.',
  },
});

/**
 * Twilio's default replies to its own keywords (STOP family, START family, HELP/INFO), in Twilio's words. In
 * production Twilio sends them itself; the `log` transport has no Twilio in front, so the app sends these in its
 * place, and every flow can be walked on a laptop. Twilio's defaults are English only.
 */
const TWILIO_STAND_IN_PREFIX = 'twilio_';
registerTemplates({
  twilio_opt_out: {
    en:
      'You have successfully been unsubscribed. You will not receive any more messages from this number. ' +
      'Reply START to resubscribe.',
  },
  twilio_opt_in: {
    en:
      'You have successfully been re-subscribed to messages from this number. Reply HELP for help. ' +
      'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
  },
  twilio_help: { en: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.' },
});

/** A reply that stands in for one Twilio itself sends in production (see above). */
export function isTwilioStandInTemplate(key: string): boolean {
  return key.startsWith(TWILIO_STAND_IN_PREFIX);
}
