import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { APP_CONFIG } from './config/config.module.js';
import { WorkerModule } from './worker.module.js';

/** Builds the API app without listening, so tests and the dev runner start it the same way as main.ts. */
export async function createApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bufferLogs: true,
  });
  return configureApi(app);
}

/** HTTP settings of the API, shared with the test harness (which builds the app through Nest's testing module). */
export function configureApi(app: NestExpressApplication): NestExpressApplication {
  app.useLogger(app.get(Logger));
  // The client address (rate limits, logs) comes from X-Forwarded-For only as far as trusted proxies vouch for
  // it (TRUST_PROXY): a client cannot pick its own address to dodge the login limit.
  app.set('trust proxy', app.get<AppConfig>(APP_CONFIG).trustProxy);
  app.disable('x-powered-by');
  // Twilio posts its webhooks form-encoded.
  app.useBodyParser('urlencoded', { extended: false, limit: '64kb' });
  app.useBodyParser('json', { limit: '5mb' });
  app.enableShutdownHooks();
  return app;
}

export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
  return configureWorker(app);
}

export function configureWorker(app: INestApplicationContext): INestApplicationContext {
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
