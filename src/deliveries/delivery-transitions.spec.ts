import { DomainError } from '../common/domain-error.js';
import { DeliveryStatus } from './delivery-request.entity.js';
import { assertTransition, canTransition } from './delivery-transitions.js';

const { OPEN, OFFERED, ASSIGNED, PICKED_UP, DELIVERED, CANCELLED } = DeliveryStatus;

/** The moves of the product brief, written out pair by pair; every other pair is illegal. */
const LEGAL = new Set([
  `${OPEN}>${OFFERED}`,
  `${OFFERED}>${ASSIGNED}`,
  `${ASSIGNED}>${PICKED_UP}`,
  `${PICKED_UP}>${DELIVERED}`,
  `${OPEN}>${ASSIGNED}`,
  `${ASSIGNED}>${DELIVERED}`,
  `${OFFERED}>${OPEN}`,
  `${OPEN}>${CANCELLED}`,
  `${OFFERED}>${CANCELLED}`,
  `${ASSIGNED}>${CANCELLED}`,
  `${PICKED_UP}>${CANCELLED}`,
]);

const ALL = Object.values(DeliveryStatus);
const PAIRS = ALL.flatMap((from) => ALL.map((to) => [from, to] as const));

describe('delivery transitions', () => {
  it.each(PAIRS)('%s → %s is allowed exactly when the brief allows it', (from, to) => {
    expect(canTransition(from, to)).toBe(LEGAL.has(`${from}>${to}`));
  });

  it('refuses an illegal move as BAD_USER_INPUT on status', () => {
    let thrown: unknown;
    try {
      assertTransition(DELIVERED, OPEN);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'status' }] });
    expect(() => assertTransition(OPEN, ASSIGNED)).not.toThrow();
  });

  it('closes DELIVERED and CANCELLED for good', () => {
    for (const closed of [DELIVERED, CANCELLED]) {
      expect(ALL.filter((to) => canTransition(closed, to))).toEqual([]);
    }
  });
});
