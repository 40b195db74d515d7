import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ical, { ICalAlarmType } from 'ical-generator';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';

/** Calendar apps poll a subscribed feed; an hour is enough for shifts. */
const REFRESH_SECONDS = 3600;

/**
 * A volunteer's iCalendar feed: their CONFIRMED shifts that have not ended, each with its role, zone and times and a
 * VALARM per SHIFT_REMINDERS offset. Nothing else: no name, phone or other volunteer.
 */
@Injectable()
export class CalendarFeedBuilder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async feedOf(volunteerId: string): Promise<string> {
    const shifts: {
      id: string;
      code: string;
      role: string;
      starts_at: Date;
      ends_at: Date;
      updated_at: Date;
      zone_code: string;
      zone_name: string;
    }[] = await this.dataSource.query(
      `SELECT s.id, s.code, s.role, s.starts_at, s.ends_at, s.updated_at, z.code AS zone_code, z.name AS zone_name
         FROM signups g JOIN shifts s ON s.id = g.shift_id JOIN zones z ON z.id = s.zone_id
        WHERE g.volunteer_id = $1 AND g.status = 'CONFIRMED' AND s.ends_at > $2
        ORDER BY s.starts_at, s.id`,
      [volunteerId, this.clock.now()],
    );
    const calendar = ical({
      name: 'vecino shifts',
      prodId: { company: 'vecino', product: 'shifts', language: 'EN' },
      ttl: REFRESH_SECONDS,
    });
    for (const shift of shifts) {
      calendar.createEvent({
        id: `shift-${shift.id}@vecino`,
        start: shift.starts_at,
        end: shift.ends_at,
        stamp: shift.updated_at,
        summary: `${shift.role} (shift ${shift.code})`,
        location: `${shift.zone_name} (${shift.zone_code})`,
        alarms: this.config.shiftReminders.map((offset) => ({
          type: ICalAlarmType.display,
          trigger: offset.minutes * 60,
          description: `${shift.role} (shift ${shift.code})`,
        })),
      });
    }
    return calendar.toString();
  }
}
