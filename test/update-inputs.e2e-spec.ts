import { readFile } from 'node:fs/promises';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, isInputObjectType, type GraphQLSchema } from 'graphql';
import { SCHEMA_FILE } from '../src/cli/print-schema.command.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** `Type.field = default` for every field of every Update*Input that has a default value. */
function updateInputDefaults(schema: GraphQLSchema): { updateInputs: string[]; defaults: string[] } {
  const updateInputs = Object.values(schema.getTypeMap())
    .filter(isInputObjectType)
    .filter((type) => /^Update\w*Input$/.test(type.name));
  const defaults = updateInputs.flatMap((type) =>
    Object.values(type.getFields())
      .filter((field) => field.defaultValue !== undefined)
      .map((field) => `${type.name}.${field.name} = ${JSON.stringify(field.defaultValue)}`),
  );
  return { updateInputs: updateInputs.map((type) => type.name), defaults };
}

// A default on an update input overwrites, on every update, a field the caller did not send.
describe('Update*Input types', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('have no default values in the schema the API serves', () => {
    const { updateInputs, defaults } = updateInputDefaults(app.api.get(GraphQLSchemaHost).schema);
    expect(updateInputs).toContain('UpdateVolunteerInput');
    expect(defaults).toEqual([]);
  });

  it(`have no default values in the committed ${SCHEMA_FILE}`, async () => {
    const committed = await readFile(new URL(`../${SCHEMA_FILE}`, import.meta.url), 'utf8');
    const { updateInputs, defaults } = updateInputDefaults(buildSchema(committed));
    expect(updateInputs).toContain('UpdateVolunteerInput');
    expect(defaults).toEqual([]);
  });
});
