import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { insertShiftUnderFreeCode } from '../shifts/shift-code.js';
import { TrainingEvent, TrainingEventStatus } from '../training/training-event.entity.js';
import { Skill } from '../volunteers/volunteer.entity.js';
import type { Zone } from '../zones/zone.entity.js';

export const DEMO_SESSION_TITLE = 'Know your rights / Conoce tus derechos';

/** The demo session's shifts, in hours from its start (10:00 on the coming Saturday, network time). */
const DEMO_SHIFTS = [
  { role: 'setup', from: -1, to: 0, seats: 2, requiredSkill: null, requiredLanguage: null },
  { role: 'greeter', from: -0.5, to: 2, seats: 2, requiredSkill: null, requiredLanguage: null },
  { role: 'interpreter', from: 0, to: 2, seats: 1, requiredSkill: Skill.INTERPRETER, requiredLanguage: 'es' },
  { role: 'childcare', from: 0, to: 2, seats: 2, requiredSkill: Skill.CHILDCARE, requiredLanguage: null },
] as const;

/**
 * A PUBLISHED session with its shifts in each zone that has no upcoming demo session yet; returns the codes of
 * the zones that got one. Written straight to the database: the seed runs without Redis, so it texts nobody
 * (publishing from the console is what sends the offer).
 */
export async function seedDemoTraining(
  dataSource: DataSource,
  zones: Zone[],
  trainerId: string,
  timezone: string,
): Promise<string[]> {
  const now = new Date();
  const local = DateTime.fromJSDate(now, { zone: timezone });
  const saturday = local
    .plus({ days: (6 - local.weekday + 7) % 7 || 7 })
    .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  const at = (hours: number) => saturday.plus({ minutes: hours * 60 }).toJSDate();
  const seeded: string[] = [];
  for (const zone of zones) {
    await dataSource.transaction(async (manager) => {
      const upcoming = await manager
        .getRepository(TrainingEvent)
        .createQueryBuilder('e')
        .where('e.zoneId = :zoneId AND e.title = :title AND e.endsAt > :now', {
          zoneId: zone.id,
          title: DEMO_SESSION_TITLE,
          now,
        })
        .getExists();
      if (upcoming) return;
      const event = await manager.save(
        manager.create(TrainingEvent, {
          title: DEMO_SESSION_TITLE,
          languages: ['es', 'en'],
          venue: `${zone.name} public library`,
          zoneId: zone.id,
          startsAt: at(0),
          endsAt: at(2),
          capacity: 40,
          trainerId,
          status: TrainingEventStatus.PUBLISHED,
          publishedAt: now,
        }),
      );
      for (const shift of DEMO_SHIFTS) {
        await insertShiftUnderFreeCode(manager, now, {
          zoneId: zone.id,
          eventId: event.id,
          role: shift.role,
          startsAt: at(shift.from),
          endsAt: at(shift.to),
          seats: shift.seats,
          requiredSkill: shift.requiredSkill,
          requiredLanguage: shift.requiredLanguage,
        });
      }
      seeded.push(zone.code);
    });
  }
  return seeded;
}
