import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
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

let adminToken: string | undefined;

export async function asAdmin<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  adminToken ??= (
    await api<{ login: { token: string } }>(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      E2E_ADMIN,
    )
  ).login.token;
  return api<T>(query, variables, adminToken);
}

export async function signIn(
  page: Page,
  path = '',
  account: { email: string; password: string } = E2E_ADMIN,
): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/**
 * Every screen: axe finds no serious or critical violation, and a screenshot at desktop (1366×768) and phone
 * (390 wide) sizes lands in web/e2e/screenshots/ (git-ignored).
 */
/** A text from a volunteer's phone, through the API's simulator (the same path as a Twilio webhook). */
export async function textFrom(phone: string, body: string): Promise<void> {
  await asAdmin(
    'mutation($from: String!, $body: String!) { simulateInboundSms(from: $from, body: $body) { id } }',
    { from: phone, body },
  );
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
