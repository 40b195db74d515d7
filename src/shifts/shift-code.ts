import type { EntityManager } from 'typeorm';
import { allocateShortCode } from '../common/short-code.js';
import { insertOrIgnore } from '../database/insert-or-ignore.js';
import { Shift } from './shift.entity.js';

/** Codes are 1000–9999: four digits, never read as a shorter number. */
const MIN_CODE = 1000;
const MAX_CODE = 9999;

/**
 * Inserts a shift under a code no shift that can still be texted about holds; returns its id. An ended shift's
 * code is released as it is tried, so 9,000 codes serve any number of shifts over time; the partial unique index
 * on unreleased codes decides (INSERT … ON CONFLICT DO NOTHING), so concurrent creates never share a code.
 */
export function insertShiftUnderFreeCode(
  manager: EntityManager,
  now: Date,
  values: Omit<Partial<Shift>, 'code'>,
): Promise<string> {
  return allocateShortCode({
    min: MIN_CODE,
    max: MAX_CODE,
    tryCode: async (number) => {
      const code = String(number);
      await manager.query(
        `UPDATE shifts SET code_released = true, updated_at = now()
          WHERE code = $1 AND NOT code_released AND ends_at <= $2`,
        [code, now],
      );
      return insertOrIgnore(manager, Shift, { ...values, code });
    },
    freeCodes: async (limit) => {
      const free: { code: number }[] = await manager.query(
        `SELECT free.code FROM generate_series($1::int, $2::int) AS free (code)
          WHERE NOT EXISTS (
            SELECT 1 FROM shifts s WHERE s.code = free.code::text AND NOT s.code_released AND s.ends_at > $4
          )
          ORDER BY random() LIMIT $3`,
        [MIN_CODE, MAX_CODE, limit, now],
      );
      return free.map(({ code }) => code);
    },
    exhaustedMessage:
      'No free shift code: every code is held by a shift that has not ended; try again once one ends',
  });
}
