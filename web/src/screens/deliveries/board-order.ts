import type { DeliveryStatus, DeliveryUrgency } from '../../gql/graphql';

/** The board's columns, in the order a request moves through them. */
export const BOARD_COLUMNS: readonly DeliveryStatus[] = ['OPEN', 'OFFERED', 'ASSIGNED', 'PICKED_UP'];

const FINISHED: readonly DeliveryStatus[] = ['DELIVERED', 'CANCELLED'];

export interface BoardCard {
  status: DeliveryStatus;
  urgency: DeliveryUrgency;
  deliverBy: string;
}

export function isOverdue(card: BoardCard, now: number): boolean {
  return !FINISHED.includes(card.status) && Date.parse(card.deliverBy) < now;
}

/** Overdue first, then urgent (HIGH), then the soonest deadline: what a coordinator must act on next, on top. */
export function boardOrder<T extends BoardCard>(cards: readonly T[], now: number): T[] {
  const rank = (card: T) => (isOverdue(card, now) ? 0 : card.urgency === 'HIGH' ? 1 : 2);
  return [...cards].sort((a, b) => rank(a) - rank(b) || Date.parse(a.deliverBy) - Date.parse(b.deliverBy));
}
