import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import { StaffRole } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { VolunteersService } from '../volunteers/volunteers.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { seedDemoDeliveries } from './demo-deliveries.js';
import { seedDemoTraining } from './demo-training.js';

/** The demo admin's login is printed by `npm run dev` and written here: the seed never runs in production. */
export const DEMO_ADMIN = { email: 'admin@vecino.local', password: 'vecino-demo-password' } as const;
/** The trainer of the demo sessions, with the demo password. */
export const DEMO_TRAINER = { email: 'trainer@vecino.local', password: DEMO_ADMIN.password } as const;

export const DEMO_ZONES = [
  { code: 'SOUTHSIDE', name: 'South Side' },
  { code: 'NORTHSIDE', name: 'North Side' },
] as const;

// 555-01xx numbers are reserved for fiction: the demo can never text a real person.
const DEMO_VOLUNTEERS_CSV = `name,phone,languages,zones,skills
Ana Torres,(414) 555-0101,es;en,SOUTHSIDE,DRIVER;HAS_CAR
Marcus Johnson,(414) 555-0102,en,NORTHSIDE,RAPID_RESPONSE;DRIVER
Lucía Hernández,(414) 555-0103,es;en,SOUTHSIDE,INTERPRETER;TRAINER
Dang Vue,(414) 555-0104,en;hmn,NORTHSIDE,DRIVER;HAS_CAR
Rosa Méndez,(414) 555-0105,es,SOUTHSIDE,CHILDCARE
Keisha Brown,(414) 555-0106,en,NORTHSIDE;SOUTHSIDE,LEGAL_OBSERVER
Javier Ortiz,(414) 555-0107,es;en,SOUTHSIDE,HAS_CAR;RAPID_RESPONSE
Emily Novak,(414) 555-0108,en;es,NORTHSIDE,MEDIC
`;

export interface DemoSeedResult {
  admin: { email: string; password: string; created: boolean };
  zonesCreated: string[];
  volunteers: { created: number; updated: number; unchanged: number };
  deliveryRequestsCreated: number;
  /** Zones that got an upcoming published training session with shifts. */
  trainingSessionsIn: string[];
}

export function assertDemoAllowed(nodeEnv: AppConfig['nodeEnv']): void {
  if (nodeEnv === 'production') {
    throw DomainError.badInput(
      'NODE_ENV',
      'is production, where a demo admin with a public password has no place',
    );
  }
}

/**
 * Seeds the demo into an app context holding the auth, zones, volunteers and protected-data modules. Idempotent: a second run
 * creates nothing, though it resets the demo admin's password and role so the printed login always works.
 */
export async function seedDemo(app: INestApplicationContext): Promise<DemoSeedResult> {
  const config = app.get<AppConfig>(APP_CONFIG);
  assertDemoAllowed(config.nodeEnv);
  const { user, created } = await app.get(AuthService).upsertUser({ ...DEMO_ADMIN, role: StaffRole.ADMIN });

  const zones = app.get(ZonesService);
  const existing = new Set((await zones.findByCodes(DEMO_ZONES.map((zone) => zone.code))).map((z) => z.code));
  const missing = DEMO_ZONES.filter((zone) => !existing.has(zone.code));
  for (const zone of missing) await zones.create({ ...zone });
  const demoZones = await zones.findByCodes(DEMO_ZONES.map((zone) => zone.code));

  // The import is idempotent by design: a row identical to the stored volunteer changes nothing.
  const imported = await app.get(VolunteersService).importCsv(user, DEMO_VOLUNTEERS_CSV);
  if (imported.errors.length > 0) {
    const problems = imported.errors.map((error) => `row ${error.row} ${error.field}: ${error.message}`);
    throw new Error(`the demo volunteers did not import: ${problems.join('; ')}`);
  }
  const deliveryRequestsCreated = await seedDemoDeliveries(app, user.id, demoZones);
  const { user: trainer } = await app
    .get(AuthService)
    .upsertUser({ ...DEMO_TRAINER, role: StaffRole.TRAINER });
  const inOrder = DEMO_ZONES.flatMap(({ code }) => demoZones.filter((zone) => zone.code === code));
  const trainingSessionsIn = await seedDemoTraining(
    app.get(DataSource),
    inOrder,
    trainer.id,
    config.networkTimezone,
  );
  return {
    admin: { ...DEMO_ADMIN, created },
    zonesCreated: missing.map((zone) => zone.code),
    volunteers: { created: imported.created, updated: imported.updated, unchanged: imported.unchanged },
    deliveryRequestsCreated,
    trainingSessionsIn,
  };
}

/** The seed's outcome as lines for a terminal. */
export function describeDemoSeed(result: DemoSeedResult): string[] {
  const { admin, zonesCreated, volunteers, deliveryRequestsCreated, trainingSessionsIn } = result;
  return [
    `demo admin ${admin.email} ${admin.created ? 'created' : 'already there (password reset)'}`,
    zonesCreated.length > 0
      ? `demo zones created: ${zonesCreated.join(', ')}`
      : `demo zones already there: ${DEMO_ZONES.map((zone) => zone.code).join(', ')}`,
    `demo volunteers: ${volunteers.created} created, ${volunteers.updated} updated, ` +
      `${volunteers.unchanged} unchanged`,
    `demo delivery requests: ${deliveryRequestsCreated} created`,
    trainingSessionsIn.length > 0
      ? `demo training sessions published (with shifts) in: ${trainingSessionsIn.join(', ')}`
      : 'demo training sessions already upcoming in every demo zone',
  ];
}
