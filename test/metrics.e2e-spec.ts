import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The value of one sample line (`name{labels} value`) of a Prometheus text exposition, if present. */
function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = exposition
    .split('\n')
    .find(
      (candidate) => candidate.startsWith(`${name}{`) && wanted.every((pair) => candidate.includes(pair)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.tokenFor(StaffRole.ADMIN);
  });
  afterAll(() => app.close());

  it('counts and times HTTP requests and GraphQL operations', async () => {
    const ok = await app.graphql('query ListZones { zones { id code } }', {}, admin);
    expect(ok.errors).toBeUndefined();
    const failed = await app.graphql('query ListZones { zones { id code } }');
    expect(failed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    expect((await app.http().get('/health/ready')).status).toBe(200);
    expect((await app.http().get('/no/such/page/4145550123')).status).toBe(404);

    const response = await app.http().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.text;

    expect(text).toContain('# TYPE vecino_http_requests_total counter');
    expect(
      sample(text, 'vecino_http_requests_total', { method: 'POST', route: '/graphql', status: '200' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(text, 'vecino_http_request_duration_seconds_count', { method: 'POST', route: '/graphql' }),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'vecino_http_requests_total', { route: '/health/ready', status: '200' })).toBe(1);
    // Unknown paths share one label: a raw path would make a series per URL (and could carry a phone number).
    expect(sample(text, 'vecino_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(text).not.toContain('4145550123');

    expect(text).toContain('# TYPE vecino_graphql_operations_total counter');
    const operation = { operation: 'ListZones', type: 'query' };
    expect(sample(text, 'vecino_graphql_operations_total', { ...operation, outcome: 'ok' })).toBe(1);
    expect(sample(text, 'vecino_graphql_operations_total', { ...operation, outcome: 'error' })).toBe(1);
    expect(sample(text, 'vecino_graphql_operation_duration_seconds_count', operation)).toBe(2);

    // Node's own process metrics, under the same prefix.
    expect(text).toContain('vecino_process_resident_memory_bytes');
  });
});
