import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { StaffRole } from '../../src/auth/staff-user.entity.js';
import { configureApi } from '../../src/bootstrap.js';
import { configureWorker } from '../../src/worker-bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { runMigrations } from '../../src/database/run-migrations.js';
import { WorkerModule } from '../../src/worker.module.js';
import { currentTestRun, databaseUrl, withAdminClient } from './test-run.js';

export type Env = Record<string, string | undefined>;

let databaseCounter = 0;

// Arbitrary constant: serialises building the run's template database across parallel test files.
const TEMPLATE_LOCK = 0x7ec1_7e57;

/** The run's migrated template database, built once by whichever test file gets here first. */
async function ensureTemplate(): Promise<void> {
  const run = currentTestRun();
  await withAdminClient(run.adminUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        run.templateDatabase,
      ]);
      if (rowCount === 0) {
        await client.query(`CREATE DATABASE "${run.templateDatabase}"`);
        await runMigrations(databaseUrl(run.adminUrl, run.templateDatabase), () => undefined);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
}

/** A database cloned from the run's migrated template, and a Redis prefix, both this test file's alone. */
export async function isolatedEnv(overrides: Env = {}): Promise<Env> {
  const run = currentTestRun();
  const suffix = `${process.pid}_${++databaseCounter}_${randomBytes(2).toString('hex')}`;
  const database = `vecino_${run.runId}_${suffix}`;
  await ensureTemplate();
  await withAdminClient(run.adminUrl, (client) =>
    client.query(`CREATE DATABASE "${database}" TEMPLATE "${run.templateDatabase}"`),
  );
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(run.adminUrl, database),
    REDIS_URL: run.redisUrl,
    QUEUE_PREFIX: `vecino-${run.runId}-${suffix}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PUBLIC_BASE_URL: 'https://vecino.test',
    QUIET_HOURS: '',
    LOG_LEVEL: 'error',
    ...overrides,
  };
}

export async function dropDatabase(config: AppConfig): Promise<void> {
  const run = currentTestRun();
  const database = new URL(config.databaseUrl).pathname.slice(1);
  await withAdminClient(run.adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
  );
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string; fields?: unknown[] } }[];
}

export interface TestApp {
  config: AppConfig;
  api: NestExpressApplication;
  worker: INestApplicationContext | null;
  http: () => ReturnType<typeof request>;
  graphql: <T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ) => Promise<GraphQLResponse<T>>;
  /** Creates (or updates) a staff user and returns a token for it. */
  tokenFor: (role: StaffRole, options?: { email?: string; zoneIds?: string[] }) => Promise<string>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  env?: Env;
  /** Also start the worker (every queue processor) in this process. */
  worker?: boolean;
  /** Replace providers (e.g. the clock) in both apps. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig(await isolatedEnv(options.env));
  const override = options.override ?? ((builder: TestingModuleBuilder) => builder);
  const apiModule = await override(
    Test.createTestingModule({ imports: [AppModule.register(config)] }),
  ).compile();
  const api = configureApi(apiModule.createNestApplication<NestExpressApplication>({ bufferLogs: true }));
  await api.init();
  let worker: INestApplicationContext | null = null;
  if (options.worker) {
    const workerModule = await override(
      Test.createTestingModule({ imports: [WorkerModule.register(config)] }),
    ).compile();
    worker = configureWorker(workerModule);
    await worker.init();
  }
  const server = api.getHttpServer();
  const http = () => request(server);
  const graphql = async <T>(query: string, variables?: Record<string, unknown>, token?: string) => {
    const call = http().post('/graphql').set('content-type', 'application/json');
    if (token) call.set('authorization', `Bearer ${token}`);
    const response = await call.send({ query, variables });
    return response.body as GraphQLResponse<T>;
  };
  const auth = api.get(AuthService);
  let staffCounter = 0;
  const tokenFor = async (role: StaffRole, staff: { email?: string; zoneIds?: string[] } = {}) => {
    const email = staff.email ?? `${role.toLowerCase()}${++staffCounter}@vecino.test`;
    const password = 'correct horse battery staple';
    await auth.upsertUser({ email, password, role, zoneIds: staff.zoneIds });
    return (await auth.login(email, password)).token;
  };
  return {
    config,
    api,
    worker,
    http,
    graphql,
    tokenFor,
    close: async () => {
      await worker?.close();
      await api.close();
      await dropDatabase(config);
    },
  };
}
