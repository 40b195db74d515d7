import { startTestApp, type TestApp } from './support/test-app.js';

/** Any http(s) origin other than the app's own (supertest serves it on 127.0.0.1). */
const EXTERNAL_ORIGIN = /(?:https?:)?\/\/(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\.[a-z]{2,}/i;

describe.each(['development', 'production'])('GET /graphql from a browser (NODE_ENV=%s)', (nodeEnv) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { NODE_ENV: nodeEnv } });
  });
  afterAll(() => app.close());

  it('serves no page that loads anything from another origin', async () => {
    const response = await app.http().get('/graphql').set('accept', 'text/html');
    expect(response.headers['content-type'] ?? '').not.toMatch(/text\/html/);
    expect(response.text).not.toMatch(/<script/i);
    expect(response.text).not.toMatch(EXTERNAL_ORIGIN);
  });

  it('still answers queries', async () => {
    const response = await app.graphql<{ __typename: string }>('{ __typename }');
    expect(response.data).toEqual({ __typename: 'Query' });
  });

  it('tells caches not to keep an answer, as with errors', async () => {
    const answered = await app
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ __typename }' });
    const refused = await app
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ me { id } }' });
    expect(answered.body).toEqual({ data: { __typename: 'Query' } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answered.headers['cache-control']).toBe('no-store');
    expect(refused.headers['cache-control']).toBe('no-store');
  });
});
