import type { APIRequestContext, Page } from '@playwright/test';
import { readPngHeader } from '../web/icons/png-header.ts';
import { expect, test } from './support/fixtures.ts';

// Issue 12: the kit is an installable web app (what iOS needs before it offers Web Push). Everything here is
// read from what the running app serves and what its pages link, not from the source lists.

interface PageLinks {
  manifest: string[];
  appleTouchIcon: string[];
  icon: string[];
  themeColors: { media: string | null; content: string | null }[];
}

async function linksOf(page: Page, path: string): Promise<PageLinks> {
  await page.goto(path);
  return page.evaluate(() => {
    const hrefs = (rel: string) =>
      [...document.querySelectorAll<HTMLLinkElement>(`link[rel="${rel}"]`)].map((link) => link.href);
    return {
      manifest: hrefs('manifest'),
      appleTouchIcon: hrefs('apple-touch-icon'),
      icon: hrefs('icon'),
      themeColors: [...document.querySelectorAll('meta[name="theme-color"]')].map((meta) => ({
        media: meta.getAttribute('media'),
        content: meta.getAttribute('content'),
      })),
    };
  });
}

/** Fetches a PNG, checks its type and returns its size as the IHDR chunk states it. */
async function pngSize(request: APIRequestContext, url: string): Promise<string> {
  const response = await request.get(url);
  expect(response.status(), url).toBe(200);
  expect(response.headers()['content-type'], url).toBe('image/png');
  const { width, height, bitDepth, colorType } = readPngHeader(await response.body());
  expect({ bitDepth, colorType }, url).toEqual({ bitDepth: 8, colorType: 6 });
  return `${width}x${height}`;
}

test('both pages link the manifest, the apple-touch-icon, the favicon and light and dark theme colours', async ({
  page,
  baseURL,
}) => {
  for (const path of ['/', '/admin/']) {
    const links = await linksOf(page, path);
    expect(links, path).toEqual({
      manifest: [`${baseURL}/manifest.webmanifest`],
      appleTouchIcon: [`${baseURL}/icons/apple-touch-icon.png`],
      icon: [`${baseURL}/icons/icon.svg`],
      themeColors: [
        { media: '(prefers-color-scheme: light)', content: '#ffffff' },
        { media: '(prefers-color-scheme: dark)', content: '#181b24' },
      ],
    });
  }
});

test('the manifest is served as application/manifest+json with what an installable app needs', async ({
  request,
}) => {
  const response = await request.get('/manifest.webmanifest');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/manifest+json');
  const manifest = await response.json();
  expect(manifest).toMatchObject({
    id: '/',
    name: 'Web Push starter kit',
    short_name: 'Web Push',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#ffffff',
    background_color: '#f5f6fa',
  });
  // Every icon it lists is there, a PNG of the size it claims: 192 and 512, each also as a maskable one.
  const icons = manifest.icons as { src: string; sizes: string; type: string; purpose: string }[];
  for (const icon of icons) {
    expect(icon.type, icon.src).toBe('image/png');
    expect(await pngSize(request, icon.src), icon.src).toBe(icon.sizes);
  }
  expect(icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual([
    '192x192 any',
    '192x192 maskable',
    '512x512 any',
    '512x512 maskable',
  ]);
});

test('the linked icons, the notification icon and the badge are PNGs of their sizes', async ({
  page,
  request,
}) => {
  const links = await linksOf(page, '/');
  expect(await pngSize(request, links.appleTouchIcon[0]!)).toBe('180x180');
  expect(await pngSize(request, '/icons/icon-192.png')).toBe('192x192');
  expect(await pngSize(request, '/icons/badge-96.png')).toBe('96x96');
  const favicon = await request.get(links.icon[0]!);
  expect(favicon.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
  expect(await favicon.text()).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  // The step icon of the iOS guidance loads under the page's CSP (img-src 'self').
  const stepIcon = page.getByTestId('home-screen-steps').locator('img');
  expect(await stepIcon.evaluate((img: HTMLImageElement) => img.src)).toBe(
    new URL('/icons/icon-192.png', page.url()).href,
  );
});

test('the CSP lets the browser read the manifest and show the icons', async ({ page, browserName }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("manifest-src 'self'");
  // Load each icon as the page would, under its CSP.
  const loaded = await page.evaluate(async () => {
    const urls = [
      '/icons/icon.svg',
      '/icons/apple-touch-icon.png',
      '/icons/icon-192.png',
      '/icons/badge-96.png',
    ];
    return Promise.all(
      urls.map(
        (url) =>
          new Promise<string>((resolve) => {
            const img = new Image();
            img.onload = () => resolve(`${url} ${img.naturalWidth}`);
            img.onerror = () => resolve(`${url} failed`);
            img.src = url;
          }),
      ),
    );
  });
  expect(loaded).toEqual([
    '/icons/icon.svg 512',
    '/icons/apple-touch-icon.png 180',
    '/icons/icon-192.png 192',
    '/icons/badge-96.png 96',
  ]);
  if (browserName === 'chromium') {
    // Chromium fetches and parses the manifest on request; a CSP refusal or a parse error shows up here.
    const cdp = await page.context().newCDPSession(page);
    const { url, errors, data } = await cdp.send('Page.getAppManifest');
    expect(url).toBe(new URL('/manifest.webmanifest', page.url()).href);
    expect(errors).toEqual([]);
    expect(JSON.parse(data ?? '{}')).toMatchObject({ display: 'standalone', start_url: '/' });
  }
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual(
    [],
  );
});
