import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { StaffRole, StaffUser } from '../src/auth/staff-user.entity.js';
import { withAppContext } from '../src/cli/app-context.js';
import { VolunteersModule } from '../src/volunteers/volunteers.module.js';
import { VolunteersService } from '../src/volunteers/volunteers.service.js';
import { withScratchDatabase } from './scratch-database.js';
import { StatementRecorder } from './statement-recorder.js';

/**
 * Shows how `volunteers(filter: { search })` runs at scale: seeds N volunteers (default 20,000) with Spanish and
 * English names into a scratch database, calls the service's list() for a few searches, and prints each
 * statement it ran with PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS)`. Usage, after `npm run build`:
 *   node dist/bench/volunteer-search.js [volunteers=20000]
 * PostgreSQL comes from DATABASE_URL (its server gets a scratch database, dropped at the end), or is found or
 * started as for `npm run dev`.
 */

const COUNT = Number(process.argv[2] ?? 20_000);
// prettier-ignore
const FIRST = ['María', 'José', 'Ana', 'Lucía', 'Jesús', 'Ramón', 'Sofía', 'Andrés', 'Inés', 'Ángel', 'John',
  'Mary', 'David', 'Sarah', 'Michael', 'Linda', 'James', 'Karen', 'Robert', 'Emily', 'Chris', 'Nora'];
// prettier-ignore
const LAST = ['García', 'Núñez', 'Peña', 'Álvarez', 'Hernández', 'Martínez', 'López', 'Gómez', 'Pérez', 'Díaz',
  'Smith', 'Johnson', 'Brown', 'Miller', 'Wilson', 'Moore', 'Taylor', 'Anderson', 'Thomas', 'Jackson',
  'Ortiz', 'Ruiz', 'Castañeda', 'Ibáñez', 'Muñoz', 'Olson', 'Nowak', 'Kowalski', 'Nguyen', 'Tran'];
/** Common first name, one surname of thirty, a rare full name (one row), two characters, and digits. */
const SEARCHES = ['maria', 'nunez', 'xochitl quispe', 'an', '4143001'];

await withScratchDatabase(async (config, database) => {
  await withAppContext(config, [VolunteersModule], async (app) => {
    const dataSource = app.get(DataSource);
    const indexes = Array.from({ length: COUNT }, (_, index) => index);
    const names = indexes.map((index) =>
      index === COUNT >> 1
        ? 'Xóchitl Quispe'
        : `${FIRST[index % FIRST.length]} ${LAST[Math.floor(index / FIRST.length) % LAST.length]}`,
    );
    await dataSource.query(
      `INSERT INTO volunteers (name, phone, preferred_language)
       SELECT name, phone, 'en' FROM unnest($1::text[], $2::text[]) AS t(name, phone)`,
      [names, indexes.map((index) => `+1414${3000000 + index}`)],
    );
    await dataSource.query('ANALYZE volunteers');
    process.stdout.write(`${COUNT} volunteers in ${database}\n`);

    const volunteers = app.get(VolunteersService);
    const admin = Object.assign(new StaffUser(), { role: StaffRole.ADMIN, zones: [] });
    for (const search of SEARCHES) {
      const list = () => volunteers.list(admin, { search }, { first: 20 });
      await list(); // warm: the timing below is not the first call's
      const started = performance.now();
      const page = await list();
      const ms = performance.now() - started;
      process.stdout.write(
        `\n== search "${search}": ${page.totalCount} found, first page of ${page.edges.length} in ${ms.toFixed(1)} ms\n`,
      );
      const recorder = new StatementRecorder(dataSource);
      const { statements } = await recorder.record(list);
      recorder.uninstall();
      for (const { sql, parameters } of statements) {
        const plan: { 'QUERY PLAN': string }[] = await dataSource.query(
          `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
          parameters,
        );
        process.stdout.write(`\n${sql}\n${plan.map((row) => row['QUERY PLAN']).join('\n')}\n`);
      }
    }
  });
});
