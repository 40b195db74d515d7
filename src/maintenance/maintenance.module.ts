import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MAINTENANCE_QUEUE } from './maintenance.queue.js';

/** The maintenance queue, for producers (the API). The worker module adds the processor. */
@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE })],
  exports: [BullModule],
})
export class MaintenanceQueueModule {}
