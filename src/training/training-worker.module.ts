import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { OutboundQueueModule } from '../messaging/outbound/outbound-queue.module.js';
import { ProtectedDataModule } from '../protected-data/protected-data.module.js';
// The broadcast fan-out in this process reads the audience of a training event's shift offer.
import '../shifts/event-shifts-audience.js';
import { AttendeeReminderReconciler } from './attendee-reminder-reconciler.js';
import { AttendeeReminderSender } from './attendee-reminder-sender.js';
import { AttendeeReminderProcessor } from './attendee-reminder.processor.js';
import { AttendeeReminders } from './attendee-reminders.js';
import { ATTENDEE_REMINDERS_QUEUE } from './attendee-reminders.queue.js';
import { AttendeeRetention } from './attendee-retention.js';
import { AttendeesService } from './attendees.service.js';
import { TrainingEventCompletion } from './training-event-completion.js';

/**
 * Training events (worker side): completing ended sessions, wiping attendees' data past retention, and the
 * attendees' day-before reminder (its processor and reconciler).
 */
@Module({
  imports: [
    BullModule.registerQueue({ name: ATTENDEE_REMINDERS_QUEUE }),
    OutboundQueueModule,
    ProtectedDataModule,
  ],
  providers: [
    TrainingEventCompletion,
    AttendeeRetention,
    AttendeesService,
    AttendeeReminders,
    AttendeeReminderSender,
    AttendeeReminderProcessor,
    AttendeeReminderReconciler,
  ],
})
export class TrainingWorkerModule {}
