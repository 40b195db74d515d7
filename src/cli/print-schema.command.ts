import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/config.js';
import { EXIT_OK, type CliIo, type CommandInput } from './command.js';

export const SCHEMA_FILE = 'schema.gql';

const HEADER = '# Generated from the code-first resolvers by `npm run schema:print`. Do not edit.\n\n';

/** The committed form of a schema: sorted, so that it changes only when the API does. */
export function formatSchema(schema: GraphQLSchema): string {
  return `${HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}

// Never connected to: preview mode builds the module graph without instantiating providers, except for the
// GraphQL module, which Nest initialises even then so that it builds the schema exactly as the running API does.
const PLACEHOLDER_ENV = {
  DATABASE_URL: 'postgres://schema-print.invalid/vecino',
  REDIS_URL: 'redis://schema-print.invalid',
  JWT_SECRET: 'schema-print-placeholder-secret-0123456789',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
};

/** The API's schema, built by its own GraphQL module; needs no database, Redis or environment. */
export async function printApiSchema(): Promise<string> {
  const api = await NestFactory.createApplicationContext(AppModule.register(loadConfig(PLACEHOLDER_ENV)), {
    preview: true,
    logger: false,
  });
  try {
    return formatSchema(api.get(GraphQLSchemaHost).schema);
  } finally {
    await api.close();
  }
}

/** `print-schema [--out <file>]`: regenerates the committed schema.gql. */
export async function writeSchema({ options }: CommandInput, io: CliIo): Promise<number> {
  const file = resolve(options.out ?? SCHEMA_FILE);
  await writeFile(file, await printApiSchema());
  io.print(`wrote ${file}`);
  return EXIT_OK;
}
