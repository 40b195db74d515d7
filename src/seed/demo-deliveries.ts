import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { insertUnderFreeCode } from '../deliveries/delivery-code.js';
import { DeliveryStatus, DeliveryUrgency } from '../deliveries/delivery-request.entity.js';
import { ActorKind, DeliveryTransition } from '../deliveries/delivery-transition.entity.js';
import { FieldCipher } from '../protected-data/field-cipher.js';
import type { Zone } from '../zones/zone.entity.js';

const HOUR = 3600_000;

/**
 * Open requests a new user finds on the dashboard, two a zone. Fictional addresses, and 555-01xx phones, which are
 * reserved for fiction. The household alias tells the seed which are already there.
 */
const DEMO_REQUESTS = [
  {
    zone: 'SOUTHSIDE',
    householdAlias: 'Familia del parque (demo)',
    householdSize: 4,
    language: 'es',
    address: '1620 S Example Ave, apt 2',
    contactPhone: '+14145550190',
    notes: 'Ring twice; they will answer in Spanish',
    needs: 'rice, beans, milk, diapers size 4',
    urgency: DeliveryUrgency.HIGH,
    dueInHours: 6,
  },
  {
    zone: 'SOUTHSIDE',
    householdAlias: 'Abuela on 9th (demo)',
    householdSize: 1,
    language: 'es',
    address: '2400 S Sample St',
    contactPhone: '+14145550191',
    notes: null,
    needs: 'low-sodium soup, fruit',
    urgency: DeliveryUrgency.NORMAL,
    dueInHours: 26,
  },
  {
    zone: 'NORTHSIDE',
    householdAlias: 'Vang household (demo)',
    householdSize: 6,
    language: 'hmn',
    address: '3100 N Placeholder Blvd',
    contactPhone: '+14145550192',
    notes: 'Leave at the side door',
    needs: 'rice (25 lb), vegetables, eggs',
    urgency: DeliveryUrgency.NORMAL,
    dueInHours: 12,
  },
  {
    zone: 'NORTHSIDE',
    householdAlias: 'Family near the library (demo)',
    householdSize: 3,
    language: 'en',
    address: '4500 N Fictional Ct, unit B',
    contactPhone: null,
    notes: null,
    needs: 'formula, bread, peanut-free',
    urgency: DeliveryUrgency.LOW,
    dueInHours: 48,
  },
] as const;

/**
 * Adds the demo requests not there yet, OPEN, encrypted as any request is, each with its creation in the history;
 * returns how many it created.
 */
export async function seedDemoDeliveries(
  app: INestApplicationContext,
  createdById: string,
  zones: Zone[],
): Promise<number> {
  const dataSource = app.get(DataSource);
  const cipher = app.get(FieldCipher);
  const now = app.get(Clock).now();
  const zoneIdOf = new Map(zones.map((zone) => [zone.code, zone.id]));
  const present: { household_alias: string }[] = await dataSource.query(
    `SELECT household_alias FROM delivery_requests WHERE household_alias = ANY ($1)`,
    [DEMO_REQUESTS.map((request) => request.householdAlias)],
  );
  const missing = DEMO_REQUESTS.filter(
    (request) => !present.some((row) => row.household_alias === request.householdAlias),
  );
  for (const { zone, address, contactPhone, notes, dueInHours, ...fields } of missing) {
    await dataSource.transaction(async (manager) => {
      const requestId = await insertUnderFreeCode(manager, {
        ...fields,
        zoneId: zoneIdOf.get(zone),
        deliverAfter: null,
        deliverBy: new Date(now.getTime() + dueInHours * HOUR),
        createdById,
        addressCiphertext: cipher.encrypt(address),
        contactPhoneCiphertext: contactPhone === null ? null : cipher.encrypt(contactPhone),
        notesCiphertext: notes === null ? null : cipher.encrypt(notes),
      });
      await manager.insert(DeliveryTransition, {
        requestId,
        from: null,
        to: DeliveryStatus.OPEN,
        actorKind: ActorKind.STAFF,
        actorId: createdById,
        reason: null,
        at: now,
      });
    });
  }
  return missing.length;
}
