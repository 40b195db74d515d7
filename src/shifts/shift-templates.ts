import { registerTemplates } from '../messaging/text/templates.js';

declare module '../messaging/text/templates.js' {
  interface TemplateKeys {
    shift_confirmed: true;
    shift_waitlisted: true;
    shift_promoted: true;
    shift_demoted: true;
    shift_started: true;
    shift_overlaps: true;
    shift_not_for_you: true;
    shift_unknown_code: true;
    shift_which_claim: true;
    shift_which_drop: true;
    shift_dropped: true;
    shift_drop_too_late: true;
    shift_not_yours: true;
    shift_none_held: true;
    shifts_open: true;
    shifts_none: true;
    mine_list: true;
    mine_none: true;
    mine_shift_confirmed: true;
    mine_shift_waitlisted: true;
    shift_moved: true;
    shift_reminder: true;
    shift_claim_not_active: true;
    shift_no_show_limit: true;
    shift_calendar_link: true;
  }
}

/** `{when}` is the start as formatTextTime writes it (`Sat 10:00`); `{list}` holds lines, one per shift. */
registerTemplates({
  shift_confirmed: {
    en: "You're confirmed for shift {code}: {role}, {when}. Text DROP {code} if you can't make it.",
    es: 'Confirmado en el turno {code}: {role}, {when}. Si no puedes ir, escribe SOLTAR {code}.',
  },
  shift_waitlisted: {
    en: "Shift {code} is full: you're #{position} on the waitlist. We'll text you if a seat opens.",
    es: 'El turno {code} está lleno: eres el #{position} en la lista de espera. Te avisamos si se abre un lugar.',
  },
  shift_promoted: {
    en: "A seat opened: you're confirmed for shift {code}: {role}, {when}. Text DROP {code} if you can't make it.",
    es: 'Se abrió un lugar: estás confirmado en el turno {code}: {role}, {when}. Si no puedes ir, escribe SOLTAR {code}.',
  },
  shift_demoted: {
    en: "Shift {code} ({role}, {when}) now has fewer seats: you're #{position} on the waitlist. We'll text you if a seat opens.",
    es: 'El turno {code} ({role}, {when}) ahora tiene menos lugares: eres el #{position} en la lista de espera. Te avisamos si se abre uno.',
  },
  shift_started: {
    en: 'Shift {code} has started, so it cannot be claimed. Text SHIFTS for open shifts.',
    es: 'El turno {code} ya empezó, no se puede tomar. Escribe TURNOS para ver turnos abiertos.',
  },
  shift_overlaps: {
    en: 'Shift {code} overlaps your shift {other}. Text DROP {other} first if you want to switch.',
    es: 'El turno {code} choca con tu turno {other}. Si quieres cambiar, escribe primero SOLTAR {other}.',
  },
  shift_not_for_you: {
    en: 'Shift {code} needs a zone, skill or language your profile does not show. Text SHIFTS for shifts that fit you.',
    es: 'El turno {code} pide una zona, habilidad o idioma que tu perfil no tiene. Escribe TURNOS para ver los tuyos.',
  },
  shift_unknown_code: {
    en: 'No upcoming shift has the code {code}. Text SHIFTS for open shifts.',
    es: 'Ningún turno próximo tiene la clave {code}. Escribe TURNOS para ver turnos abiertos.',
  },
  shift_which_claim: {
    en: 'Which shift? Text CLAIM with its code: {codes}',
    es: '¿Qué turno? Escribe TOMAR con su clave: {codes}',
  },
  shift_which_drop: {
    en: 'Which shift? Text DROP with its code: {codes}',
    es: '¿Qué turno? Escribe SOLTAR con su clave: {codes}',
  },
  shift_dropped: {
    en: "You're off shift {code}. Thanks for letting us know.",
    es: 'Listo, ya no estás en el turno {code}. Gracias por avisar.',
  },
  shift_drop_too_late: {
    en: 'Shift {code} starts in less than {hours} h, so it cannot be dropped by text. Please text a coordinator: write here what happened and the team will read it.',
    es: 'El turno {code} empieza en menos de {hours} h y no se puede soltar por mensaje. Escribe a un coordinador: cuéntanos aquí qué pasó y el equipo lo va a leer.',
  },
  shift_not_yours: {
    en: "You're not signed up for shift {code}. Text MINE for your shifts.",
    es: 'No estás en el turno {code}. Escribe MIOS para ver tus turnos.',
  },
  shift_none_held: {
    en: 'You have no upcoming shifts. Text SHIFTS for open shifts.',
    es: 'No tienes turnos próximos. Escribe TURNOS para ver turnos abiertos.',
  },
  shifts_open: {
    en: 'Open shifts:\n{list}\nText CLAIM and the code.',
    es: 'Turnos abiertos:\n{list}\nEscribe TOMAR y la clave.',
  },
  shifts_none: {
    en: 'No open shifts fit you right now. We will text you when there are.',
    es: 'Ahora no hay turnos abiertos para ti. Te escribimos cuando haya.',
  },
  mine_list: {
    en: 'Yours:\n{list}',
    es: 'Lo tuyo:\n{list}',
  },
  mine_none: {
    en: 'Nothing coming up for you. Text SHIFTS for open shifts.',
    es: 'No tienes nada próximo. Escribe TURNOS para ver turnos abiertos.',
  },
  mine_shift_confirmed: {
    en: 'Shift {code} {when} {role}',
    es: 'Turno {code} {when} {role}',
  },
  mine_shift_waitlisted: {
    en: 'Shift {code} {when} {role} (waitlist #{position})',
    es: 'Turno {code} {when} {role} (lista de espera #{position})',
  },
  shift_moved: {
    en: "Shift {code} ({role}) has moved: it now starts {when}. Text DROP {code} if you can't make it.",
    es: 'El turno {code} ({role}) cambió de hora: ahora empieza {when}. Si no puedes ir, escribe SOLTAR {code}.',
  },
  shift_reminder: {
    en: 'Reminder: shift {code}, {role}, starts {when}. Thank you for coming!',
    es: 'Recordatorio: el turno {code}, {role}, empieza {when}. ¡Gracias por venir!',
  },
  shift_claim_not_active: {
    en: 'Your volunteer profile is paused or inactive, so shifts cannot be claimed by text. Write here to a coordinator to be active again.',
    es: 'Tu perfil de voluntario está en pausa o inactivo y no se pueden tomar turnos por mensaje. Escribe aquí a un coordinador para volver.',
  },
  shift_no_show_limit: {
    en: 'You missed at least {count} shifts you were confirmed on, so shifts cannot be claimed by text for now. Please contact a coordinator: write here and the team will read it.',
    es: 'Faltaste al menos a {count} turnos confirmados, así que por ahora no se pueden tomar turnos por mensaje. Habla con un coordinador: escribe aquí y el equipo lo va a leer.',
  },
  shift_calendar_link: {
    en: 'Your shifts calendar: {url} Add it to your calendar app (subscribe by URL). Keep it to yourself: the link shows your shifts.',
    es: 'Tu calendario de turnos: {url} Agrégalo a tu app de calendario (suscribirse por URL). No lo compartas: el enlace muestra tus turnos.',
  },
});
