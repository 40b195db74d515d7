import type { EntityManager } from 'typeorm';
import { allocateShortCode } from '../common/short-code.js';
import { insertOrIgnore } from '../database/insert-or-ignore.js';
import { Alert, OPEN_ALERT_STATUSES } from './alert.entity.js';

/** 3 digits: quick to type on the way out of the door, and open alerts are few at any time. */
export const MIN_ALERT_CODE = 100;
export const MAX_ALERT_CODE = 999;

/** Inserts the alert under a code no open alert holds (the partial unique index decides); returns its id. */
export function insertUnderFreeCode(
  manager: EntityManager,
  values: Omit<Partial<Alert>, 'code'>,
): Promise<string> {
  return allocateShortCode({
    min: MIN_ALERT_CODE,
    max: MAX_ALERT_CODE,
    tryCode: (code) => insertOrIgnore(manager, Alert, { ...values, code }),
    freeCodes: async (limit) => {
      const free: { code: number }[] = await manager.query(
        `SELECT free.code FROM generate_series($1::int, $2::int) AS free (code)
          WHERE NOT EXISTS (
            SELECT 1 FROM alerts a WHERE a.code = free.code AND a.status = ANY ($4::alert_status[])
          )
          ORDER BY random() LIMIT $3`,
        [MIN_ALERT_CODE, MAX_ALERT_CODE, limit, OPEN_ALERT_STATUSES],
      );
      return free.map(({ code }) => code);
    },
    exhaustedMessage: 'No free alert code: every code is held by an open alert; close finished ones first',
  });
}
