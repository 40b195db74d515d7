import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BroadcastOutboxModule } from '../messaging/broadcasts/broadcast-outbox.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { ProtectedDataModule } from '../protected-data/protected-data.module.js';
import { ShiftsModule } from '../shifts/shifts.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { AttendeeReminders } from './attendee-reminders.js';
import { ATTENDEE_REMINDERS_QUEUE } from './attendee-reminders.queue.js';
import { Attendee } from './attendee.entity.js';
import { AttendeesService } from './attendees.service.js';
import { TrainingEvent } from './training-event.entity.js';
import { TrainingEventsService } from './training-events.service.js';
import { AttendeeResolver, TrainingEventsResolver } from './training.resolver.js';
import { TrainingStatsService } from './training-stats.service.js';
import { TrainingTexts } from './training-texts.js';

/**
 * Know-your-rights training events (API side): sessions, their shifts (through ShiftsService), the offer of
 * those shifts (a broadcast to the event-shifts audience), attendees, attendance and stats; the attendees'
 * day-before reminder is scheduled here and sent by the worker (TrainingWorkerModule).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([TrainingEvent, Attendee]),
    BullModule.registerQueue({ name: ATTENDEE_REMINDERS_QUEUE }),
    ZonesModule,
    ShiftsModule,
    MessagingModule,
    BroadcastOutboxModule,
    ProtectedDataModule,
  ],
  providers: [
    TrainingEventsService,
    AttendeesService,
    AttendeeReminders,
    TrainingStatsService,
    TrainingTexts,
    TrainingEventsResolver,
    AttendeeResolver,
  ],
  // For the reminder of attendees who gave a phone (AttendeesService.reachableAttendees).
  exports: [AttendeesService],
})
export class TrainingModule {}
