import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { adminLogin, resultRowOf, sendToEveryone } from './support/admin-page.ts';
import { expect, test } from './support/fixtures.ts';
import { enablePush, expectReceived, notificationWithTag, signIn } from './support/subscribe-page.ts';

/** The README's picture of the admin page after a send. */
const SCREENSHOT = 'docs/admin-after-send.png';

test('three users in three browser contexts all receive a push sent to everyone', async ({
  browser,
  servers,
}, testInfo) => {
  const baseURL = servers.broadcast.url;
  // The broadcast app has no other spec's users, so plain names stay unique and "everyone" is these three.
  const users = await Promise.all(
    ['Ada', 'Grace', 'Katherine'].map(async (name) => {
      const context = await browser.newContext({ baseURL, permissions: ['notifications'] });
      const page = await context.newPage();
      await signIn(page, name);
      await enablePush(page);
      return { name, page };
    }),
  );

  const admin = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  await adminLogin(admin, baseURL);
  await expect(admin.getByTestId('user-row')).toHaveCount(3);
  const message = await sendToEveryone(admin, {
    title: 'Release 1.2 is out',
    body: 'Dark mode, faster sync and fewer notifications.',
  });
  await expect(admin.getByTestId('send-summary')).toHaveText('3 accepted, 0 expired, 0 failed');
  await expect(admin.getByTestId('result-row')).toHaveCount(3);
  for (const { name, page } of users) {
    await expect(resultRowOf(admin, name)).toHaveAttribute('data-outcome', 'accepted');
    await expectReceived(page, message);
    expect((await notificationWithTag(page, `message-${message.id}`)).title).toBe(message.title);
  }

  // The history lists the finished message with its counts; then the page is ready for its picture.
  const historyRow = admin.locator(`[data-testid="history-row"][data-message-id="${message.id}"]`);
  await expect(historyRow).toHaveAttribute('data-status', 'done');
  await expect(historyRow.getByTestId('history-accepted')).toHaveText('3');
  await expect(admin.getByTestId('chart-bar').first()).toBeVisible();
  const png = await admin.screenshot({ fullPage: true });
  await testInfo.attach('admin-after-send', { body: png, contentType: 'image/png' });
  // Written when missing, or on request, so that running the tests does not keep changing a committed file.
  if (!existsSync(SCREENSHOT) || process.env.UPDATE_DOCS_SCREENSHOT === '1') {
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    writeFileSync(SCREENSHOT, png);
  }
});
