import { registerTemplates } from '../messaging/text/templates.js';

declare module '../messaging/text/templates.js' {
  interface TemplateKeys {
    mine_delivery_assigned: true;
    mine_delivery_picked_up: true;
  }
}

/** Lines of the MINE reply; `{when}` is the deliver-by as formatTextTime writes it (`Sat 18:00`). */
registerTemplates({
  mine_delivery_assigned: {
    en: 'Delivery {code} by {when}',
    es: 'Entrega {code} antes de {when}',
  },
  mine_delivery_picked_up: {
    en: 'Delivery {code} by {when} (picked up)',
    es: 'Entrega {code} antes de {when} (recogida)',
  },
});
