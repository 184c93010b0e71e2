import { E2E_ADMIN_TOKEN } from './support/constants.ts';
import { expect, test } from './support/fixtures.ts';

// Issue 3's smoke test, in every browser CI installs: the pages load and the admin login works.

test('the subscribe page loads and offers the sign-in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Web Push starter kit');
  await expect(page.getByTestId('signin-name')).toBeVisible();
  // Not signed in yet: the browser's state is known, and enabling waits for a sign-in.
  await expect(page.getByTestId('push-status')).toHaveAttribute('data-state', 'not-subscribed');
  await expect(page.getByTestId('enable-push')).toBeDisabled();
  // The service worker script is served at the root, as the registration needs.
  const worker = await page.request.get('/sw.js');
  expect(worker.status()).toBe(200);
  expect(worker.headers()['content-type']).toContain('javascript');
});

test('the admin page refuses a wrong token, accepts the right one, and logs out', async ({ page }) => {
  await page.goto('/admin/');
  await expect(page).toHaveTitle('Admin · Web Push starter kit');
  await page.getByTestId('admin-token').fill('not-the-admin-token');
  await page.getByTestId('admin-login-submit').click();
  await expect(page.getByTestId('admin-login-error')).toContainText('wrong admin token');
  await expect(page.getByTestId('admin-logout')).toBeHidden();

  await page.getByTestId('admin-token').fill(E2E_ADMIN_TOKEN);
  await page.getByTestId('admin-login-submit').click();
  await expect(page.getByTestId('admin-logout')).toBeVisible();
  await expect(page.getByTestId('admin-dashboard')).toBeVisible();
  await expect(page.getByTestId('admin-login-error')).toBeHidden();
  // The HttpOnly cookie keeps the session across a reload.
  await page.reload();
  await expect(page.getByTestId('admin-dashboard')).toBeVisible();

  await page.getByTestId('admin-logout').click();
  await expect(page.getByTestId('admin-token')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('admin-token')).toBeVisible();
});
