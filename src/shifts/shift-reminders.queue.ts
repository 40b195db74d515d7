/** Delayed reminder texts before shifts: one job per confirmed signup × SHIFT_REMINDERS offset. */
export const SHIFT_REMINDERS_QUEUE = 'shift-reminders';

export const SEND_SHIFT_REMINDER_JOB = 'remind';

export interface ShiftReminderJobData {
  signupId: string;
  offsetMinutes: number;
  /** When it was due, ISO: the processor sends only while the shift's start and this offset still give it. */
  remindAt: string;
}

/** Deterministic: one job per signup and offset (BullMQ ids may not contain `:`). */
export function shiftReminderJobId(signupId: string, offsetMinutes: number): string {
  return `reminder-${signupId}-${offsetMinutes}m`;
}
