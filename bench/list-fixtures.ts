/**
 * Lists to page through, written straight in SQL (a few statements whatever the size): zones, volunteers in one or
 * two zones each, and delivery requests each assigned to a volunteer of its zone. For list benches and the
 * statement-count tests.
 */

export type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

export const FIXTURE_ZONES = 5;

export async function seedLists(
  query: Query,
  counts: { volunteers: number; deliveries: number; createdById: string },
): Promise<void> {
  await query(
    `INSERT INTO zones (code, name) SELECT 'ZONE' || i, 'Zone ' || i FROM generate_series(1, $1) AS i`,
    [FIXTURE_ZONES],
  );
  await query(
    `INSERT INTO volunteers (name, phone, preferred_language, languages, skills, created_at)
     SELECT 'Volunteer ' || i, '+1414' || (3000000 + i)::text, lang, ARRAY[lang],
            CASE WHEN i % 4 = 0 THEN ARRAY['DRIVER'] ELSE '{}'::text[] END,
            now() - make_interval(secs => $1 - i)
       FROM generate_series(1, $1) AS i, LATERAL (SELECT CASE WHEN i % 3 = 0 THEN 'es' ELSE 'en' END AS lang) l`,
    [counts.volunteers],
  );
  // Volunteer n is in zone n mod 5, and every third one in the next zone too.
  await query(
    `INSERT INTO volunteer_zones (volunteers_id, zones_id)
     SELECT v.id, z.id
       FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM volunteers) v
       JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM zones) z
         ON z.k = v.n % ${FIXTURE_ZONES} OR (v.n % 3 = 0 AND z.k = (v.n + 1) % ${FIXTURE_ZONES})`,
  );
  await query(
    `INSERT INTO delivery_requests (code, status, zone_id, household_alias, household_size, language, deliver_by,
                                    created_by_id, assigned_volunteer_id)
     SELECT 100 + v.n, 'ASSIGNED', v.zone_id, 'Household ' || v.n, 1 + v.n % 5, 'es',
            now() + make_interval(hours => v.n::int), $2, v.id
       FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n,
                    (SELECT zones_id FROM volunteer_zones vz WHERE vz.volunteers_id = volunteers.id LIMIT 1) AS zone_id
               FROM volunteers) v
      WHERE v.n <= $1`,
    [counts.deliveries, counts.createdById],
  );
}
