import type { ComplexityEstimator } from 'graphql-query-complexity';
import { MAX_PAGE_SIZE } from '../common/pagination/connection.js';

/**
 * A connection resolves its selection once per node, so a field taking `first` costs its children times the page
 * size asked for: the default when omitted, at most MAX_PAGE_SIZE (what `paginate` serves), and MAX_PAGE_SIZE for
 * a value it would refuse. totalCount and pageInfo are counted per node too: a small overestimate, kept for one rule.
 */
export const pageSizeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((argument) => argument.name === 'first')) return;
  const first: unknown = args.first;
  const pageSize =
    typeof first === 'number' && Number.isInteger(first) && first >= 1
      ? Math.min(first, MAX_PAGE_SIZE)
      : MAX_PAGE_SIZE;
  return 1 + childComplexity * pageSize;
};
