import { registerEnumType } from '@nestjs/graphql';

/**
 * Which outbound texts the sender takes first when many wait: alert texts and replies to a volunteer's own text,
 * then one-to-one texts (offers, reminders), then broadcasts, so an alert is never stuck behind a 20,000-recipient
 * broadcast. Stored on the message row, so a text the reconciler re-enqueues keeps its place.
 */
export enum MessagePriority {
  URGENT = 'URGENT',
  NORMAL = 'NORMAL',
  BULK = 'BULK',
}
registerEnumType(MessagePriority, { name: 'MessagePriority' });

/** BullMQ job priorities: lower runs first; every job has one, so none skips the prioritized set. */
const JOB_PRIORITY: Readonly<Record<MessagePriority, number>> = {
  [MessagePriority.URGENT]: 1,
  [MessagePriority.NORMAL]: 5,
  [MessagePriority.BULK]: 10,
};

export function jobPriorityOf(priority: MessagePriority): number {
  return JOB_PRIORITY[priority];
}

/** A text's priority when its producer names none: a reply is URGENT, a broadcast's text BULK, others NORMAL. */
export function defaultPriority(text: {
  inReplyToId?: string | null;
  broadcastId?: string | null;
}): MessagePriority {
  if (text.inReplyToId) return MessagePriority.URGENT;
  if (text.broadcastId) return MessagePriority.BULK;
  return MessagePriority.NORMAL;
}
