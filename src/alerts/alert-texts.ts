import { DateTime } from 'luxon';
import { longestFittingPrefix } from '../messaging/text/sms-text.js';
import {
  registerTemplates,
  renderTemplate,
  templateLanguages,
  type RenderedTemplate,
  type TemplateKey,
  type TemplateParams,
} from '../messaging/text/templates.js';
import { AlertKind } from './alert.entity.js';

declare module '../messaging/text/templates.js' {
  interface TemplateKeys {
    alert_report_thanks: true;
    alert_report_thanks_photos: true;
    alert_report_empty: true;
    alert_report_no_zone: true;
    alert_verify_request: true;
    alert_verification_recorded: true;
    alert_verification_already: true;
    alert_verification_not_asked: true;
    alert_dispatch: true;
    alert_responder_counted: true;
    alert_responder_standby: true;
    alert_responder_already: true;
    alert_not_dispatched: true;
    alert_stand_down: true;
    alert_closed: true;
    alert_unknown_code: true;
    alert_none_pending: true;
    alert_which: true;
  }
}

/**
 * Texts about alerts. None ever names who reported an alert. `{location}` is the public place as reported,
 * shortened word by word if the text would pass three segments; `{kind}` is the kind in the text's language.
 */
registerTemplates({
  alert_report_thanks: {
    en: 'Thank you. Your report is with the dispatchers (alert {code}); nothing goes out until it is checked. Stay safe: keep your distance and do not interfere.',
    es: 'Gracias. Tu reporte ya está con el equipo (alerta {code}); no se envía nada hasta verificarlo. Cuídate: mantén distancia y no intervengas.',
  },
  alert_report_thanks_photos: {
    en: 'Thank you. Your report is with the dispatchers (alert {code}). Photos are not kept here: please keep yours safe for the legal team. Stay safe: keep your distance.',
    es: 'Gracias. Tu reporte ya está con el equipo (alerta {code}). Aquí no guardamos fotos: guarda las tuyas para el equipo legal. Cuídate: mantén distancia.',
  },
  alert_report_empty: {
    en: 'To report activity, text ALERT and where it is: a street corner or a business (ALERT 5th and Main). Stay safe.',
    es: 'Para reportar, escribe ALERTA y dónde es: una esquina o un negocio (ALERTA 5th y Main). Cuídate.',
  },
  alert_report_no_zone: {
    en: 'Thank you. A dispatcher will read your report now. Stay safe: keep your distance and do not interfere.',
    es: 'Gracias. Alguien del equipo va a leer tu reporte ahora. Cuídate: mantén distancia y no intervengas.',
  },
  alert_verify_request: {
    en: 'Can you safely check a report of {kind} at {location}? Reply SEEN {code} or NOTSEEN {code}. Do not put yourself at risk.',
    es: '¿Puedes verificar sin riesgo un reporte de {kind} en {location}? Responde VISTO {code} o NOVISTO {code}. No te pongas en peligro.',
  },
  alert_verification_recorded: {
    en: 'Thank you, your answer on alert {code} is recorded. Stay safe.',
    es: 'Gracias, tu respuesta sobre la alerta {code} quedó registrada. Cuídate.',
  },
  alert_verification_already: {
    en: 'You already answered on alert {code}. Thank you.',
    es: 'Ya respondiste sobre la alerta {code}. Gracias.',
  },
  alert_verification_not_asked: {
    en: 'Thank you. You were not asked to check alert {code}, so a dispatcher will read your message.',
    es: 'Gracias. No te pedimos verificar la alerta {code}; alguien del equipo va a leer tu mensaje.',
  },
  alert_dispatch: {
    en: 'URGENT: {kind} at {location}, {time}. Reply OMW {code} if you can go. Observe from a safe distance.',
    es: 'URGENTE: {kind} en {location}, {time}. Responde VOY {code} si puedes ir. Observa desde una distancia segura.',
  },
  alert_responder_counted: {
    en: 'Thank you, you are on the way to alert {code}. Stay safe; a dispatcher may text you.',
    es: 'Gracias, vas en camino a la alerta {code}. Cuídate; alguien del equipo te puede escribir.',
  },
  alert_responder_standby: {
    en: 'Thank you! Alert {code} has enough responders now. Please stand by in case we need you.',
    es: '¡Gracias! La alerta {code} ya tiene suficientes personas. Por favor quédate pendiente por si te necesitamos.',
  },
  alert_responder_already: {
    en: 'You are already on the list for alert {code}. Thank you.',
    es: 'Ya estás en la lista de la alerta {code}. Gracias.',
  },
  alert_not_dispatched: {
    en: 'Thank you for offering! Alert {code} was not sent to you, so you are not on its list; a dispatcher will read your message.',
    es: '¡Gracias por ofrecerte! La alerta {code} no te llegó, así que no estás en su lista; alguien del equipo va a leer tu mensaje.',
  },
  alert_stand_down: {
    en: 'Alert {code} is over: please stand down. Thank you for showing up for your neighbors.',
    es: 'La alerta {code} terminó: ya no hace falta ir. Gracias por estar con tus vecinos.',
  },
  alert_closed: {
    en: 'Alert {code} is closed. Thank you.',
    es: 'La alerta {code} ya está cerrada. Gracias.',
  },
  alert_unknown_code: {
    en: 'No open alert has the code {code}.',
    es: 'Ninguna alerta abierta tiene la clave {code}.',
  },
  alert_none_pending: {
    en: 'You have no open alert to answer. Text the command with the alert code (OMW 512).',
    es: 'No tienes alertas abiertas por responder. Escribe el comando con la clave (VOY 512).',
  },
  alert_which: {
    en: 'Which alert? Text it again with one of these codes: {codes}',
    es: '¿Qué alerta? Escríbelo otra vez con una de estas claves: {codes}',
  },
});

const KIND_WORDS: Readonly<Record<string, Readonly<Record<AlertKind, string>>>> = {
  en: {
    [AlertKind.RAID]: 'a raid',
    [AlertKind.CHECKPOINT]: 'a checkpoint',
    [AlertKind.WORKPLACE]: 'a workplace raid',
    [AlertKind.SURVEILLANCE]: 'surveillance',
    [AlertKind.OTHER]: 'enforcement activity',
  },
  es: {
    [AlertKind.RAID]: 'una redada',
    [AlertKind.CHECKPOINT]: 'un retén',
    [AlertKind.WORKPLACE]: 'una redada en un trabajo',
    [AlertKind.SURVEILLANCE]: 'vigilancia',
    [AlertKind.OTHER]: 'actividad de inmigración',
  },
};

function kindIn(kind: AlertKind, language: string): string {
  return (KIND_WORDS[language] ?? KIND_WORDS.en)[kind];
}

export interface AlertTextSubject {
  code: number;
  kind: AlertKind;
  location: string | null;
}

/**
 * A text about an alert's place in `language`: kind and location filled in, the location shortened word by word
 * until the whole fits three segments.
 */
export function renderAboutPlace(
  key: TemplateKey,
  language: string,
  alert: AlertTextSubject,
  params: TemplateParams = {},
): RenderedTemplate {
  const render = (words: string[]) =>
    renderTemplate(key, language, {
      ...params,
      code: alert.code,
      kind: kindIn(alert.kind, language.split(/[-_]/)[0]),
      location: words.join(' ') || '-',
    });
  const words = (alert.location ?? '').split(/\s+/).filter(Boolean);
  const fitting = longestFittingPrefix(words, (prefix) => render(prefix).body);
  return render(fitting.length < words.length ? [...fitting, '…'] : fitting);
}

/** The dispatch text in every language it exists in: the broadcast's default body (en) and its variants. */
export function dispatchBodies(
  alert: AlertTextSubject,
  at: Date,
  timeZone: string,
): { body: string; bodyByLanguage: Record<string, string> } {
  const time = DateTime.fromJSDate(at, { zone: timeZone }).toFormat('HH:mm');
  const bodyByLanguage: Record<string, string> = {};
  for (const language of templateLanguages('alert_dispatch')) {
    bodyByLanguage[language] = renderAboutPlace('alert_dispatch', language, alert, { time }).body;
  }
  return { body: bodyByLanguage.en, bodyByLanguage };
}
