import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from '../domain-error.js';
import { MAX_PAGE_SIZE, type ConnectionShape } from './connection.js';

interface CursorKey {
  sortValue: string;
  id: string;
}

function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.sortValue, key.id])).toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      return { sortValue: parsed[0] as string, id: parsed[1] as string };
    }
  } catch {
    // fall through to the field error below
  }
  throw DomainError.badInput('after', 'is not a cursor this list returned');
}

export interface PaginateOptions<T> {
  first: number;
  after?: string | null;
  /** Column to order by, qualified with the query alias (e.g. `v.created_at`); ties break on `<alias>.id`. */
  sortColumn: string;
  sortValueOf: (node: T) => string;
  /** `DESC` lists newest first; the cursor condition follows, so pages stay gapless either way. Default `ASC`. */
  direction?: 'ASC' | 'DESC';
}

/**
 * Keyset pagination over (sortColumn, id): stable while rows are added, and as fast on page 500 as on page 1.
 * The query builder carries the filters; totalCount counts them without the cursor condition.
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  options: PaginateOptions<T>,
): Promise<ConnectionShape<T>> {
  const { first, after, sortColumn, direction = 'ASC' } = options;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw DomainError.badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const idColumn = `${query.alias}.id`;
  const totalCount = await query.clone().getCount();
  const page = query.clone();
  if (after) {
    const key = decodeCursor(after);
    page.andWhere(
      `(${sortColumn}, ${idColumn}) ${direction === 'ASC' ? '>' : '<'} (:cursorSort, :cursorId)`,
      {
        cursorSort: key.sortValue,
        cursorId: key.id,
      },
    );
  }
  page.orderBy(sortColumn, direction).addOrderBy(idColumn, direction);
  // With `take`, TypeORM pages a query that joins anything through a DISTINCT-id subquery first (one more
  // statement, and a slow one), which only a to-many join needs: joins of one row each page with a plain LIMIT.
  const joinsMultiplyRows = page.expressionMap.joinAttributes.some((join) => !join.relation || join.isMany);
  const rows = await (joinsMultiplyRows ? page.take(first + 1) : page.limit(first + 1)).getMany();
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({
    node,
    cursor: encodeCursor({ sortValue: options.sortValueOf(node), id: node.id }),
  }));
  return {
    edges,
    totalCount,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
