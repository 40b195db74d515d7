import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { OutboundText } from '../messaging/outbound/outbound-messages.service.js';
import { formatTextTime } from '../messaging/text/text-time.js';
import { countSegments, MAX_SEGMENTS } from '../messaging/text/sms-text.js';
import { renderTemplate, type TemplateKey, type TemplateParams } from '../messaging/text/templates.js';
import { FieldCipher } from '../protected-data/field-cipher.js';
import { DeliveryUrgency, type DeliveryRequest } from './delivery-request.entity.js';
import './delivery-templates.js';

/** The `subjectType` of texts about a delivery request. */
export const DELIVERY_SUBJECT = 'delivery_request';

/** Who a delivery text goes to. */
export interface DeliveryRecipient {
  id: string;
  phone: string;
  preferredLanguage: string;
}

/** The request's fields a text may show (never the address, except in the details text). */
export type DeliveryTextRequest = Pick<
  DeliveryRequest,
  | 'id'
  | 'code'
  | 'householdSize'
  | 'language'
  | 'needs'
  | 'deliverBy'
  | 'urgency'
  | 'addressCiphertext'
  | 'contactPhoneCiphertext'
  | 'notesCiphertext'
> & { zone: { name: string } };

const NOTHING = '-';

/**
 * The texts of deliveries, each in the volunteer's language, as outbox entries. The offer shows zone, household
 * size and language, needs and deliver-by (network time), never the address; the details text is the only one
 * with address, phone and notes, and is a protected outbox body. Long needs or notes are shortened so that each
 * text stays within three segments.
 */
@Injectable()
export class DeliveryTexts {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: FieldCipher,
  ) {}

  offer(request: DeliveryTextRequest, to: DeliveryRecipient, now: Date): OutboundText {
    const language = to.preferredLanguage;
    const params = {
      code: request.code,
      zone: request.zone.name,
      size: request.householdSize,
      language: request.language,
      by: formatTextTime(request.deliverBy, this.config.networkTimezone, language, now),
    };
    const body = fitLongest('delivery_offer', language, params, 'needs', request.needs ?? NOTHING);
    // A HIGH-urgency offer is not held by quiet hours; the others wait for morning.
    return this.text(request, to, 'delivery_offer', body, {
      urgent: request.urgency === DeliveryUrgency.HIGH,
    });
  }

  /** Address, phone and notes, decrypted here to be encrypted again in the outbox; null once retention wiped them. */
  details(request: DeliveryTextRequest, to: DeliveryRecipient): OutboundText | null {
    if (request.addressCiphertext === null) return null;
    const reveal = (stored: string | null) => (stored === null ? NOTHING : this.cipher.decrypt(stored));
    const params = {
      code: request.code,
      address: reveal(request.addressCiphertext),
      phone: reveal(request.contactPhoneCiphertext),
    };
    const language = to.preferredLanguage;
    const body = fitLongest('delivery_details', language, params, 'notes', reveal(request.notesCiphertext));
    return this.text(request, to, 'delivery_details', body, { urgent: true, protectedBody: true });
  }

  /**
   * A short text with only the request's code: taken (at once: the volunteer may be about to answer the offer),
   * cancelled (at once: they may be on the way), or no longer needed (waiting out quiet hours unless HIGH urgency).
   */
  notice(
    request: Pick<DeliveryRequest, 'id' | 'code' | 'urgency'>,
    to: DeliveryRecipient,
    templateKey: 'delivery_taken' | 'delivery_withdrawn' | 'delivery_cancelled',
  ): OutboundText {
    const body = renderTemplate(templateKey, to.preferredLanguage, { code: request.code }).body;
    const urgent = templateKey !== 'delivery_withdrawn' || request.urgency === DeliveryUrgency.HIGH;
    return this.text(request, to, templateKey, body, { urgent });
  }

  private text(
    request: Pick<DeliveryRequest, 'id'>,
    to: DeliveryRecipient,
    templateKey: TemplateKey,
    body: string,
    options: Pick<OutboundText, 'urgent' | 'protectedBody'>,
  ): OutboundText {
    return {
      volunteerId: to.id,
      phone: to.phone,
      body,
      templateKey,
      language: to.preferredLanguage,
      subjectType: DELIVERY_SUBJECT,
      subjectId: request.id,
      ...options,
    };
  }
}

/**
 * The template rendered with `field` as long as the text stays within MAX_SEGMENTS: the free-text field (needs,
 * notes) is cut, with an ellipsis, rather than the text going over.
 */
function fitLongest(
  key: TemplateKey,
  language: string,
  params: TemplateParams,
  field: string,
  value: string,
): string {
  const render = (text: string) => renderTemplate(key, language, { ...params, [field]: text }).body;
  const fits = (text: string) => countSegments(render(text)).segments <= MAX_SEGMENTS;
  if (fits(value)) return render(value);
  let low = 0;
  let high = value.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(`${value.slice(0, middle)}...`)) low = middle;
    else high = middle - 1;
  }
  return render(`${value.slice(0, low).trimEnd()}...`);
}
