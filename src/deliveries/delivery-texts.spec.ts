import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config.js';
import { PROTECTED_BODY_MARKER } from '../messaging/message.entity.js';
import { countSegments } from '../messaging/text/sms-text.js';
import { FieldCipher } from '../protected-data/field-cipher.js';
import { DeliveryUrgency } from './delivery-request.entity.js';
import { DeliveryTexts, type DeliveryTextRequest } from './delivery-texts.js';
import { ADDRESS_MAX_LENGTH, NEEDS_MAX_LENGTH, NOTES_MAX_LENGTH } from './dto/delivery-request.input.js';

const cipher = new FieldCipher({ currentKeyId: 'k1', currentKey: randomBytes(32), oldKeys: new Map() });
const texts = new DeliveryTexts({ networkTimezone: 'America/Chicago' } as AppConfig, cipher);
const now = new Date('2026-12-01T15:00:00Z');
const volunteer = { id: 'v1', phone: '+14142861001', preferredLanguage: 'en' };

function request(fields: {
  address: string;
  notes: string | null;
  needs: string | null;
}): DeliveryTextRequest {
  return {
    id: 'r1',
    code: 731,
    householdSize: 4,
    language: 'es',
    needs: fields.needs,
    deliverBy: new Date('2026-12-01T23:00:00Z'),
    urgency: DeliveryUrgency.NORMAL,
    addressCiphertext: cipher.encrypt(fields.address),
    contactPhoneCiphertext: cipher.encrypt('+14142863456'),
    notesCiphertext: fields.notes === null ? null : cipher.encrypt(fields.notes),
    zone: { name: 'South side' },
  };
}

describe('delivery texts', () => {
  it('offers with zone, size, language, needs and deliver-by in network time, never the address', () => {
    const offer = texts.offer(
      request({ address: '2215 S 5th St', notes: 'x', needs: 'rice' }),
      volunteer,
      now,
    );
    expect(offer.body).toBe(
      'Delivery 731 in South side: 4 people, speak es. Needs: rice. Deliver by Tue 17:00. ' +
        'Reply YES 731 to take it or NO 731 to pass.',
    );
    expect(offer.protectedBody).toBeFalsy();
    expect(offer.urgent).toBe(false);
  });

  it('marks the details text protected and keeps the longest fields within three segments', () => {
    const longest = request({
      address: 'A'.repeat(ADDRESS_MAX_LENGTH),
      notes: 'n'.repeat(NOTES_MAX_LENGTH),
      needs: 'r'.repeat(NEEDS_MAX_LENGTH),
    });
    const details = texts.details(longest, volunteer)!;
    expect(details).toMatchObject({ protectedBody: true, urgent: true, templateKey: 'delivery_details' });
    expect(details.body).toContain('A'.repeat(ADDRESS_MAX_LENGTH));
    expect(details.body).toContain('nnn...');
    expect(details.body).toMatch(/Please delete this text after the delivery\.$/);
    expect(countSegments(details.body).segments).toBe(3);
    expect(details.body).not.toBe(PROTECTED_BODY_MARKER);
    expect(countSegments(texts.offer(longest, volunteer, now).body).segments).toBeLessThanOrEqual(3);
  });

  it('shows a dash for empty notes, and gives no details text once retention wiped them', () => {
    const details = texts.details(
      request({ address: '2215 S 5th St', notes: null, needs: null }),
      volunteer,
    )!;
    expect(details.body).toContain('Notes: -.');
    const wiped = { ...request({ address: 'x', notes: null, needs: null }), addressCiphertext: null };
    expect(texts.details(wiped, volunteer)).toBeNull();
  });
});
