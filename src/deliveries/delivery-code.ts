import type { EntityManager } from 'typeorm';
import { allocateShortCode } from '../common/short-code.js';
import { insertOrIgnore } from '../database/insert-or-ignore.js';
import { CLOSED_STATUSES, DeliveryRequest } from './delivery-request.entity.js';

/** SMS codes are 3 or 4 digits: short to type, never with a leading zero a phone keyboard might drop. */
export const MIN_CODE = 100;
export const MAX_CODE = 9999;

/**
 * Inserts the request under a code no open request holds; returns its id. The partial unique index decides: a
 * taken code makes the insert do nothing (ON CONFLICT DO NOTHING, which waits for a concurrent insert of the same
 * code to commit or roll back), and another code is tried — no read-then-write race, no aborted transaction.
 */
export function insertUnderFreeCode(
  manager: EntityManager,
  values: Omit<Partial<DeliveryRequest>, 'code'>,
): Promise<string> {
  return allocateShortCode({
    min: MIN_CODE,
    max: MAX_CODE,
    tryCode: (code) => insertOrIgnore(manager, DeliveryRequest, { ...values, code }),
    freeCodes: async (limit) => {
      const free: { code: number }[] = await manager.query(
        `SELECT free.code FROM generate_series($1::int, $2::int) AS free (code)
          WHERE NOT EXISTS (
            SELECT 1 FROM delivery_requests r WHERE r.code = free.code AND r.status <> ALL ($4::delivery_status[])
          )
          ORDER BY random() LIMIT $3`,
        [MIN_CODE, MAX_CODE, limit, CLOSED_STATUSES],
      );
      return free.map(({ code }) => code);
    },
    exhaustedMessage:
      'No free delivery code: every code is held by an open request; close finished ones first',
  });
}
