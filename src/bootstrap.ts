import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { RequestHandler } from 'express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { APP_CONFIG } from './config/config.module.js';
import { builtConsole, consoleSettings, mountConsole } from './console/console-assets.js';
import { nestOptions } from './process-start.js';

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
