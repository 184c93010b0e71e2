import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedLookup } from './guarded-lookup.ts';

describe('guardedLookup on a real connection', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(201).end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = async (lookupOptions: Parameters<typeof guardedLookup>[0]) => {
    const agent = new Agent({ connect: { lookup: guardedLookup(lookupOptions) } });
    try {
      const res = await request(`http://localhost:${port}/push`, { method: 'POST', dispatcher: agent });
      return `${res.statusCode} ${await res.body.text()}`;
    } catch (error) {
      const cause = (error as { cause?: NodeJS.ErrnoException }).cause ?? (error as NodeJS.ErrnoException);
      return `${cause.code}: ${cause.message}`;
    } finally {
      await agent.close();
    }
  };

  it('refuses to connect when the name resolves to a loopback address', async () => {
    // localhost is 127.0.0.1 and/or ::1 depending on the machine's hosts file.
    expect(await post({ allowPrivateEndpoints: false, allowHttpOrigins: [] })).toMatch(
      /^ENOTALLOWED: refusing to connect to localhost: it resolves to a loopback address \((127\.0\.0\.1|::1)\); set ALLOW_PRIVATE_ENDPOINTS=1 to allow it in development$/,
    );
  });

  it('connects with ALLOW_PRIVATE_ENDPOINTS, or when the origin is in ALLOW_HTTP_ENDPOINTS', async () => {
    expect(await post({ allowPrivateEndpoints: true, allowHttpOrigins: [] })).toBe('201 ok');
    expect(await post({ allowPrivateEndpoints: false, allowHttpOrigins: [`http://localhost:${port}`] })).toBe(
      '201 ok',
    );
  });
});
