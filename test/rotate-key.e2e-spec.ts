import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { runCli } from '../src/cli/commands.js';
import { OutboundMessagesService } from '../src/messaging/outbound/outbound-messages.service.js';
import { FieldCipher } from '../src/protected-data/field-cipher.js';
import { startTestApp, type Env, type TestApp } from './support/test-app.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
/** Protected outbox bodies (a delivery's details text), waiting to be sent: no worker runs here. */
const DETAILS_TEXTS = [
  'Address: 12 W Walnut St. Phone: +14142869999',
  'Address: 40 S 2nd St. Notes: side door',
];

type Stored = {
  id: string;
  address_ciphertext: string;
  contact_phone_ciphertext: string | null;
  notes_ciphertext: string | null;
};

describe('rotate-key', () => {
  let app: TestApp;
  let db: DataSource;
  let rotatedEnv: Env;

  const cli = async (argv: string[]) => {
    const run = { code: -1, out: [] as string[], err: [] as string[] };
    run.code = await runCli(argv, {
      env: rotatedEnv,
      print: (line) => run.out.push(line),
      warn: (line) => run.err.push(line),
    });
    return run;
  };
  const stored = async (): Promise<Stored[]> =>
    (await db.query(
      `SELECT id, address_ciphertext, contact_phone_ciphertext, notes_ciphertext FROM delivery_requests ORDER BY id`,
    )) as Stored[];

  beforeAll(async () => {
    app = await startTestApp({
      env: { DATA_ENCRYPTION_KEY: k1.toString('base64'), DATA_ENCRYPTION_KEY_ID: 'k1' },
    });
    db = app.api.get(DataSource);
    rotatedEnv = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: app.config.databaseUrl,
      REDIS_URL: app.config.redisUrl,
      JWT_SECRET: app.config.jwtSecret,
      DATA_ENCRYPTION_KEY: k2.toString('base64'),
      DATA_ENCRYPTION_KEY_ID: 'k2',
      DATA_ENCRYPTION_OLD_KEYS: `k1:${k1.toString('base64')}`,
    };
    const admin = await app.tokenFor(StaffRole.ADMIN);
    const zone = await app.graphql<{ createZone: { id: string } }>(
      'mutation { createZone(input: { code: "SOUTHSIDE", name: "South" }) { id } }',
      {},
      admin,
    );
    for (let index = 0; index < 5; index++) {
      const created = await app.graphql(
        `mutation($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { id } }`,
        {
          input: {
            zoneId: zone.data?.createZone.id,
            householdAlias: `Household ${index}`,
            householdSize: 3,
            language: 'es',
            address: `${100 + index} W Lincoln Ave`,
            contactPhone: index % 2 === 0 ? `+1414286${2000 + index}` : null,
            notes: index === 4 ? null : `note ${index}`,
            deliverBy: new Date(Date.now() + 3600_000).toISOString(),
          },
        },
        admin,
      );
      expect(created.errors).toBeUndefined();
    }
    await app.api.get(OutboundMessagesService).send(
      DETAILS_TEXTS.map((body, index) => ({
        volunteerId: null,
        phone: `+1414286${3000 + index}`,
        body,
        protectedBody: true,
      })),
    );
    // An attendee's phone is a protected column too.
    const [trainer]: { id: string }[] = await db.query(
      `INSERT INTO staff_users (email, password_hash, role) VALUES ('trainer@vecino.test', 'x', 'TRAINER') RETURNING id`,
    );
    const [event]: { id: string }[] = await db.query(
      `INSERT INTO training_events (title, languages, venue, zone_id, starts_at, ends_at, capacity, trainer_id)
       VALUES ('KYR', '{es}', 'Library', $1, now() + interval '1 day', now() + interval '25 hours', 10, $2) RETURNING id`,
      [zone.data?.createZone.id, trainer.id],
    );
    const cipher = new FieldCipher({ currentKeyId: 'k1', currentKey: k1, oldKeys: new Map() });
    await db.query(`INSERT INTO attendees (event_id, language, phone_ciphertext) VALUES ($1, 'es', $2)`, [
      event.id,
      cipher.encrypt('+14142863000'),
    ]);
  });
  afterAll(() => app.close());

  it('re-encrypts every value under the new key in batches, readable with the new key alone, and a rerun changes nothing', async () => {
    const before = await stored();
    const old = new FieldCipher({ currentKeyId: 'k1', currentKey: k1, oldKeys: new Map() });
    const plain = before.map((row) => ({
      address: old.decrypt(row.address_ciphertext),
      phone: row.contact_phone_ciphertext && old.decrypt(row.contact_phone_ciphertext),
      notes: row.notes_ciphertext && old.decrypt(row.notes_ciphertext),
    }));

    const run = await cli(['rotate-key', '--batch-size', '2']);
    expect(run.code).toBe(0);
    // 5 addresses, 3 phones, 4 notes; 2 texts' details; 1 attendee's phone.
    // No volunteer has a calendar feed here: its table is walked all the same.
    expect(run.out).toEqual([
      'delivery_requests: 12 values re-encrypted under k2',
      'messages: 2 values re-encrypted under k2',
      'attendees: 1 values re-encrypted under k2',
      'calendar_feeds: 0 values re-encrypted under k2',
    ]);
    expect(run.err.filter((line) => line.includes('so far'))).toHaveLength(5);

    const onlyNew = new FieldCipher({ currentKeyId: 'k2', currentKey: k2, oldKeys: new Map() });
    const after = await stored();
    expect(
      after.map((row) => ({
        address: onlyNew.decrypt(row.address_ciphertext),
        phone: row.contact_phone_ciphertext && onlyNew.decrypt(row.contact_phone_ciphertext),
        notes: row.notes_ciphertext && onlyNew.decrypt(row.notes_ciphertext),
      })),
    ).toEqual(plain);
    const bodies: { body_ciphertext: string }[] = await db.query(
      `SELECT body_ciphertext FROM messages WHERE body_ciphertext IS NOT NULL`,
    );
    expect(bodies.map((row) => onlyNew.decrypt(row.body_ciphertext)).sort()).toEqual(
      [...DETAILS_TEXTS].sort(),
    );
    const [attendee]: { phone_ciphertext: string }[] = await db.query(
      `SELECT phone_ciphertext FROM attendees`,
    );
    expect(onlyNew.decrypt(attendee.phone_ciphertext)).toBe('+14142863000');

    const again = await cli(['rotate-key']);
    expect(again).toMatchObject({
      code: 0,
      out: [
        'delivery_requests: 0 values re-encrypted under k2',
        'messages: 0 values re-encrypted under k2',
        'attendees: 0 values re-encrypted under k2',
        'calendar_feeds: 0 values re-encrypted under k2',
      ],
    });
    expect(await stored()).toEqual(after);
  });

  it('reports a tampered value by row and column, leaves it, rotates the rest and exits with 1', async () => {
    const [first, second] = await stored();
    const old = new FieldCipher({ currentKeyId: 'k1', currentKey: k1, oldKeys: new Map() });
    const parts = old.encrypt('1 N Tampered St').split(':');
    const ciphertext = Buffer.from(parts[4]!, 'base64');
    ciphertext[0] = ciphertext[0]! ^ 0xff;
    parts[4] = ciphertext.toString('base64');
    await db.query(`UPDATE delivery_requests SET address_ciphertext = $1 WHERE id = $2`, [
      parts.join(':'),
      first!.id,
    ]);
    await db.query(`UPDATE delivery_requests SET address_ciphertext = $1 WHERE id = $2`, [
      old.encrypt('2 N Fine St'),
      second!.id,
    ]);

    const run = await cli(['rotate-key']);
    expect(run.code).toBe(1);
    expect(run.out).toEqual([
      'delivery_requests: 1 values re-encrypted under k2',
      'messages: 0 values re-encrypted under k2',
      'attendees: 0 values re-encrypted under k2',
      'calendar_feeds: 0 values re-encrypted under k2',
    ]);
    expect(run.err).toContainEqual(
      `delivery_requests.address_ciphertext of ${first!.id} is unreadable (PROTECTED_DATA_TAMPERED); left as it is`,
    );
    expect(run.err.join('\n')).not.toContain('Tampered');
    const rows = await stored();
    expect(rows.find((row) => row.id === first!.id)?.address_ciphertext).toBe(parts.join(':'));
    expect(rows.find((row) => row.id === second!.id)?.address_ciphertext).toMatch(/^v1:k2:/);
  });
});
