import { describe, expect, it } from 'vitest';
import { boardOrder, isOverdue, type BoardCard } from './board-order';

const now = Date.parse('2026-12-01T12:00:00Z');
const card = (
  name: string,
  deliverBy: string,
  urgency: BoardCard['urgency'] = 'NORMAL',
  status: BoardCard['status'] = 'OPEN',
) => ({
  name,
  deliverBy,
  urgency,
  status,
});

describe('the delivery board', () => {
  it('puts overdue first, then urgent, then the soonest deadline', () => {
    const cards = [
      card('later', '2026-12-01T18:00:00Z'),
      card('urgent-later', '2026-12-01T20:00:00Z', 'HIGH'),
      card('overdue-low', '2026-12-01T11:00:00Z', 'LOW'),
      card('sooner', '2026-12-01T13:00:00Z'),
      card('overdue-older', '2026-12-01T09:00:00Z'),
      card('urgent-sooner', '2026-12-01T14:00:00Z', 'HIGH'),
    ];
    expect(boardOrder(cards, now).map((c) => c.name)).toEqual([
      'overdue-older',
      'overdue-low',
      'urgent-sooner',
      'urgent-later',
      'sooner',
      'later',
    ]);
  });

  it('never calls a delivered or cancelled request overdue', () => {
    expect(isOverdue(card('open', '2026-12-01T11:00:00Z'), now)).toBe(true);
    expect(isOverdue(card('done', '2026-12-01T11:00:00Z', 'NORMAL', 'DELIVERED'), now)).toBe(false);
    expect(isOverdue(card('cancelled', '2026-12-01T11:00:00Z', 'NORMAL', 'CANCELLED'), now)).toBe(false);
  });
});
