import { Injectable } from '@nestjs/common';

/** The current time, injectable so tests can move it (quiet hours, offer expiry, reminders). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
