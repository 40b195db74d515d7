import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StatementBatch } from '../../common/statement-batch.js';
import { STATUS_RANK_SQL } from './message-status.js';

/** SIDs stored per UPDATE. */
const BATCH_LIMIT = 1000;

interface AcceptedSend {
  messageId: string;
  providerSid: string;
  sentAt: Date;
}

/**
 * Stores the SIDs of texts Twilio accepted. Each caller waits until its own SID is committed (a job finishes only
 * after that, as before), but the sends that finish while one UPDATE is running are stored together by the
 * next: at a hundred sends in flight that is one statement for many texts rather than one each.
 *
 * Per row it is the rule the single UPDATE had: the SID goes only onto a row without one (or with the same one —
 * a status callback may have attached it first), and the status moves up to SENT unless a callback already moved
 * it further.
 */
@Injectable()
export class AcceptedSends {
  private readonly logger = new Logger(AcceptedSends.name);
  private readonly batch = new StatementBatch<AcceptedSend, void>((sends) => this.store(sends), BATCH_LIMIT);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  record(messageId: string, providerSid: string, sentAt: Date): Promise<void> {
    return this.batch.submit({ messageId, providerSid, sentAt });
  }

  private async store(batch: AcceptedSend[]): Promise<void[]> {
    const [updated]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE messages m
          SET provider_sid = a.sid,
              status = CASE WHEN ${STATUS_RANK_SQL} < 2 THEN 'SENT'::message_status ELSE status END,
              error_code = CASE WHEN ${STATUS_RANK_SQL} < 2 THEN NULL ELSE error_code END,
              sent_at = a.sent_at,
              updated_at = now()
         FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[]) AS a(id, sid, sent_at)
        WHERE m.id = a.id AND (m.provider_sid IS NULL OR m.provider_sid = a.sid)
        RETURNING m.id`,
      [
        batch.map((send) => send.messageId),
        batch.map((send) => send.providerSid),
        batch.map((send) => send.sentAt),
      ],
    );
    const stored = new Set(updated.map((row) => row.id));
    for (const send of batch) {
      if (!stored.has(send.messageId)) {
        this.logger.warn(
          `Message ${send.messageId} was sent twice; it keeps the SID stored first, not ${send.providerSid}`,
        );
      }
    }
    return batch.map(() => undefined);
  }
}
