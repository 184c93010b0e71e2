import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  adminLogin,
  bootForTest,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
} from '../testing/harness.ts';
import { SECURITY_HEADERS } from './headers.ts';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

describe('CSRF: cookie-authenticated state changes must come from this site', () => {
  let server: ReturnType<typeof bootForTest>;
  let user: string;
  let admin: string;
  beforeAll(async () => {
    server = bootForTest();
    user = await signIn(server.app, 'ada');
    admin = await adminLogin(server.app);
  });
  afterAll(async () => server.close());

  const forbidden = (method: string, from: string) => ({
    error: {
      status: 403,
      code: 'forbidden',
      message: `cross-site ${method} refused: the request came from ${from}, not from this site's pages`,
    },
  });

  it.each([
    ['POST', '/api/subscriptions/test', 'user'],
    ['DELETE', '/api/session', 'user'],
    ['POST', '/api/admin/logout', 'admin'],
  ] as const)(
    '%s %s from another site is refused (403), from this site allowed',
    async (method, path, who) => {
      const cookie = who === 'user' ? user : admin;
      const send = (headers: Record<string, string>) =>
        server.app.request(`http://shop.example${path}`, { method, headers: { cookie, ...headers } });

      const evil = await send({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
      expect(evil.status).toBe(403);
      expect(await evil.json()).toEqual(forbidden(method, 'https://evil.example'));
      // A sibling subdomain is "same-site" but not this origin.
      expect(
        (await send({ 'sec-fetch-site': 'same-site', origin: 'https://blog.shop.example' })).status,
      ).toBe(403);
      // An older browser that sends only Origin.
      const old = await send({ origin: 'http://evil.example' });
      expect(await old.json()).toEqual(forbidden(method, 'http://evil.example'));
      expect((await send({ origin: 'null' })).status).toBe(403);

      expect(
        (await send({ 'sec-fetch-site': 'same-origin', origin: 'http://shop.example' })).status,
      ).toBeLessThan(300);
    },
  );

  it('allows same-origin requests by Origin alone, non-browser clients, and Bearer requests', async () => {
    const cookie = await signIn(server.app, 'bob');
    await subscribe(server.app, cookie, browserSubscription('https://push.example.net/bob').json);
    const byOrigin = await server.app.request('http://shop.example/api/subscriptions/1', {
      method: 'DELETE',
      headers: { cookie, origin: 'http://shop.example' },
    });
    expect(byOrigin.status).toBe(204);
    // curl and server-side callers send neither header; they cannot carry a victim's cookie.
    expect((await server.app.request('/api/admin/logout', { method: 'POST' })).status).toBe(204);
    const bearer = await server.app.request(
      '/api/admin/messages',
      jsonRequest(
        'POST',
        { title: 'Hi', body: '', target: { type: 'all' } },
        {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          'sec-fetch-site': 'cross-site',
          origin: 'https://ops.example',
        },
      ),
    );
    expect(bearer.status).toBe(202);
    // Reads are never blocked.
    const read = await server.app.request('/api/session', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(read.status).toBe(200);
  });
});

describe('security headers and cookies', () => {
  let server: ReturnType<typeof bootForTest>;
  afterAll(async () => server.close());

  it('sends the CSP and friends on every response; HSTS only over https', async () => {
    server = bootForTest();
    for (const path of ['/api/vapid-public-key', '/api/nope', '/admin/']) {
      const res = await server.app.request(path);
      expect(res.headers.get('content-security-policy')).toBe(CSP);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('permissions-policy')).toBe(
        'camera=(), microphone=(), geolocation=(), payment=()',
      );
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    const https = await server.app.request('https://shop.example/api/vapid-public-key');
    expect(https.headers.get('strict-transport-security')).toBe('max-age=15552000; includeSubDomains');
  });

  it('sends the same headers through a real Node server, where they are set on the ServerResponse', async () => {
    await server.close();
    server = bootForTest();
    const http = serve({ fetch: server.app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(http, 'listening');
    try {
      const { port } = http.address() as AddressInfo;
      for (const path of ['/api/vapid-public-key', '/api/nope']) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        await res.arrayBuffer();
        for (const [name, value] of SECURITY_HEADERS) expect(res.headers.get(name)).toBe(value);
        expect(res.headers.get('content-security-policy')).toBe(CSP);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(res.headers.get('strict-transport-security')).toBeNull();
      }
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('marks cookies Secure under https; trusts X-Forwarded-Proto only with TRUST_PROXY', async () => {
    const loginCookie = async (url: string, headers: Record<string, string> = {}) => {
      const res = await server.app.request(url, jsonRequest('POST', { token: ADMIN_TOKEN }, headers));
      expect(res.status).toBe(204);
      return res.headers.getSetCookie()[0]!;
    };
    expect(await loginCookie('https://shop.example/api/admin/login')).toMatch(
      /^admin=[\w-]{43}; Max-Age=43200; Path=\/api\/admin; HttpOnly; Secure; SameSite=Strict$/,
    );
    expect(await loginCookie('http://shop.example/api/admin/login')).not.toContain('Secure');
    const proxied = { 'x-forwarded-proto': 'https' };
    expect(await loginCookie('http://shop.example/api/admin/login', proxied)).not.toContain('Secure');
    await server.close();

    server = bootForTest({ TRUST_PROXY: '1' });
    expect(await loginCookie('http://shop.example/api/admin/login', proxied)).toContain('; Secure;');
    const session = await server.app.request(
      'http://shop.example/api/session',
      jsonRequest('POST', { name: 'ada' }, proxied),
    );
    expect(session.headers.getSetCookie()[0]).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });
});
