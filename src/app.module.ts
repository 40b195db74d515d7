import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AlertsModule } from './alerts/alerts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { DomainErrorFilter } from './common/domain-error.filter.js';
import { InputSafetyInterceptor } from './common/input-safety.interceptor.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';
import { CoreModule } from './core.module.js';
import { DeliveriesModule } from './deliveries/deliveries.module.js';
import { GraphQLApiModule } from './graphql/graphql-api.module.js';
import { HealthModule } from './health/health.module.js';
import { MaintenanceQueueModule } from './maintenance/maintenance.module.js';
import { BroadcastsModule } from './messaging/broadcasts/broadcasts.module.js';
import { InboundSmsModule } from './messaging/inbound/inbound-sms.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { HttpMetricsMiddleware } from './observability/http-metrics.middleware.js';
import { MetricsController } from './observability/metrics.controller.js';
import { MetricsModule } from './observability/metrics.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { ShiftsModule } from './shifts/shifts.module.js';
import { TrainingModule } from './training/training.module.js';
import { VolunteersModule } from './volunteers/volunteers.module.js';
import { ZonesModule } from './zones/zones.module.js';

/** The API process: GraphQL, webhooks, health and metrics. It enqueues jobs but processes none. */
@Module({})
export class AppModule implements NestModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, 'produce'),
        RateLimitModule,
        AuthModule,
        GraphQLApiModule,
        MetricsModule,
        HealthModule,
        MaintenanceQueueModule,
        ZonesModule,
        VolunteersModule,
        MessagingModule,
        InboundSmsModule,
        BroadcastsModule,
        AuditModule,
        DeliveriesModule,
        ShiftsModule,
        TrainingModule,
        AlertsModule,
      ],
      controllers: [MetricsController],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: InputSafetyInterceptor },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
