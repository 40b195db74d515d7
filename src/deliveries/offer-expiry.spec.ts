import { DateTime } from 'luxon';
import { isOfferOpen, offerExpiresAt } from './offer-expiry.js';

const CHICAGO = 'America/Chicago';
const settings = {
  quietHours: { start: '21:00', end: '08:00' },
  networkTimezone: CHICAGO,
  offerExpiryMinutes: 30,
};
const at = (iso: string) => DateTime.fromISO(iso, { zone: CHICAGO }).toJSDate();

describe('offer expiry', () => {
  it('counts from the moment the text goes out: at once in the day', () => {
    expect(offerExpiresAt(at('2026-12-01T14:10'), false, settings)).toEqual(at('2026-12-01T14:40'));
  });

  it('holds a NORMAL offer made at 22:00 through quiet hours: it expires 30 minutes after 08:00', () => {
    expect(offerExpiresAt(at('2026-12-01T22:00'), false, settings)).toEqual(at('2026-12-02T08:30'));
    expect(offerExpiresAt(at('2026-12-02T06:59'), false, settings)).toEqual(at('2026-12-02T08:30'));
  });

  it('does not hold a HIGH-urgency offer', () => {
    expect(offerExpiresAt(at('2026-12-01T22:00'), true, settings)).toEqual(at('2026-12-01T22:30'));
  });

  it('follows OFFER_EXPIRY_MINUTES, and without quiet hours never waits', () => {
    const short = { ...settings, quietHours: null, offerExpiryMinutes: 5 };
    expect(offerExpiresAt(at('2026-12-01T23:00'), false, short)).toEqual(at('2026-12-01T23:05'));
  });

  it('is open strictly before expiresAt', () => {
    const expiresAt = at('2026-12-01T14:40');
    expect(isOfferOpen({ expiresAt }, at('2026-12-01T14:39'))).toBe(true);
    expect(isOfferOpen({ expiresAt }, expiresAt)).toBe(false);
  });
});
