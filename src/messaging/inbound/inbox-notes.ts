import type { EntityManager } from 'typeorm';
import { Message, MessageDirection, MessageStatus } from '../message.entity.js';

export interface InboxNote {
  /** What the coordinators read, in the staff's language (English); never protected data. */
  body: string;
  /** The volunteer the note is about, if any: a zone-limited coordinator sees it when it is one of theirs. */
  volunteerId?: string | null;
  subjectType: string;
  subjectId: string;
}

/**
 * Puts an item in the coordinators' inbox from a feature (an auto-dispatch that ran out of volunteers), in the
 * caller's transaction. It is a NOTE message: never sent, listed with the inbound texts that need a person.
 */
export async function raiseInboxNote(manager: EntityManager, note: InboxNote): Promise<void> {
  await manager.insert(Message, {
    direction: MessageDirection.NOTE,
    status: MessageStatus.RECEIVED,
    // Notes have no other party; the column is NOT NULL for texts, so it holds the empty string.
    phone: '',
    body: note.body,
    volunteerId: note.volunteerId ?? null,
    subjectType: note.subjectType,
    subjectId: note.subjectId,
    needsAttention: true,
    processedAt: new Date(),
  });
}
