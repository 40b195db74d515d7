import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { AuthService } from '../src/auth/auth.service.js';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import {
  ACCOUNT_LOCKOUT_RULE,
  DEFAULT_ACCOUNT_LOCKOUT,
  type AccountLockoutRule,
} from '../src/rate-limit/account-lockout.js';
import { LOGIN_RATE_LIMIT } from '../src/rate-limit/rate-limit.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const PASSWORD = 'correct horse battery staple';

let addressCounter = 0;
/** A public address of its own for each call (TEST-NET-3 and friends). */
const nextAddress = () => `203.0.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`;

async function staffEmail(app: TestApp): Promise<string> {
  const email = `throttle-${randomBytes(4).toString('hex')}@vecino.test`;
  await app.api.get(AuthService).upsertUser({ email, password: PASSWORD, role: StaffRole.COORDINATOR });
  return email;
}

function login(app: TestApp, email: string, password: string, forwardedFor = nextAddress()) {
  return app
    .http()
    .post('/graphql')
    .set('x-forwarded-for', forwardedFor)
    .send({ query: LOGIN, variables: { e: email, p: password } });
}

const codeOf = (response: { body: { errors?: { extensions?: { code?: string } }[] } }) =>
  response.body.errors?.[0]?.extensions?.code;

describe('login throttling per account and per address (TRUST_PROXY=loopback)', () => {
  let app: TestApp;

  beforeAll(async () => {
    // The test client is the one proxy, on loopback: X-Forwarded-For's last entry is the client.
    app = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => app?.close());

  it('refuses one account after its failures, from 40 addresses: HTTP 429 with Retry-After', async () => {
    const email = await staffEmail(app);
    const responses = [];
    for (let attempt = 0; attempt < 40; attempt++)
      responses.push(await login(app, email, 'wrong password!!'));
    const allowed = DEFAULT_ACCOUNT_LOCKOUT.failures;
    for (const response of responses.slice(0, allowed)) {
      expect(response.status).toBe(200);
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
    }
    for (const response of responses.slice(allowed)) {
      expect(response.status).toBe(429);
      expect(codeOf(response)).toBe('TOO_MANY_REQUESTS');
      const retryAfter = Number(response.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(DEFAULT_ACCOUNT_LOCKOUT.firstDelayMs / 1000);
    }

    // The right password does not get in while the account is locked, nor tells the caller it was right.
    const rightDuringLock = await login(app, email, PASSWORD);
    expect(rightDuringLock.status).toBe(429);
    expect(rightDuringLock.body.data?.login ?? null).toBeNull();
  });

  it('keeps the per-address limit, and a forged X-Forwarded-For entry before the real one does not dodge it', async () => {
    const blocked = '10.9.8.7';
    const attempts = [];
    for (let attempt = 0; attempt <= LOGIN_RATE_LIMIT.limit; attempt++) {
      attempts.push(await login(app, await staffEmail(app), 'wrong password!!', blocked));
    }
    expect(attempts.slice(0, LOGIN_RATE_LIMIT.limit).map(codeOf)).toEqual(
      Array(LOGIN_RATE_LIMIT.limit).fill('UNAUTHENTICATED'),
    );
    expect(attempts.at(-1)?.status).toBe(429);
    expect(Number(attempts.at(-1)?.headers['retry-after'])).toBeGreaterThan(0);

    // Only the loopback proxy is trusted, so 10.9.8.7 (what it saw) is the client, not 1.2.3.4 (what it was told).
    const spoofed = await login(app, await staffEmail(app), PASSWORD, `1.2.3.4, ${blocked}`);
    expect(spoofed.status).toBe(429);
    expect(codeOf(spoofed)).toBe('TOO_MANY_REQUESTS');

    const elsewhere = await login(app, await staffEmail(app), PASSWORD, '1.2.3.4');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.data?.login.token).toEqual(expect.any(String));
  });
});

describe('login throttling: the account lock expires, grows, and a success clears the count', () => {
  const rule: AccountLockoutRule = { failures: 3, windowMs: 60_000, firstDelayMs: 1000, maxDelayMs: 8000 };
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      env: { TRUST_PROXY: 'loopback' },
      override: (builder) => builder.overrideProvider(ACCOUNT_LOCKOUT_RULE).useValue(rule),
    });
  });
  afterAll(() => app?.close());

  it('lets the right password in once the lock has expired, which starts the count afresh', async () => {
    const email = await staffEmail(app);
    for (let attempt = 0; attempt < rule.failures; attempt++) {
      expect(codeOf(await login(app, email, 'wrong password!!'))).toBe('UNAUTHENTICATED');
    }
    const locked = await login(app, email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('1');

    await sleep(rule.firstDelayMs + 200);
    const afterLock = await login(app, email, PASSWORD);
    expect(afterLock.status).toBe(200);
    expect(afterLock.body.data?.login.token).toEqual(expect.any(String));

    // The success cleared the count: the next failures are judged on their merits again.
    for (let attempt = 0; attempt < rule.failures - 1; attempt++) {
      expect(codeOf(await login(app, email, 'wrong password!!'))).toBe('UNAUTHENTICATED');
    }
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  it('doubles the lock with each failure past the limit', async () => {
    const email = await staffEmail(app);
    for (let attempt = 0; attempt < rule.failures; attempt++) await login(app, email, 'wrong password!!');
    await sleep(rule.firstDelayMs + 200);
    // One more failure after the first lock: locked twice as long.
    expect(codeOf(await login(app, email, 'wrong password!!'))).toBe('UNAUTHENTICATED');
    const locked = await login(app, email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('2');
  });
});
