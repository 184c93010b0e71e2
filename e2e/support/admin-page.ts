import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from './constants.ts';

/** Opens the admin page (of `baseUrl`, default the page's baseURL) and logs in with the token. */
export async function adminLogin(page: Page, baseUrl = ''): Promise<void> {
  await page.goto(`${baseUrl}/admin/`);
  await page.getByTestId('admin-token').fill(E2E_ADMIN_TOKEN);
  await page.getByTestId('admin-login-submit').click();
  await expect(page.getByTestId('admin-logout')).toBeVisible();
}

export interface Compose {
  title: string;
  body: string;
  url?: string;
}

export interface SentMessage {
  id: number;
  title: string;
  body: string;
}

/** Sends to one user through the compose form and waits until every device has an outcome. */
export async function sendToUser(page: Page, userName: string, message: Compose): Promise<SentMessage> {
  const target = page.getByTestId('target-user');
  // The page reads the user list at login and after each send; a user who signed up since needs a reload.
  if ((await target.locator('option', { hasText: userName }).count()) === 0) {
    await page.reload();
    await expect(page.getByTestId('admin-logout')).toBeVisible();
  }
  await target.selectOption({ label: userName });
  await expect(page.getByTestId('target-one')).toBeChecked();
  return send(page, message);
}

/** Sends to every user through the compose form and waits until every device has an outcome. */
export async function sendToEveryone(page: Page, message: Compose): Promise<SentMessage> {
  await page.getByTestId('target-all').check();
  return send(page, message);
}

async function send(page: Page, message: Compose): Promise<SentMessage> {
  const panel = page.getByTestId('send-panel');
  // The panel may still show an earlier message (the admin page is reused); wait for the new one.
  const previousId = await panel.getAttribute('data-message-id');
  await page.getByTestId('compose-title').fill(message.title);
  await page.getByTestId('compose-body').fill(message.body);
  await page.getByTestId('compose-url').fill(message.url ?? '');
  await page.getByTestId('send-button').click();
  if (previousId !== null) await expect(panel).not.toHaveAttribute('data-message-id', previousId);
  await expect(panel).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('compose-error')).toBeHidden();
  await expect(page.getByTestId('send-label')).toContainText(message.title);
  return {
    id: Number(await panel.getAttribute('data-message-id')),
    title: message.title,
    body: message.body,
  };
}

/** The delivery panel's result rows for one user's devices. */
export function resultRowOf(page: Page, userName: string): Locator {
  return page
    .getByTestId('result-row')
    .filter({ has: page.getByTestId('result-user').getByText(userName, { exact: true }) });
}
