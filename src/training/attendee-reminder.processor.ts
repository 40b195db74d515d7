import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AttendeeReminderSender, type AttendeeReminderOutcome } from './attendee-reminder-sender.js';
import { ATTENDEE_REMINDERS_QUEUE, type AttendeeReminderJobData } from './attendee-reminders.queue.js';

/** Runs due attendee reminders; what to send, and whether, is the sender's. */
@Processor(ATTENDEE_REMINDERS_QUEUE)
export class AttendeeReminderProcessor extends WorkerHost {
  constructor(private readonly sender: AttendeeReminderSender) {
    super();
  }

  process(job: Job<AttendeeReminderJobData>): Promise<AttendeeReminderOutcome> {
    return this.sender.send(job.data);
  }
}
