import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { serveWebBuild } from './static.ts';

const dir = mkdtempSync(join(tmpdir(), 'static-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PNG = Buffer.from('89504e470d0a1a0a', 'hex');
mkdirSync(join(dir, 'icons'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kit</title>');
writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"kit"}');
writeFileSync(join(dir, 'icons', 'icon-192.png'), PNG);
writeFileSync(join(dir, 'icons', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

const app = new Hono();
serveWebBuild(app, dir);

describe('serveWebBuild: the installable web app files', () => {
  it('serves the manifest as application/manifest+json and never from a stale cache', async () => {
    const response = await app.request('/manifest.webmanifest');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/manifest+json');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe('{"name":"kit"}');
  });

  it('serves the icons as image/png and image/svg+xml, cached for a day', async () => {
    const png = await app.request('/icons/icon-192.png');
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(Buffer.from(await png.arrayBuffer())).toEqual(PNG);
    const svg = await app.request('/icons/icon.svg');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
  });

  it('answers 404 for an icon that is not there, without the cache header', async () => {
    const missing = await app.request('/icons/icon-1024.png');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBeNull();
  });
});
