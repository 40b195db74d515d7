import { verifiersConfirm } from './alert-confirmation-rule.js';
import { ALLOWED_TRANSITIONS, assertTransition, canTransition } from './alert-transitions.js';
import { AlertStatus } from './alert.entity.js';
import { looksLikePrivateAddress } from './public-place.js';

describe('alert rules', () => {
  it('moves only as the table says; closed alerts do not move', () => {
    expect(canTransition(AlertStatus.REPORTED, AlertStatus.CONFIRMED)).toBe(true);
    expect(canTransition(AlertStatus.VERIFYING, AlertStatus.REPORTED)).toBe(false);
    expect(canTransition(AlertStatus.CONFIRMED, AlertStatus.VERIFYING)).toBe(false);
    for (const closed of [AlertStatus.RESOLVED, AlertStatus.FALSE_ALARM, AlertStatus.EXPIRED]) {
      expect(ALLOWED_TRANSITIONS[closed]).toEqual([]);
      for (const open of [AlertStatus.REPORTED, AlertStatus.VERIFYING, AlertStatus.CONFIRMED]) {
        expect(canTransition(open, closed)).toBe(true);
      }
    }
    expect(() => assertTransition(AlertStatus.RESOLVED, AlertStatus.CONFIRMED)).toThrow(
      'id: a RESOLVED alert cannot become CONFIRMED',
    );
  });

  it('confirms on enough SEEN answers unless NOTSEEN is the majority', () => {
    expect(verifiersConfirm({ seen: 2, notSeen: 0 }, 2)).toBe(true);
    expect(verifiersConfirm({ seen: 1, notSeen: 0 }, 2)).toBe(false);
    expect(verifiersConfirm({ seen: 2, notSeen: 2 }, 2)).toBe(true);
    expect(verifiersConfirm({ seen: 2, notSeen: 3 }, 2)).toBe(false);
    expect(verifiersConfirm({ seen: 1, notSeen: 0 }, 1)).toBe(true);
  });

  it('tells a street address or a dwelling from a public place', () => {
    for (const address of [
      '1234 W Elm St',
      '55 North Water Street',
      'Lincoln and 6th, apt 4B',
      '812 Calle Luna',
      'Unit 3, 5th and Main',
    ]) {
      expect(looksLikePrivateAddress(address)).toBe(true);
    }
    for (const place of [
      'Corner of 5th and Main',
      'Walmart parking lot on 27th',
      'Hwy 41 on-ramp',
      'Bus station on Water St',
      '2 vans at Lincoln and 6th',
    ]) {
      expect(looksLikePrivateAddress(place)).toBe(false);
    }
  });
});
