import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BroadcastsModule } from '../messaging/broadcasts/broadcasts.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { ProtectedDataModule } from '../protected-data/protected-data.module.js';
import { ShiftsModule } from '../shifts/shifts.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { Attendee } from './attendee.entity.js';
import { AttendeesService } from './attendees.service.js';
import { TrainingEvent } from './training-event.entity.js';
import { TrainingEventsService } from './training-events.service.js';
import { AttendeeResolver, TrainingEventsResolver } from './training.resolver.js';
import { TrainingStatsService } from './training-stats.service.js';
import { TrainingTexts } from './training-texts.js';

/**
 * Know-your-rights training events (API side): sessions, their shifts (through ShiftsService), the offer of
 * those shifts (a broadcast to the event-shifts audience), attendees, attendance and stats.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([TrainingEvent, Attendee]),
    ZonesModule,
    ShiftsModule,
    MessagingModule,
    BroadcastsModule,
    ProtectedDataModule,
  ],
  providers: [
    TrainingEventsService,
    AttendeesService,
    TrainingStatsService,
    TrainingTexts,
    TrainingEventsResolver,
    AttendeeResolver,
  ],
  // For the reminder of attendees who gave a phone (AttendeesService.reachableAttendees).
  exports: [AttendeesService],
})
export class TrainingModule {}
