import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/**
 * INSERT … ON CONFLICT DO NOTHING RETURNING id: the new row's id, or null when a unique index refused it. A
 * concurrent insert of the same key is waited for, and a refusal leaves the transaction usable.
 */
export async function insertOrIgnore<Entity extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Entity>,
  values: QueryDeepPartialEntity<Entity>,
): Promise<string | null> {
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(values)
    .orIgnore()
    .returning(['id'])
    .execute();
  return (result.raw as { id: string }[])[0]?.id ?? null;
}
