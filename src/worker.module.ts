import { Module, type DynamicModule } from '@nestjs/common';
import { AlertsWorkerModule } from './alerts/alerts-worker.module.js';
import type { AppConfig } from './config/config.js';
import { CoreModule } from './core.module.js';
import { DeliveriesWorkerModule } from './deliveries/deliveries-worker.module.js';
import { DeliveryPiiRetention } from './deliveries/delivery-pii-retention.js';
import { MaintenanceQueueModule } from './maintenance/maintenance.module.js';
import { MaintenanceProcessor } from './maintenance/maintenance.processor.js';
import { MessageBodyRetention } from './maintenance/message-body-retention.js';
import { BroadcastsWorkerModule } from './messaging/broadcasts/broadcasts-worker.module.js';
import { MessagingWorkerModule } from './messaging/messaging-worker.module.js';
import { TrainingWorkerModule } from './training/training-worker.module.js';
import { ShiftsWorkerModule } from './shifts/shifts-worker.module.js';

/** The worker process: every queue processor lives here and only here. No HTTP. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, 'consume'),
        MaintenanceQueueModule,
        MessagingWorkerModule,
        BroadcastsWorkerModule,
        DeliveriesWorkerModule,
        TrainingWorkerModule,
        AlertsWorkerModule,
        ShiftsWorkerModule,
      ],
      providers: [MaintenanceProcessor, MessageBodyRetention, DeliveryPiiRetention],
    };
  }
}
