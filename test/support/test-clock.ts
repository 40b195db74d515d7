import { DateTime } from 'luxon';
import { Clock } from '../../src/common/clock.js';

/** Real time shifted by an offset the test controls, so it can stand at a given hour of the network's day. */
export class TestClock extends Clock {
  offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves to the next time, from real now, that the wall clock in `zone` shows `hour`:00. */
  standAt(hour: number, zone: string): void {
    const now = DateTime.now().setZone(zone);
    let target = now.set({ hour, minute: 0, second: 0, millisecond: 0 });
    if (target <= now) target = target.plus({ days: 1 });
    this.offsetMs = target.toMillis() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
