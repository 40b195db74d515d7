import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** Codes are 1000–9999: four digits, never read as a shorter number. */
const FIRST_CODE = 1000;
const CODE_COUNT = 9000;
/** A draw hits a code in use with probability (codes in use)/9000; 25 misses in a row mean the space is full. */
export const MAX_CODE_DRAWS = 25;

export function drawShiftCode(): string {
  return String(FIRST_CODE + randomInt(CODE_COUNT));
}

/**
 * Inserts a shift under a fresh random code: a code in use (unique among shifts whose code is not released) is
 * drawn again. An ended shift's code is released as it is drawn, so codes are unique among shifts that can still
 * be texted about. `insert` runs the INSERT … ON CONFLICT DO NOTHING for a code and says whether a row went in.
 */
export async function withFreshShiftCode<T>(
  manager: EntityManager,
  now: Date,
  insert: (code: string) => Promise<T | null>,
): Promise<T> {
  for (let draw = 0; draw < MAX_CODE_DRAWS; draw++) {
    const code = drawShiftCode();
    await manager.query(
      `UPDATE shifts SET code_released = true, updated_at = now()
        WHERE code = $1 AND NOT code_released AND ends_at <= $2`,
      [code, now],
    );
    const inserted = await insert(code);
    if (inserted !== null) return inserted;
  }
  throw new Error(`no free shift code after ${MAX_CODE_DRAWS} draws`);
}
