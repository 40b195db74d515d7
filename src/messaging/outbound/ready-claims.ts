import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { StatementBatch } from '../../common/statement-batch.js';
import { isUuid } from '../../common/uuid.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { SmsStatus } from '../../volunteers/volunteer.entity.js';
import { BroadcastStatus } from '../broadcasts/broadcast.entity.js';
import { MessageDirection, MessageStatus, PROTECTED_BODY_MARKER, type Message } from '../message.entity.js';
import { nextSendableTime } from '../text/quiet-hours.js';
import type { TemplateKey } from '../text/templates.js';

/** Texts claimed per UPDATE. */
const BATCH_LIMIT = 200;

/**
 * The one text an opted-out volunteer still gets: the confirmation of that opt-out, which the inbound side sends
 * only where Twilio did not answer the STOP itself (and so did not block the number).
 */
export const OPT_OUT_CONFIRMATION: TemplateKey = 'opted_out_confirmation';

/** A text claimed for sending (SENDING, its attempt counted), as stored: a protected body is still encrypted. */
export type ReadyText = Pick<
  Message,
  'id' | 'phone' | 'body' | 'bodyCiphertext' | 'templateKey' | 'segments' | 'volunteerId'
>;

/**
 * The sender's common case: a QUEUED text that may go now — it has its body, it is due (`notBefore`, quiet hours
 * unless urgent), its volunteer has not opted out (but for the opt-out confirmation) and its broadcast is not
 * cancelled — is claimed (SENDING, one more attempt) and returned; null when any of that does not hold. The
 * claims of sends that start while one UPDATE runs go together into the next (one statement and one commit for
 * many texts at a hundred sends in flight); each row's conditions are the same as claimed alone, and the UPDATE
 * claims a row at most once, so a text still goes to one caller only.
 */
@Injectable()
export class ReadyClaims {
  private readonly batch = new StatementBatch<string, ReadyText | null>(
    (ids) => this.claimAll(ids),
    BATCH_LIMIT,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  claim(messageId: string): Promise<ReadyText | null> {
    return this.batch.submit(messageId);
  }

  private async claimAll(messageIds: string[]): Promise<(ReadyText | null)[]> {
    // One malformed job id must not fail the statement for the others; on its own path it fails alone, as before.
    const ids = messageIds.filter(isUuid);
    const now = this.clock.now();
    const quietNow =
      nextSendableTime(now, this.config.quietHours, this.config.networkTimezone).getTime() > now.getTime();
    const [claimed]: [ReadyText[], number] = await this.dataSource.query(
      `UPDATE messages m SET status = $2, attempts = m.attempts + 1, updated_at = now()
         FROM unnest($1::uuid[]) AS c(id)
        WHERE m.id = c.id AND m.direction = $3 AND m.status = $4 AND m.provider_sid IS NULL AND m.body IS NOT NULL
          AND (m.not_before IS NULL OR m.not_before <= $5) AND (m.urgent OR NOT $6)
          AND (m.template_key IS NOT DISTINCT FROM $7 OR NOT EXISTS (
                SELECT 1 FROM volunteers v WHERE v.id = m.volunteer_id AND v.sms_status = $8))
          AND NOT EXISTS (SELECT 1 FROM broadcasts b WHERE b.id = m.broadcast_id AND b.status = $9)
          AND (m.body <> $10 OR m.body_ciphertext IS NOT NULL)
        RETURNING m.id, m.phone, m.body, m.body_ciphertext AS "bodyCiphertext", m.template_key AS "templateKey",
          m.segments, m.volunteer_id AS "volunteerId"`,
      [
        ids,
        MessageStatus.SENDING,
        MessageDirection.OUTBOUND,
        MessageStatus.QUEUED,
        now,
        quietNow,
        OPT_OUT_CONFIRMATION,
        SmsStatus.OPTED_OUT,
        BroadcastStatus.CANCELLED,
        PROTECTED_BODY_MARKER,
      ],
    );
    const byId = new Map(claimed.map((row) => [row.id, row]));
    // Should one id come twice (two runs of one job at once), only the first gets the row; the other finds it
    // SENDING on the step-by-step path, as a second claim alone would.
    return messageIds.map((id) => {
      const row = byId.get(id) ?? null;
      byId.delete(id);
      return row;
    });
  }
}
