import { registerTemplates } from '../messaging/text/templates.js';

declare module '../messaging/text/templates.js' {
  interface TemplateKeys {
    delivery_offer: true;
    delivery_details: true;
    delivery_taken: true;
    delivery_withdrawn: true;
    delivery_declined: true;
    delivery_offer_expired: true;
    delivery_already_yours: true;
    delivery_not_offered: true;
    delivery_unknown_code: true;
    delivery_which: true;
    delivery_none: true;
    delivery_picked: true;
    delivery_done: true;
    delivery_not_yours: true;
    delivery_not_now: true;
    delivery_cancelled: true;
  }
}

/**
 * Texts of delivery offers and of the YES/NO/PICKED/DONE conversation. The offer never carries the address; only
 * `delivery_details` does (stored encrypted in the outbox, see OutboundText.protectedBody). `{by}` is the
 * deliver-by time as formatTextTime writes it; `{command}` is the command word in the volunteer's language.
 */
registerTemplates({
  delivery_offer: {
    en: 'Delivery {code} in {zone}: {size} people, speak {language}. Needs: {needs}. Deliver by {by}. Reply YES {code} to take it or NO {code} to pass.',
    es: 'Entrega {code} en {zone}: {size} personas, hablan {language}. Necesitan: {needs}. Entregar antes de {by}. Responde SI {code} para tomarla o NO {code} para pasar.',
  },
  delivery_details: {
    en: 'Delivery {code} is yours. Address: {address}. Phone: {phone}. Notes: {notes}. Text PICKED {code} when you have the groceries, DONE {code} when delivered. Please delete this text after the delivery.',
    es: 'La entrega {code} es tuya. Direccion: {address}. Telefono: {phone}. Notas: {notes}. Escribe RECOGIDO {code} al tener las compras, LISTO {code} al entregar. Por favor borra este mensaje despues de la entrega.',
  },
  delivery_taken: {
    en: 'Delivery {code} has been taken by another volunteer. Thank you for being ready to help!',
    es: 'La entrega {code} ya la lleva otra persona. Gracias por estar para ayudar!',
  },
  delivery_withdrawn: {
    en: 'Delivery {code} is no longer needed. Thank you for being ready to help!',
    es: 'La entrega {code} ya no hace falta. Gracias por estar para ayudar!',
  },
  delivery_declined: {
    en: 'Thanks for letting us know. Delivery {code} will go to someone else.',
    es: 'Gracias por avisar. Le ofrecemos la entrega {code} a otra persona.',
  },
  delivery_offer_expired: {
    en: 'The offer of delivery {code} has expired, so it may go to someone else. Thank you!',
    es: 'La oferta de la entrega {code} ya termino y puede ir a otra persona. Gracias!',
  },
  delivery_already_yours: {
    en: 'Delivery {code} is already yours. Text DONE {code} once delivered.',
    es: 'La entrega {code} ya es tuya. Escribe LISTO {code} al entregarla.',
  },
  delivery_not_offered: {
    en: 'Delivery {code} was not offered to you, so nothing changed. Thanks for checking!',
    es: 'La entrega {code} no se te ofrecio, asi que nada cambia. Gracias por avisar!',
  },
  delivery_unknown_code: {
    en: 'No open delivery has the code {code}. Please check the number in our text.',
    es: 'Ninguna entrega abierta tiene la clave {code}. Revisa el numero en nuestro mensaje.',
  },
  delivery_which: {
    en: 'Which delivery? Text {command} with its code: {codes}',
    es: 'Cual entrega? Escribe {command} con su clave: {codes}',
  },
  delivery_none: {
    en: 'You have no delivery waiting for that. Text HELP for options.',
    es: 'No tienes ninguna entrega pendiente para eso. Escribe AYUDA para ver opciones.',
  },
  delivery_picked: {
    en: 'Thanks! Delivery {code} is picked up. Text DONE {code} once delivered.',
    es: 'Gracias! Entrega {code} recogida. Escribe LISTO {code} al entregarla.',
  },
  delivery_done: {
    en: 'Thank you! Delivery {code} is delivered. Please delete the text with the address now.',
    es: 'Gracias! La entrega {code} esta hecha. Por favor borra ahora el mensaje con la direccion.',
  },
  delivery_not_yours: {
    en: 'Delivery {code} is not assigned to you, so nothing changed.',
    es: 'La entrega {code} no esta asignada a ti, asi que nada cambia.',
  },
  delivery_not_now: {
    en: 'Delivery {code} cannot be marked that way now, so nothing changed.',
    es: 'La entrega {code} no se puede marcar asi ahora, asi que nada cambia.',
  },
  delivery_cancelled: {
    en: 'Delivery {code} has been cancelled: no need to go. Please delete the text with the address. Thank you!',
    es: 'La entrega {code} se cancelo: ya no hace falta ir. Por favor borra el mensaje con la direccion. Gracias!',
  },
});
