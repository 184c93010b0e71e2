import { decrypt } from '@starter-kit/webpush/node';
import { FakeBrowser, makeReceiver } from '../push-service/test-support.ts';
import { adminLogin, resultRowOf, sendToUser } from './support/admin-page.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';

// Chromium cannot subscribe here, so the device is a stand-in browser on the push service's WebSocket
// (the protocol Firefox speaks), stored through the public API like a page would; the admin page is Chromium's.
test('the admin page sends to a stored subscription and shows its result row', async ({
  page,
  playwright,
  servers,
}) => {
  const api = await playwright.request.newContext({ baseURL: servers.app.url });
  const device = await FakeBrowser.connect(servers.pushWsUrl);
  try {
    const { publicKey } = (await (await api.get('/api/vapid-public-key')).json()) as { publicKey: string };
    const { channelID, endpoint } = await device.register(publicKey);
    const keys = makeReceiver();
    const name = uniqueName('stand-in');
    expect((await api.post('/api/session', { data: { name } })).status()).toBe(200);
    const stored = await api.post('/api/subscriptions', {
      data: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, contentEncodings: ['aes128gcm'] },
    });
    expect(stored.status()).toBe(201);

    await adminLogin(page);
    await expect(page.locator(`[data-testid="user-row"][data-user-name="${name}"]`)).toBeVisible();
    const message = await sendToUser(page, name, { title: 'From Chromium', body: 'Sent by the admin page' });
    const row = resultRowOf(page, name);
    await expect(row).toHaveAttribute('data-outcome', 'accepted');
    await expect(row.getByTestId('result-status')).toHaveText('201');
    await expect(row.getByTestId('result-push-service')).toContainText(new URL(servers.pushUrl).host);
    await expect(page.getByTestId('send-summary')).toHaveText('1 accepted, 0 expired, 0 failed');

    // What reached the device decrypts to the admin's message.
    const notification = await device.next('notification');
    expect(notification.channelID).toBe(channelID);
    device.ack(channelID, String(notification.version));
    const body = decrypt(Buffer.from(String(notification.data), 'base64url'), {
      privateKey: keys.privateKey,
      auth: keys.authBytes,
    });
    // Declarative Web Push (web_push 8030): Safari shows it as is, the kit's worker everywhere else.
    expect(JSON.parse(body.toString('utf8'))).toMatchObject({
      web_push: 8030,
      notification: {
        title: 'From Chromium',
        body: 'Sent by the admin page',
        tag: `message-${message.id}`,
        data: { messageId: message.id },
      },
    });
  } finally {
    await device.close();
    await api.dispose();
  }
});
