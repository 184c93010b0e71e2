import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultRowOf, sendToUser } from './support/admin-page.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { channelOf, pushesTo } from './support/push-control.ts';
import {
  browserEndpoint,
  enablePush,
  expectReceived,
  notificationWithTag,
  signIn,
} from './support/subscribe-page.ts';

test('a push sent while no tab is open wakes the service worker and shows on the next page open', async ({
  context,
  adminPage: admin,
  servers,
}) => {
  const name = uniqueName('grace');
  const page = await context.newPage();
  await signIn(page, name);
  await enablePush(page);
  const endpoint = await browserEndpoint(page);
  await page.close();
  expect(context.pages()).toHaveLength(0);

  const message = await sendToUser(admin, name, { title: 'While you were away', body: 'No tab was open' });
  await expect(resultRowOf(admin, name)).toHaveAttribute('data-outcome', 'accepted');
  // Firefox acknowledges after the worker has handled the push (code 100: decrypted and delivered).
  await expect
    .poll(async () => (await pushesTo(servers.pushUrl, endpoint)).map((p) => [p.state, p.ackCode]))
    .toEqual([['acked', 100]]);

  const reopened = await context.newPage();
  await reopened.goto('/');
  await expectReceived(reopened, message);
  expect((await notificationWithTag(reopened, `message-${message.id}`)).body).toBe('No tab was open');
});

test('a push sent while Firefox is not running is queued, delivered when it starts, and shows on the page', async ({
  playwright,
  launchOptions,
  channel,
  headless,
  adminPage: admin,
  servers,
}) => {
  // A profile on disk, so the subscription and the push service's uaid survive the restart.
  const profile = mkdtempSync(join(tmpdir(), 'webpush-e2e-profile-'));
  const launch = () =>
    playwright.firefox.launchPersistentContext(profile, {
      ...launchOptions,
      ...(channel && { channel }),
      headless,
      baseURL: servers.app.url,
      permissions: ['notifications'],
    });
  let firefox = await launch();
  try {
    const name = uniqueName('hedy');
    const page = firefox.pages()[0] ?? (await firefox.newPage());
    await signIn(page, name);
    await enablePush(page);
    const endpoint = await browserEndpoint(page);
    await firefox.close();
    await expect.poll(async () => (await channelOf(servers.pushUrl, endpoint))?.browserOnline).toBe(false);

    const message = await sendToUser(admin, name, { title: 'Queued for you', body: 'Firefox was closed' });
    // The push service accepted it (201) and holds it for the offline browser.
    await expect(resultRowOf(admin, name).getByTestId('result-status')).toHaveText('201');
    expect((await pushesTo(servers.pushUrl, endpoint)).map((p) => p.state)).toEqual(['queued']);

    firefox = await launch();
    await expect
      .poll(async () => (await pushesTo(servers.pushUrl, endpoint)).map((p) => [p.state, p.ackCode]), {
        timeout: 30_000,
      })
      .toEqual([['acked', 100]]);
    const reopened = firefox.pages()[0] ?? (await firefox.newPage());
    await reopened.goto('/');
    await expectReceived(reopened, message);
    expect((await notificationWithTag(reopened, `message-${message.id}`)).title).toBe('Queued for you');
  } finally {
    await firefox.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
