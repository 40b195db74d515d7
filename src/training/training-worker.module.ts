import { Module } from '@nestjs/common';
// The broadcast fan-out in this process reads the audience of a training event's shift offer.
import '../shifts/event-shifts-audience.js';
import { AttendeeRetention } from './attendee-retention.js';
import { TrainingEventCompletion } from './training-event-completion.js';

/** Training events (worker side): completing ended sessions and wiping attendees' data past retention. */
@Module({
  providers: [TrainingEventCompletion, AttendeeRetention],
})
export class TrainingWorkerModule {}
