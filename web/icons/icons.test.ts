import { describe, expect, it } from 'vitest';
import { appIconSvg, ARTWORK_RADIUS, badgeSvg, CANVAS } from './artwork.ts';
import { webAppFiles } from './files.ts';
import { PNG_ICONS } from './icon-set.ts';
import { webAppManifest } from './manifest.ts';
import { readPngHeader } from './png-header.ts';
import { rasterize, type RenderedIcon } from './rasterize.ts';

/** The RGBA values (premultiplied, as resvg keeps them) at pixel (x, y). */
function pixel(image: RenderedIcon, x: number, y: number): number[] {
  const offset = (y * image.width + x) * 4;
  return [...image.pixels.subarray(offset, offset + 4)];
}

function* everyPixel(image: RenderedIcon): Generator<{ x: number; y: number; rgba: number[] }> {
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) yield { x, y, rgba: pixel(image, x, y) };
}

describe('the web app manifest', () => {
  it('has the fields an installable app needs, and lists the 192 and 512 icons, maskable ones too', () => {
    expect(webAppManifest()).toEqual({
      id: '/',
      name: 'Web Push starter kit',
      short_name: 'Web Push',
      description: 'Subscribe to push notifications and send them from the admin page.',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#ffffff',
      background_color: '#f5f6fa',
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
        { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    });
  });
});

describe('the icon files', () => {
  it('renders every PNG at its size, as 8-bit RGBA', async () => {
    const files = new Map(webAppFiles().map((file) => [file.path, file]));
    for (const icon of PNG_ICONS) {
      const file = files.get(icon.path);
      expect(file?.contentType, icon.path).toBe('image/png');
      const png = (await file!.render()) as Uint8Array;
      expect(readPngHeader(png), icon.path).toEqual({
        width: icon.size,
        height: icon.size,
        bitDepth: 8,
        colorType: 6,
      });
    }
    expect(files.get('/manifest.webmanifest')?.contentType).toBe('application/manifest+json');
    expect(JSON.parse((await files.get('/manifest.webmanifest')!.render()) as string)).toEqual(
      webAppManifest(),
    );
  });

  it('keeps the artwork inside the maskable safe zone (a circle of 40% of the size around the centre)', async () => {
    expect(ARTWORK_RADIUS).toBeLessThan(0.4 * CANVAS);
    const image = await rasterize(appIconSvg('none'), CANVAS);
    const centre = CANVAS / 2;
    let farthest = 0;
    for (const { x, y, rgba } of everyPixel(image)) {
      if (rgba[3] === 0) continue;
      farthest = Math.max(farthest, Math.hypot(x + 0.5 - centre, y + 0.5 - centre));
    }
    expect(farthest).toBeGreaterThan(ARTWORK_RADIUS - 10); // the radius is a real bound, not a loose guess
    expect(farthest).toBeLessThanOrEqual(ARTWORK_RADIUS);
  });

  it('fills the maskable square to its corners and leaves the app icon corners transparent', async () => {
    const maskable = await rasterize(appIconSvg('full-bleed'), 192);
    const rounded = await rasterize(appIconSvg('rounded'), 192);
    for (const [x, y] of [
      [0, 0],
      [191, 0],
      [0, 191],
      [191, 191],
    ] as const) {
      expect(pixel(maskable, x, y)[3], `maskable ${x},${y}`).toBe(255);
      expect(pixel(rounded, x, y)[3], `rounded ${x},${y}`).toBe(0);
    }
  });

  it('draws the badge in white only, on transparency', async () => {
    const badge = await rasterize(badgeSvg(), 96);
    let opaque = 0;
    for (const { x, y, rgba } of everyPixel(badge)) {
      // Premultiplied white: each colour channel equals alpha.
      const [r, g, b, a] = rgba;
      expect([r, g, b], `pixel ${x},${y}`).toEqual([a, a, a]);
      if (a === 255) opaque++;
    }
    expect(opaque).toBeGreaterThan(96 * 96 * 0.2);
  });
});
