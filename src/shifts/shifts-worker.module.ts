import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { OutboundQueueModule } from '../messaging/outbound/outbound-queue.module.js';
import { NoShowMarker } from './no-show-marker.js';
import { ShiftReminderReconciler } from './shift-reminder-reconciler.js';
import { ShiftReminderSender } from './shift-reminder-sender.js';
import { ShiftReminderProcessor } from './shift-reminder.processor.js';
import { ShiftReminders } from './shift-reminders.js';
import { SHIFT_REMINDERS_QUEUE } from './shift-reminders.queue.js';

/** Shifts (worker side): the reminder processor and its reconciler, and the no-show marker. */
@Module({
  imports: [BullModule.registerQueue({ name: SHIFT_REMINDERS_QUEUE }), OutboundQueueModule],
  providers: [
    ShiftReminders,
    ShiftReminderSender,
    ShiftReminderProcessor,
    ShiftReminderReconciler,
    NoShowMarker,
  ],
})
export class ShiftsWorkerModule {}
