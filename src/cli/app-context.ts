import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { CommonModule } from '../common/common.module.js';
import type { AppConfig } from '../config/config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { loggerModule } from '../observability/logging.js';

/** Configuration, logging (warnings and errors) and PostgreSQL plus the feature modules a command needs: no HTTP, no Redis, no queues. */
@Module({})
class CommandModule {
  static register(config: AppConfig, features: Type[]): DynamicModule {
    return {
      module: CommandModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        loggerModule('warn'),
        DatabaseModule,
        ...features,
      ],
    };
  }
}

/** Runs `work` in a Nest application context of `features`, closed afterwards whatever happens. */
export async function withAppContext<T>(
  config: AppConfig,
  features: Type[],
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(CommandModule.register(config, features), {
    bufferLogs: true,
  });
  // The servers' logger: the same masking and error serializer, JSON in production.
  app.useLogger(app.get(Logger));
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
