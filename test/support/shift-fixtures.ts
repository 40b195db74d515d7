import { DataSource } from 'typeorm';
import { Volunteer } from '../../src/volunteers/volunteer.entity.js';
import type { TestApp } from './test-app.js';

const HOUR = 3600_000;

/** A time this many hours from now, on a whole minute, so that it reads back exactly as sent. */
export const hoursFromNow = (hours: number): Date =>
  new Date(Math.floor((Date.now() + hours * HOUR) / 60_000) * 60_000);

/** Creates a zone through the API and returns its id. */
export async function createZone(app: TestApp, adminToken: string, code: string): Promise<string> {
  const created = await app.graphql<{ createZone: { id: string } }>(
    `mutation { createZone(input: { code: "${code}", name: "${code} side" }) { id } }`,
    {},
    adminToken,
  );
  return created.data?.createZone.id as string;
}

/**
 * Volunteers straight into the database, English-speaking unless told, each with a fresh valid number from
 * `+1 414 <exchange> 1000` on (one exchange per test file keeps numbers apart).
 */
export function volunteerFactory(dataSource: DataSource, exchange: number) {
  let counter = 0;
  const nextPhone = () => {
    const n = 1000 + counter++;
    return `+1414${exchange + Math.floor(n / 10_000)}${String(n % 10_000).padStart(4, '0')}`;
  };
  const volunteer = (fields: Partial<Volunteer> = {}, zoneIds: string[] = []) =>
    dataSource.getRepository(Volunteer).save({
      name: 'Shift Volunteer',
      phone: nextPhone(),
      preferredLanguage: 'en',
      languages: ['en'],
      zones: zoneIds.map((id) => ({ id })),
      ...fields,
    });
  return { nextPhone, volunteer };
}
