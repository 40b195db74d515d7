import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { tokenExpiry } from '../src/auth/token-expiry.js';
import { E2E_ADMIN } from './global-setup.js';

export { E2E_ADMIN };

const API = () => {
  const url = process.env.CONSOLE_E2E_API;
  if (!url) throw new Error('CONSOLE_E2E_API is not set: run through `npm run test:e2e:web`');
  return url;
};

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string }[];
}

/** A GraphQL call to the API under test, for arranging data and checking what the console did. */
export async function api<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const response = await fetch(`${API()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as GraphQLAnswer<T>;
  if (answer.errors?.length || !answer.data) throw new Error(`GraphQL: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

interface Account {
  email: string;
  password: string;
}
interface LoginResult {
  token: string;
  user: { id: string; email: string; role: string };
}

/** One API login per account and run: the API allows 10 logins a minute from one address. */
const logins = new Map<string, Promise<LoginResult>>();

function login(account: Account): Promise<LoginResult> {
  let result = logins.get(account.email);
  if (!result) {
    result = api<{ login: LoginResult }>(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token user { id email role } } }',
      { ...account },
    ).then((answer) => answer.login);
    logins.set(account.email, result);
  }
  return result;
}

export async function asAdmin<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  return api<T>(query, variables, (await login(E2E_ADMIN)).token);
}

/** Signs in through the form, as a coordinator does (each call is a login the API counts). */
export async function signInThroughForm(page: Page, path = '', account: Account = E2E_ADMIN): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/**
 * Opens `path` already signed in: the account's token (one API login per run) is put where the console keeps it,
 * sessionStorage, before the page loads. The sign-in form itself is tested with signInThroughForm.
 */
export async function signIn(page: Page, path = '', account: Account = E2E_ADMIN): Promise<void> {
  const { token, user } = await login(account);
  const session = JSON.stringify({ token, user, expiresAt: tokenExpiry(token) });
  // Once per tab: after a sign-out in the test, later navigations must not sign back in.
  await page.addInitScript({
    content: `if (!sessionStorage.getItem('e2e.seeded')) {
      sessionStorage.setItem('e2e.seeded', '1');
      sessionStorage.setItem('vecino.session', ${JSON.stringify(session)});
    }`,
  });
  await page.goto(path);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** A text from a volunteer's phone, through the API's simulator (the same path as a Twilio webhook). */
export async function textFrom(phone: string, body: string): Promise<void> {
  await asAdmin(
    'mutation($from: String!, $body: String!) { simulateInboundSms(from: $from, body: $body) { id } }',
    { from: phone, body },
  );
}

/** Texts waiting in the inbox now, as the admin sees them: the run's files share its data, so counts are relative. */
export async function inboxWaiting(): Promise<number> {
  return (await asAdmin<{ inbox: { totalCount: number } }>('{ inbox(first: 1) { totalCount } }')).inbox
    .totalCount;
}

export async function checkScreen(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((violation) =>
    ['serious', 'critical'].includes(violation.impact ?? ''),
  );
  expect(
    blocking.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    ),
    `axe on ${name}`,
  ).toEqual([]);
  const viewport = page.viewportSize();
  await page.screenshot({ path: `web/e2e/screenshots/${name}-1366.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `web/e2e/screenshots/${name}-390.png`, fullPage: true });
  if (viewport) await page.setViewportSize(viewport);
}
