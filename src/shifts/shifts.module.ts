import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PubSubModule } from '../graphql/pubsub.js';
import { InboundSmsModule } from '../messaging/inbound/inbound-sms.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { ZonesModule } from '../zones/zones.module.js';
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

/**
 * Shifts and signups: the GraphQL API for staff and the SMS commands for volunteers; reminders are scheduled
 * here and sent by the worker (ShiftsWorkerModule).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Shift, Signup, Volunteer]),
    MessagingModule,
    InboundSmsModule,
    ZonesModule,
    PubSubModule,
    BullModule.registerQueue({ name: SHIFT_REMINDERS_QUEUE }),
  ],
  providers: [
    ShiftsService,
    SignupsService,
    SignupChanges,
    ShiftReminders,
    ShiftEvents,
    ShiftsResolver,
    SignupsResolver,
    ShiftSmsCommands,
  ],
})
export class ShiftsModule {}
