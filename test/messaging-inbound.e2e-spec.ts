import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import { Message, MessageDirection } from '../src/messaging/message.entity.js';
import { CommandRegistry, type CommandContext } from '../src/messaging/inbound/command-registry.js';
import { InboundCommandQueue } from '../src/messaging/inbound/inbound-command-queue.js';
import { InboundSmsService, MAX_INBOUND_ATTEMPTS } from '../src/messaging/inbound/inbound-sms.service.js';
import type { ParsedCommand } from '../src/messaging/text/command-parser.js';
import { renderTemplate } from '../src/messaging/text/templates.js';
import { DEFAULT_UNKNOWN_NUMBER_REPLY } from '../src/config/config.js';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { SmsStatus, Volunteer } from '../src/volunteers/volunteer.entity.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import {
  INBOUND_SMS_WEBHOOK as WEBHOOK,
  postInboundSms,
  postSignedTwilioForm,
  TEST_TWILIO,
  twilioEnv,
} from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const NETWORK_NUMBER = '+14142860000';

let phoneCounter = 0;
/** A fresh valid Milwaukee number per call, so tests never see each other's texts. */
const nextPhone = () => `+1414286${String(1001 + phoneCounter++).padStart(4, '0')}`;
const messageSid = () => `SM${randomBytes(16).toString('hex')}`;

describe('inbound SMS webhook (Twilio transport, worker running)', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  let app: TestApp;
  let dataSource: DataSource;
  let admin: string;
  const pings: ParsedCommand[] = [];
  let flakyFailures = 0;
  /** The HOLD command waits for this before it finishes. */
  let hold: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({ env: twilioEnv(baseUrl), worker: true });
    dataSource = app.api.get(DataSource);
    admin = await app.tokenFor(StaffRole.ADMIN);
    const registry = app.api.get(CommandRegistry);
    registry.register({
      entry: { name: 'PING', synonyms: ['SONDA'], takesCode: true },
      handle: ({ command }: CommandContext) => {
        pings.push(command);
        return Promise.resolve({
          reply: { body: `PONG ${command.code ?? '-'}` },
          subject: { type: 'test_subject', id: '00000000-0000-4000-8000-000000000001' },
        });
      },
    });
    registry.register({
      entry: { name: 'FLAKY', synonyms: [] },
      handle: () => {
        if (flakyFailures > 0) {
          flakyFailures--;
          return Promise.reject(new Error('flaky handler failed'));
        }
        return Promise.resolve({ reply: { body: 'flaky done' } });
      },
    });
    registry.register({
      entry: { name: 'HOLD', synonyms: [] },
      handle: async () => {
        await hold;
        return { reply: { body: 'held done' } };
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  const volunteer = (fields: Partial<Volunteer> = {}): Promise<Volunteer> =>
    dataSource.getRepository(Volunteer).save({
      name: 'Test Volunteer',
      phone: nextPhone(),
      preferredLanguage: 'en',
      languages: ['en'],
      ...fields,
    });

  /** The form Twilio posts for a text. */
  const form = (from: string, body: string, sid: string) => ({
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: TEST_TWILIO.accountSid,
    MessagingServiceSid: TEST_TWILIO.messagingServiceSid,
    From: from,
    To: NETWORK_NUMBER,
    Body: body,
    NumMedia: '0',
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
  });
  /** Posts a text and waits for its command. */
  const text = (from: string, body: string, sid = messageSid()) => postInboundSms(app, form(from, body, sid));

  const inboundBySid = (sid: string) =>
    dataSource.getRepository(Message).findBy({ providerSid: sid, direction: MessageDirection.INBOUND });
  const repliesTo = (inboundId: string) =>
    dataSource
      .getRepository(Message)
      .find({ where: { inReplyToId: inboundId }, order: { createdAt: 'ASC' } });
  const reloaded = (id: string) => dataSource.getRepository(Volunteer).findOneByOrFail({ id });
  /** Texts the fake Twilio was asked to send to a number, once the worker has had time to send them. */
  const sentTo = (phone: string, atLeast = 1) =>
    waitFor(
      () => fake.received.filter((request) => request.to === phone && request.sid),
      (sent) => sent.length >= atLeast,
    );

  /** Posts a text and returns its stored row and the replies recorded for it. */
  async function exchange(from: string, body: string) {
    const sid = messageSid();
    const response = await text(from, body, sid);
    expect(response.status).toBe(200);
    const [inbound] = await inboundBySid(sid);
    return { inbound, replies: await repliesTo(inbound.id) };
  }

  describe('signatures', () => {
    it('answers a signed text 200 with empty TwiML', async () => {
      const sender = await volunteer();
      const response = await text(sender.phone, 'help me please');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/xml/);
      expect(response.text).toBe(EMPTY_TWIML);
    });

    it.each([
      ['forged (signed with another auth token)', { authToken: 'not-the-auth-token-0123456789' }],
      ['missing', { signature: null }],
      ['signed for another URL', { signedUrl: `http://127.0.0.1:3000${WEBHOOK}` }],
      ['signed for another path', { signedUrl: 'https://vecino.test/webhooks/twilio/status' }],
    ])('refuses a %s signature with 403 and stores nothing', async (_case, options) => {
      const sender = await volunteer();
      const sid = messageSid();
      const response = await postSignedTwilioForm(
        app,
        WEBHOOK,
        { MessageSid: sid, From: sender.phone, To: NETWORK_NUMBER, Body: 'STOP' },
        options,
      );
      expect(response.status).toBe(403);
      expect(await inboundBySid(sid)).toHaveLength(0);
      expect((await reloaded(sender.id)).smsStatus).toBe(SmsStatus.SUBSCRIBED);
    });

    it('refuses a body changed after signing', async () => {
      const sender = await volunteer();
      const sid = messageSid();
      const signedFor = { MessageSid: sid, From: sender.phone, To: NETWORK_NUMBER, Body: 'HELP' };
      const signature = twilio.getExpectedTwilioSignature(
        TEST_TWILIO.authToken,
        `${app.config.publicBaseUrl}${WEBHOOK}`,
        signedFor,
      );
      const response = await app
        .http()
        .post(WEBHOOK)
        .type('form')
        .set('X-Twilio-Signature', signature)
        .send({ ...signedFor, Body: 'STOP' });
      expect(response.status).toBe(403);
      expect(await inboundBySid(sid)).toHaveLength(0);
    });
  });

  describe('the same MessageSid more than once', () => {
    it('posted 3 times one after another: one stored text, one effect, one reply', async () => {
      const sender = await volunteer();
      const sid = messageSid();
      for (let i = 0; i < 3; i++) {
        const response = await text(sender.phone, 'PING 731', sid);
        expect(response.status).toBe(200);
        expect(response.text).toBe(EMPTY_TWIML);
      }
      const stored = await inboundBySid(sid);
      expect(stored).toHaveLength(1);
      expect(pings.filter((command) => command.code === '731')).toHaveLength(1);
      expect(await repliesTo(stored[0].id)).toHaveLength(1);
      const sent = await sentTo(sender.phone);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fake.received.filter((request) => request.to === sender.phone)).toHaveLength(1);
      expect(sent[0].body).toBe('PONG 731');
    });

    it('posted 3 times at once: one stored text, one effect, one reply', async () => {
      const sender = await volunteer();
      const sid = messageSid();
      const responses = await Promise.all([1, 2, 3].map(() => text(sender.phone, 'ping 4821', sid)));
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
      const stored = await inboundBySid(sid);
      expect(stored).toHaveLength(1);
      expect(stored[0].processedAt).not.toBeNull();
      expect(pings.filter((command) => command.code === '4821')).toHaveLength(1);
      expect(await repliesTo(stored[0].id)).toHaveLength(1);
      await sentTo(sender.phone);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fake.received.filter((request) => request.to === sender.phone)).toHaveLength(1);
    });

    it('posted twice with STOP: the opt-out is recorded once, with its time', async () => {
      const sender = await volunteer();
      const sid = messageSid();
      await text(sender.phone, 'STOP', sid);
      const first = await reloaded(sender.id);
      await text(sender.phone, 'STOP', sid);
      const second = await reloaded(sender.id);
      expect(second.smsStatus).toBe(SmsStatus.OPTED_OUT);
      expect(second.smsStatusChangedAt).toEqual(first.smsStatusChangedAt);
    });
  });

  describe('registered commands', () => {
    it('hands a registered command its code and parse, and sends its reply linked to the text', async () => {
      const sender = await volunteer();
      const { inbound, replies } = await exchange(sender.phone, ' sonda #55, gracias 🙏');
      expect(pings.at(-1)).toEqual({
        name: 'PING',
        code: '55',
        argument: null,
        words: ['SONDA', '55', 'GRACIAS'],
        normalized: 'SONDA 55 GRACIAS',
      });
      expect(inbound).toMatchObject({
        volunteerId: sender.id,
        phone: sender.phone,
        body: ' sonda #55, gracias 🙏',
        command: 'PING',
        needsAttention: false,
        subjectType: 'test_subject',
      });
      expect(inbound.processedAt).not.toBeNull();
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({
        direction: MessageDirection.OUTBOUND,
        inReplyToId: inbound.id,
        volunteerId: sender.id,
        body: 'PONG 55',
        subjectType: 'test_subject',
      });
      const [sent] = await sentTo(sender.phone);
      expect(sent.body).toBe('PONG 55');
      const delivered = await waitFor(
        () => dataSource.getRepository(Message).findOneByOrFail({ id: replies[0].id }),
        (message) => message.providerSid !== null,
      );
      expect(delivered.providerSid).toBe(sent.sid);
    });
  });

  describe('opt-out and opt-in', () => {
    it('STOP: opted out with the time, and no reply of ours (Twilio answered)', async () => {
      const sender = await volunteer();
      const before = new Date();
      const { inbound, replies } = await exchange(sender.phone, 'stop');
      const after = await reloaded(sender.id);
      expect(after.smsStatus).toBe(SmsStatus.OPTED_OUT);
      expect(after.smsStatusChangedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
      expect(inbound).toMatchObject({ command: 'STOP', needsAttention: false });
      expect(replies).toHaveLength(0);
    });

    it.each(['STOPALL', 'Unsubscribe', 'CANCEL', 'end', 'QUIT', 'OPTOUT', 'revoke'])(
      '%s opts out without a reply of ours',
      async (word) => {
        const sender = await volunteer();
        const { replies } = await exchange(sender.phone, word);
        expect((await reloaded(sender.id)).smsStatus).toBe(SmsStatus.OPTED_OUT);
        expect(replies).toHaveLength(0);
      },
    );

    it('STOP please: opted out, and our confirmation goes out (Twilio did not recognise it)', async () => {
      const sender = await volunteer({ preferredLanguage: 'es', languages: ['es'] });
      const { replies } = await exchange(sender.phone, 'STOP please');
      expect((await reloaded(sender.id)).smsStatus).toBe(SmsStatus.OPTED_OUT);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({
        templateKey: 'opted_out_confirmation',
        language: 'es',
        body: renderTemplate('opted_out_confirmation', 'es').body,
      });
      const [sent] = await sentTo(sender.phone);
      expect(sent.body).toBe(renderTemplate('opted_out_confirmation', 'es').body);
    });

    it('an opted-out volunteer: texts are kept for the inbox and never answered; START re-subscribes', async () => {
      const sender = await volunteer({ smsStatus: SmsStatus.OPTED_OUT });
      const chatter = await exchange(sender.phone, 'where do I pick up?');
      expect(chatter.inbound).toMatchObject({ needsAttention: true, command: null });
      expect(chatter.replies).toHaveLength(0);
      const ping = await exchange(sender.phone, 'PING 12');
      expect(ping.replies).toHaveLength(0);
      expect(pings.some((command) => command.code === '12')).toBe(false);
      const again = await exchange(sender.phone, 'STOP');
      expect(again.inbound.needsAttention).toBe(false);

      const start = await exchange(sender.phone, 'START');
      expect((await reloaded(sender.id)).smsStatus).toBe(SmsStatus.SUBSCRIBED);
      expect(start.inbound.command).toBe('START');
      expect(start.replies).toHaveLength(0);
    });

    it('UNSTOP re-subscribes silently; "start again please" gets our confirmation', async () => {
      const sender = await volunteer({ smsStatus: SmsStatus.OPTED_OUT });
      expect((await exchange(sender.phone, 'unstop')).replies).toHaveLength(0);
      expect((await reloaded(sender.id)).smsStatus).toBe(SmsStatus.SUBSCRIBED);

      await dataSource.getRepository(Volunteer).update(sender.id, { smsStatus: SmsStatus.OPTED_OUT });
      const { replies } = await exchange(sender.phone, 'start again please');
      expect((await reloaded(sender.id)).smsStatus).toBe(SmsStatus.SUBSCRIBED);
      expect(replies.map((reply) => reply.templateKey)).toEqual(['opted_in_confirmation']);
      await sentTo(sender.phone);
    });

    it('a bare YES from an opted-out volunteer is an opt-in only (Twilio re-subscribed and answered)', async () => {
      const sender = await volunteer({ smsStatus: SmsStatus.OPTED_OUT });
      const { inbound, replies } = await exchange(sender.phone, 'Yes');
      expect((await reloaded(sender.id)).smsStatus).toBe(SmsStatus.SUBSCRIBED);
      expect(inbound.command).toBe('START');
      expect(replies).toHaveLength(0);
    });

    it('a bare YES from a subscribed volunteer goes to the deliveries YES command', async () => {
      const sender = await volunteer();
      const { inbound, replies } = await exchange(sender.phone, 'YES');
      expect(inbound.command).toBe('YES');
      // No offer is waiting for them (the offers themselves: delivery-offers.e2e-spec.ts).
      expect(replies.map((reply) => reply.templateKey)).toEqual(['delivery_none']);
      const withCode = await exchange(sender.phone, 'yes 731');
      expect(withCode.inbound.command).toBe('YES');
      expect(withCode.replies.map((reply) => reply.templateKey)).toEqual(['delivery_unknown_code']);
    });
  });

  describe('help and language', () => {
    it('HELP and INFO: Twilio answers them, so we send nothing', async () => {
      const sender = await volunteer();
      for (const word of ['HELP', 'info']) {
        const { inbound, replies } = await exchange(sender.phone, word);
        expect(inbound).toMatchObject({ command: 'HELP', needsAttention: false });
        expect(replies).toHaveLength(0);
      }
    });

    it('AYUDA: we answer with the help text, in Spanish', async () => {
      const sender = await volunteer();
      const { replies } = await exchange(sender.phone, 'Ayuda');
      const spanishHelp = renderTemplate('help', 'es');
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ templateKey: 'help', language: 'es', body: spanishHelp.body });
      const [sent] = await sentTo(sender.phone);
      expect(sent.body).toBe(spanishHelp.body);
    });

    it('LANG ES switches to Spanish; then an unknown text gets the Spanish reply and reaches the inbox', async () => {
      const sender = await volunteer();
      const lang = await exchange(sender.phone, 'lang es');
      expect(lang.replies[0]).toMatchObject({
        templateKey: 'language_changed',
        language: 'es',
        body: renderTemplate('language_changed', 'es').body,
      });
      expect(await reloaded(sender.id)).toMatchObject({ preferredLanguage: 'es', languages: ['en', 'es'] });

      const unknown = await exchange(sender.phone, 'what time is the training?');
      expect(unknown.inbound).toMatchObject({ command: null, needsAttention: true });
      expect(unknown.replies[0]).toMatchObject({
        templateKey: 'unknown_command',
        language: 'es',
        body: renderTemplate('unknown_command', 'es').body,
      });
      const sent = await sentTo(sender.phone, 2);
      expect(sent.map((request) => request.body)).toEqual([
        renderTemplate('language_changed', 'es').body,
        renderTemplate('unknown_command', 'es').body,
      ]);

      const inbox = await app.graphql<{ inbox: { edges: { node: { id: string; body: string } }[] } }>(
        '{ inbox(first: 100) { totalCount edges { node { id body volunteer { id } } } } }',
        {},
        admin,
      );
      expect(inbox.errors).toBeUndefined();
      expect(inbox.data?.inbox.edges.map((edge) => edge.node)).toContainEqual({
        id: unknown.inbound.id,
        body: 'what time is the training?',
        volunteer: { id: sender.id },
      });

      const english = await exchange(sender.phone, 'ENGLISH');
      expect(english.replies[0]).toMatchObject({
        language: 'en',
        body: renderTemplate('language_changed', 'en').body,
      });
    });

    it('LANG with a language we have no texts in: unknown command, for a coordinator to read', async () => {
      const sender = await volunteer();
      const { inbound, replies } = await exchange(sender.phone, 'LANG FR');
      expect(inbound).toMatchObject({ command: 'LANG', needsAttention: true });
      expect(replies[0].templateKey).toBe('unknown_command');
      expect((await reloaded(sender.id)).preferredLanguage).toBe('en');
    });
  });

  describe('unknown numbers', () => {
    it('get one polite reply however often they text, and their texts reach the inbox', async () => {
      const stranger = nextPhone();
      const first = await exchange(stranger, 'Hi, is this the food bank?');
      const second = await exchange(stranger, 'hello??');
      expect(first.inbound).toMatchObject({ volunteerId: null, needsAttention: true });
      expect(first.replies.map(({ templateKey, body }) => ({ templateKey, body }))).toEqual([
        {
          templateKey: 'unknown_number',
          body: `${DEFAULT_UNKNOWN_NUMBER_REPLY.en}\n${DEFAULT_UNKNOWN_NUMBER_REPLY.es}`,
        },
      ]);
      expect(second.inbound.needsAttention).toBe(true);
      expect(second.replies).toHaveLength(0);
      await sentTo(stranger);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fake.received.filter((request) => request.to === stranger)).toHaveLength(1);
      expect(await dataSource.getRepository(Volunteer).countBy({ phone: stranger })).toBe(0);

      // The number is all a coordinator has to call them back.
      const inbox = await app.graphql<{ inbox: { edges: { node: { id: string; phone: string | null } }[] } }>(
        '{ inbox(first: 100) { edges { node { id phone } } } }',
        {},
        admin,
      );
      expect(inbox.data?.inbox.edges.map((edge) => edge.node)).toContainEqual({
        id: first.inbound.id,
        phone: stranger,
      });
    });

    it('STOP from an unknown number: Twilio handled it, nothing for us to send or read', async () => {
      const { inbound, replies } = await exchange(nextPhone(), 'STOP');
      expect(inbound.needsAttention).toBe(false);
      expect(replies).toHaveLength(0);
    });
  });

  it('answers once the text is stored, before its command has run; the command runs after the answer', async () => {
    const sender = await volunteer();
    const sid = messageSid();
    let release: () => void = () => undefined;
    hold = new Promise((resolve) => (release = resolve));
    const response = await postSignedTwilioForm(app, WEBHOOK, form(sender.phone, 'HOLD', sid));
    expect(response.status).toBe(200);
    expect(response.text).toBe(EMPTY_TWIML);
    const [stored] = await inboundBySid(sid);
    expect(stored.processedAt).toBeNull();
    expect(await repliesTo(stored.id)).toHaveLength(0);
    release();
    await app.api.get(InboundCommandQueue).drained();
    const [processed] = await inboundBySid(sid);
    expect(processed).toMatchObject({ command: 'HOLD' });
    expect(processed.processedAt).not.toBeNull();
    expect((await repliesTo(processed.id)).map((reply) => reply.body)).toEqual(['held done']);
  });

  describe('processing failures', () => {
    it('answer 200, keep the text unprocessed, and the retry sweep runs it once', async () => {
      const sender = await volunteer();
      flakyFailures = 1;
      const { inbound, replies } = await exchange(sender.phone, 'flaky');
      expect(inbound.processedAt).toBeNull();
      expect(replies).toHaveLength(0);

      const service = app.api.get(InboundSmsService);
      // Too recent for the sweep: it might still be in flight.
      await service.retryUnprocessed(30);
      expect(await repliesTo(inbound.id)).toHaveLength(0);
      await dataSource.query(`UPDATE messages SET created_at = now() - interval '1 minute' WHERE id = $1`, [
        inbound.id,
      ]);
      await service.retryUnprocessed(30);
      await service.retryUnprocessed(30);
      const processed = await dataSource.getRepository(Message).findOneByOrFail({ id: inbound.id });
      expect(processed.command).toBe('FLAKY');
      expect(processed.processedAt).not.toBeNull();
      expect((await repliesTo(inbound.id)).map((reply) => reply.body)).toEqual(['flaky done']);
    });

    it('a Twilio retry of a text whose processing failed runs it', async () => {
      const sender = await volunteer();
      flakyFailures = 1;
      const sid = messageSid();
      await text(sender.phone, 'FLAKY', sid);
      expect((await inboundBySid(sid))[0].processedAt).toBeNull();
      await text(sender.phone, 'FLAKY', sid);
      const [stored] = await inboundBySid(sid);
      expect(stored.processedAt).not.toBeNull();
      expect(await repliesTo(stored.id)).toHaveLength(1);
    });

    it(`after ${MAX_INBOUND_ATTEMPTS} failed sweeps the text goes to the inbox unprocessed by its command`, async () => {
      const sender = await volunteer();
      flakyFailures = 100;
      const { inbound } = await exchange(sender.phone, 'flaky');
      await dataSource.query(`UPDATE messages SET created_at = now() - interval '1 minute' WHERE id = $1`, [
        inbound.id,
      ]);
      const sweeps = [];
      let given = inbound;
      while (given.processedAt === null && sweeps.length <= 2 * MAX_INBOUND_ATTEMPTS) {
        sweeps.push(await app.api.get(InboundSmsService).retryUnprocessed(30));
        given = await dataSource.getRepository(Message).findOneByOrFail({ id: inbound.id });
      }
      flakyFailures = 0;
      // The API's own sweep timer may have run one of them.
      expect(sweeps.length).toBeLessThanOrEqual(MAX_INBOUND_ATTEMPTS + 1);
      expect(given.attempts).toBeGreaterThan(MAX_INBOUND_ATTEMPTS);
      expect(given).toMatchObject({ needsAttention: true, command: null });
      expect(given.processedAt).not.toBeNull();
      expect(await repliesTo(inbound.id)).toHaveLength(0);
    });
  });

  it('has no simulateInboundSms mutation with the Twilio transport', async () => {
    const response = await app.graphql(
      'mutation { simulateInboundSms(from: "+14142861999", body: "HELP") { id } }',
      {},
      admin,
    );
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(response.errors?.[0].message).toMatch(/simulateInboundSms/);
  });
});
