import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from './config/config.js';
import { nestOptions } from './process-start.js';
import { WorkerModule } from './worker.module.js';

/** Builds the worker (queue processors, no HTTP); apart from the API's bootstrap so it loads none of its modules. */
export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), nestOptions(config));
  return configureWorker(app);
}

export function configureWorker(app: INestApplicationContext): INestApplicationContext {
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
