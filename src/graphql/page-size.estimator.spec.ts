import { buildSchema, parse } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { MAX_PAGE_SIZE } from '../common/pagination/connection.js';
import { pageSizeEstimator } from './page-size.estimator.js';

const schema = buildSchema(`
  type Query { things(first: Int = 20): ThingConnection!, tags: [String!]! }
  type ThingConnection { totalCount: Int!, edges: [ThingEdge!]! }
  type ThingEdge { node: Thing! }
  type Thing { id: ID!, name: String! }
`);

const cost = (query: string, variables: Record<string, unknown> = {}) =>
  getComplexity({
    schema,
    query: parse(query),
    variables,
    estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });

// edges (1) + node (1) + id (1): what one node of `{ edges { node { id } } }` costs.
const PER_NODE = 3;

describe('pageSizeEstimator', () => {
  it.each([
    ['the first asked for', '{ things(first: 7) { edges { node { id } } } }', 1 + 7 * PER_NODE],
    [
      'the default page size when first is left out',
      '{ things { edges { node { id } } } }',
      1 + 20 * PER_NODE,
    ],
    [
      'at most the largest page',
      '{ things(first: 5000) { edges { node { id } } } }',
      1 + MAX_PAGE_SIZE * PER_NODE,
    ],
    [
      'the largest page for a first paginate refuses',
      '{ things(first: -1) { edges { node { id } } } }',
      1 + MAX_PAGE_SIZE * PER_NODE,
    ],
  ])('multiplies the cost under a connection by %s', (_case, query, expected) => {
    expect(cost(query)).toBe(expected);
  });

  it('reads first from a variable', () => {
    expect(cost('query($n: Int) { things(first: $n) { edges { node { id } } } }', { n: 3 })).toBe(
      1 + 3 * PER_NODE,
    );
  });

  it('adds up aliases of the same connection', () => {
    const one = cost('{ things(first: 100) { edges { node { id name } } } }');
    expect(
      cost(
        '{ a: things(first: 100) { edges { node { id name } } } b: things(first: 100) { edges { node { id name } } } }',
      ),
    ).toBe(2 * one);
  });

  it('leaves fields without a first argument to the next estimator', () => {
    expect(cost('{ tags }')).toBe(1);
  });
});
