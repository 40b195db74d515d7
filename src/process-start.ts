import 'reflect-metadata';
import { Logger as NestLogger, type NestApplicationOptions } from '@nestjs/common';
import { publicBaseUrlWarning, type AppConfig } from './config/config.js';
import { assertDependenciesReachable, DependencyUnreachableError } from './health/dependencies-check.js';
import { exitOnStartupFailure, startupLogger } from './observability/startup-log.js';

/** EX_UNAVAILABLE: a service the process needs is not there. */
const EXIT_DEPENDENCY_UNREACHABLE = 69;

/**
 * Nest's own start-up lines wait in a buffer for the app's pino logger; what is logged before it exists, or when
 * start-up fails, goes to the start-up logger (JSON in production). A failure is rethrown, not `process.abort()`.
 */
export function nestOptions(config: AppConfig): NestApplicationOptions {
  return {
    bufferLogs: true,
    logger: startupLogger(config.nodeEnv === 'production', config.logLevel),
    abortOnError: false,
  };
}

/**
 * Runs a process's start-up: PostgreSQL and Redis must answer first, and whatever fails ends the process with
 * one line (JSON in production) and a non-zero exit code instead of a stack. Shared by the API and the worker, and
 * importing neither app's modules, so the worker does not load the API's (GraphQL server, console, health).
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
