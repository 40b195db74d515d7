import { readFile } from 'node:fs/promises';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { formatSchema, printApiSchema, SCHEMA_FILE } from '../src/cli/print-schema.command.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The first line where two texts part, with its neighbours, for a failure message a person can act on. */
function firstDifference(expected: string, actual: string): string {
  const expectedLines = expected.split('\n');
  const actualLines = actual.split('\n');
  const index = expectedLines.findIndex((line, at) => line !== actualLines[at]);
  const at = index === -1 ? expectedLines.length : index;
  const around = (lines: string[]) => lines.slice(Math.max(0, at - 2), at + 3).join('\n');
  return `line ${at + 1}:\n--- ${SCHEMA_FILE}\n${around(expectedLines)}\n--- the API\n${around(actualLines)}`;
}

describe('GraphQL schema', () => {
  let app: TestApp;
  let served: string;

  beforeAll(async () => {
    app = await startTestApp();
    served = formatSchema(app.api.get(GraphQLSchemaHost).schema);
  });
  afterAll(() => app.close());

  it(`is what the committed ${SCHEMA_FILE} says`, async () => {
    const committed = await readFile(new URL(`../${SCHEMA_FILE}`, import.meta.url), 'utf8');
    if (committed !== served) {
      throw new Error(
        `${SCHEMA_FILE} is stale: run \`npm run schema:print\` and commit the result.\n` +
          firstDifference(committed, served),
      );
    }
    expect(committed).toBe(served);
  });

  it('is what `npm run schema:print` writes', async () => {
    expect(await printApiSchema()).toBe(served);
  });
});
