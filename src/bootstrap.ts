import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  Logger as NestLogger,
  type INestApplicationContext,
  type NestApplicationOptions,
} from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { RequestHandler } from 'express';
import { AppModule } from './app.module.js';
import { publicBaseUrlWarning, type AppConfig } from './config/config.js';
import { APP_CONFIG } from './config/config.module.js';
import { builtConsole, consoleSettings, mountConsole } from './console/console-assets.js';
import { assertDependenciesReachable, DependencyUnreachableError } from './health/dependencies-check.js';
import { exitOnStartupFailure, startupLogger } from './observability/startup-log.js';
import { WorkerModule } from './worker.module.js';

/** EX_UNAVAILABLE: a service the process needs is not there. */
const EXIT_DEPENDENCY_UNREACHABLE = 69;

/**
 * Nest's own start-up lines wait in a buffer for the app's pino logger; what is logged before it exists, or when
 * start-up fails, goes to the start-up logger (JSON in production). A failure is rethrown, not `process.abort()`.
 */
function nestOptions(config: AppConfig): NestApplicationOptions {
  return {
    bufferLogs: true,
    logger: startupLogger(config.nodeEnv === 'production', config.logLevel),
    abortOnError: false,
  };
}

/**
 * Runs a process's start-up: PostgreSQL and Redis must answer first, and whatever fails ends the process with
 * one line (JSON in production) and a non-zero exit code instead of a stack.
 */
export async function startProcess(config: AppConfig, start: () => Promise<void>): Promise<void> {
  const production = config.nodeEnv === 'production';
  // Lines logged through Nest's static Logger before an app exists (migrations, for one) follow the same rule.
  NestLogger.overrideLogger(startupLogger(production, config.logLevel));
  try {
    await assertDependenciesReachable(config);
    // Both processes: the API is the one Twilio would call, the worker the one that asks Twilio to.
    const warning = publicBaseUrlWarning(config);
    if (warning) new NestLogger('SmsTransport').warn(`WARNING: ${warning}`);
    await start();
  } catch (error) {
    if (error instanceof DependencyUnreachableError) {
      exitOnStartupFailure(error.message, production, EXIT_DEPENDENCY_UNREACHABLE);
    }
    const line = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
    exitOnStartupFailure(line, production);
  }
}

export interface ApiOptions {
  /** What serves the console's files under /console/: the built files (default), or Vite in `npm run dev`. */
  consoleAssets?: RequestHandler;
}

/** Builds the API app without listening, so tests and the dev runner start it the same way as main.ts. */
export async function createApi(
  config: AppConfig,
  options: ApiOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(config),
    nestOptions(config),
  );
  return configureApi(app, options);
}

/** HTTP settings of the API, shared with the test harness (which builds the app through Nest's testing module). */
export function configureApi(app: NestExpressApplication, options: ApiOptions = {}): NestExpressApplication {
  app.useLogger(app.get(Logger));
  // The client address (rate limits, logs) comes from X-Forwarded-For only as far as trusted proxies vouch for
  // it (TRUST_PROXY): a client cannot pick its own address to dodge the login limit.
  app.set('trust proxy', app.get<AppConfig>(APP_CONFIG).trustProxy);
  app.disable('x-powered-by');
  // Twilio posts its webhooks form-encoded.
  app.useBodyParser('urlencoded', { extended: false, limit: '64kb' });
  app.useBodyParser('json', { limit: '5mb' });
  // The coordinator console (web/), same origin as the API it calls.
  mountConsole(app, consoleSettings(app.get<AppConfig>(APP_CONFIG)), options.consoleAssets ?? builtConsole());
  app.enableShutdownHooks();
  return app;
}

export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), nestOptions(config));
  return configureWorker(app);
}

export function configureWorker(app: INestApplicationContext): INestApplicationContext {
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
