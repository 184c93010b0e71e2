import { sendToUser } from './support/admin-page.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { storedReceipts } from './support/receipts.ts';
import { enablePush, expectReceived, signIn } from './support/subscribe-page.ts';

test('Firefox reports an admin message shown, and the funnel in the admin page shows it', async ({
  page,
  adminPage,
  servers,
}) => {
  const name = uniqueName('funnel');
  await signIn(page, name);
  await enablePush(page);
  const message = await sendToUser(adminPage, name, { title: `Funnel for ${name}`, body: 'Seen?' });
  await expectReceived(page, message);

  // The worker posts `shown` once the notification is up; the row and the counts say so.
  await expect.poll(() => storedReceipts(servers.app.db, message.id).counts.shown).toBe(1);
  const stored = storedReceipts(servers.app.db, message.id);
  expect(stored.counts).toMatchObject({ total: 1, delivered: 1, shown: 1, clicked: 0 });
  expect(stored.deliveries).toHaveLength(1);
  expect(stored.deliveries[0]!.shownAt).toBeGreaterThan(0);

  // The send panel's funnel follows the receipts without a reload.
  const funnel = adminPage.getByTestId('funnel');
  await expect(funnel.getByTestId('funnel-accepted')).toHaveAttribute('data-count', '1');
  await expect(funnel.getByTestId('funnel-shown')).toHaveAttribute('data-count', '1');
  await expect(funnel.getByTestId('funnel-shown')).toContainText('100%');
  await expect(funnel.getByTestId('funnel-clicked')).toHaveAttribute('data-count', '0');
  // The device's row in the panel shows when it was shown.
  await expect(adminPage.getByTestId('result-shown').first()).not.toHaveText('');
});
