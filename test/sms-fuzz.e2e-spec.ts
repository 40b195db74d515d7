import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { Message, MessageDirection } from '../src/messaging/message.entity.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { volunteerFactory } from './support/shift-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { postSignedTwilioForm, TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';

/**
 * Fault 7, SMS side: texts of every shape posted to the signed inbound webhook, as volunteers and as unknown
 * numbers, with the worker sending the replies through the fake Twilio. The seed fixes the case list.
 */
const SEED = 0x5_35f2_2026;
const CASES = 200;
/** Twilio's longest inbound body. */
const MAX_BODY = 1600;
const WEBHOOK = '/webhooks/twilio/sms';
const NETWORK_NUMBER = '+14142860000';

/** Command words, so that random tails reach the command handlers and their parsers. */
const COMMANDS = [
  'YES',
  'NO',
  'CLAIM',
  'DROP',
  'DONE',
  'SHIFTS',
  'MINE',
  'LANG',
  'HELP',
  'AYUDA',
  'START',
  'SI',
];
const SQL_LOOKING = [
  "'; DROP TABLE messages; --",
  "1' OR '1'='1",
  'CLAIM 1; DELETE FROM shifts WHERE 1=1',
  "YES 731' UNION SELECT phone FROM volunteers --",
  "LANG es'); UPDATE volunteers SET sms_status = 'OPTED_OUT'; --",
  '$1 $2 %s %n {{body}} ${process.env}',
];
const controlCharacters = fc
  .array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 40 })
  .map((codes) => String.fromCharCode(...codes));

/** Twilio posts UTF-8, so a body has no lone surrogate (a form could not even encode one): U+FFFD instead. */
const wellFormed = (text: string) =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const body: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme-composite', minLength: MAX_BODY, maxLength: MAX_BODY }),
    fc.string({ unit: 'binary', minLength: MAX_BODY, maxLength: MAX_BODY }),
    controlCharacters,
    fc.constantFrom(...SQL_LOOKING),
    fc
      .tuple(
        fc.constantFrom(...COMMANDS),
        fc.oneof(controlCharacters, fc.constantFrom(...SQL_LOOKING), fc.string()),
      )
      .map(([command, tail]) => `${command} ${tail}`),
  )
  .map(wellFormed);

/** PostgreSQL text cannot hold a NUL: the webhook refuses such a body, naming it. */
const unstorable = (text: string) => text.includes('\u0000');

describe('fuzzing SMS bodies through the signed webhook', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  let app: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({ env: { ...twilioEnv(baseUrl), SMS_RATE_PER_SECOND: '1000' }, worker: true });
    dataSource = app.api.get(DataSource);
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('answers every text 200, or 400 naming Body for what cannot be stored; never a 500, and stays up', async () => {
    const { volunteer, nextPhone } = volunteerFactory(dataSource, 287);
    const senders = [
      ...(await Promise.all(Array.from({ length: 5 }, () => volunteer()))).map((made) => made.phone),
      ...Array.from({ length: 3 }, nextPhone),
    ];
    const cases = fc.sample(fc.tuple(fc.constantFrom(...senders), body), { seed: SEED, numRuns: CASES });

    const tally = new Map<number, number>();
    const wrong: string[] = [];
    const stored: string[] = [];
    for (const [index, [from, text]] of cases.entries()) {
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const response = await postSignedTwilioForm(app, WEBHOOK, {
        MessageSid: sid,
        AccountSid: TEST_TWILIO.accountSid,
        From: from,
        To: NETWORK_NUMBER,
        Body: text,
        NumMedia: '0',
      });
      tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
      const refused = unstorable(text);
      const expected = refused
        ? response.status === 400 &&
          response.body?.code === 'BAD_USER_INPUT' &&
          response.body?.fields?.[0]?.field === 'Body'
        : response.status === 200;
      if (!expected)
        wrong.push(
          `#${index} ${response.status} ${JSON.stringify(response.body)}: ${JSON.stringify(text).slice(0, 120)}`,
        );
      if (!refused) stored.push(sid);
    }
    process.stdout.write(
      `\nSMS fuzz (seed ${SEED}): ${CASES} texts, by HTTP status ${JSON.stringify(Object.fromEntries(tally))}\n`,
    );
    expect(wrong).toEqual([]);
    // Each text the webhook took is stored once, whatever it said.
    const rows = await dataSource.getRepository(Message).countBy({ direction: MessageDirection.INBOUND });
    expect(rows).toBe(stored.length);
    expect(stored.length).toBeGreaterThan(CASES / 2);
    expect((await app.http().get('/health/ready')).status).toBe(200);
  }, 300_000);
});
