import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { MAX_ALIASES, MAX_TOKENS } from '../src/graphql/query-limits.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

// Depth counts from the root field (0): this reaches 4.
const DEEP = '{ volunteers { edges { node { zones { code } } } } }';
const SHALLOW = '{ zones { code } }';
const WIDE =
  '{ volunteers { totalCount edges { cursor node { id name preferredLanguage languages skills status } } } }';
const CREATE_ZONE = 'mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }';

interface Answer {
  status: number;
  body: GraphQLResponse;
}

/** Posts a GraphQL request as a client would, keeping the HTTP status. */
async function post(app: TestApp, body: object, token?: string): Promise<Answer> {
  const call = app.http().post('/graphql').set('content-type', 'application/json');
  if (token) call.set('authorization', `Bearer ${token}`);
  const response = await call.send(body);
  return { status: response.status, body: response.body as GraphQLResponse };
}

/** The status and the first error's code (and field, when it names one). */
function refusal(answer: Answer): { status: number; code?: string; field?: string } {
  const extensions = answer.body.errors?.[0]?.extensions;
  return {
    status: answer.status,
    code: extensions?.code,
    ...(extensions?.field === undefined ? {} : { field: extensions.field }),
  };
}

describe('GraphQL query limits', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_COMPLEXITY: '10' } });
    token = await app.tokenFor(StaffRole.ADMIN);
  });
  afterAll(() => app.close());

  it('refuses a query nested deeper than GRAPHQL_MAX_DEPTH before running it', async () => {
    const answer = await post(app, { query: DEEP }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.message).toMatch(/exceeds maximum operation depth of 3/);
  });

  it('refuses a query costlier than GRAPHQL_MAX_COMPLEXITY with HTTP 400, saying by how much', async () => {
    const answer = await post(app, { query: WIDE }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.body.errors?.[0]?.message).toMatch(/^Query is too complex: \d+; the limit is 10$/);
  });

  it('answers queries within both limits', async () => {
    const response = await app.graphql<{ zones: unknown[] }>(SHALLOW, {}, token);
    expect(response.errors).toBeUndefined();
    expect(response.data?.zones).toEqual([]);
  });

  describe('variables of the wrong type', () => {
    it('are HTTP 400 BAD_USER_INPUT naming the field, not a 500', async () => {
      const answer = await post(
        app,
        { query: CREATE_ZONE, variables: { i: { code: 'ABC', name: 42 } } },
        token,
      );
      expect(refusal(answer)).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'i.name' });
      expect(answer.body.errors?.[0]?.message).toMatch(/String cannot represent a non string value: 42/);
    });

    it('list every bad field, the first as `field`', async () => {
      const answer = await post(
        app,
        { query: CREATE_ZONE, variables: { i: { code: 7, name: ['x'] } } },
        token,
      );
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'i.code',
        fields: [expect.objectContaining({ field: 'i.code' }), expect.objectContaining({ field: 'i.name' })],
      });
    });

    // graphql-js names an object's missing or unknown field in the message, at the path of the object.
    it.each([
      ['a missing required variable', {}, 'i', /^i: is required \(CreateZoneInput!\)$/],
      ['null for a non-null variable', { i: null }, 'i', /not to be null/],
      ['a missing required input field', { i: { code: 'ABC' } }, 'i', /Field "name" of required type/],
      [
        'an unknown input field',
        { i: { code: 'ABC', name: 'A', extra: 1 } },
        'i',
        /Field "extra" is not defined/,
      ],
    ])('are HTTP 400 BAD_USER_INPUT for %s', async (_case, variables, field, message) => {
      const answer = await post(app, { query: CREATE_ZONE, variables }, token);
      expect(refusal(answer)).toEqual({ status: 400, code: 'BAD_USER_INPUT', field });
      expect(answer.body.errors?.[0]?.message).toMatch(message);
    });

    it('name the list index inside a nested input', async () => {
      const answer = await post(
        app,
        {
          query: 'mutation($b: SendBroadcastInput!) { sendBroadcast(input: $b) { id } }',
          variables: { b: { body: 'Hi', skills: ['DRIVER', 'JUGGLER'] } },
        },
        token,
      );
      expect(refusal(answer)).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'b.skills.1' });
    });

    it('are refused before any cost is counted, also without a token', async () => {
      const answer = await post(app, { query: CREATE_ZONE, variables: { i: { code: 'ABC', name: 42 } } });
      expect(refusal(answer)).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'i.name' });
    });
  });

  it('counts a connection argument given as a variable', async () => {
    const query = 'query($n: Int) { volunteers(first: $n) { edges { node { id } } } }';
    expect((await post(app, { query, variables: { n: 1 } }, token)).status).toBe(200);
    const answer = await post(app, { query, variables: { n: 5 } }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.body.errors?.[0]?.message).toMatch(/^Query is too complex: \d+; the limit is 10$/);
  });

  it('refuses a malformed persisted-query request with HTTP 400 BAD_REQUEST, not a masked 500', async () => {
    const mismatched = { version: 1, sha256Hash: 'abc' };
    const unsupported = { version: 2, sha256Hash: 'abc' };
    for (const persistedQuery of [mismatched, unsupported]) {
      const answer = await post(app, { query: SHALLOW, extensions: { persistedQuery } }, token);
      expect(refusal(answer)).toEqual({ status: 400, code: 'BAD_REQUEST' });
    }
  });

  it('leaves an unknown operation name to GraphQL itself (HTTP 400)', async () => {
    const answer = await post(app, { query: SHALLOW, operationName: 'Nope' }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'OPERATION_RESOLUTION_FAILURE' });
  });
});

describe('GraphQL query limits at the defaults, in production', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { NODE_ENV: 'production' } });
    token = await app.tokenFor(StaffRole.ADMIN);
  });
  afterAll(() => app.close());

  it('refuses cyclic fragments with HTTP 400 (the standard rules run before the depth rule)', async () => {
    const query = '{ ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }';
    const answer = await post(app, { query }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.body.errors?.[0]?.message).toMatch(/Cannot spread fragment "A" within itself via "B"/);
  });

  it('refuses 20,000 chained fragment spreads with HTTP 400', async () => {
    const fragments = Array.from(
      { length: 20_000 },
      (_, n) => `fragment F${n} on Query { ${n === 19_999 ? 'me { id }' : `...F${n + 1}`} }`,
    );
    const answer = await post(app, { query: `{ ...F0 } ${fragments.join(' ')}` }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('answers a long chain of fragments that fits the token limit', async () => {
    const fragments = Array.from(
      { length: 150 },
      (_, n) => `fragment F${n} on Query { ${n === 149 ? 'me { id }' : `...F${n + 1}`} }`,
    );
    const answer = await post(app, { query: `{ ...F0 } ${fragments.join(' ')}` }, token);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  it('refuses 20,000 spreads of one fragment with HTTP 400', async () => {
    const spreads = '...F '.repeat(20_000);
    const answer = await post(app, { query: `{ me { ${spreads} } } fragment F on StaffUser { id }` }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('refuses `{ me { id ×200000 } }` with HTTP 400, saying why', async () => {
    const answer = await post(app, { query: `{ me { ${'id '.repeat(200_000)} } }` }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
    expect(answer.body.errors?.[0]?.message).toMatch(new RegExp(`contains more th\\w+ ${MAX_TOKENS} tokens`));
  });

  it('refuses fragments that fan out exponentially within the token limit, with HTTP 400', async () => {
    // Each fragment spreads the next twice: 2^30 selections once expanded, from about 300 tokens.
    const fragments = Array.from(
      { length: 30 },
      (_, n) => `fragment F${n} on StaffUser { id ${n < 29 ? `...F${n + 1} ...F${n + 1}` : ''} }`,
    );
    const answer = await post(app, { query: `{ me { ...F0 } } ${fragments.join(' ')}` }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.body.errors?.[0]?.message).toMatch(/recursively requests too many selections/);
  });

  it('refuses more than MAX_ALIASES aliases with HTTP 400', async () => {
    const aliases = Array.from({ length: MAX_ALIASES + 1 }, (_, n) => `a${n}: me { id }`).join(' ');
    const answer = await post(app, { query: `{ ${aliases} }` }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.body.errors?.[0]?.message).toMatch(/Aliases limit of \d+ exceeded/);

    const within = Array.from({ length: MAX_ALIASES }, (_, n) => `a${n}: me { id }`).join(' ');
    expect((await post(app, { query: `{ ${within} }` }, token)).body.errors).toBeUndefined();
  });

  it('refuses 250 aliases of volunteers(first: 100) with HTTP 400, before reading any row', async () => {
    const aliases = Array.from(
      { length: 250 },
      (_, n) => `v${n}: volunteers(first: 100) { edges { node { id name phone } } }`,
    ).join(' ');
    const answer = await post(app, { query: `{ ${aliases} }` }, token);
    // So many aliases cannot fit in MAX_TOKENS; the alias and cost limits refuse smaller versions (below).
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
    expect(answer.body.data).toBeUndefined();
  });

  it('counts the cost of a connection per node: `first` multiplies it', async () => {
    // Within the alias limit, but 10 pages of 100 volunteers × (edges, node, 3 fields) is over 2,000.
    const aliases = Array.from(
      { length: 10 },
      (_, n) => `v${n}: volunteers(first: 100) { edges { node { id name phone } } }`,
    ).join(' ');
    const answer = await post(app, { query: `{ ${aliases} }` }, token);
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.body.errors?.[0]?.message).toMatch(/^Query is too complex: \d+; the limit is 2000$/);

    const onePage = await post(
      app,
      { query: '{ volunteers(first: 100) { edges { node { id name phone } } } }' },
      token,
    );
    expect(onePage.status).toBe(200);
    expect(onePage.body.errors).toBeUndefined();
  });

  it('shows no field suggestions without a token (introspection is off)', async () => {
    const answer = await post(app, { query: '{ volunteerz { id } }' });
    expect(refusal(answer)).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.body.errors?.[0]?.message).toBe('Cannot query field "volunteerz" on type "Query".');
    expect(JSON.stringify(answer.body)).not.toMatch(/Did you mean/);
  });

  it('shows no suggestions in variable errors either', async () => {
    const answer = await post(app, {
      query: 'mutation($b: SendBroadcastInput!) { sendBroadcast(input: $b) { id } }',
      variables: { b: { body: 'Hi', skills: ['DRIVR'], zoneId: [] } },
    });
    expect(refusal(answer)).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'b.skills.0' });
    expect(JSON.stringify(answer.body)).not.toMatch(/Did you mean|DRIVER|zoneIds/);
  });

  describe('over graphql-ws', () => {
    let client: Client;
    beforeAll(async () => {
      await app.api.listen(0, '127.0.0.1');
      const { port } = app.api.getHttpServer().address() as AddressInfo;
      client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
      });
    });
    afterAll(() => client.dispose());

    /** The first thing the socket answers: a result, or the errors it refused the operation with. */
    const first = async (query: string, variables?: Record<string, unknown>) => {
      try {
        return (await client.iterate({ query, variables }).next()).value as GraphQLResponse;
      } catch (errors) {
        return { errors } as GraphQLResponse;
      }
    };
    const codes = (answer: GraphQLResponse) => answer.errors?.map((error) => error.extensions?.code);

    it('serves no query, so no introspection and no query beyond the HTTP limits', async () => {
      expect(codes(await first('{ __schema { types { name } } }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: zones { id }`).join(' ');
      expect(codes(await first(`{ ${aliases} }`))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    });

    it('refuses what HTTP refuses, coded and without suggestions, never INTERNAL_SERVER_ERROR', async () => {
      const broadcast = (selection: string) =>
        `subscription { broadcastProgress(id: "${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}") { ${selection} } }`;
      expect(codes(await first(broadcast('id '.repeat(MAX_TOKENS))))).toEqual(['GRAPHQL_PARSE_FAILED']);
      const aliased = Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `a${i}: id`).join(' ');
      expect(codes(await first(broadcast(aliased)))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      // Fragments that fan out to 2^30 selections: refused in milliseconds, not counted (which blocked the process).
      let fragments = 'fragment F0 on Broadcast { id status }';
      for (let i = 1; i <= 30; i += 1)
        fragments += ` fragment F${i} on Broadcast { ...F${i - 1} ...F${i - 1} }`;
      expect(codes(await first(`${broadcast('...F30')} ${fragments}`))).toEqual([
        'GRAPHQL_VALIDATION_FAILED',
      ]);
      const misspelt = await first(broadcast('idd'));
      expect(codes(misspelt)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(JSON.stringify(misspelt)).not.toMatch(/Did you mean/);
      const query = 'subscription ($id: ID!) { broadcastProgress(id: $id) { id } }';
      expect((await first(query)).errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'id',
      });
    });
  });
});
