import { MessageStatus } from '../message.entity.js';

export type OutboundStatus = Exclude<MessageStatus, MessageStatus.RECEIVED>;

/**
 * How far an outbound text has got. Statuses only move up: callbacks arrive out of order and more than once, so
 * a late `sent` must never undo `delivered`. The final ones share the top rank, so the first verdict stays.
 */
export const OUTBOUND_STATUS_RANK: Readonly<Record<OutboundStatus, number>> = {
  [MessageStatus.QUEUED]: 0,
  [MessageStatus.SENDING]: 1,
  [MessageStatus.SENT]: 2,
  [MessageStatus.DELIVERED]: 3,
  [MessageStatus.UNDELIVERED]: 3,
  [MessageStatus.FAILED]: 3,
  [MessageStatus.SKIPPED]: 3,
};

/** The rank of the final statuses. */
export const FINAL_OUTBOUND_RANK = 3;

/** `OUTBOUND_STATUS_RANK` of the `status` column, in SQL. */
export const STATUS_RANK_SQL = `CASE status WHEN 'QUEUED' THEN 0 WHEN 'SENDING' THEN 1 WHEN 'SENT' THEN 2 ELSE 3 END`;

/** Outbound texts the sender may still act on; anything else is final (or inbound). */
export const UNSENT_STATUSES: readonly MessageStatus[] = [MessageStatus.QUEUED, MessageStatus.SENDING];

const TWILIO_STATUSES: Record<string, OutboundStatus> = {
  accepted: MessageStatus.SENDING,
  scheduled: MessageStatus.SENDING,
  queued: MessageStatus.SENDING,
  sending: MessageStatus.SENDING,
  sent: MessageStatus.SENT,
  delivered: MessageStatus.DELIVERED,
  read: MessageStatus.DELIVERED,
  undelivered: MessageStatus.UNDELIVERED,
  failed: MessageStatus.FAILED,
  canceled: MessageStatus.FAILED,
};

/** Our status for a Twilio `MessageStatus` of an outbound text, or null for one that says nothing about it. */
export function statusFromTwilio(twilioStatus: string): OutboundStatus | null {
  return TWILIO_STATUSES[twilioStatus.trim().toLowerCase()] ?? null;
}
