import { expect, test } from '@playwright/test';
import { toLocalInput } from '../src/time/format.js';
import { asAdmin, checkScreen, E2E_ADMIN, inboxWaiting, signIn, signInThroughForm } from './support.js';

const NETWORK_TIMEZONE = 'America/Chicago';

interface Ids {
  zone: { id: string; code: string; name: string };
  ana: { id: string; phone: string };
  ben: { id: string; phone: string };
  requestId?: string;
}
const ids = {} as Ids;

const CREATE_VOLUNTEER = `mutation($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id phone } }`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  ids.zone = (
    await asAdmin<{ createZone: Ids['zone'] }>(
      'mutation($input: CreateZoneInput!) { createZone(input: $input) { id code name } }',
      { input: { code: 'EASTSIDE', name: 'East Side' } },
    )
  ).createZone;
  // 555-01xx numbers are reserved for fiction.
  const volunteer = async (name: string, phone: string, languages: string[]) =>
    (
      await asAdmin<{ createVolunteer: { id: string; phone: string } }>(CREATE_VOLUNTEER, {
        input: {
          name,
          phone,
          preferredLanguage: languages[0],
          languages,
          zoneIds: [ids.zone.id],
          skills: ['DRIVER'],
        },
      })
    ).createVolunteer;
  ids.ana = await volunteer('Ana Torres', '+14145550131', ['es', 'en']);
  ids.ben = await volunteer('Ben Okafor', '+14145550132', ['en']);
});

test('sign in: a wrong password is refused in words, the right one opens the dashboard', async ({ page }) => {
  await page.goto('');
  await checkScreen(page, 'sign-in');
  await page.getByLabel('Email').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await signInThroughForm(page);
  await expect(page.getByRole('heading', { name: 'Today' })).toBeVisible();
  await expect(page.getByText('open requests')).toBeVisible();
  await checkScreen(page, 'dashboard');
  // A reload keeps the session (sessionStorage), and the token is nowhere in localStorage.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Today' })).toBeVisible();
  expect(await page.evaluate('JSON.stringify(localStorage)')).not.toContain('eyJ');
});

test('create a delivery request: the API’s field error shows next to its field', async ({ page }) => {
  await signIn(page, 'deliveries');
  await expect(page.getByRole('heading', { name: 'Deliveries' })).toBeVisible();
  await checkScreen(page, 'deliveries');
  await page.getByRole('link', { name: 'New request' }).click();
  await page.getByLabel('Zone').selectOption({ label: `${ids.zone.name} (${ids.zone.code})` });
  await page.getByLabel('Household size').fill('4');
  await page.getByLabel('Address').fill('1234 W Lincoln Ave, Apt 2');
  await page.getByLabel('Contact phone').fill('(414) 555-0199');
  await page.getByLabel('Needs').fill('rice, beans, diapers size 4');
  const tomorrow = toLocalInput(new Date(Date.now() + 86_400_000).toISOString(), NETWORK_TIMEZONE);
  await page.getByLabel('Deliver by').fill(tomorrow);
  await page.getByLabel('Urgency').selectOption('HIGH');
  await page.getByRole('button', { name: 'Create request' }).click();
  const alias = page.getByLabel('Household alias');
  await expect(alias).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field.invalid', { has: alias }).locator('.field-error')).toBeVisible();
  await checkScreen(page, 'delivery-new');

  await alias.fill('Familia Girasol');
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: /Familia Girasol/ })).toBeVisible();
  ids.requestId = page.url().split('/').pop();
  await expect(page.getByText('Urgent', { exact: true })).toBeVisible();
});

test('assign the request, then show its address: the read is audited', async ({ page }) => {
  await signIn(page, `deliveries/${ids.requestId}`);
  await page.getByLabel('Volunteer', { exact: true }).selectOption({ label: 'Ana Torres (es, en)' });
  await page.getByRole('button', { name: 'Assign' }).click();
  await expect(page.getByText('Assigned', { exact: true })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Open → Assigned' })).toBeVisible();

  const before = await asAdmin<{ auditLog: { totalCount: number } }>(
    'query($id: ID!) { auditLog(filter: { subjectId: $id }) { totalCount } }',
    { id: ids.requestId },
  );
  expect(before.auditLog.totalCount).toBe(0);
  await page.getByRole('button', { name: 'Show address' }).click();
  await expect(page.getByText('1234 W Lincoln Ave, Apt 2')).toBeVisible();
  await checkScreen(page, 'delivery-request');
  const after = await asAdmin<{
    auditLog: { edges: { node: { field: string; actor: { email: string } } }[] };
  }>(
    'query($id: ID!) { auditLog(filter: { subjectId: $id }) { edges { node { field actor { email } } } } }',
    { id: ids.requestId },
  );
  const fields = after.auditLog.edges.map((edge) => edge.node);
  expect(fields).toContainEqual({ field: 'address', actor: { email: E2E_ADMIN.email } });

  // The board lists it under Assigned, flagged urgent in words.
  await page.getByRole('link', { name: 'Deliveries' }).click();
  const assigned = page.getByRole('region', { name: /Assigned/ });
  await expect(assigned.getByRole('link', { name: /Familia Girasol/ })).toBeVisible();
  await expect(
    assigned
      .getByRole('listitem')
      .filter({ hasText: 'Familia Girasol' })
      .getByText('Urgent', { exact: true }),
  ).toBeVisible();
});

test('compose a broadcast to a zone and watch it complete', async ({ page }) => {
  await signIn(page, 'broadcasts');
  const body = `Food pantry at St. Adalbert's opens at 10 today (${Date.now()})`;
  await page.getByLabel('Text', { exact: true }).fill(body);
  await page.getByLabel(`${ids.zone.name} (${ids.zone.code})`).check();
  await checkScreen(page, 'broadcasts');
  await page.getByRole('button', { name: 'Send broadcast' }).click();
  const card = page.getByRole('listitem').filter({ hasText: body });
  await expect(card.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText('2 of 2 texts out')).toBeVisible();
});

test('a shift claimed by SMS moves its fill bar; the roster checks the volunteer in', async ({ page }) => {
  const startsAt = new Date(Date.now() + 3 * 3600_000);
  const { createShift } = await asAdmin<{ createShift: { id: string; code: string } }>(
    'mutation($input: CreateShiftInput!) { createShift(input: $input) { id code } }',
    {
      input: {
        zoneId: ids.zone.id,
        role: 'greeter',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
        seats: 2,
      },
    },
  );
  await signIn(page, 'shifts');
  const card = page.getByRole('listitem').filter({ hasText: `#${createShift.code}` });
  await expect(card.getByText('0 of 2 seats filled')).toBeVisible();
  await checkScreen(page, 'shifts');

  await asAdmin(
    'mutation($from: String!, $body: String!) { simulateInboundSms(from: $from, body: $body) { id } }',
    {
      from: ids.ben.phone,
      body: `CLAIM ${createShift.code}`,
    },
  );
  await expect(card.getByText('1 of 2 seats filled')).toBeVisible();

  await card.getByRole('link').click();
  const row = page.getByRole('row').filter({ hasText: 'Ben Okafor' });
  await expect(row.getByText('Confirmed')).toBeVisible();
  await checkScreen(page, 'shift');
  await row.getByRole('button', { name: 'Check in Ben Okafor' }).click();
  await expect(row.getByText('Checked in')).toBeVisible();

  await page.getByRole('link', { name: 'Edit shift' }).click();
  await expect(page.getByLabel('Role')).toHaveValue('greeter');
  await checkScreen(page, 'shift-edit');
});

test('reply to an inbox text, then mark it handled', async ({ page }) => {
  const question = '¿Mañana abren la despensa?';
  const before = await inboxWaiting();
  await asAdmin(
    'mutation($from: String!, $body: String!) { simulateInboundSms(from: $from, body: $body) { id } }',
    {
      from: ids.ana.phone,
      body: question,
    },
  );
  await signIn(page, 'inbox');
  await expect(
    page.getByRole('link', { name: /Inbox/ }).getByLabel(`${before + 1} texts waiting`),
  ).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: question });
  await checkScreen(page, 'inbox');
  const reply = 'Sí, de 10 a 2. ¡Gracias!';
  await item.getByLabel('Reply to Ana Torres').fill(reply);
  await item.getByRole('button', { name: 'Send reply' }).click();
  await expect(item.getByText('Reply queued.')).toBeVisible();
  const sent = await asAdmin<{ messages: { edges: { node: { body: string } }[] } }>(
    'query($id: ID!) { messages(filter: { volunteerId: $id, direction: OUTBOUND }) { edges { node { body } } } }',
    { id: ids.ana.id },
  );
  expect(sent.messages.edges.map((edge) => edge.node.body)).toContain(reply);

  await item.getByRole('button', { name: 'Mark handled' }).click();
  await expect(item).toHaveCount(0);
  await expect(page.getByText(`${before} texts waiting`)).toBeVisible();
});

test('volunteers: filter, a volunteer’s texts, CSV import with preview and row errors', async ({ page }) => {
  await signIn(page, 'volunteers');
  await page.getByLabel('Zone').selectOption({ label: `${ids.zone.name} (${ids.zone.code})` });
  await expect(page.getByText('2 volunteers')).toBeVisible();
  await page.getByLabel('Language', { exact: true }).fill('es');
  await expect(page.getByText('1 volunteers')).toBeVisible();
  await checkScreen(page, 'volunteers');
  await page.getByRole('link', { name: 'Ana Torres' }).click();
  await expect(page.getByText('¿Mañana abren la despensa?')).toBeVisible();
  await checkScreen(page, 'volunteer');

  await page.getByRole('link', { name: 'Volunteers' }).click();
  await page.getByRole('link', { name: 'Import CSV' }).click();
  const csv = [
    'name,phone,languages,zones,skills',
    'Rosa Méndez,(414) 555-0135,es,EASTSIDE,CHILDCARE',
    'Nadie,not a phone,en,EASTSIDE,',
  ].join('\n');
  await page.getByLabel('Or paste the CSV').fill(csv);
  await expect(page.getByRole('table').getByText('Rosa Méndez')).toBeVisible();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('1 created, 0 updated, 0 unchanged')).toBeVisible();
  const errors = page.getByRole('table').filter({ hasText: 'rows with errors' });
  await expect(errors.getByRole('row').filter({ hasText: 'phone' }).getByRole('cell').first()).toHaveText(
    '3',
  );
  await checkScreen(page, 'volunteer-import');
});

test('the console switches to Spanish and remembers it', async ({ page }) => {
  await signIn(page);
  await page.getByLabel('Console language').selectOption('es');
  await expect(page.getByRole('link', { name: 'Entregas' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Hoy' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Turnos' }).click();
  await page.getByRole('link', { name: 'Nuevo turno' }).click();
  await expect(page.getByLabel('Función')).toBeVisible();
  await checkScreen(page, 'shift-new-es');
});

test('deep links load the app; built responses carry the strict CSP', async ({ page, request }) => {
  const response = await request.get('shifts/new');
  expect(response.status()).toBe(200);
  const policy = response.headers()['content-security-policy'];
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  await signIn(page, 'shifts/new');
  await expect(page.getByRole('heading', { name: 'New shift' })).toBeVisible();
  expect(violations).toEqual([]);
});
