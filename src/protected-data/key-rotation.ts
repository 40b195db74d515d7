import type { DataSource } from 'typeorm';
import { FieldCipher, ProtectedDataError } from './field-cipher.js';
import { PROTECTED_COLUMNS } from './protected-columns.js';

export interface RotationResult {
  table: string;
  /** Values rewritten under the current key. */
  reencrypted: number;
  /** Values that could not be read (tampered, or under a key not configured), by row id and column. */
  unreadable: { id: string; column: string; code: string }[];
}

type Row = Record<string, string | null> & { id: string };

/**
 * Re-encrypts every protected value not yet under the current key, `batchSize` rows per transaction. Each batch
 * locks its rows (FOR UPDATE), so a concurrent change to one of them waits and is never overwritten with an
 * older value. Values already under the current key are left alone, so a second run changes nothing and an
 * interrupted run resumes. An unreadable value is reported and left as it is; the others are still rotated.
 */
export async function rotateProtectedData(
  dataSource: DataSource,
  cipher: FieldCipher,
  batchSize: number,
  onProgress: (line: string) => void = () => undefined,
): Promise<RotationResult[]> {
  const current = `v1:${cipher.currentKeyId}:`;
  const results: RotationResult[] = [];
  for (const { table, columns } of PROTECTED_COLUMNS) {
    const result: RotationResult = { table, reencrypted: 0, unreadable: [] };
    const stale = columns
      .map((column) => `("${column}" IS NOT NULL AND left("${column}", $2) <> $3)`)
      .join(' OR ');
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const lastId = await dataSource.transaction(async (manager) => {
        const rows: Row[] = await manager.query(
          `SELECT "id", ${columns.map((column) => `"${column}"`).join(', ')} FROM "${table}"
            WHERE "id" > $1 AND (${stale}) ORDER BY "id" LIMIT $4 FOR UPDATE`,
          [after, current.length, current, batchSize],
        );
        for (const row of rows) {
          const changes: Record<string, string> = {};
          for (const column of columns) {
            const stored = row[column];
            if (stored === null || stored === undefined || stored.startsWith(current)) continue;
            try {
              changes[column] = cipher.encrypt(cipher.decrypt(stored));
            } catch (error) {
              if (!(error instanceof ProtectedDataError)) throw error;
              result.unreadable.push({ id: row.id, column, code: error.code });
            }
          }
          const names = Object.keys(changes);
          if (names.length === 0) continue;
          await manager.query(
            `UPDATE "${table}" SET ${names.map((column, index) => `"${column}" = $${index + 2}`).join(', ')} WHERE "id" = $1`,
            [row.id, ...names.map((column) => changes[column])],
          );
          result.reencrypted += names.length;
        }
        return rows.at(-1)?.id ?? null;
      });
      if (lastId === null) break;
      after = lastId;
      onProgress(`${table}: ${result.reencrypted} values re-encrypted so far`);
    }
    results.push(result);
  }
  return results;
}
