import { expect, test } from '@playwright/test';
import { toLocalInput } from '../src/time/format.js';
import { asAdmin, checkScreen, signIn, textFrom } from './support.js';

/** Know-your-rights sessions: created, staffed by SMS, published, attended; in a zone of their own. */
const NETWORK_TIMEZONE = 'America/Chicago';
const ids = {} as {
  zone: { id: string; name: string };
  trainer: { id: string; name: string };
  volunteer: { id: string; phone: string };
};

const local = (at: Date) => toLocalInput(at.toISOString(), NETWORK_TIMEZONE);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  ids.zone = (
    await asAdmin<{ createZone: typeof ids.zone }>(
      'mutation($input: CreateZoneInput!) { createZone(input: $input) { id name } }',
      { input: { code: 'RIVERWEST', name: 'Riverwest' } },
    )
  ).createZone;
  ids.trainer = (
    await asAdmin<{ createStaffUser: typeof ids.trainer }>(
      'mutation($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id name } }',
      {
        input: {
          email: 'trainer-rosa@vecino.test',
          name: 'Rosa Trainer',
          password: 'a long enough trainer password',
          role: 'TRAINER',
        },
      },
    )
  ).createStaffUser;
  // 555-01xx numbers are reserved for fiction.
  ids.volunteer = (
    await asAdmin<{ createVolunteer: typeof ids.volunteer }>(
      'mutation($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id phone } }',
      {
        input: {
          name: 'Marta Quispe',
          phone: '+14145550161',
          preferredLanguage: 'es',
          languages: ['es', 'en'],
          zoneIds: [ids.zone.id],
          skills: ['INTERPRETER'],
        },
      },
    )
  ).createVolunteer;
});

test('create a session with a shift, publish it; a claim by SMS appears on its roster live', async ({
  page,
}) => {
  await signIn(page, 'trainings');
  await checkScreen(page, 'trainings');
  await page.getByRole('link', { name: 'New session' }).click();
  const startsAt = new Date(Date.now() + 2 * 86_400_000);
  await page.getByLabel('Title').fill('Know your rights at work');
  await page.getByLabel('Languages').fill('es, en');
  await page.getByLabel('Venue').fill('Riverwest Public Library');
  await page.getByLabel('Zone').selectOption({ label: 'Riverwest (RIVERWEST)' });
  await page.getByLabel('Starts').fill(local(startsAt));
  await page.getByLabel('Ends').fill(local(new Date(startsAt.getTime() + 2 * 3600_000)));
  await page.getByLabel('Capacity').fill('0');
  await page.getByLabel('Trainer').selectOption({ label: ids.trainer.name });
  // The API's word on a field lands beside it.
  await page.getByRole('button', { name: 'Create session' }).click();
  await expect(page.getByLabel('Capacity')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('must be between 1 and 10,000')).toBeVisible();
  await checkScreen(page, 'training-new');
  await page.getByLabel('Capacity').fill('25');
  await page.getByRole('button', { name: 'Create session' }).click();

  await expect(page.getByRole('heading', { name: 'Know your rights at work' })).toBeVisible();
  await expect(page.getByText('Draft')).toBeVisible();
  await page.getByRole('link', { name: 'Add a shift' }).click();
  await expect(page.getByLabel('Zone')).toHaveValue(ids.zone.id);
  await page.getByLabel('Role').fill('interpreter');
  await page.getByLabel('Starts').fill(local(new Date(startsAt.getTime() - 30 * 60_000)));
  await page.getByLabel('Ends').fill(local(new Date(startsAt.getTime() + 2 * 3600_000)));
  await page.getByLabel('Seats').fill('2');
  await page.getByRole('button', { name: 'Create shift' }).click();

  const shift = page.getByRole('region', { name: /interpreter · #\d{4}/ });
  await expect(shift.getByText('0 of 2 seats filled')).toBeVisible();
  await page.getByRole('button', { name: 'Publish session' }).click();
  await expect(page.getByText('Published')).toBeVisible();

  const code = /#(\d{4})/.exec((await shift.getByRole('heading').textContent()) ?? '')?.[1];
  expect(code).toMatch(/^\d{4}$/);
  await textFrom(ids.volunteer.phone, `TOMAR ${code}`);
  const row = shift.getByRole('row').filter({ hasText: 'Marta Quispe' });
  await expect(row.getByText('Confirmed')).toBeVisible();
  await expect(shift.getByText('1 of 2 seats filled')).toBeVisible();
  await row.getByRole('button', { name: 'Check in Marta Quispe' }).click();
  await expect(row.getByText('Checked in')).toBeVisible();

  await page.getByLabel('Name (optional)').fill('Jesús Ramírez');
  await page.getByLabel('Phone (optional)').fill('(414) 555-0162');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Jesús Ramírez' })).toBeVisible();
  await expect(page.getByText('1 of 25 registered')).toBeVisible();
  await checkScreen(page, 'training');

  await page.getByRole('link', { name: 'Edit session' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('Know your rights at work');
  await page.getByLabel('Capacity').fill('30');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('1 of 30 registered')).toBeVisible();
});

test('once a session starts, attendance marks who came and the walk-ins', async ({ page }) => {
  // Attendance opens at the start, and a session is published before it: this one starts in 30 s.
  test.setTimeout(150_000);
  const startsAt = new Date(Date.now() + 30_000);
  const { createTrainingEvent: event } = await asAdmin<{ createTrainingEvent: { id: string } }>(
    'mutation($input: CreateTrainingEventInput!) { createTrainingEvent(input: $input) { id } }',
    {
      input: {
        title: 'Derechos ante ICE',
        languages: ['es'],
        venue: 'St. Casimir Hall',
        zoneId: ids.zone.id,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        capacity: 10,
        trainerId: ids.trainer.id,
      },
    },
  );
  await asAdmin('mutation($id: ID!) { publishTrainingEvent(id: $id) { id } }', { id: event.id });
  for (const name of ['Lupe Vargas', 'Tomás Ortiz']) {
    await asAdmin(
      'mutation($id: ID!, $input: RegisterAttendeeInput!) { registerAttendee(eventId: $id, input: $input) { id } }',
      {
        id: event.id,
        input: { name },
      },
    );
  }
  await signIn(page, `trainings/${event.id}`);
  await expect(page.getByText('Attendance can be taken once the session has started.')).toBeVisible();
  const attendance = page.getByRole('form', { name: 'Attendance' });
  await expect(attendance).toBeVisible({ timeout: 90_000 });
  await attendance.getByLabel('Lupe Vargas').check();
  await attendance.getByLabel('Walk-ins (came without registering)').fill('3');
  await attendance.getByRole('button', { name: 'Record attendance' }).click();
  await expect(attendance.getByRole('status')).toHaveText('Attendance saved.');
  // The last column says who came.
  const came = (name: string) => page.getByRole('row').filter({ hasText: name }).getByRole('cell').last();
  await expect(came('Lupe Vargas')).toHaveText('Yes');
  await expect(came('Tomás Ortiz')).toHaveText('No');
  await expect(page.getByText('3 walk-ins')).toBeVisible();
  await checkScreen(page, 'training-attendance');
});
