import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An error answer in Twilio's shape, e.g. `{ status: 429, code: 20429 }` or `{ status: 400, code: 21211 }`. */
export interface FakeTwilioFailure {
  status: number;
  code: number;
  message?: string;
}

/** One request the fake received on the Messages endpoint, whatever it answered. */
export interface FakeTwilioRequest {
  at: Date;
  /** Empty when the field was absent; `form` holds exactly what was sent. */
  to: string;
  body: string;
  from?: string;
  messagingServiceSid?: string;
  statusCallback?: string;
  /** Every form field as received. */
  form: Record<string, string>;
  /** The created message's SID, or null when the request was refused. */
  sid: string | null;
  response: { status: number; body: Record<string, unknown> };
}

/**
 * Random misbehaviour, each request drawn independently: a share answered 429 (Twilio's 20429, "too many
 * requests"), a share answered 500, and a share of answers held back `slowMs` (a latency spike).
 */
export interface FakeTwilioFaults {
  rateLimitedShare?: number;
  serverErrorShare?: number;
  slowShare?: number;
  slowMs?: number;
  /** Draws in [0, 1); Math.random unless given (a seeded generator makes a run repeatable). */
  random?: () => number;
}

export interface FakeTwilioOptions {
  /** Random `AC…` SID when omitted. */
  accountSid?: string;
  /** Random when omitted. */
  authToken?: string;
  responseDelayMs?: number;
}

const API_VERSION = '2010-04-01';
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_BODY_CHARACTERS = 1600;

// GSM 03.38: the basic set costs one septet per character, the extension set two (escape + character).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

/**
 * A local stand-in for the part of Twilio's REST API v2010 the SDK uses to send a text:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic auth, answering like Twilio
 * (resource shape from Twilio's OpenAPI description, error bodies `{ code, message, more_info, status }`).
 * Tests can make it fail (`failNext`, `failFor`), slow it down (`responseDelayMs`) and read what it got (`received`).
 */
export class FakeTwilioServer {
  readonly accountSid: string;
  readonly authToken: string;
  responseDelayMs: number;
  readonly received: FakeTwilioRequest[] = [];
  private readonly queuedFailures: FakeTwilioFailure[] = [];
  private readonly failuresByNumber = new Map<string, FakeTwilioFailure>();
  private readonly delayedResponses = new Set<NodeJS.Timeout>();
  private faults: FakeTwilioFaults | null = null;
  private server: Server | null = null;

  constructor(options: FakeTwilioOptions = {}) {
    this.accountSid = options.accountSid ?? `AC${randomHex(16)}`;
    this.authToken = options.authToken ?? randomHex(16);
    this.responseDelayMs = options.responseDelayMs ?? 0;
  }

  /** Listens on 127.0.0.1 on a free port; `baseUrl` is what `TWILIO_API_BASE_URL` should be set to. */
  async start(): Promise<{ baseUrl: string }> {
    if (this.server) throw new Error('FakeTwilioServer is already started');
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}` };
  }

  /** Drops pending responses and open (keep-alive) connections so Jest can exit. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const timer of this.delayedResponses) clearTimeout(timer);
    this.delayedResponses.clear();
    await new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
  }

  /** The next `count` authenticated send requests get this answer (before any validation). */
  failNext(count: number, failure: FakeTwilioFailure): void {
    for (let i = 0; i < count; i++) this.queuedFailures.push(failure);
  }

  /** Every valid send to `to` gets this answer until `reset()`, like a number Twilio always refuses. */
  failFor(to: string, failure: FakeTwilioFailure): void {
    this.failuresByNumber.set(to, failure);
  }

  /** From now on, answers misbehave at random as described (after `failNext` answers, before validation). */
  injectFaults(faults: FakeTwilioFaults): void {
    this.faults = faults;
  }

  /** Forgets received requests, programmed failures, injected faults and the response delay. */
  reset(): void {
    this.received.length = 0;
    this.queuedFailures.length = 0;
    this.failuresByNumber.clear();
    this.faults = null;
    this.responseDelayMs = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake-twilio').pathname;
    if (!this.isAuthenticated(req)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
      this.respond(
        res,
        401,
        twilioError(401, 20003, 'Authenticate', 'Your AccountSid or AuthToken was incorrect.'),
      );
      return;
    }
    const messagesPath = MESSAGES_PATH.exec(path);
    if (req.method !== 'POST' || !messagesPath || messagesPath[1] !== this.accountSid) {
      this.respond(res, 404, twilioError(404, 20404, `The requested resource ${path} was not found`));
      return;
    }
    const form = Object.fromEntries(new URLSearchParams(rawBody));
    const [status, body] = this.answerCreateMessage(form);
    this.received.push({
      at: new Date(),
      to: form.To ?? '',
      body: form.Body ?? '',
      from: form.From,
      messagingServiceSid: form.MessagingServiceSid,
      statusCallback: form.StatusCallback,
      form,
      sid: status === 201 ? (body.sid as string) : null,
      response: { status, body },
    });
    this.respond(res, status, body);
  }

  private answerCreateMessage(form: Record<string, string>): [number, Record<string, unknown>] {
    const queuedFailure = this.queuedFailures.shift();
    if (queuedFailure) return failureAnswer(queuedFailure);
    const injected = this.injectedFailure();
    if (injected) return failureAnswer(injected);
    const { To: to, From: from, MessagingServiceSid: messagingServiceSid, Body: body } = form;
    if (!to) return [400, twilioError(400, 21604, "A 'To' phone number is required.")];
    if (!E164.test(to))
      return [400, twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`)];
    if (!from && !messagingServiceSid) {
      return [400, twilioError(400, 21603, "A 'From' phone number is required.")];
    }
    if (!body && !form.MediaUrl && !form.ContentSid) {
      return [400, twilioError(400, 21602, 'Message body is required.')];
    }
    if (body && [...body].length > MAX_BODY_CHARACTERS) {
      return [
        400,
        twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
      ];
    }
    const numberFailure = this.failuresByNumber.get(to);
    if (numberFailure) return failureAnswer(numberFailure);
    return [201, this.messageResource(form)];
  }

  private injectedFailure(): FakeTwilioFailure | null {
    if (!this.faults) return null;
    const { rateLimitedShare = 0, serverErrorShare = 0, random = Math.random } = this.faults;
    const draw = random();
    if (draw < rateLimitedShare) return { status: 429, code: 20429, message: 'Too Many Requests' };
    if (draw < rateLimitedShare + serverErrorShare)
      return { status: 500, code: 20500, message: 'Internal Server Error' };
    return null;
  }

  /** The `api.v2010.account.message` resource as Twilio returns it right after creation. */
  private messageResource(form: Record<string, string>): Record<string, unknown> {
    const sid = `SM${randomHex(16)}`;
    const now = rfc2822(new Date());
    const viaService = Boolean(form.MessagingServiceSid);
    const uri = `/${API_VERSION}/Accounts/${this.accountSid}/Messages/${sid}`;
    return {
      account_sid: this.accountSid,
      api_version: API_VERSION,
      body: form.Body ?? '',
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      num_media: '0',
      // A Messaging Service picks the sender later, so Twilio reports 0 segments at creation.
      num_segments: viaService ? '0' : String(countSegments(form.Body ?? '')),
      price: null,
      price_unit: 'USD',
      sid,
      status: viaService ? 'accepted' : 'queued',
      subresource_uris: { media: `${uri}/Media.json` },
      to: form.To,
      uri: `${uri}.json`,
    };
  }

  private isAuthenticated(req: IncomingMessage): boolean {
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Basic' || !encoded) return false;
    return Buffer.from(encoded, 'base64').toString('utf8') === `${this.accountSid}:${this.authToken}`;
  }

  private respond(res: ServerResponse, status: number, body: Record<string, unknown>): void {
    const send = () => {
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Twilio-Request-Id': `RQ${randomHex(16)}`,
      });
      res.end(JSON.stringify(body));
    };
    const { slowShare = 0, slowMs = 0, random = Math.random } = this.faults ?? {};
    const delayMs = this.responseDelayMs + (slowShare > 0 && random() < slowShare ? slowMs : 0);
    if (delayMs <= 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.delayedResponses.delete(timer);
      send();
    }, delayMs);
    this.delayedResponses.add(timer);
  }
}

function failureAnswer(failure: FakeTwilioFailure): [number, Record<string, unknown>] {
  const message = failure.message ?? `Simulated Twilio error ${failure.code}`;
  return [failure.status, twilioError(failure.status, failure.code, message)];
}

function twilioError(
  status: number,
  code: number,
  message: string,
  detail?: string,
): Record<string, unknown> {
  return {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
    ...(detail ? { detail } : {}),
  };
}

/** Segments of an SMS body: GSM-7 fits 160 septets alone or 153 per part; anything else is UCS-2, 70 or 67. */
function countSegments(body: string): number {
  let septets = 0;
  for (const character of body) {
    if (GSM7_BASIC.has(character)) septets += 1;
    else if (GSM7_EXTENSION.has(character)) septets += 2;
    else return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

/** Twilio's date format: `Thu, 24 Aug 2023 05:01:45 +0000`. */
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
