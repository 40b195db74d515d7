import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { runCli } from '../src/cli/commands.js';
import { printApiSchema } from '../src/cli/print-schema.command.js';
import { Message, MessageDirection } from '../src/messaging/message.entity.js';
import { renderTemplate, type TemplateKey } from '../src/messaging/text/templates.js';
import { SmsStatus, Volunteer } from '../src/volunteers/volunteer.entity.js';
import { Zone } from '../src/zones/zone.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { postSignedTwilioForm, TEST_TWILIO } from './support/twilio-webhook.js';

const SIMULATE = `mutation Simulate($from: String!, $body: String!) {
  simulateInboundSms(from: $from, body: $body) { id direction body status templateKey language inReplyToId }
}`;
const INBOX = `query Inbox($first: Int, $after: String) {
  inbox(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id body direction command needsAttention handledAt volunteer { id name } } }
  }
}`;
const MARK_HANDLED = `mutation Handled($messageId: ID!) {
  markInboxHandled(messageId: $messageId) { id handledAt needsAttention }
}`;

interface SimulatedReply {
  id: string;
  direction: string;
  body: string;
  status: string;
  templateKey: string | null;
  language: string | null;
  inReplyToId: string | null;
}
interface InboxPage {
  inbox: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string; body: string; volunteer: { id: string } | null } }[];
  };
}

const NETWORK_NUMBER = '+14142869999';

let phoneCounter = 0;
const nextPhone = () => `+1414286${String(3001 + phoneCounter++).padStart(4, '0')}`;

describe('inbound SMS with the log transport: simulator, CLI and the coordinators’ inbox', () => {
  let app: TestApp;
  let dataSource: DataSource;
  let admin: string;
  let coordinator: string;
  let southCoordinator: string;
  let south: Zone;
  let north: Zone;

  beforeAll(async () => {
    app = await startTestApp({
      env: {
        SMS_TRANSPORT: 'log',
        // A staging box on `log` still has Twilio's token and number: webhooks are checked with it.
        TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
        TWILIO_FROM_NUMBER: NETWORK_NUMBER,
        UNKNOWN_NUMBER_REPLY_EN: 'Wrong number, sorry.',
        UNKNOWN_NUMBER_REPLY_ES: 'Número equivocado, lo siento.',
      },
    });
    dataSource = app.api.get(DataSource);
    admin = await app.tokenFor(StaffRole.ADMIN);
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    south = await dataSource.getRepository(Zone).save({ code: 'SOUTHSIDE', name: 'South side' });
    north = await dataSource.getRepository(Zone).save({ code: 'NORTHSIDE', name: 'North side' });
    southCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [south.id] });
  });
  afterAll(() => app.close());

  const volunteer = (fields: Partial<Volunteer> = {}): Promise<Volunteer> =>
    dataSource.getRepository(Volunteer).save({
      name: 'Log Volunteer',
      phone: nextPhone(),
      preferredLanguage: 'en',
      languages: ['en'],
      zones: [],
      ...fields,
    });

  const simulate = (from: string, body: string, token = admin) =>
    app.graphql<{ simulateInboundSms: SimulatedReply[] }>(SIMULATE, { from, body }, token);

  const inboundFrom = (phone: string) =>
    dataSource.getRepository(Message).find({
      where: { phone, direction: MessageDirection.INBOUND },
      order: { createdAt: 'ASC' },
    });

  describe('simulateInboundSms', () => {
    it('feeds a text through the inbound path and returns the replies it recorded', async () => {
      const sender = await volunteer({ preferredLanguage: 'es', languages: ['es'] });
      const response = await simulate('(414) 286-' + sender.phone.slice(-4), 'no entiendo nada');
      expect(response.errors).toBeUndefined();
      const [inbound] = await inboundFrom(sender.phone);
      expect(inbound.providerSid).toMatch(/^SIM[0-9a-f]{32}$/);
      expect(inbound).toMatchObject({ volunteerId: sender.id, needsAttention: true });
      expect(response.data?.simulateInboundSms).toEqual([
        expect.objectContaining({
          direction: 'OUTBOUND',
          status: 'QUEUED',
          templateKey: 'unknown_command',
          language: 'es',
          body: renderTemplate('unknown_command', 'es').body,
          inReplyToId: inbound.id,
        }),
      ]);
    });

    it('runs commands like a real text, and answers STOP, START and HELP as Twilio would', async () => {
      const sender = await volunteer();
      const reply = async (body: string) =>
        (await simulate(sender.phone, body)).data?.simulateInboundSms.map(({ templateKey, body }) => ({
          templateKey,
          body,
        }));
      const twilioReply = (templateKey: TemplateKey) => [
        { templateKey, body: renderTemplate(templateKey, 'en').body },
      ];
      expect(await reply('STOP')).toEqual(twilioReply('twilio_opt_out'));
      const after = await dataSource.getRepository(Volunteer).findOneByOrFail({ id: sender.id });
      expect(after.smsStatus).toBe(SmsStatus.OPTED_OUT);
      expect(await reply('start')).toEqual(twilioReply('twilio_opt_in'));
      expect(await reply('HELP')).toEqual(twilioReply('twilio_help'));
      expect(await reply('INFO')).toEqual(twilioReply('twilio_help'));
      // What Twilio does not recognise still gets our own texts.
      expect(await reply('HELP me')).toEqual([
        { templateKey: 'help', body: renderTemplate('help', 'en').body },
      ]);
    });

    it('answers an unknown number once, in both languages, with the network’s own text', async () => {
      const stranger = nextPhone();
      const first = await simulate(stranger, 'Hola, quiero ayudar');
      expect(first.data?.simulateInboundSms).toEqual([
        expect.objectContaining({
          templateKey: 'unknown_number',
          body: 'Wrong number, sorry.\nNúmero equivocado, lo siento.',
        }),
      ]);
      expect((await simulate(stranger, 'hola?')).data?.simulateInboundSms).toEqual([]);
    });

    it('is for ADMIN only', async () => {
      const response = await simulate(nextPhone(), 'HELP me', coordinator);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('refuses a sender that is not a phone number, naming the field', async () => {
      const response = await simulate('not a phone', 'HELP me');
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    });
  });

  describe('with TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER set', () => {
    it('takes signed webhooks and refuses unsigned ones', async () => {
      const sender = await volunteer();
      const params = {
        From: sender.phone,
        To: NETWORK_NUMBER,
        Body: 'LANG es',
        MessageSid: `SM${'7c'.repeat(16)}`,
      };
      const signed = await postSignedTwilioForm(app, '/webhooks/twilio/sms', params);
      expect(signed.status).toBe(200);
      const [inbound] = await inboundFrom(sender.phone);
      expect(inbound).toMatchObject({ providerSid: params.MessageSid, volunteerId: sender.id });
      const forged = await postSignedTwilioForm(app, '/webhooks/twilio/sms', params, { authToken: 'wrong' });
      expect(forged.status).toBe(403);
    });

    it('refuses the network’s own number as a volunteer’s', async () => {
      const response = await app.graphql(
        'mutation($i: CreateVolunteerInput!) { createVolunteer(input: $i) { id } }',
        { i: { name: 'Sender', phone: NETWORK_NUMBER } },
        admin,
      );
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phone' });
    });
  });

  describe('inbox', () => {
    let southText: Message;
    let northText: Message;
    let strangerText: Message;

    beforeAll(async () => {
      const southVolunteer = await volunteer({ name: 'South Volunteer', zones: [south] });
      const northVolunteer = await volunteer({ name: 'North Volunteer', zones: [north] });
      const stranger = nextPhone();
      await simulate(southVolunteer.phone, 'south: my car broke down');
      await simulate(southVolunteer.phone, 'HELP me');
      await simulate(northVolunteer.phone, 'north: running late');
      await simulate(stranger, 'who is this?');
      [southText] = await inboundFrom(southVolunteer.phone);
      [northText] = await inboundFrom(northVolunteer.phone);
      [strangerText] = await inboundFrom(stranger);
    });

    const inboxIds = async (token: string): Promise<string[]> => {
      const response = await app.graphql<InboxPage>(INBOX, { first: 100 }, token);
      expect(response.errors).toBeUndefined();
      return response.data?.inbox.edges.map((edge) => edge.node.id) ?? [];
    };

    it('lists texts that need a person, oldest first; commands that were understood stay out', async () => {
      const ids = await inboxIds(coordinator);
      expect(ids).toEqual(expect.arrayContaining([southText.id, northText.id, strangerText.id]));
      expect(ids.indexOf(southText.id)).toBeLessThan(ids.indexOf(northText.id));
      const understood = await dataSource.getRepository(Message).findBy({ command: 'HELP' });
      expect(understood.every((message) => !ids.includes(message.id))).toBe(true);
    });

    it('pages with cursors', async () => {
      const first = await app.graphql<InboxPage>(INBOX, { first: 1 }, coordinator);
      const page = first.data?.inbox;
      expect(page?.edges).toHaveLength(1);
      expect(page?.pageInfo.hasNextPage).toBe(true);
      const second = await app.graphql<InboxPage>(
        INBOX,
        { first: 1, after: page?.pageInfo.endCursor },
        coordinator,
      );
      expect(second.data?.inbox.edges[0].node.id).not.toBe(page?.edges[0].node.id);
      expect(second.data?.inbox.totalCount).toBe(page?.totalCount);
    });

    it('shows a zone-limited coordinator only texts from volunteers of their zones, none from unknown numbers', async () => {
      const ids = await inboxIds(southCoordinator);
      expect(ids).toContain(southText.id);
      expect(ids).not.toContain(northText.id);
      expect(ids).not.toContain(strangerText.id);
      const outside = await app.graphql(MARK_HANDLED, { messageId: northText.id }, southCoordinator);
      expect(outside.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('is not for trainers', async () => {
      const trainer = await app.tokenFor(StaffRole.TRAINER);
      const response = await app.graphql(INBOX, { first: 5 }, trainer);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('markInboxHandled takes a text out of the inbox, once', async () => {
      const handled = await app.graphql<{ markInboxHandled: { id: string; handledAt: string | null } }>(
        MARK_HANDLED,
        { messageId: southText.id },
        southCoordinator,
      );
      expect(handled.errors).toBeUndefined();
      const handledAt = handled.data?.markInboxHandled.handledAt;
      expect(handledAt).toEqual(expect.any(String));
      expect(await inboxIds(coordinator)).not.toContain(southText.id);
      expect(await inboxIds(southCoordinator)).not.toContain(southText.id);

      const again = await app.graphql<{ markInboxHandled: { handledAt: string } }>(
        MARK_HANDLED,
        { messageId: southText.id },
        coordinator,
      );
      expect(again.data?.markInboxHandled.handledAt).toBe(handledAt);
      const stored = await dataSource.getRepository(Message).findOneByOrFail({ id: southText.id });
      expect(stored.handledById).not.toBeNull();
    });

    it('markInboxHandled refuses what is not an inbox text', async () => {
      const [reply] = await dataSource.getRepository(Message).findBy({ inReplyToId: northText.id });
      const notInbox = await app.graphql(MARK_HANDLED, { messageId: reply.id }, coordinator);
      expect(notInbox.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      // Not an id at all: refused where input enters, on its field.
      const malformed = await app.graphql(MARK_HANDLED, { messageId: 'not-an-id' }, coordinator);
      expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'messageId' });
    });
  });

  describe('npm run cli -- sms', () => {
    /** Runs the CLI in-process with this file's database and Redis prefix; returns the exit code and output. */
    async function cli(args: string[], env: Record<string, string> = {}) {
      const output: string[] = [];
      const warnings: string[] = [];
      const code = await runCli(args, {
        env: {
          NODE_ENV: 'test',
          DATABASE_URL: app.config.databaseUrl,
          REDIS_URL: app.config.redisUrl,
          QUEUE_PREFIX: app.config.queuePrefix,
          JWT_SECRET: app.config.jwtSecret,
          DATA_ENCRYPTION_KEY: app.config.dataEncryptionKey.toString('base64'),
          QUIET_HOURS: '',
          LOG_LEVEL: 'error',
          ...env,
        },
        print: (line) => output.push(line),
        warn: (line) => warnings.push(line),
      });
      return { code, output, warnings };
    }

    it('prints the replies to a text, in the volunteer’s language', async () => {
      const sender = await volunteer();
      const result = await cli(['sms', sender.phone, 'lang', 'es']);
      expect(result).toEqual({
        code: 0,
        output: [renderTemplate('language_changed', 'es').body],
        warnings: [],
      });
      const after = await dataSource.getRepository(Volunteer).findOneByOrFail({ id: sender.id });
      expect(after.preferredLanguage).toBe('es');
    });

    it('prints the reply Twilio would give to its own keyword, marked as Twilio’s', async () => {
      const sender = await volunteer();
      const result = await cli(['sms', sender.phone, 'HELP']);
      expect(result).toEqual({
        code: 0,
        output: [renderTemplate('twilio_help', 'en').body],
        warnings: ['(Twilio’s own reply, which Twilio sends itself in production:)'],
      });
    });

    it('says why a keyword from an unknown number gets no reply of ours', async () => {
      const result = await cli(['sms', nextPhone(), 'STOP']);
      expect(result).toEqual({
        code: 0,
        output: [],
        warnings: ['(no reply of ours: Twilio itself answers this keyword)'],
      });
    });

    it('refuses a sender that is not a phone number', async () => {
      const result = await cli(['sms', '12', 'HELP', 'me']);
      expect(result.code).toBe(1);
      expect(result.warnings).toEqual(['from: is not a valid phone number']);
    });

    it('refuses to run with the Twilio transport', async () => {
      const result = await cli(['sms', nextPhone(), 'HELP'], {
        SMS_TRANSPORT: 'twilio',
        TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
        TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
        TWILIO_MESSAGING_SERVICE_SID: TEST_TWILIO.messagingServiceSid,
        PUBLIC_BASE_URL: 'https://vecino.test',
      });
      expect(result.code).toBe(78);
      expect(result.warnings.join('\n')).toMatch(/SMS_TRANSPORT=log/);
      expect(result.output).toEqual([]);
    });

    it('explains its usage', async () => {
      const result = await cli(['sms', nextPhone()]);
      expect(result.code).toBe(2);
      expect(result.warnings).toEqual([
        "missing required argument 'body'",
        '(npm run cli -- help sms for its usage)',
      ]);
    });
  });

  it('is in the schema printed for the repository (the default, log transport)', async () => {
    const schema = await printApiSchema();
    expect(schema).toContain('simulateInboundSms(body: String!, from: String!): [Message!]!');
    expect(schema).toContain('markInboxHandled(messageId: ID!): Message!');
  });
});

describe.each([
  ['absent on a production box', {}, false],
  ['present on a staging box', { ALLOW_LOG_TRANSPORT_IN_PRODUCTION: 'true' }, true],
])('simulateInboundSms in production with the log transport: %s', (_label, env, present) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { NODE_ENV: 'production', SMS_TRANSPORT: 'log', ...env } });
  });
  afterAll(() => app.close());

  it(present ? 'answers' : 'is a validation error', async () => {
    const response = await app.graphql<{ simulateInboundSms: SimulatedReply[] }>(
      SIMULATE,
      { from: nextPhone(), body: 'hello' },
      await app.tokenFor(StaffRole.ADMIN),
    );
    if (present) {
      expect(response.errors).toBeUndefined();
      expect(response.data?.simulateInboundSms).toHaveLength(1);
    } else {
      expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });
});
