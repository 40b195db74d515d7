import { DataSource } from 'typeorm';
import { seedLists } from '../bench/list-fixtures.js';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PREVIEW = `query ($input: SendBroadcastInput!) {
  broadcastPreview(input: $input) {
    recipients segments eta warnings texts { language body segments encoding recipients }
  }
}`;

interface Preview {
  recipients: number;
  segments: number;
  eta: string | null;
  warnings: string[];
  texts: { language: string | null; body: string; segments: number; encoding: string; recipients: number }[];
}

// 300 recipients at 0.005 texts/s take 60,000 s: beyond Twilio's 36,000 s queue validity, so a warning.
const RATE = 0.005;

describe('broadcastPreview', () => {
  let app: TestApp;
  let coordinator: string;
  let dataSource: DataSource;
  let zoneIds: string[];

  const preview = (input: Record<string, unknown>, token = coordinator) =>
    app.graphql<{ broadcastPreview: Preview }>(PREVIEW, { input }, token);
  const count = async (sql: string, parameters: unknown[] = []) =>
    ((await dataSource.query(sql, parameters)) as { count: number }[])[0].count;

  beforeAll(async () => {
    app = await startTestApp({ env: { SMS_RATE_PER_SECOND: String(RATE) } });
    coordinator = await app.tokenFor(StaffRole.COORDINATOR, { email: 'preview@vecino.test' });
    dataSource = app.api.get(DataSource);
    const [{ id }]: { id: string }[] = await dataSource.query(
      `SELECT id FROM staff_users WHERE email = 'preview@vecino.test'`,
    );
    await seedLists((sql, parameters) => dataSource.query(sql, parameters), {
      volunteers: 300,
      deliveries: 0,
      createdById: id,
    });
    zoneIds = ((await dataSource.query('SELECT id FROM zones ORDER BY code')) as { id: string }[]).map(
      (zone) => zone.id,
    );
  });
  afterAll(() => app.close());

  it('counts the recipients of each text, their segments and encoding, and the ETA, writing nothing', async () => {
    const before = Date.now();
    const response = await preview({
      body: 'Meeting tonight at 7 — bring a friend',
      bodyByLanguage: [{ language: 'es', body: 'Reunión esta noche a las 7 🙂' }],
    });
    const after = Date.now();
    expect(response.errors).toBeUndefined();
    const result = response.data!.broadcastPreview;
    const spanish = await count(
      `SELECT count(*)::int AS count FROM volunteers WHERE preferred_language = 'es'`,
    );
    expect(result.recipients).toBe(300);
    expect(result.texts).toEqual([
      // The dash becomes GSM-friendly, as sendBroadcast sends it.
      {
        language: null,
        body: 'Meeting tonight at 7 - bring a friend',
        segments: 1,
        encoding: 'GSM-7',
        recipients: 300 - spanish,
      },
      {
        language: 'es',
        body: 'Reunión esta noche a las 7 🙂',
        segments: 1,
        encoding: 'UCS-2',
        recipients: spanish,
      },
    ]);
    expect(result.segments).toBe(300);
    const eta = new Date(result.eta!).getTime();
    expect(eta).toBeGreaterThanOrEqual(before + (300 / RATE) * 1000 - 1000);
    expect(eta).toBeLessThanOrEqual(after + (300 / RATE) * 1000 + 1000);
    expect(result.warnings).toEqual([expect.stringContaining('queue validity')]);
    expect(await count('SELECT count(*)::int AS count FROM broadcasts')).toBe(0);
    expect(await count('SELECT count(*)::int AS count FROM messages')).toBe(0);
  });

  it('narrows to the segment as the fan-out does', async () => {
    const response = await preview({ body: 'Drivers needed', zoneIds: [zoneIds[1]], skills: ['DRIVER'] });
    expect(response.errors).toBeUndefined();
    const expected = await count(
      `SELECT count(*)::int AS count FROM volunteers v
        WHERE v.skills @> '{DRIVER}' AND EXISTS (SELECT 1 FROM volunteer_zones vz WHERE vz.volunteers_id = v.id AND vz.zones_id = $1)`,
      [zoneIds[1]],
    );
    expect(expected).toBeGreaterThan(0);
    expect(response.data!.broadcastPreview.recipients).toBe(expected);
  });

  it('keeps a zone-limited coordinator to their zones', async () => {
    const limited = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [zoneIds[0]] });
    const own = await preview({ body: 'Hello' }, limited);
    const inZone = await count(`SELECT count(*)::int AS count FROM volunteer_zones WHERE zones_id = $1`, [
      zoneIds[0],
    ]);
    expect(own.data!.broadcastPreview.recipients).toBe(inZone);
    const other = await preview({ body: 'Hello', zoneIds: [zoneIds[2]] }, limited);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'zoneIds' });
  });

  it('refuses what sendBroadcast refuses, naming the field, and trainers', async () => {
    const empty = await preview({ body: '   ' });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const long = await preview({ body: 'x', bodyByLanguage: [{ language: 'es', body: 'ñ'.repeat(1000) }] });
    expect(long.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'bodyByLanguage.es',
    });
    const trainer = await preview({ body: 'Hello' }, await app.tokenFor(StaffRole.TRAINER));
    expect(trainer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
