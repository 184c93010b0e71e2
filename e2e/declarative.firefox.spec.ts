import type { Page } from '@playwright/test';
import { adminLogin, sendToUser } from './support/admin-page.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { browserEndpoint, enablePush, expectReceived, signIn } from './support/subscribe-page.ts';
import { pushesTo } from './support/push-control.ts';

/**
 * Admin messages travel as Declarative Web Push JSON (what Safari 18.4+ shows without a worker). Firefox ESR
 * does not parse that format itself, so these check that the kit's worker shows it as Safari would. Nothing
 * can click a notification under automation (web-platform-tests/wpt#51125): the click is asserted as the URL
 * the worker's click handler opens, which it reads from the notification's data.
 */

interface ShownRichNotification {
  title: string;
  body: string;
  tag: string;
  icon: string;
  image: string | null;
  badge: string | null;
  requireInteraction: boolean;
  actions: { action: string; title: string }[] | null;
  data: {
    url: string;
    navigate?: string;
    actions?: Record<string, string>;
    messageId: number | null;
    data?: unknown;
    image?: string;
    badge?: string;
  };
}

/** The notification tagged `tag` as `registration.getNotifications()` gives it (fields Firefox lacks are null). */
async function shownWithTag(page: Page, tag: string): Promise<ShownRichNotification> {
  let found: ShownRichNotification | undefined;
  await expect
    .poll(
      async () =>
        (found = await page.evaluate(async (wanted) => {
          const registration = await navigator.serviceWorker.ready;
          const [n] = await registration.getNotifications({ tag: wanted });
          if (!n) return undefined;
          const rich = n as Notification & { image?: string; actions?: { action: string; title: string }[] };
          return {
            title: n.title,
            body: n.body,
            tag: n.tag,
            icon: n.icon,
            image: rich.image ?? null,
            badge: (n as Notification & { badge?: string }).badge ?? null,
            requireInteraction: n.requireInteraction,
            actions: rich.actions ? rich.actions.map(({ action, title }) => ({ action, title })) : null,
            data: n.data as ShownRichNotification['data'],
          };
        }, tag)),
      { message: `a notification tagged ${tag}` },
    )
    .toBeDefined();
  return found!;
}

test('an admin message arrives as Declarative Web Push and the worker shows it as Safari would', async ({
  page,
  adminPage,
  servers,
}) => {
  const name = uniqueName('dwp');
  await signIn(page, name);
  await enablePush(page);
  const endpoint = await browserEndpoint(page);

  const message = await sendToUser(adminPage, name, {
    title: `Declared for ${name}`,
    body: 'Shown from the web_push 8030 JSON',
    url: '/admin/?from=push',
  });
  // Firefox decrypted it (ack 100); the page lists it under its message id.
  await expect.poll(async () => (await pushesTo(servers.pushUrl, endpoint))[0]?.ackCode).toBe(100);
  await expectReceived(page, message);

  const shown = await shownWithTag(page, `message-${message.id}`);
  const navigate = `${servers.app.url}/admin/?from=push`;
  expect(shown).toMatchObject({ title: message.title, body: message.body, tag: `message-${message.id}` });
  // `navigate` and the declared data exist only in the declarative format: the worker read that format.
  // The delivery's receipt token rides along (the worker reports with it); the link opens without it.
  const receipt = (shown.data as { receipt?: string }).receipt;
  expect(receipt).toMatch(/^\d+\.[0-9a-z]+\.[\w-]{22}$/);
  expect(shown.data).toEqual({
    url: '/admin/?from=push',
    navigate,
    actions: {},
    messageId: message.id,
    data: { messageId: message.id, receipt },
    badge: '/icons/badge-96.png',
    receipt,
  });
  // The message is mutable, so the worker added the kit's default icon (a declared icon would win).
  expect(shown.icon).toBe(`${servers.app.url}/icons/icon-192.png`);
});

test('a message with two actions, an image, a badge and requireInteraction shows them all', async ({
  browser,
  page,
  servers,
}) => {
  const name = uniqueName('rich');
  await signIn(page, name);
  await enablePush(page);

  // An admin page of its own: the shared one would keep these fields filled for the specs after this one.
  const admin = await (await browser.newContext()).newPage();
  await adminLogin(admin, servers.app.url);
  await admin.getByTestId('compose-image').fill('/icons/icon-512.png');
  await admin.getByTestId('compose-badge').fill('/icons/badge-96.png');
  await admin.getByTestId('compose-action1-title').fill('Open admin');
  await admin.getByTestId('compose-action1-url').fill('/admin/');
  await admin.getByTestId('compose-action2-title').fill('Read more');
  await admin.getByTestId('compose-action2-url').fill('https://example.com/more');
  await admin.getByTestId('compose-require-interaction').check();
  const message = await sendToUser(admin, name, {
    title: `Rich for ${name}`,
    body: 'Two buttons and a picture',
  });

  const shown = await shownWithTag(page, `message-${message.id}`);
  const site = servers.app.url;
  expect(shown).toMatchObject({
    title: message.title,
    body: message.body,
    requireInteraction: true,
    actions: [
      { action: 'action-1', title: 'Open admin' },
      { action: 'action-2', title: 'Read more' },
    ],
  });
  // Firefox's Notification has no image or badge getter (null here): the worker keeps what it showed in data.
  expect([shown.image, shown.badge]).toEqual([null, null]);
  expect([shown.data.image, shown.data.badge]).toEqual([
    `${site}/icons/icon-512.png`,
    `${site}/icons/badge-96.png`,
  ]);
  // Each action opens its own URL on click.
  expect(shown.data.actions).toEqual({
    'action-1': `${site}/admin/`,
    'action-2': 'https://example.com/more',
  });
  expect(shown.data.navigate).toBe(`${site}/`);
  await admin.context().close();
});
