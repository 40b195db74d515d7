import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('generated GraphQL types', () => {
  it('match schema.gql and the .graphql operations (run `npm run codegen` after changing either)', async () => {
    process.chdir(ROOT);
    const outputs = await generate({ ...config, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      expect(await readFile(resolve(ROOT, output.filename), 'utf8'), output.filename).toBe(output.content);
    }
  }, 60_000);
});
