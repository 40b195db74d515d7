import { registerTemplates } from '../messaging/text/templates.js';

declare module '../messaging/text/templates.js' {
  interface TemplateKeys {
    training_shift_offer: true;
    training_cancelled: true;
    training_reminder: true;
  }
}

/**
 * `{when}` is the session's start in the network's time zone (`Sat 10:00`); `{shifts}` lists its open shifts
 * (`4821 greeter 09:30, 4822 interpreter 10:00`) and `{code}` is the first of them.
 */
registerTemplates({
  training_shift_offer: {
    en: 'Know-your-rights session "{title}", {when}, {venue}. Volunteers needed: {shifts}. Reply CLAIM <code> to take a seat, e.g. CLAIM {code}.',
    es: 'Taller "Conoce tus derechos" "{title}", {when}, {venue}. Se necesitan voluntarios: {shifts}. Responde TOMAR <clave> para apuntarte, p. ej. TOMAR {code}.',
  },
  training_cancelled: {
    en: 'The know-your-rights session "{title}" ({when}, {venue}) is cancelled. Sorry for the change, and thank you.',
    es: 'Se canceló el taller "Conoce tus derechos" "{title}" ({when}, {venue}). Perdón por el cambio, y gracias.',
  },
  training_reminder: {
    en: 'Reminder: the know-your-rights session "{title}" is {when}, {venue}. See you there!',
    es: 'Recordatorio: el taller "Conoce tus derechos" "{title}" es {when}, {venue}. ¡Te esperamos!',
  },
});
