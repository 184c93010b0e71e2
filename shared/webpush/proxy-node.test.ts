// The proxy option and HTTP(S)_PROXY/NO_PROXY on the Node entry, through a real CONNECT proxy on 127.0.0.1
// that counts its tunnels.
import { createServer as createNetServer, connect, type AddressInfo, type Server } from 'node:net';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { decrypt } from './encrypt.ts';
import { webpush } from './index.ts';
import { sendMany } from './send-many.ts';
import { makeSubscription, startPushSink } from './test-helpers.ts';

/** A minimal HTTP CONNECT proxy: each CONNECT opens one tunnel to the named host:port. */
async function connectProxy() {
  const tunnels: string[] = [];
  const server: Server = createNetServer((client) => {
    client.once('data', (head) => {
      const match = /^CONNECT (\S+):(\d+) HTTP\/1\.1\r\n/.exec(head.toString());
      if (!match) return client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
      tunnels.push(`${match[1]}:${match[2]}`);
      const upstream = connect(Number(match[2]), match[1], () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const closers: Array<() => Promise<void>> = [];
const savedEnv = { ...process.env };
afterEach(async () => {
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy'])
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setUp() {
  const proxy = await connectProxy();
  const sink = await startPushSink((_push, res) => res.writeHead(201).end());
  closers.push(sink.close, proxy.close);
  return { proxy, sink, target: sink.origin.replace('http://', '') };
}

describe('proxy (Node entry)', () => {
  it('sends through the proxy URL given: one tunnel to the push service, the body decrypts', async () => {
    const { proxy, sink, target } = await setUp();
    const { subscription, receiver } = makeSubscription(`${sink.origin}/via-proxy`);
    await webpush(subscription, 'tunnelled', { proxy: proxy.url });
    expect(proxy.tunnels).toEqual([target]);
    expect(decrypt(sink.received[0]!.body, receiver).toString()).toBe('tunnelled');
  });

  it("'env' reads HTTP_PROXY for an http: endpoint; sendMany reuses the tunnels", async () => {
    const { proxy, sink, target } = await setUp();
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '';
    const devices = Array.from(
      { length: 6 },
      (_, i) => makeSubscription(`${sink.origin}/d/${i}`).subscription,
    );
    const summary = await sendMany(devices, 'hi', { proxy: 'env', concurrency: 2, workers: 0 });
    expect(summary.delivered).toBe(6);
    expect(sink.received).toHaveLength(6);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(proxy.tunnels.length).toBeLessThan(6); // kept-alive tunnels carry several pushes
    expect(new Set(proxy.tunnels)).toEqual(new Set([target]));
  });

  it("'env' with NO_PROXY naming the host goes direct: no tunnel", async () => {
    const { proxy, sink } = await setUp();
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    const { subscription } = makeSubscription(`${sink.origin}/direct`);
    await webpush(subscription, 'direct', { proxy: 'env' });
    expect(sink.received).toHaveLength(1);
    expect(proxy.tunnels).toEqual([]);
  });

  it('refuses a proxy that is not a URL, naming proxy', async () => {
    const { subscription } = makeSubscription('http://127.0.0.1:1/x');
    await expect(webpush(subscription, 'x', { proxy: 'not a url' })).rejects.toThrow(
      /^proxy: must be 'env' or a proxy URL/,
    );
  });

  it('the CLI sends through HTTP_PROXY from its environment, and through --proxy', async () => {
    const { proxy, sink, target } = await setUp();
    const dir = mkdtempSync(join(tmpdir(), 'webpush-proxy-'));
    const info = join(dir, 'sub.json');
    writeFileSync(info, JSON.stringify(makeSubscription(`${sink.origin}/cli`).subscription));
    const bin = fileURLToPath(new URL('./bin/webpush.js', import.meta.url));
    const run = (args: string[], env: Record<string, string>) =>
      new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env } }, (error, stdout) =>
          error ? reject(error) : resolve(stdout),
        ),
      );
    expect(await run(['--info', info], { HTTP_PROXY: proxy.url, NO_PROXY: '' })).toBe('201 sent\n');
    expect(proxy.tunnels).toEqual([target]);
    expect(await run(['--info', info, '--proxy', proxy.url], { HTTP_PROXY: '', NO_PROXY: '' })).toBe(
      '201 sent\n',
    );
    expect(proxy.tunnels).toEqual([target, target]);
  });
});
