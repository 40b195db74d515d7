/** The day-before reminder of a training event's attendees who gave a phone: one delayed job per event. */
export const ATTENDEE_REMINDERS_QUEUE = 'attendee-reminders';

export const SEND_ATTENDEE_REMINDER_JOB = 'remind-attendees';

export interface AttendeeReminderJobData {
  eventId: string;
  /** When it was due, ISO: the processor sends only while the event's start still gives it. */
  remindAt: string;
}

/** Deterministic: one job per event (BullMQ ids may not contain `:`). */
export function attendeeReminderJobId(eventId: string): string {
  return `attendee-reminder-${eventId}`;
}
