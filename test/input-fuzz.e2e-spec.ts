import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { fuzzClientAddress, fuzzFault } from './support/fuzz-outcome.js';
import { operationCalling, plausibleValue, type Plain } from './support/schema-calls.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/** Strings the database would refuse or mangle, and shapes that once reached it: each must be a clean refusal. */
const HOSTILE_STRINGS = [
  'with a NUL \u0000 inside',
  'lone \uD800 surrogate',
  '   ',
  'x'.repeat(100_000),
  'not-a-uuid',
];

interface Case {
  operation: string;
  variables: Record<string, Plain>;
  label: string;
}

/**
 * Generative check over the served schema: for every root query and mutation, one call per string or ID leaf
 * of its arguments with each hostile string in that leaf, and one per nullable leaf with an explicit null, the rest
 * of the arguments being plausible. None may be a 500 or INTERNAL_SERVER_ERROR, whatever the resolver; every
 * BAD_USER_INPUT names its field (fuzzFault); the API still answers /health/ready after.
 */
describe('every argument of every operation, fuzzed', () => {
  let app: TestApp;
  let admin: string;
  let zoneId: string;
  let volunteerId: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.tokenFor(StaffRole.ADMIN);
    const zone = await app.graphql<{ createZone: { id: string } }>(
      'mutation { createZone(input: { code: "FUZZ", name: "Fuzz" }) { id } }',
      {},
      admin,
    );
    zoneId = zone.data!.createZone.id;
    const volunteer = await app.graphql<{ createVolunteer: { id: string } }>(
      `mutation { createVolunteer(input: { name: "Fuzz", phone: "+14145550150", zoneIds: ["${zoneId}"] }) { id } }`,
      {},
      admin,
    );
    volunteerId = volunteer.data!.createVolunteer.id;
  });
  afterAll(() => app.close());

  /** Each way of making one leaf hostile: [path of keys, value]. */
  function hostileLeaves(
    type: GraphQLInputType,
    name: string,
    path: (string | number)[],
  ): [(string | number)[], Plain][] {
    const own: [(string | number)[], Plain][] = isNonNullType(type) ? [] : [[path, null]];
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) return [...own, ...hostileLeaves(inner.ofType, name, [...path, 0])];
    if (isInputObjectType(inner)) {
      return [
        ...own,
        ...Object.values(inner.getFields()).flatMap((field) =>
          hostileLeaves(field.type, field.name, [...path, field.name]),
        ),
      ];
    }
    const named = getNamedType(inner);
    if (isScalarType(named) && (named.name === 'String' || named.name === 'ID'))
      return [...own, ...HOSTILE_STRINGS.map((value): [(string | number)[], Plain] => [path, value])];
    return own;
  }

  function withLeaf(base: Plain, path: (string | number)[], value: Plain): Plain {
    if (path.length === 0) return value;
    const [key, ...rest] = path;
    if (Array.isArray(base) || typeof key === 'number') {
      const list = Array.isArray(base) ? [...base] : [];
      list[key as number] = withLeaf(list[key as number] ?? null, rest, value);
      return list;
    }
    const object = base && typeof base === 'object' ? { ...(base as Record<string, Plain>) } : {};
    object[key] = withLeaf(object[key] ?? null, rest, value);
    return object;
  }

  function casesFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): Case[] {
    const args: readonly GraphQLArgument[] = field.args;
    const operation = operationCalling(kind, field);
    const ids = { zoneId, otherId: volunteerId };
    const base = Object.fromEntries(args.map((arg) => [arg.name, plausibleValue(arg.type, arg.name, ids)]));
    return args.flatMap((arg) =>
      hostileLeaves(arg.type, arg.name, []).map(([path, value]) => ({
        operation,
        variables: { ...base, [arg.name]: withLeaf(base[arg.name] ?? null, path, value) },
        label: `${field.name}(${[arg.name, ...path].join('.')} = ${JSON.stringify(value)?.slice(0, 24)})`,
      })),
    );
  }

  // Every operation's cases in sequence (544 of them): past Jest's default 60 s on a loaded machine.
  it('never answers 500 or INTERNAL_SERVER_ERROR, and names the field of every BAD_USER_INPUT', async () => {
    const schema = app.api.get(GraphQLSchemaHost).schema;
    const cases = [
      ...Object.values(schema.getQueryType()!.getFields()).flatMap((field) => casesFor('query', field)),
      ...Object.values(schema.getMutationType()!.getFields()).flatMap((field) => casesFor('mutation', field)),
    ];
    const counts = new Map<string, number>();
    const failures: string[] = [];
    for (const [index, { operation, variables, label }] of cases.entries()) {
      const response = await app
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('x-forwarded-for', fuzzClientAddress(index))
        .set('authorization', `Bearer ${admin}`)
        .send({ query: operation, variables });
      const codes = ((response.body.errors ?? []) as { extensions?: { code?: string } }[]).map(
        (error) => error.extensions?.code ?? 'NO_CODE',
      );
      const outcome = `${response.status} ${codes[0] ?? 'OK'}`;
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      const fault = fuzzFault(response.status, response.body as GraphQLResponse);
      if (fault) failures.push(`${label}: ${fault}`);
    }
    // FUZZ_REPORT=1 prints the counts by HTTP status and first error code.
    if (process.env.FUZZ_REPORT) console.log(cases.length, Object.fromEntries(counts));
    expect(cases.length).toBeGreaterThan(200);
    expect(failures).toEqual([]);
    expect((await app.http().get('/health/ready')).status).toBe(200);
  }, 180_000);
});
