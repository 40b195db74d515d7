import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { fuzzClientAddress, fuzzFault } from './support/fuzz-outcome.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * Every mutation of the schema, called over HTTP by an ADMIN with variables generated from its arguments' input
 * types: mostly plausible values, mixed with wrong types, nulls, huge strings, NUL bytes, lone surrogates,
 * malformed ids, deeply nested arrays, missing and extra fields. Whatever a client sends, the answer is never
 * HTTP 500 nor INTERNAL_SERVER_ERROR, every BAD_USER_INPUT names its field (fuzzFault), and the API still answers
 * /health/ready after. The seed fixes the case list, so a failure reproduces.
 */
const SEED = 0x7ec1_2026;
const CASES_PER_MUTATION = 100;

type Value = unknown;
type Ids = { zone: string; volunteer: string; broadcast: string; message: string };

const LONE_SURROGATES = ['\uD800', 'a\uDFFFb', '\uDBFF'];
const NUL_STRINGS = ['\u0000', 'with a NUL \u0000 here'];
const HUGE_STRINGS = ['x'.repeat(100_000), 'é'.repeat(20_000), '🚨'.repeat(5_000)];

const deepArray = fc
  .integer({ min: 50, max: 3_000 })
  .map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as Value);

/** Values of no particular type: what a confused or hostile client puts anywhere. */
const anything: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constantFrom<Value>({}, [], [null], JSON.parse('{"__proto__": {"admin": true}}'), { id: 1 }),
  fc.constantFrom(...HUGE_STRINGS, ...NUL_STRINGS, ...LONE_SURROGATES),
  deepArray,
);

/**
 * How a case is made. `valid`: values a careful client would send (though ids may be malformed or unknown, and
 * optional fields explicitly null), so the case reaches the resolvers and the database. `hostileStrings`: every
 * value of its declared type, strings often hostile. `wrongTypes`: values of any type anywhere, fields missing
 * or extra: GraphQL's own coercion refuses these before anything runs.
 */
type Mode = 'valid' | 'hostileStrings' | 'wrongTypes';

function validString(name: string, ids: Ids): fc.Arbitrary<string> {
  const knownIds = fc.constantFrom(ids.zone, ids.volunteer, ids.broadcast, ids.message);
  const badIds = fc.constantFrom(
    'not-a-uuid',
    '1',
    '',
    '00000000-0000-0000-0000-00000000000g',
    "1' OR '1'='1",
  );
  const phone = fc.integer({ min: 0, max: 9_999 }).map((n) => `+1414555${String(n).padStart(4, '0')}`);
  const words = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}$/);
  switch (name) {
    case 'id':
    case 'volunteerId':
    case 'messageId':
    case 'zoneIds':
      return fc.oneof(knownIds, fc.uuid({ version: 4 }), badIds);
    case 'phone':
    case 'from':
      return phone;
    case 'language':
    case 'languages':
    case 'preferredLanguage':
      return fc.constantFrom('en', 'es');
    case 'code':
      return fc.stringMatching(/^[A-Z][A-Z0-9_]{2,15}$/);
    case 'start':
    case 'end':
      return fc.constantFrom('08:00', '12:30', '17:45');
    case 'email':
      return fc.constantFrom('admin@vecino.test', 'nobody@vecino.test');
    case 'csv':
      return fc
        .array(
          fc.tuple(words, phone).map(([person, number]) => `${person},${number},es; en,FUZZ,driver`),
          { maxLength: 4 },
        )
        .map((rows) => ['name,phone,languages,zones,skills', ...rows].join('\n'));
    default:
      return words;
  }
}

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '   \t\n', ...NUL_STRINGS, ...LONE_SURROGATES, ...HUGE_STRINGS),
  fc.string({ maxLength: 10 }).map((text) => `${text}\u0000${text}`),
);

/** Hostile strings where the server parses text itself: inside CSV cells, and as phone numbers or languages. */
function hostileStringFor(name: string, ids: Ids): fc.Arbitrary<string> {
  if (name !== 'csv') return hostileString;
  const cell = fc.oneof(validString('name', ids), hostileString);
  return fc
    .array(
      fc
        .tuple(cell, cell, cell, cell, cell)
        .map((cells) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')),
      { maxLength: 4 },
    )
    .map((rows) => ['name,phone,languages,zones,skills', ...rows].join('\n'));
}

function scalarValue(typeName: string, name: string, ids: Ids, mode: Mode): fc.Arbitrary<Value> {
  const valid = mode === 'valid';
  switch (typeName) {
    case 'Int':
      if (name === 'weekday') return valid ? fc.integer({ min: 1, max: 7 }) : fc.integer({ min: -1, max: 9 });
      return valid
        ? fc.integer({ min: 1, max: 100 })
        : fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constant(2 ** 31));
    case 'Float':
      return fc.double();
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
        hostileString,
      );
    default:
      return valid
        ? validString(name, ids)
        : fc.oneof(
            { weight: 2, arbitrary: validString(name, ids) },
            { weight: 3, arbitrary: hostileStringFor(name, ids) },
          );
  }
}

/** A value for `type`, named `name` (an argument or input field), made as `mode` says. */
function valueOf(type: GraphQLInputType, name: string, ids: Ids, mode: Mode): fc.Arbitrary<Value> {
  const typed = typedValueOf(type, name, ids, mode);
  if (mode === 'wrongTypes')
    return fc.oneof({ weight: 8, arbitrary: typed }, { weight: 1, arbitrary: anything });
  if (mode === 'valid' && !isNonNullType(type))
    return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: fc.constant(null) });
  return typed;
}

function typedValueOf(type: GraphQLInputType, name: string, ids: Ids, mode: Mode): fc.Arbitrary<Value> {
  if (isNonNullType(type)) return typedValueOf(type.ofType, name, ids, mode);
  if (isListType(type)) {
    const item = valueOf(type.ofType, name, ids, mode);
    if (mode === 'valid') return fc.array(item, { maxLength: 3 });
    return fc.oneof(
      { weight: 6, arbitrary: fc.array(item, { maxLength: 4 }) },
      { weight: 1, arbitrary: item },
      { weight: 1, arbitrary: fc.array(item, { minLength: 200, maxLength: 1_000 }) },
    );
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((value) => value.name);
    const known = fc.constantFrom(...values);
    return mode === 'valid'
      ? known
      : fc.oneof(known, fc.constantFrom('NOT_A_VALUE', values[0]?.toLowerCase() ?? ''));
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const shape = Object.fromEntries(
      fields.map((field) => [field.name, valueOf(field.type, field.name, ids, mode)]),
    );
    const required = fields.filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    const record = fc.record(shape, { requiredKeys: required.map((field) => field.name) });
    if (mode !== 'wrongTypes') return record;
    return fc
      .tuple(record, fc.option(fc.constantFrom('extra', 'zoneId', '__typename', 'id'), { freq: 8 }))
      .map(([value, extra]) => (extra === null ? value : { ...value, [extra]: 'unexpected' }));
  }
  return scalarValue(type.name, name, ids, mode);
}

/** Variables for every argument, in each mode; with wrong types, one is now and then left out. */
function variablesFor(
  mutation: GraphQLField<unknown, unknown>,
  ids: Ids,
): fc.Arbitrary<Record<string, Value>> {
  const variables = (mode: Mode) =>
    fc.record(
      Object.fromEntries(
        mutation.args.map((argument) => [argument.name, valueOf(argument.type, argument.name, ids, mode)]),
      ),
    );
  const names = mutation.args.map((argument) => argument.name);
  const wronglyTyped = fc
    .tuple(variables('wrongTypes'), fc.option(fc.constantFrom(...names), { freq: 8 }))
    .map(([values, dropped]) => {
      if (dropped === null) return values;
      const { [dropped]: _left, ...rest } = values;
      return rest;
    });
  return fc.oneof(variables('valid'), variables('hostileStrings'), wronglyTyped);
}

function operationFor(mutation: GraphQLField<unknown, unknown>): string {
  const declare = (argument: GraphQLArgument) => `$${argument.name}: ${String(argument.type)}`;
  const pass = (argument: GraphQLArgument) => `${argument.name}: $${argument.name}`;
  const args = mutation.args;
  return `mutation Fuzz(${args.map(declare).join(', ')}) { ${mutation.name}(${args.map(pass).join(', ')}) { __typename } }`;
}

describe('fuzzing every mutation over HTTP', () => {
  let app: TestApp;
  let admin: string;
  let ids: Ids;

  let sent = 0;
  const call = async (query: string, variables: Record<string, Value>) => {
    const response = await app
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('x-forwarded-for', fuzzClientAddress(sent++))
      .set('authorization', `Bearer ${admin}`)
      .send({ query, variables });
    return { status: response.status, body: response.body as GraphQLResponse };
  };
  const data = async <T>(query: string, variables: Record<string, Value> = {}): Promise<T> => {
    const { body } = await call(query, variables);
    if (body.errors) throw new Error(`setup failed: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  };

  beforeAll(async () => {
    app = await startTestApp({ env: { SMS_TRANSPORT: 'log' } });
    admin = await app.tokenFor(StaffRole.ADMIN, { email: 'admin@vecino.test' });
    const { createZone } = await data<{ createZone: { id: string } }>(
      'mutation { createZone(input: { code: "FUZZ", name: "Fuzz" }) { id } }',
    );
    const { createVolunteer } = await data<{ createVolunteer: { id: string } }>(
      'mutation($z: ID!) { createVolunteer(input: { name: "Fuzz", phone: "+14145550000", zoneIds: [$z] }) { id } }',
      { z: createZone.id },
    );
    const { sendBroadcast } = await data<{ sendBroadcast: { id: string } }>(
      'mutation { sendBroadcast(input: { body: "Fuzz" }) { id } }',
    );
    await data('mutation { simulateInboundSms(from: "+14145559999", body: "hello?") { id } }');
    const { inbox } = await data<{ inbox: { edges: { node: { id: string } }[] } }>(
      '{ inbox { edges { node { id } } } }',
    );
    ids = {
      zone: createZone.id,
      volunteer: createVolunteer.id,
      broadcast: sendBroadcast.id,
      message: inbox.edges[0]?.node.id ?? '',
    };
  });
  afterAll(() => app.close());

  it('answers no case with HTTP 500 or INTERNAL_SERVER_ERROR, and every BAD_USER_INPUT with its field', async () => {
    const schema = app.api.get(GraphQLSchemaHost).schema;
    const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
    expect(mutations.length).toBeGreaterThanOrEqual(10);

    const tally = new Map<string, number>();
    const faults: string[] = [];
    const faultsByMutation = new Map<string, number>();
    const answeredByMutation = new Map<string, number>();
    for (const [index, mutation] of mutations.entries()) {
      const query = operationFor(mutation);
      const cases = fc.sample(variablesFor(mutation, ids), {
        seed: SEED + index,
        numRuns: CASES_PER_MUTATION,
      });
      for (const [caseNumber, variables] of cases.entries()) {
        const { status, body } = await call(query, variables);
        const codes = (body.errors ?? []).map((error) => error.extensions?.code ?? 'NO_CODE');
        const outcome = `${status} ${codes[0] ?? 'OK'}`;
        tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
        // Past GraphQL's own checks: the resolver ran (data, or an error of ours).
        if (status === 200)
          answeredByMutation.set(mutation.name, (answeredByMutation.get(mutation.name) ?? 0) + 1);
        const fault = fuzzFault(status, body);
        if (fault) {
          faultsByMutation.set(mutation.name, (faultsByMutation.get(mutation.name) ?? 0) + 1);
          faults.push(
            `${mutation.name} #${caseNumber} → ${fault}: ${JSON.stringify(variables).slice(0, 240)}`,
          );
        }
      }
    }

    const total = [...tally.values()].reduce((sum, count) => sum + count, 0);
    const lines = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k}: ${n}`);
    process.stdout.write(
      `\nfuzz (seed ${SEED}): ${total} cases over ${mutations.length} mutations\n${lines.join('\n')}\n` +
        `reaching the resolver, by mutation: ${JSON.stringify(Object.fromEntries(answeredByMutation))}\n` +
        (faults.length
          ? `faults (${faults.length}) by mutation: ${JSON.stringify(Object.fromEntries(faultsByMutation))}\n` +
            `  ${faults.join('\n  ')}\n`
          : ''),
    );
    expect(total).toBe(mutations.length * CASES_PER_MUTATION);
    expect(faults).toEqual([]);
    // Every mutation's input types were exercised past GraphQL's own coercion, in its resolver.
    expect([...answeredByMutation.keys()].sort()).toEqual(mutations.map((mutation) => mutation.name).sort());
    expect((await app.http().get('/health/ready')).status).toBe(200);
  }, 300_000);
});
