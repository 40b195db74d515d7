import 'reflect-metadata';
import { StaffRole, StaffUser } from '../src/auth/staff-user.entity.js';
import { withAppContext } from '../src/cli/app-context.js';
import { VolunteersModule } from '../src/volunteers/volunteers.module.js';
import { VolunteersService } from '../src/volunteers/volunteers.service.js';
import { ZonesModule } from '../src/zones/zones.module.js';
import { ZonesService } from '../src/zones/zones.service.js';
import { withScratchDatabase } from './scratch-database.js';

/**
 * Times `importVolunteers` (the service behind the mutation) on a generated spreadsheet against a fresh, migrated
 * database: the first import, then the same file again. Usage, after `npm run build`:
 *   node dist/bench/import-volunteers.js [rows=20000]
 * PostgreSQL comes from DATABASE_URL (its server gets a scratch database, dropped at the end), or is found or
 * started as for `npm run dev`.
 */

const ROWS = Number(process.argv[2] ?? 20_000);
const ZONES = ['SOUTHSIDE', 'NORTHSIDE', 'EASTSIDE', 'WESTSIDE', 'DOWNTOWN'];
const SKILLS = ['DRIVER', 'HAS_CAR', 'INTERPRETER', 'RAPID_RESPONSE', 'CHILDCARE', 'MEDIC'];

/** Rows like a network's export: one or two zones, zero to two skills, a third of them Spanish first. */
function spreadsheet(rows: number): string {
  const lines = ['name,phone,languages,zones,skills'];
  for (let index = 0; index < rows; index++) {
    // Valid US numbers in area code 414, ten thousand per exchange, from exchange 300 on.
    const phone = `(414) ${300 + Math.floor(index / 10_000)}-${String(index % 10_000).padStart(4, '0')}`;
    const languages = index % 3 === 0 ? 'es;en' : 'en';
    const zones = index % 4 === 0 ? `${ZONES[index % 5]};${ZONES[(index + 1) % 5]}` : ZONES[index % 5];
    const skills = SKILLS.filter((_, skill) => (index + skill) % 4 === 0).join(';');
    lines.push(`Volunteer ${index},${phone},${languages},${zones},${skills}`);
  }
  return `${lines.join('\n')}\n`;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const report = (label: string, ms: number) =>
  process.stdout.write(
    `${label.padEnd(14)} ${ms.toFixed(0).padStart(7)} ms  ${Math.round((ROWS / ms) * 1000)
      .toString()
      .padStart(7)} rows/s\n`,
  );

await withScratchDatabase(async (config, database) => {
  const csv = spreadsheet(ROWS);
  process.stdout.write(
    `importVolunteers: ${ROWS} rows (${(csv.length / 1e6).toFixed(1)} MB of CSV), database ${database}\n`,
  );
  await withAppContext(config, [ZonesModule, VolunteersModule], async (app) => {
    for (const code of ZONES) await app.get(ZonesService).create({ code, name: code });
    const volunteers = app.get(VolunteersService);
    const admin = Object.assign(new StaffUser(), { role: StaffRole.ADMIN, zones: [] });

    const [first, firstMs] = await timed(() => volunteers.importCsv(admin, csv));
    if (first.created !== ROWS || first.errors.length > 0) {
      throw new Error(`first import: ${JSON.stringify({ ...first, errors: first.errors.slice(0, 3) })}`);
    }
    report('first import', firstMs);

    const [again, againMs] = await timed(() => volunteers.importCsv(admin, csv));
    if (again.unchanged !== ROWS) throw new Error(`re-import changed rows: ${JSON.stringify(again)}`);
    report('re-import', againMs);
  });
  process.stdout.write(
    `peak RSS       ${(process.resourceUsage().maxRSS / 1024).toFixed(0).padStart(7)} MB\n`,
  );
});
