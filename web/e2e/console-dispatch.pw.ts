import { expect, test } from '@playwright/test';
import { asAdmin, checkScreen, signIn, signInThroughForm, textFrom } from './support.js';

/** Offers, live moves, the broadcast preview and staff management, in zones of their own. */
interface Zone {
  id: string;
  code: string;
  name: string;
}
const zones = {} as { north: Zone; west: Zone };
const volunteers = {} as { rosa: { id: string; phone: string }; omar: { id: string; phone: string } };

const CREATE_ZONE = 'mutation($input: CreateZoneInput!) { createZone(input: $input) { id code name } }';
const CREATE_VOLUNTEER = `mutation($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id phone } }`;
const CREATE_REQUEST = `mutation($input: CreateDeliveryRequestInput!) {
  createDeliveryRequest(input: $input) { id code householdAlias }
}`;

async function createRequest(zoneId: string, householdAlias: string) {
  return (
    await asAdmin<{ createDeliveryRequest: { id: string; code: number; householdAlias: string } }>(
      CREATE_REQUEST,
      {
        input: {
          zoneId,
          householdAlias,
          householdSize: 5,
          language: 'es',
          address: '2200 S Kinnickinnic Ave',
          deliverBy: new Date(Date.now() + 6 * 3600_000).toISOString(),
          // HIGH: the offer text is not held back by quiet hours, whatever the hour the suite runs.
          urgency: 'HIGH',
        },
      },
    )
  ).createDeliveryRequest;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const zone = async (code: string, name: string) =>
    (await asAdmin<{ createZone: Zone }>(CREATE_ZONE, { input: { code, name } })).createZone;
  zones.north = await zone('NORTHSIDE', 'North Side');
  zones.west = await zone('WESTSIDE', 'West Side');
  const volunteer = async (name: string, phone: string, zoneId: string) =>
    (
      await asAdmin<{ createVolunteer: { id: string; phone: string } }>(CREATE_VOLUNTEER, {
        input: {
          name,
          phone,
          preferredLanguage: 'es',
          languages: ['es'],
          zoneIds: [zoneId],
          skills: ['DRIVER'],
        },
      })
    ).createVolunteer;
  // 555-01xx numbers are reserved for fiction.
  volunteers.rosa = await volunteer('Rosa Villalobos', '+14145550141', zones.north.id);
  volunteers.omar = await volunteer('Omar Haddad', '+14145550142', zones.west.id);
});

test('auto-dispatch a request; the volunteer’s YES moves its card to Assigned live', async ({ page }) => {
  const request = await createRequest(zones.north.id, 'Familia Colibrí');
  await signIn(page, `deliveries/${request.id}`);
  const suggestions = page.getByRole('region', { name: 'Suggested volunteers' });
  const rosa = suggestions.getByRole('listitem').filter({ hasText: 'Rosa Villalobos' }).first();
  await expect(rosa.getByText('speaks es')).toBeVisible();
  await expect(rosa.getByRole('button', { name: 'Offer to Rosa Villalobos' })).toBeVisible();
  await checkScreen(page, 'delivery-suggestions');

  await page.getByRole('button', { name: 'Auto-dispatch' }).click();
  const offers = page.getByRole('region', { name: 'Offers' });
  const offer = offers.getByRole('listitem').filter({ hasText: 'Rosa Villalobos' });
  await expect(offer.getByText('Pending')).toBeVisible();
  await expect(offer.getByText(/expires in \d+ min/)).toBeVisible();
  await expect(page.getByText(/Auto-dispatch is on/)).toBeVisible();
  await checkScreen(page, 'delivery-offers');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deliveries' }).click();
  const card = (column: string) =>
    page.getByRole('region', { name: new RegExp(column) }).getByRole('link', { name: /Familia Colibrí/ });
  await expect(card('Offered')).toBeVisible();
  await textFrom(volunteers.rosa.phone, `YES ${request.code}`);
  // No reload: the deliveryRequestUpdated subscription moves the card.
  await expect(card('Assigned')).toBeVisible();
  await expect(card('Offered')).toHaveCount(0);

  await card('Assigned').click();
  await expect(page.getByRole('region', { name: 'Offers' }).getByText('Accepted')).toBeVisible();
  await page.getByRole('button', { name: 'Resend details' }).click();
  await expect(page.getByText('Details texted again to the volunteer.')).toBeVisible();
});

test('the broadcast compose shows the API’s recipient count, segments and ETA', async ({ page }) => {
  await signIn(page, 'broadcasts');
  const preview = page.getByRole('region', { name: 'Before sending' });
  await expect(preview.getByText('Write the text to see who gets it')).toBeVisible();
  await page.getByLabel('Text', { exact: true }).fill('Despensa abierta hoy de 10 a 2 en St. Adalbert');
  await page.getByLabel(`${zones.north.name} (${zones.north.code})`).check();
  await expect(preview.getByTestId('preview-recipients')).toHaveText('1');
  await expect(preview.getByText('SMS segments in all')).toBeVisible();
  await expect(preview.getByText(/1 segments each \(GSM-7\), 1 recipients/)).toBeVisible();
  await page.getByLabel(`${zones.west.name} (${zones.west.code})`).check();
  await expect(preview.getByTestId('preview-recipients')).toHaveText('2');
  await checkScreen(page, 'broadcast-preview');
});

test('an admin creates a coordinator limited to one zone, who then sees only it', async ({ page }) => {
  await createRequest(zones.north.id, 'Familia Norte');
  await createRequest(zones.west.id, 'Familia Oeste');
  await signIn(page, 'staff');
  await expect(page.getByRole('heading', { name: 'Staff', exact: true })).toBeVisible();
  const coordinator = {
    email: `west.coordinator.${Date.now()}@example.org`,
    password: 'west side coordinator 1',
  };
  const form = page.getByRole('form', { name: 'New staff account' });
  await form.getByLabel('Email').fill(coordinator.email);
  await form.getByLabel('Name').fill('Lucía West');
  await form.getByLabel('Password').fill('short');
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(form.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Password').fill(coordinator.password);
  await form.getByLabel('Role').selectOption('COORDINATOR');
  await form.getByLabel(`${zones.west.name} (${zones.west.code})`).check();
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`Account ${coordinator.email} created.`)).toBeVisible();
  const row = page.getByRole('listitem').filter({ hasText: coordinator.email });
  await expect(row.getByText(/Coordinator · WESTSIDE/)).toBeVisible();
  await row.getByRole('button', { name: `Manage ${coordinator.email}` }).click();
  await expect(row.getByRole('button', { name: 'Deactivate account' })).toBeVisible();
  await checkScreen(page, 'staff');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInThroughForm(page, 'deliveries', coordinator);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Deliveries' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Staff' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Familia Oeste/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Familia Norte/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'New request' }).click();
  // Waits for the zones to load: the options are read as they are, not as they will be.
  await expect(page.getByLabel('Zone').locator('option').filter({ hasText: '(' })).toHaveText([
    `${zones.west.name} (${zones.west.code})`,
  ]);
});

test('the dashboard lists open alerts', async ({ page }) => {
  const { reportAlert } = await asAdmin<{ reportAlert: { code: number } }>(
    'mutation($input: ReportAlertInput!) { reportAlert(input: $input) { code } }',
    { input: { zoneId: zones.north.id, kind: 'CHECKPOINT', location: 'Holton St & North Ave' } },
  );
  await signIn(page);
  const panel = page.getByRole('region', { name: 'Open alerts' });
  await expect(
    panel.getByRole('link', { name: `#${reportAlert.code} Checkpoint · NORTHSIDE` }),
  ).toBeVisible();
  await expect(panel.getByText(/Reported · 0 of \d+ responders/)).toBeVisible();
  await checkScreen(page, 'dashboard-alerts');
});

test('alerts: verification answers and responders arrive live; the dispatcher confirms and resolves', async ({
  page,
}) => {
  const south = (
    await asAdmin<{ createZone: Zone }>(CREATE_ZONE, { input: { code: 'SOUTHSIDE', name: 'South Side' } })
  ).createZone;
  const { createVolunteer: observer } = await asAdmin<{ createVolunteer: { id: string; phone: string } }>(
    CREATE_VOLUNTEER,
    {
      input: {
        name: 'Inés Observadora',
        phone: '+14145550143',
        preferredLanguage: 'es',
        languages: ['es'],
        zoneIds: [south.id],
        skills: ['LEGAL_OBSERVER', 'RAPID_RESPONSE'],
      },
    },
  );
  const { reportAlert } = await asAdmin<{ reportAlert: { code: number } }>(
    'mutation($input: ReportAlertInput!) { reportAlert(input: $input) { code } }',
    { input: { zoneId: south.id, kind: 'RAID', location: 'Lincoln Ave & 16th St' } },
  );
  await signIn(page, 'alerts');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /South Side/ }) });
  await expect(card.getByText('Reported', { exact: true })).toBeVisible();
  await card.getByRole('button', { name: 'Request verification' }).click();
  await expect(card.getByText('Verifying', { exact: true })).toBeVisible();
  await textFrom(observer.phone, `SEEN ${reportAlert.code}`);
  await expect(card.getByText(/Inés Observadora: seen/)).toBeVisible();
  await checkScreen(page, 'alerts');

  // One SEEN is short of ALERT_CONFIRMATIONS (2): the dispatcher confirms.
  await expect(card.getByText('Verifying', { exact: true })).toBeVisible();
  await card.getByRole('button', { name: 'Confirm' }).click();
  await expect(card.getByText('Confirmed', { exact: true })).toBeVisible();
  await textFrom(observer.phone, `OMW ${reportAlert.code} llevo cámara`);
  await expect(card.getByText(/Inés Observadora \(.*\): llevo cámara/)).toBeVisible();
  await expect(card.getByRole('heading', { name: /^1 of \d+ responders$/ })).toBeVisible();

  await card.getByLabel('Note').fill('Se fueron a las 11');
  await card.getByRole('button', { name: 'Resolve' }).click();
  await expect(card).toHaveCount(0);
});
