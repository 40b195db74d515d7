import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { isUuid } from '../../common/uuid.js';
import { Message, MessageDirection } from '../message.entity.js';
import {
  FINAL_OUTBOUND_RANK,
  OUTBOUND_STATUS_RANK,
  STATUS_RANK_SQL,
  statusFromTwilio,
} from './message-status.js';

export interface StatusCallback {
  providerSid: string;
  /** Twilio's `MessageStatus`, e.g. `sent`, `delivered`. */
  providerStatus: string;
  errorCode: string | null;
  /** Our message id, from the callback URL the sender gave Twilio. */
  messageId: string | null;
}

/** Applies Twilio's delivery receipts to outbound texts. */
@Injectable()
export class MessageStatusCallbacksService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One conditional UPDATE, so concurrent and repeated callbacks need no locking: the status moves only up in
   * rank (a late `sent` never undoes `delivered`), an error code once given is kept, and a duplicate changes
   * nothing. A text the sender sent but could not record (its SID missing) is matched by the message id in the
   * callback URL and gets its SID here. Returns whether a row changed.
   */
  async apply(callback: StatusCallback): Promise<boolean> {
    const status = statusFromTwilio(callback.providerStatus);
    if (!status || !callback.providerSid) return false;
    const messageId = callback.messageId && isUuid(callback.messageId) ? callback.messageId : null;
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Message)
      .set({
        status,
        providerSid: callback.providerSid,
        errorCode: () => 'COALESCE(:errorCode, error_code)',
        // Delivered, undelivered or failed: the text is final, so its protected body (if any) is wiped.
        ...(OUTBOUND_STATUS_RANK[status] === FINAL_OUTBOUND_RANK ? { bodyCiphertext: null } : {}),
      })
      .where('direction = :outbound', { outbound: MessageDirection.OUTBOUND })
      .andWhere(
        new Brackets((match) => {
          match.where('provider_sid = :providerSid', { providerSid: callback.providerSid });
          if (messageId) match.orWhere('(id = :messageId AND provider_sid IS NULL)', { messageId });
        }),
      )
      // Our own verdict on a text without SID (e.g. FAILED after an unanswered request) yields to Twilio's.
      .andWhere(`(${STATUS_RANK_SQL} < :rank OR provider_sid IS NULL)`, {
        rank: OUTBOUND_STATUS_RANK[status],
      })
      .setParameter('errorCode', callback.errorCode)
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
