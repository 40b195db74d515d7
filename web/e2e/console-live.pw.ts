import { expect, test } from '@playwright/test';
import { asAdmin, inboxWaiting, signIn, textFrom } from './support.js';

/** The inbox, its badge and the dashboard follow the API's pushes (inboxUpdated and the others), never a timer. */

// 555-01xx numbers are reserved for fiction; this one is no volunteer's, so its texts go to the inbox.
const STRANGER = '+14145550181';

test('a text landing in the inbox shows on the dashboard, the badge and the inbox at once; handled, it leaves', async ({
  page,
}) => {
  await signIn(page, '');
  const before = await inboxWaiting();
  const tile = page.getByRole('link', { name: /texts in the inbox/ });
  await expect(tile).toHaveText(`${before} texts in the inbox`);

  await textFrom(STRANGER, 'is anyone there? need help with groceries');
  await expect(tile).toHaveText(`${before + 1} texts in the inbox`);
  const badge = page.getByRole('link', { name: /Inbox/ }).getByLabel(`${before + 1} texts waiting`);
  await expect(badge).toBeVisible();

  await page.getByRole('link', { name: /^Inbox/ }).click();
  await textFrom(STRANGER, 'my address is on file');
  const item = page.getByRole('listitem').filter({ hasText: 'my address is on file' });
  await expect(item).toBeVisible();
  await expect(
    page.getByRole('link', { name: /Inbox/ }).getByLabel(`${before + 2} texts waiting`),
  ).toBeVisible();

  // Handled elsewhere (another coordinator's console): it leaves this one's list and badge too.
  const { inbox } = await asAdmin<{ inbox: { edges: { node: { id: string; body: string | null } }[] } }>(
    '{ inbox(first: 100) { edges { node { id body } } } }',
  );
  const handled = inbox.edges.find((edge) => edge.node.body === 'my address is on file');
  await asAdmin('mutation($id: ID!) { markInboxHandled(messageId: $id) { id } }', { id: handled?.node.id });
  await expect(item).toHaveCount(0);
  await expect(
    page.getByRole('link', { name: /Inbox/ }).getByLabel(`${before + 1} texts waiting`),
  ).toBeVisible();
});
