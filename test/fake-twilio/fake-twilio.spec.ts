import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SmsSendError } from '../../src/messaging/transport/sms-transport.js';
import {
  TwilioSmsTransport,
  type TwilioTransportOptions,
} from '../../src/messaging/transport/twilio.transport.js';
import { FakeTwilioServer } from './fake-twilio-server.js';

const MESSAGING_SERVICE_SID = `MG${'a1'.repeat(16)}`;
const FROM_NUMBER = '+14145550100';
const VOLUNTEER = '+14145550123';
const STATUS_CALLBACK = 'https://vecino.example.org/webhooks/twilio/status';

describe('TwilioSmsTransport against the fake Twilio REST API', () => {
  const fake = new FakeTwilioServer();
  let baseUrl: string;

  beforeAll(async () => {
    ({ baseUrl } = await fake.start());
  });

  afterEach(() => fake.reset());

  afterAll(() => fake.close());

  function transport(overrides: Partial<TwilioTransportOptions> = {}): TwilioSmsTransport {
    return new TwilioSmsTransport({
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      messagingServiceSid: MESSAGING_SERVICE_SID,
      apiBaseUrl: baseUrl,
      ...overrides,
    });
  }

  async function sendFailure(sms: { to: string; body: string }, sender = transport()): Promise<SmsSendError> {
    const error = await sender.send(sms).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(SmsSendError);
    return error as SmsSendError;
  }

  it('sends through a Messaging Service and returns the SID Twilio assigned', async () => {
    const result = await transport().send({
      to: VOLUNTEER,
      body: 'YES 731?',
      statusCallbackUrl: STATUS_CALLBACK,
    });

    expect(result).toEqual({
      providerSid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      providerStatus: 'accepted',
    });
    expect(fake.received).toEqual([
      expect.objectContaining({
        to: VOLUNTEER,
        body: 'YES 731?',
        messagingServiceSid: MESSAGING_SERVICE_SID,
        from: undefined,
        statusCallback: STATUS_CALLBACK,
        sid: result.providerSid,
      }),
    ]);
  });

  it('sends from a phone number when no Messaging Service is configured', async () => {
    const result = await transport({ messagingServiceSid: undefined, fromNumber: FROM_NUMBER }).send({
      to: VOLUNTEER,
      body: 'Shift 4821 starts at 10:00',
    });

    expect(result.providerStatus).toBe('queued');
    expect(fake.received[0]).toEqual(
      expect.objectContaining({ to: VOLUNTEER, from: FROM_NUMBER, messagingServiceSid: undefined }),
    );
    expect(Object.keys(fake.received[0].form).sort()).toEqual(['Body', 'From', 'To']);
  });

  it('refuses to be built without a sender', () => {
    expect(() => transport({ messagingServiceSid: undefined })).toThrow(
      /messagingServiceSid or a fromNumber/,
    );
  });

  it('reports 429 as rate limited, once: the SDK does not retry on its own', async () => {
    fake.failNext(1, { status: 429, code: 20429, message: 'Too Many Requests' });

    const error = await sendFailure({ to: VOLUNTEER, body: 'Hi' });
    expect(error).toMatchObject({ kind: 'rate_limited', code: '20429', httpStatus: 429 });
    expect(fake.received).toHaveLength(1);

    await expect(transport().send({ to: VOLUNTEER, body: 'Hi' })).resolves.toMatchObject({
      providerStatus: 'accepted',
    });
  });

  it('reports a Twilio 500 as retryable', async () => {
    fake.failNext(1, { status: 500, code: 20500, message: 'Internal Server Error' });

    const error = await sendFailure({ to: VOLUNTEER, body: 'Hi' });
    expect(error).toMatchObject({ kind: 'retryable', code: '20500', httpStatus: 500 });
  });

  it('reports an invalid number as permanent, with Twilio code and no number in the message', async () => {
    const unreachable = '+14145550999';
    fake.failFor(unreachable, {
      status: 400,
      code: 21211,
      message: `The 'To' number ${unreachable} is not a valid phone number.`,
    });

    const error = await sendFailure({ to: unreachable, body: 'Hi' });
    expect(error).toMatchObject({ kind: 'permanent', code: '21211', httpStatus: 400 });
    expect(error.message).not.toContain(unreachable);
    await expect(transport().send({ to: VOLUNTEER, body: 'Hi' })).resolves.toBeDefined();
  });

  it('reports bodies Twilio refuses as permanent', async () => {
    expect(await sendFailure({ to: VOLUNTEER, body: '' })).toMatchObject({
      kind: 'permanent',
      code: '21602',
    });
    expect(await sendFailure({ to: VOLUNTEER, body: 'x'.repeat(1601) })).toMatchObject({
      kind: 'permanent',
      code: '21617',
    });
  });

  it('reports a wrong auth token as permanent 20003', async () => {
    const error = await sendFailure({ to: VOLUNTEER, body: 'Hi' }, transport({ authToken: 'not-the-token' }));
    expect(error).toMatchObject({ kind: 'permanent', code: '20003', httpStatus: 401 });
  });

  it('reports a response slower than the timeout as retryable', async () => {
    fake.responseDelayMs = 500;

    const error = await sendFailure({ to: VOLUNTEER, body: 'Hi' }, transport({ timeoutMs: 50 }));
    expect(error).toMatchObject({ kind: 'retryable', code: null, httpStatus: null });
  });

  it('misbehaves at random as injected: 429s, 500s and slow answers, each by its draw', async () => {
    // Two draws a request, the answer then its delay: 429 on time, 500 on time, accepted late.
    const draws = [0.1, 0.9, 0.35, 0.9, 0.9, 0.05];
    fake.injectFaults({
      rateLimitedShare: 0.3,
      serverErrorShare: 0.1,
      slowShare: 0.1,
      slowMs: 300,
      random: () => draws.shift() ?? 0.9,
    });

    expect(await sendFailure({ to: VOLUNTEER, body: 'Hi' })).toMatchObject({
      kind: 'rate_limited',
      code: '20429',
    });
    expect(await sendFailure({ to: VOLUNTEER, body: 'Hi' })).toMatchObject({
      kind: 'retryable',
      code: '20500',
    });
    const started = performance.now();
    await expect(transport().send({ to: VOLUNTEER, body: 'Hi' })).resolves.toBeDefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(fake.received.map((request) => request.response.status)).toEqual([429, 500, 201]);
  });

  it('reports a refused connection as retryable', async () => {
    const stopped = new FakeTwilioServer();
    const { baseUrl: stoppedUrl } = await stopped.start();
    await stopped.close();

    const error = await sendFailure(
      { to: VOLUNTEER, body: 'Hi' },
      transport({ accountSid: stopped.accountSid, authToken: stopped.authToken, apiBaseUrl: stoppedUrl }),
    );
    expect(error).toMatchObject({ kind: 'retryable', code: null, httpStatus: null });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it("matches Twilio's OpenAPI description of CreateMessage, request and response", async () => {
    await transport().send({ to: VOLUNTEER, body: 'Hi ¿qué tal?', statusCallbackUrl: STATUS_CALLBACK });
    await transport({ messagingServiceSid: undefined, fromNumber: FROM_NUMBER }).send({
      to: VOLUNTEER,
      body: 'Hi',
    });

    const api = loadTwilioApiV2010();
    const operation = api.paths['/2010-04-01/Accounts/{AccountSid}/Messages.json'].post;
    const requestSchema = resolve(
      api,
      operation.requestBody.content['application/x-www-form-urlencoded'].schema,
    );
    const responseSchema = resolve(api, operation.responses['201'].content['application/json'].schema);
    expect(operation.responses['201'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/api.v2010.account.message',
    );

    for (const { form, response } of fake.received) {
      expect(response.status).toBe(201);
      expect(Object.keys(form).filter((field) => !(field in requestSchema.properties))).toEqual([]);
      expect((requestSchema.required ?? []).filter((field) => !(field in form))).toEqual([]);

      expect(Object.keys(response.body).filter((key) => !(key in responseSchema.properties))).toEqual([]);
      expect((responseSchema.required ?? []).filter((key) => !(key in response.body))).toEqual([]);
      const mismatches = Object.entries(response.body).flatMap(([key, value]) =>
        schemaMismatch(value, resolve(api, responseSchema.properties[key])).map(
          (problem) => `${key}: ${problem}`,
        ),
      );
      expect(mismatches).toEqual([]);
    }
  });
});

interface OpenApiSchema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  pattern?: string;
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
}

interface OpenApiOperation {
  requestBody: { content: Record<string, { schema: OpenApiSchema }> };
  responses: Record<string, { content: Record<string, { schema: OpenApiSchema }> }>;
}

interface TwilioApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

function loadTwilioApiV2010(): TwilioApiDocument {
  const path = createRequire(import.meta.url).resolve(
    '@twilio/cli-core/src/services/twilio-api/twilio_api_v2010.json',
  );
  return JSON.parse(readFileSync(path, 'utf8')) as TwilioApiDocument;
}

function resolve(
  api: TwilioApiDocument,
  schema: OpenApiSchema,
): OpenApiSchema & { properties: Record<string, OpenApiSchema> } {
  const resolved = schema.$ref
    ? api.components.schemas[schema.$ref.replace('#/components/schemas/', '')]
    : schema;
  return { ...resolved, properties: resolved.properties ?? {} };
}

/** The checks of JSON Schema that Twilio's message resource uses: nullable, type, pattern, enum. */
function schemaMismatch(value: unknown, schema: OpenApiSchema): string[] {
  if (value === null) return schema.nullable ? [] : ['null but not nullable'];
  const problems: string[] = [];
  const actualType = Number.isInteger(value) ? 'integer' : typeof value;
  if (schema.type && schema.type !== actualType && !(schema.type === 'number' && actualType === 'integer')) {
    problems.push(`${actualType} instead of ${schema.type}`);
  }
  if (schema.pattern && typeof value === 'string' && !new RegExp(schema.pattern).test(value)) {
    problems.push(`${value} does not match ${schema.pattern}`);
  }
  if (schema.enum && !schema.enum.includes(value))
    problems.push(`${String(value)} is not one of ${schema.enum}`);
  return problems;
}
