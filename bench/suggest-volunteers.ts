import 'reflect-metadata';
import { DataSource, type EntityManager } from 'typeorm';
import { withAppContext } from '../src/cli/app-context.js';
import { DeliveryUrgency } from '../src/deliveries/delivery-request.entity.js';
import { rankVolunteerMatches } from '../src/deliveries/volunteer-match-ranking.js';
import { withScratchDatabase } from './scratch-database.js';

/**
 * Shows how `suggestVolunteers` (its one ranking query, volunteer-match-ranking.ts) runs at scale: seeds N
 * volunteers (default 20,000) into a scratch database, all in the request's zone (the worst case: nobody is
 * filtered out by zone) with a mix of languages, car skills, weekly availability, statuses and deliveries in
 * progress, then times the ranking and prints PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS)` of it. Usage:
 *   npm run bench:suggest -- [volunteers=20000]
 * PostgreSQL comes from DATABASE_URL (its server gets a scratch database, dropped at the end), or is found or
 * started as for `npm run dev`.
 */

const COUNT = Number(process.argv[2] ?? 20_000);
const IN_PROGRESS = 2000;
const RUNS = 5;

await withScratchDatabase(async (config, database) => {
  await withAppContext(config, [], async (app) => {
    const dataSource = app.get(DataSource);
    const [{ id: zoneId }] = (await dataSource.query(
      `INSERT INTO zones (code, name) VALUES ('SOUTHSIDE', 'South side') RETURNING id`,
    )) as { id: string }[];
    const [{ id: staffId }] = (await dataSource.query(
      `INSERT INTO staff_users (email, password_hash, role) VALUES ('bench@vecino.test', 'x', 'COORDINATOR')
       RETURNING id`,
    )) as { id: string }[];
    const seeded = performance.now();
    // A third speak Spanish, a fifth have a car, half have availability (a window of each weekday in four), one in
    // twenty is paused and one in fifty opted out.
    await dataSource.query(
      `INSERT INTO volunteers (name, phone, preferred_language, languages, skills, availability, status, sms_status)
       SELECT 'Volunteer ' || n, '+1414' || (3000000 + n),
              CASE WHEN n % 3 = 0 THEN 'es' ELSE 'en' END,
              CASE WHEN n % 3 = 0 THEN '{es,en}'::text[] ELSE '{en}'::text[] END,
              CASE WHEN n % 5 = 0 THEN '{HAS_CAR}'::text[] WHEN n % 7 = 0 THEN '{DRIVER}'::text[] ELSE '{}'::text[] END,
              CASE WHEN n % 2 = 0 THEN jsonb_build_array(
                     jsonb_build_object('weekday', 1 + n % 7, 'start', '08:00', 'end', '20:00'),
                     jsonb_build_object('weekday', 1 + (n + 3) % 7, 'start', '17:00', 'end', '21:30'))
                   ELSE '[]'::jsonb END,
              CASE WHEN n % 20 = 0 THEN 'PAUSED' ELSE 'ACTIVE' END::volunteer_status,
              CASE WHEN n % 50 = 0 THEN 'OPTED_OUT' ELSE 'SUBSCRIBED' END::sms_status
         FROM generate_series(1, $1) AS n`,
      [COUNT],
    );
    await dataSource.query(
      `INSERT INTO volunteer_zones (volunteers_id, zones_id) SELECT id, $1 FROM volunteers`,
      [zoneId],
    );
    // Deliveries in progress, assigned to the first volunteers (some have several).
    await dataSource.query(
      `INSERT INTO delivery_requests (code, status, zone_id, household_alias, household_size, language, deliver_by,
                                      created_by_id, assigned_volunteer_id)
       SELECT 100 + n, 'ASSIGNED', $1, 'Household ' || n, 3, 'es', now() + interval '1 day', $2,
              (SELECT id FROM volunteers ORDER BY id OFFSET (n % 500) LIMIT 1)
         FROM generate_series(1, $3) AS n`,
      [zoneId, staffId, IN_PROGRESS],
    );
    const [request] = (await dataSource.query(
      `INSERT INTO delivery_requests (code, status, zone_id, household_alias, household_size, language, deliver_by,
                                      created_by_id, urgency)
       VALUES (9999, 'OFFERED', $1, 'Familia', 5, 'es', now() + interval '6 hours', $2, 'HIGH')
       RETURNING id, zone_id AS "zoneId", household_size AS "householdSize", language, urgency`,
      [zoneId, staffId],
    )) as { id: string; zoneId: string; householdSize: number; language: string; urgency: DeliveryUrgency }[];
    // Past offers of this request, which exclude their volunteers.
    await dataSource.query(
      `INSERT INTO delivery_offers (request_id, volunteer_id, status, expires_at)
       SELECT $1, id, 'DECLINED', now() FROM volunteers ORDER BY id DESC LIMIT 20`,
      [request!.id],
    );
    await dataSource.query('ANALYZE');
    process.stdout.write(
      `${COUNT} volunteers, ${IN_PROGRESS} deliveries in progress, 20 past offers in ${database}, seeded in ` +
        `${Math.round(performance.now() - seeded)} ms\n`,
    );

    let statement: { sql: string; parameters: unknown[] } | null = null;
    const recording = {
      query: (sql: string, parameters: unknown[]) => {
        statement = { sql, parameters };
        return dataSource.query(sql, parameters);
      },
    } as unknown as EntityManager;
    const options = { limit: 10, now: new Date(), timezone: config.networkTimezone };
    const times: number[] = [];
    let top: Awaited<ReturnType<typeof rankVolunteerMatches>> = [];
    await rankVolunteerMatches(recording, request!, options); // warm: the timings below are not the first call's
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      top = await rankVolunteerMatches(recording, request!, options);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(
      `\n== suggestVolunteers(limit: 10) over ${RUNS} runs: median ${times[RUNS >> 1]!.toFixed(1)} ms, ` +
        `min ${times[0]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms\n`,
    );
    for (const match of top.slice(0, 3)) {
      process.stdout.write(`  ${match.volunteerId} ${match.score} ${match.reasons.join(', ')}\n`);
    }
    const { sql, parameters } = statement!;
    const plan: { 'QUERY PLAN': string }[] = await dataSource.query(
      `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
      parameters,
    );
    process.stdout.write(`\n${plan.map((row) => row['QUERY PLAN']).join('\n')}\n`);
  });
});
