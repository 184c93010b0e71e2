// The conformance suite (suite.ts) through the public entry on Node, Bun, Deno and workerd, each bundled with
// that runtime's package conditions and run by the real runtime against a real HTTP sink on 127.0.0.1. Every
// body the sink received is also decrypted here, with the Node entry's decrypt: a second, separate reading.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt, generateVapidKeys } from '../index.ts';
import { makeSubscription, startPushSink, type ReceivedPush } from '../test-helpers.ts';
import type { Report } from './suite.ts';
import { bundle, runScript, serveWorker, type RuntimeName } from './runtimes.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
let sink: Awaited<ReturnType<typeof startPushSink>>;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webpush-conformance-'));
  sink = await startPushSink((push, res) => {
    if (push.url.startsWith('/gone/')) {
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end('{"code":410,"errno":106,"error":"Gone","message":"Request did not validate"}');
      return;
    }
    // Echo what arrived, so the runtime under test can decrypt its own push back.
    res.writeHead(201, { location: `${push.url}/message`, 'content-type': 'application/json' });
    const headers = { encryption: push.headers.encryption, 'crypto-key': push.headers['crypto-key'] };
    res.end(JSON.stringify({ body: push.body.toString('base64url'), headers }));
  });
});

afterAll(async () => {
  await sink?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every check passed, and each push the suite says it sent arrived at the sink and decrypts here too. */
function expectConformance(report: Report, runtime: RuntimeName, crypto: string, transport: string) {
  expect(report.runtime).toBe(runtime);
  expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  expect(report.checks.length).toBe(8);
  expect(report.backend).toEqual({ crypto, transport });
  expect(report.receivers.length).toBe(4); // webpush() and sendMany's three
  for (const receiver of report.receivers) {
    const arrived = sink.received.filter((push: ReceivedPush) => receiver.endpoint.endsWith(push.url));
    expect(arrived.length, receiver.endpoint).toBe(1);
    expect(arrived[0]!.headers['content-encoding']).toBe('aes128gcm');
    expect(arrived[0]!.headers.ttl).toBe('60');
    const plain = decrypt(arrived[0]!.body, { privateKey: receiver.privateKey, auth: receiver.auth });
    expect(plain.toString()).toBe(receiver.plaintext);
  }
}

describe('the public API conforms on every runtime', () => {
  for (const [runtime, crypto, transport] of [
    ['node', 'node:crypto', 'undici'],
    ['bun', 'node:crypto', 'fetch'],
    ['deno', 'webcrypto', 'fetch'],
  ] as const) {
    it(`${runtime}: RFC 8291 and 8188 vectors, a VAPID token that verifies, real sends that decrypt`, async () => {
      const script = join(dir, `conformance-${runtime}.mjs`);
      await bundle(runtime, here('./main-script.ts'), script, { source: true });
      const run = await runScript(runtime, script, [runtime, sink.origin]);
      const line = run.stdout.split('\n').find((text) => text.startsWith('CONFORMANCE '));
      expect(line, `${runtime} printed no report (exit ${run.code}):\n${run.stderr}`).toBeDefined();
      expectConformance(JSON.parse(line!.slice('CONFORMANCE '.length)) as Report, runtime, crypto, transport);
    }, 60_000);
  }

  it("bun: the Node entry's sendMany encrypts on a worker thread ('auto' from 1,000 pushes, or a given pool)", async () => {
    const devices = Array.from({ length: 1_000 }, (_, i) => makeSubscription(`${sink.origin}/x/${i}`));
    const keysFile = join(dir, 'bun-pool-keys.json');
    await writeFile(keysFile, JSON.stringify(devices.map((device) => device.subscription.keys)));
    const run = await runScript('bun', here('./bun-pool-script.ts'), [sink.origin, keysFile]);
    const line = run.stdout.split('\n').find((text) => text.startsWith('BUN-POOL '));
    expect(line, `bun printed no result (exit ${run.code}):\n${run.stderr}`).toBeDefined();
    const all = { total: 1_000, delivered: 1_000, expired: 0, failed: 0, retried: 0 };
    expect(JSON.parse(line!.slice('BUN-POOL '.length))).toEqual({
      workersFor: availableParallelism() > 1 ? 1 : 0,
      auto: all,
      onPool: all,
    });
    for (const path of ['auto', 'pool']) {
      devices.forEach((device, i) => {
        const arrived = sink.received.filter((push) => push.url === `/${path}/${i}`);
        expect(arrived.length).toBe(1);
        expect(decrypt(arrived[0]!.body, device.receiver).toString()).toBe('pooled on bun');
      });
    }
  }, 60_000);

  it('workerd: the same suite inside the Workers example, and the example pushes', async () => {
    const workerBundle = join(dir, 'worker.js');
    await bundle('workerd', here('./main-worker.ts'), workerBundle, { source: true });
    expect(await readFile(workerBundle, 'utf8')).not.toMatch(/from\s*["']node:|require\(["']node:/);
    const vapid = generateVapidKeys();
    const token = randomBytes(16).toString('base64url');
    const worker = await serveWorker(workerBundle, {
      VAPID_PRIVATE_KEY: vapid.privateKeyPem,
      VAPID_SUBJECT: 'mailto:conformance@example.com',
      PUSH_TOKEN: token,
    });
    try {
      const answer = await fetch(`${worker.origin}/conformance?sink=${encodeURIComponent(sink.origin)}`);
      expect(answer.status, worker.output()).toBe(200);
      expectConformance((await answer.json()) as Report, 'workerd', 'webcrypto', 'fetch');

      // The example's own routes: its key, a refused caller, and a push that decrypts.
      expect(await (await fetch(`${worker.origin}/vapid-public-key`)).text()).toBe(vapid.publicKey);
      const { subscription, receiver } = makeSubscription(`${sink.origin}/push/example`);
      const push = (authorization: string) =>
        fetch(`${worker.origin}/push`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ subscription, payload: '{"title":"from the worker"}', ttl: 90 }),
        });
      expect((await push('Bearer wrong')).status).toBe(401);
      const sent = await push(`Bearer ${token}`);
      expect(await sent.json()).toEqual({ status: 201 });
      const arrived = sink.received.find((p) => p.url === '/push/example')!;
      expect(arrived.headers.ttl).toBe('90');
      expect(arrived.headers.authorization).toMatch(
        new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`),
      );
      expect(decrypt(arrived.body, receiver).toString()).toBe('{"title":"from the worker"}');
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it('workerd: one request sends more pushes than the 10,000 timers a Worker may hold at once', async () => {
    const workerBundle = join(dir, 'worker-many.js');
    await bundle('workerd', here('./main-worker.ts'), workerBundle, { source: true });
    const worker = await serveWorker(workerBundle);
    const count = 10_050;
    try {
      const answer = await fetch(`${worker.origin}/many?sink=${encodeURIComponent(sink.origin)}&n=${count}`);
      expect(answer.status, worker.output()).toBe(200);
      expect(await answer.json()).toEqual({
        total: count,
        delivered: count,
        expired: 0,
        failed: 0,
        retried: 0,
      });
      expect(sink.received.filter((push) => push.url.startsWith('/many/')).length).toBe(count);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
