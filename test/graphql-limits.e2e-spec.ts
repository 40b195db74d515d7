import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Depth counts from the root field (0): this reaches 4.
const DEEP = '{ volunteers { edges { node { zones { code } } } } }';
const SHALLOW = '{ zones { code } }';
const WIDE =
  '{ volunteers { totalCount edges { cursor node { id name preferredLanguage languages skills status } } } }';

describe('GraphQL query limits', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_COMPLEXITY: '10' } });
    token = await app.tokenFor(StaffRole.COORDINATOR);
  });
  afterAll(() => app.close());

  it('refuses a query nested deeper than GRAPHQL_MAX_DEPTH before running it', async () => {
    const response = await app.graphql(DEEP, {}, token);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/exceeds maximum operation depth of 3/);
  });

  it('refuses a query costlier than GRAPHQL_MAX_COMPLEXITY, saying by how much', async () => {
    const response = await app.graphql(WIDE, {}, token);
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/^Query is too complex: \d+; the limit is 10$/);
  });

  it('answers queries within both limits', async () => {
    const response = await app.graphql<{ zones: unknown[] }>(SHALLOW, {}, token);
    expect(response.errors).toBeUndefined();
    expect(response.data?.zones).toEqual([]);
  });
});
