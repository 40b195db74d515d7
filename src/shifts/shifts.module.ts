import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboundSmsModule } from '../messaging/inbound/inbound-sms.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { ZonesModule } from '../zones/zones.module.js';
import { Shift } from './shift.entity.js';
import { ShiftSmsCommands } from './shift-sms-commands.js';
import { ShiftsResolver } from './shifts.resolver.js';
import { ShiftsService } from './shifts.service.js';
import { Signup } from './signup.entity.js';
import { SignupsResolver } from './signups.resolver.js';
import { SignupsService } from './signups.service.js';

/**
 * Shifts and signups: the GraphQL API for staff and the SMS commands for volunteers. Training uses ShiftsService
 * for its events' shifts.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Shift, Signup, Volunteer]),
    MessagingModule,
    InboundSmsModule,
    ZonesModule,
  ],
  providers: [ShiftsService, SignupsService, ShiftsResolver, SignupsResolver, ShiftSmsCommands],
  exports: [ShiftsService],
})
export class ShiftsModule {}
