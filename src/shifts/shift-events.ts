import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { PubSub } from '../graphql/pubsub.js';
import { Zone } from '../zones/zone.entity.js';
import { Shift } from './shift.entity.js';

/** The topic of `shiftUpdated`: every shift's changes; each subscriber keeps those of its zones. */
export const SHIFT_UPDATED_TOPIC = 'shift-updated';

/** A shift as published (JSON: dates as strings) back into an entity, zone included. */
export function reviveShift(json: unknown): Shift {
  const plain = json as Record<string, unknown> & { zone: Record<string, unknown> };
  const date = (value: unknown) => new Date(value as string);
  return Object.assign(new Shift(), plain, {
    startsAt: date(plain.startsAt),
    endsAt: date(plain.endsAt),
    createdAt: date(plain.createdAt),
    updatedAt: date(plain.updatedAt),
    zone: Object.assign(new Zone(), plain.zone, { createdAt: date(plain.zone.createdAt) }),
  });
}

/** Publishes shifts as they are now, for `shiftUpdated`: after a claim, a drop or an update commits. */
@Injectable()
export class ShiftEvents {
  constructor(private readonly pubsub: PubSub) {}

  /** Reads the shifts through `manager`, as ShiftReminders.sync does. */
  async publish(manager: EntityManager, shiftIds: string[]): Promise<void> {
    if (shiftIds.length === 0) return;
    const shifts = await manager.find(Shift, { where: { id: In(shiftIds) }, relations: { zone: true } });
    for (const shift of shifts) await this.pubsub.publish(SHIFT_UPDATED_TOPIC, shift);
  }
}
