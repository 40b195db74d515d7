import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PubSubModule } from '../graphql/pubsub.js';
import { InboundSmsModule } from '../messaging/inbound/inbound-sms.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { ProtectedDataModule } from '../protected-data/protected-data.module.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { VolunteersModule } from '../volunteers/volunteers.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { CalendarFeedBuilder } from './calendar/calendar-feed.builder.js';
import { CalendarFeeds } from './calendar/calendar-feeds.service.js';
import { CalendarController } from './calendar/calendar.controller.js';
import { ShiftEvents } from './shift-events.js';
import { ShiftReminders } from './shift-reminders.js';
import { SHIFT_REMINDERS_QUEUE } from './shift-reminders.queue.js';
import { Shift } from './shift.entity.js';
import { ShiftSmsCommands } from './shift-sms-commands.js';
import { ShiftsResolver } from './shifts.resolver.js';
import { ShiftsService } from './shifts.service.js';
import { Signup } from './signup.entity.js';
import { SignupsResolver } from './signups.resolver.js';
import { SignupChanges } from './signup-changes.js';
import { SignupsService } from './signups.service.js';
import { VolunteerShiftFieldsResolver } from './volunteer-shift-fields.resolver.js';

/**
 * Shifts and signups: the GraphQL API for staff, the SMS commands for volunteers and their calendar feeds;
 * reminders are scheduled here and sent by the worker (ShiftsWorkerModule). Training uses ShiftsService for its
 * events' shifts.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Shift, Signup, Volunteer]),
    MessagingModule,
    InboundSmsModule,
    ZonesModule,
    PubSubModule,
    ProtectedDataModule,
    VolunteersModule,
    BullModule.registerQueue({ name: SHIFT_REMINDERS_QUEUE }),
  ],
  controllers: [CalendarController],
  providers: [
    ShiftsService,
    SignupsService,
    SignupChanges,
    ShiftReminders,
    ShiftEvents,
    ShiftsResolver,
    SignupsResolver,
    ShiftSmsCommands,
    CalendarFeeds,
    CalendarFeedBuilder,
    VolunteerShiftFieldsResolver,
  ],
  exports: [ShiftsService],
})
export class ShiftsModule {}
