/**
 * When a broadcast's remaining texts will have gone out at the configured sender throughput, and what a
 * coordinator should know about that before waiting for it.
 */
import { DateTime } from 'luxon';
import { nextSendableTime, type QuietHours } from '../text/quiet-hours.js';

/** Twilio drops a text that waited longer than its validity period in Twilio's queue: at most 36,000 s. */
export const TWILIO_MAX_VALIDITY_SECONDS = 36_000;

export interface EtaInput {
  now: Date;
  /** Texts still to send. */
  remaining: number;
  ratePerSecond: number;
  /** Urgent texts ignore quiet hours. */
  urgent: boolean;
  quietHours: QuietHours | null;
  timeZone: string;
}

export interface Eta {
  /** When the last text goes out; null when nothing is left to send. */
  at: Date | null;
  /** Sending waits for the end of quiet hours at least once before `at`. */
  pausesForQuietHours: boolean;
}

/** Sending time spread over the hours outside quiet hours: a night in between adds the night. */
export function estimateFinish(input: EtaInput): Eta {
  const { now, remaining, ratePerSecond, urgent, quietHours, timeZone } = input;
  if (remaining <= 0) return { at: null, pausesForQuietHours: false };
  let secondsLeft = remaining / ratePerSecond;
  if (urgent || !quietHours)
    return { at: new Date(now.getTime() + secondsLeft * 1000), pausesForQuietHours: false };

  let start = nextSendableTime(now, quietHours, timeZone);
  let pausesForQuietHours = start.getTime() > now.getTime();
  for (;;) {
    const quietStart = nextQuietStart(start, quietHours, timeZone);
    const windowSeconds = (quietStart.getTime() - start.getTime()) / 1000;
    if (secondsLeft <= windowSeconds) break;
    secondsLeft -= windowSeconds;
    start = nextSendableTime(quietStart, quietHours, timeZone);
    pausesForQuietHours = true;
  }
  return { at: new Date(start.getTime() + secondsLeft * 1000), pausesForQuietHours };
}

export interface WarningInput extends EtaInput {
  eta: Eta;
}

/** Plain-language warnings about a broadcast's timing; empty when there is nothing to worry about. */
export function broadcastWarnings(input: WarningInput): string[] {
  const { now, remaining, ratePerSecond, quietHours, timeZone, eta } = input;
  if (!eta.at) return [];
  const warnings: string[] = [];
  const secondsToFinish = (eta.at.getTime() - now.getTime()) / 1000;
  if (secondsToFinish > TWILIO_MAX_VALIDITY_SECONDS) {
    const sendingSeconds = remaining / ratePerSecond;
    const pauses = eta.pausesForQuietHours ? ` (${hours(sendingSeconds)} of sending plus quiet hours)` : '';
    warnings.push(
      `${remaining} texts at ${ratePerSecond}/s take ${hours(secondsToFinish)} to go out${pauses}, longer than ` +
        `Twilio's ${hours(TWILIO_MAX_VALIDITY_SECONDS)} queue validity: the last ones reach people hours late. ` +
        'Narrow the segment, mark it urgent if it truly is, or raise the sender throughput (more numbers, a ' +
        'Messaging Service or a short code).',
    );
  }
  if (eta.pausesForQuietHours && quietHours) {
    warnings.push(
      `Texts are not sent during quiet hours (${quietHours.start}-${quietHours.end} ${timeZone}): this ` +
        `broadcast pauses and finishes around ${DateTime.fromJSDate(eta.at, { zone: timeZone }).toFormat('ccc HH:mm')}.`,
    );
  }
  return warnings;
}

/** The first start of quiet hours after `after`, on the network's wall clock. */
function nextQuietStart(after: Date, quietHours: QuietHours, timeZone: string): Date {
  const local = DateTime.fromJSDate(after, { zone: timeZone });
  const [hour, minute] = quietHours.start.split(':').map(Number);
  const today = local.set({ hour, minute, second: 0, millisecond: 0 });
  return (today > local ? today : today.plus({ days: 1 })).toJSDate();
}

function hours(seconds: number): string {
  return `${(seconds / 3600).toFixed(1)} h`;
}
