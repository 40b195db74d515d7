import type { EntityManager } from 'typeorm';

/**
 * Wipes the bodies of every text, in or out, about these records (a message's `subject_type` and `subject_id`),
 * in the caller's transaction: a feature whose record's protected data is wiped (a delivery request past
 * PII_RETENTION_DAYS) wipes the texts that carried it too, such as the address text. Wiped as message retention
 * wipes them (`body` null, `body_purged_at` set), so the sender skips one not yet sent. Returns how many.
 */
export async function wipeTextsAbout(
  manager: EntityManager,
  subjectType: string,
  subjectIds: readonly string[],
  at: Date,
): Promise<number> {
  if (subjectIds.length === 0) return 0;
  const [, affected]: [unknown, number] = await manager.query(
    `UPDATE messages SET body = NULL, body_purged_at = $3
      WHERE subject_id = ANY($2::uuid[]) AND subject_type = $1 AND body IS NOT NULL`,
    [subjectType, subjectIds, at],
  );
  return affected;
}
