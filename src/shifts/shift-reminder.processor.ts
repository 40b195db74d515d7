import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { ShiftReminderSender, type ReminderOutcome } from './shift-reminder-sender.js';
import { SHIFT_REMINDERS_QUEUE, type ShiftReminderJobData } from './shift-reminders.queue.js';

/** Runs due shift reminders; what to send, and whether, is the sender's. */
@Processor(SHIFT_REMINDERS_QUEUE)
export class ShiftReminderProcessor extends WorkerHost {
  constructor(private readonly sender: ShiftReminderSender) {
    super();
  }

  process(job: Job<ShiftReminderJobData>): Promise<ReminderOutcome> {
    return this.sender.send(job.data);
  }
}
