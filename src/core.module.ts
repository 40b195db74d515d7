import { Module, type DynamicModule } from '@nestjs/common';
import { CommonModule } from './common/common.module.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { loggerModule } from './observability/logging.js';
import { QueueModule, type QueueRole } from './queue/queue.module.js';
import { RedisModule } from './redis/redis.module.js';

/** What both processes need: configuration, logging, PostgreSQL, Redis and the queue connection. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, queueRole: QueueRole): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        loggerModule(),
        DatabaseModule,
        RedisModule,
        QueueModule.forRoot(queueRole),
      ],
    };
  }
}
