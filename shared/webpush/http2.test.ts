// The `http2` option against real TLS servers on 127.0.0.1: a node:http2 server that also speaks HTTP/1.1
// (ALPN picks), and an HTTP/1.1-only one. The senders run in child processes, because the library builds its
// own agents for `http2` and Node reads the test's CA (NODE_EXTRA_CA_CERTS) only at start-up, as the CLI and
// the bench trust their self-signed certificates.
import { execFile } from 'node:child_process';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from './encrypt.ts';
import { WebPushValidationError } from './errors.ts';
import { generateVapidKeys } from './keys.ts';
import { webpush as portableWebpush } from './portable.ts';
import { sendMany } from './send-many.ts';
import { makeSubscription, selfSignedCertificate, startPushSink } from './test-helpers.ts';
import { webpush, WebPusher } from './webpusher.ts';

const tls = selfSignedCertificate();
const vapid = generateVapidKeys();
const vapidOptions = { vapidPrivateKey: vapid.privateKeyPem, vapidClaims: { sub: 'mailto:h2@example.com' } };
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Seen {
  version: string;
  url: string;
  body: Buffer;
}

/**
 * A TLS push service on 127.0.0.1: node:http2 with allowHTTP1 (h2 when the client offers it) or node:https
 * (HTTP/1.1 only). Counts TLS connections and the most requests it held at once; `/gone/` answers 410 as
 * Mozilla's autopush does, others 201 + Location. After `hold(n)`, it answers nothing until n requests are in
 * (or 300 ms passed), so the most it held at once shows whether they came at the same time.
 */
async function startTlsPushService(kind: 'h2' | 'h1') {
  const seen: Seen[] = [];
  let connections = 0;
  let held: Array<() => void> = [];
  let mostHeld = 0;
  let holdUntil = 1;
  const handle = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ version: req.httpVersion, url: req.url ?? '', body: Buffer.concat(chunks) });
      held.push(() => {
        if (req.url?.startsWith('/gone/')) {
          res.writeHead(410, { 'content-type': 'application/json' });
          res.end('{"code":410,"errno":106,"error":"Gone","message":"no such subscription"}');
        } else res.writeHead(201, { location: `/m/${seen.length}` }).end();
      });
      mostHeld = Math.max(mostHeld, held.length);
      const release = () => held.splice(0).forEach((answer) => answer());
      if (held.length >= holdUntil) release();
      else setTimeout(release, 300);
    });
  };
  const options = { cert: tls.cert, key: tls.key };
  const server =
    kind === 'h2'
      ? createSecureServer({ ...options, allowHTTP1: true }, handle)
      : createHttpsServer(options, handle);
  server.on('secureConnection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    connections: () => connections,
    mostHeld: () => mostHeld,
    hold: (count: number) => {
      holdUntil = count;
      mostHeld = 0;
    },
    versions: () => seen.map((push) => push.version),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Service = Awaited<ReturnType<typeof startTlsPushService>>;

// The child: runs the calls of JOB one after the other in one process (so single sends share its agents) and
// prints what came back. It imports the library's sources, as the tests do.
const CHILD = `
const job = JSON.parse(process.env.JOB);
const lib = await import(job.entry);
const options = { ...job.options, vapidPrivateKey: job.key, vapidClaims: { sub: 'mailto:h2@example.com' } };
const out = [];
for (const call of job.calls) {
  try {
    if (call.kind === 'sendMany') {
      const results = [];
      const summary = await lib.sendMany(call.subscriptions, call.data, {
        ...options,
        workers: 0,
        concurrency: call.concurrency,
        onResult: (r) => { results.push({ index: r.index, outcome: r.outcome, status: r.status }); },
      });
      out.push({ summary, results: results.sort((a, b) => a.index - b.index) });
    } else {
      const reply = call.kind === 'pusher'
        ? await new lib.WebPusher(call.subscription, options).send(call.data)
        : await lib.webpush(call.subscription, call.data, options);
      out.push({ status: reply.status, location: reply.headers.location });
    }
  } catch (error) {
    out.push({ error: { name: error.name, status: error.status, isGone: error.isGone, message: error.message } });
  }
}
console.log(JSON.stringify(out));
`;

type Call =
  | { kind: 'webpush' | 'pusher'; subscription: unknown; data: string }
  | { kind: 'sendMany'; subscriptions: unknown[]; data: string; concurrency: number };

/** Runs the calls in a fresh Node process that trusts the test's certificate; what each returned. */
function inChild(calls: Call[], options: object, entry: 'index.ts' | 'portable.ts' = 'index.ts') {
  const job = { entry: here(`./${entry}`), key: vapid.privateKeyPem, options, calls };
  return new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=webpush-source', '--input-type=module', '-e', CHILD],
      {
        env: { ...process.env, JOB: JSON.stringify(job), NODE_EXTRA_CA_CERTS: tls.certFile },
        timeout: 15_000,
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

/** webpush() to the first device, then sendMany to the others, all with `data`. */
function webpushThenSendMany(made: ReturnType<typeof devices>, data: string, concurrency: number): Call[] {
  return [
    { kind: 'webpush', subscription: made[0]!.subscription, data },
    { kind: 'sendMany', subscriptions: made.slice(1).map((d) => d.subscription), data, concurrency },
  ];
}

/** `count` subscriptions at the service, the receivers' keys kept to decrypt what arrives. */
function devices(service: Service, count: number, path = 'd') {
  return Array.from({ length: count }, (_, i) => makeSubscription(`${service.origin}/${path}/${i}`));
}

/** Each body the service got from the `from`th on, decrypted with the receiver its URL names. */
function plaintexts(service: Service, made: ReturnType<typeof devices>, from = 0): string[] {
  return service.seen.slice(from).map((push) => {
    const device = made.find((d) => new URL(d.subscription.endpoint).pathname === push.url)!;
    return decrypt(push.body, device.receiver).toString();
  });
}

describe('http2: true against a server that speaks h2 and HTTP/1.1', () => {
  let service: Service;
  beforeAll(async () => (service = await startTlsPushService('h2')));
  afterAll(() => service.close());

  it('webpush() and WebPusher.send go over h2, one session for both; 201 + Location come back; bodies decrypt', async () => {
    const [a, b] = devices(service, 2, 'single');
    const before = { seen: service.seen.length, connections: service.connections() };
    const out = await inChild(
      [
        { kind: 'webpush', subscription: a!.subscription, data: 'one over h2' },
        { kind: 'pusher', subscription: b!.subscription, data: 'two over h2' },
      ],
      { http2: true },
    );
    expect(out).toEqual([
      { status: 201, location: `/m/${before.seen + 1}` },
      { status: 201, location: `/m/${before.seen + 2}` },
    ]);
    expect(service.versions().slice(before.seen)).toEqual(['2.0', '2.0']);
    expect(service.connections() - before.connections).toBe(1);
    expect(plaintexts(service, [a!, b!], before.seen)).toEqual(['one over h2', 'two over h2']);
  }, 30_000);

  it('sendMany multiplexes: 12 pushes over one session, 6 in flight at once; a 410 is expired', async () => {
    const made = devices(service, 11, 'many');
    const gone = makeSubscription(`${service.origin}/gone/x`);
    const before = { seen: service.seen.length, connections: service.connections() };
    service.hold(6);
    const [many] = await inChild(
      [
        {
          kind: 'sendMany',
          subscriptions: [...made.map((d) => d.subscription), gone.subscription],
          data: 'fan-out over h2',
          concurrency: 6,
        },
      ],
      { http2: true },
    );
    const mostHeld = service.mostHeld();
    service.hold(1);
    expect(many!.summary).toEqual({ total: 12, delivered: 11, expired: 1, failed: 0, retried: 0 });
    expect((many!.results as Array<{ status: number }>).map((r) => r.status)).toEqual([
      ...Array<number>(11).fill(201),
      410,
    ]);
    expect(service.versions().slice(before.seen)).toEqual(Array<string>(12).fill('2.0'));
    expect(service.connections() - before.connections).toBe(1);
    expect(mostHeld).toBe(6); // the service held 6 requests at once: they shared the session
    const bodies = plaintexts(service, [...made, gone], before.seen);
    expect(new Set(bodies)).toEqual(new Set(['fan-out over h2']));
  }, 30_000);

  it('a 410 to webpush() over h2 is a WebPushError with isGone, as over HTTP/1.1', async () => {
    const gone = makeSubscription(`${service.origin}/gone/single`);
    const [out] = await inChild([{ kind: 'webpush', subscription: gone.subscription, data: 'x' }], {
      http2: true,
    });
    expect(out).toEqual({
      error: {
        name: 'WebPushError',
        status: 410,
        isGone: true,
        message: 'push service answered 410: no such subscription',
      },
    });
    expect(service.seen.at(-1)!.version).toBe('2.0');
  }, 30_000);

  it('without http2 the same server is spoken to in HTTP/1.1 (webpush and sendMany)', async () => {
    const made = devices(service, 3, 'plain');
    const before = service.seen.length;
    const out = await inChild(webpushThenSendMany(made, 'h1', 2), {});
    expect(out[0]).toMatchObject({ status: 201 });
    expect(out[1]!.summary).toMatchObject({ delivered: 2, failed: 0 });
    expect(service.versions().slice(before)).toEqual(['1.1', '1.1', '1.1']);
  }, 30_000);

  it("with the caller's own dispatcher, http2 changes nothing: that dispatcher decides (here HTTP/1.1)", async () => {
    const [device] = devices(service, 1, 'own');
    const dispatcher = new Agent({ connect: { ca: tls.cert } });
    const before = service.seen.length;
    try {
      const reply = await webpush(device!.subscription, 'own agent', {
        ...vapidOptions,
        http2: true,
        dispatcher,
      });
      expect(reply.status).toBe(201);
    } finally {
      await dispatcher.close();
    }
    expect(service.versions().slice(before)).toEqual(['1.1']);
  });

  it('the portable entry on Node goes over h2 with http2: true', async () => {
    const [device] = devices(service, 1, 'portable');
    const before = service.seen.length;
    const out = await inChild(
      [{ kind: 'webpush', subscription: device!.subscription, data: 'portable h2' }],
      { http2: true },
      'portable.ts',
    );
    expect(out).toEqual([{ status: 201, location: `/m/${before + 1}` }]);
    expect(service.versions().slice(before)).toEqual(['2.0']);
    expect(plaintexts(service, [device!], before)).toEqual(['portable h2']);
  }, 30_000);

  it('the CLI with --http2 sends over h2; without it, HTTP/1.1', async () => {
    const [device] = devices(service, 1, 'cli');
    const dir = mkdtempSync(join(tmpdir(), 'webpush-h2-cli-'));
    const info = join(dir, 'sub.json');
    writeFileSync(info, JSON.stringify(device!.subscription));
    const before = service.seen.length;
    expect(await cli(['--info', info, '--http2'])).toEqual({ code: 0, stdout: '201 sent\n', stderr: '' });
    expect(await cli(['--info', info])).toEqual({ code: 0, stdout: '201 sent\n', stderr: '' });
    expect(service.versions().slice(before)).toEqual(['2.0', '1.1']);
    expect(await cli(['--info', info, '--http2', '--proxy', 'http://127.0.0.1:9'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'webpush: http2: cannot be combined with proxy (pushes through a proxy go over HTTP/1.1): drop one of the two\n',
    });
  }, 30_000);
});

describe('http2: true against servers that speak only HTTP/1.1', () => {
  it('an HTTP/1.1-only TLS server: webpush and sendMany still deliver, over HTTP/1.1', async () => {
    const service = await startTlsPushService('h1');
    try {
      const made = devices(service, 4, 'h1only');
      const out = await inChild(webpushThenSendMany(made, 'fallback', 3), { http2: true });
      expect(out[0]).toEqual({ status: 201, location: '/m/1' });
      expect(out[1]!.summary).toEqual({ total: 3, delivered: 3, expired: 0, failed: 0, retried: 0 });
      expect(service.versions()).toEqual(['1.1', '1.1', '1.1', '1.1']);
      expect(new Set(plaintexts(service, made))).toEqual(new Set(['fallback']));
    } finally {
      await service.close();
    }
  }, 30_000);

  it('an http: endpoint (a local push service): webpush and sendMany deliver', async () => {
    const sink = await startPushSink((_push, res) => res.writeHead(201).end());
    try {
      const made = Array.from({ length: 3 }, (_, i) => makeSubscription(`${sink.origin}/plain/${i}`));
      await expect(
        webpush(made[0]!.subscription, 'plain', { ...vapidOptions, http2: true }),
      ).resolves.toMatchObject({
        status: 201,
      });
      const summary = await sendMany(
        made.slice(1).map((d) => d.subscription),
        'plain',
        { ...vapidOptions, http2: true, workers: 0 },
      );
      expect(summary).toMatchObject({ delivered: 2, failed: 0 });
      expect(
        sink.received.map((push) =>
          decrypt(push.body, made[Number(push.url.split('/')[2])]!.receiver).toString(),
        ),
      ).toEqual(['plain', 'plain', 'plain']);
    } finally {
      await sink.close();
    }
  });
});

describe('http2: validation', () => {
  const { subscription } = makeSubscription('http://127.0.0.1:1/never');

  async function fieldAndRule(run: () => Promise<unknown>): Promise<[string, string]> {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WebPushValidationError);
    const { field, rule, message } = error as WebPushValidationError;
    expect(message).toBe(`${field}: ${rule}`);
    return [field, rule];
  }

  const notBoolean = { ...vapidOptions, http2: 'yes' as unknown as boolean };
  const RULE = 'must be true or false, got "yes"';

  it('a non-boolean http2 is refused, naming the field and the rule, on every path', async () => {
    for (const run of [
      () => webpush(subscription, 'x', notBoolean),
      () => new WebPusher(subscription, notBoolean).send('x'),
      () => portableWebpush(subscription, 'x', notBoolean),
      () => sendMany([subscription], 'x', { ...notBoolean, workers: 0 }),
      () => webpush(subscription, 'x', { ...notBoolean, fetch: globalThis.fetch }),
    ])
      expect(await fieldAndRule(run)).toEqual(['http2', RULE]);
    expect(
      await fieldAndRule(() =>
        webpush(subscription, 'x', { ...vapidOptions, http2: 1 as unknown as boolean }),
      ),
    ).toEqual(['http2', 'must be true or false, got 1']);
  });

  it('http2 with proxy is refused (webpush and sendMany): a proxy tunnel carries HTTP/1.1', async () => {
    const rule =
      'cannot be combined with proxy (pushes through a proxy go over HTTP/1.1): drop one of the two';
    const both = { ...vapidOptions, http2: true, proxy: 'http://127.0.0.1:3128' };
    expect(await fieldAndRule(() => webpush(subscription, 'x', both))).toEqual(['http2', rule]);
    expect(await fieldAndRule(() => sendMany([subscription], 'x', { ...both, workers: 0 }))).toEqual([
      'http2',
      rule,
    ]);
  });
});

const NO_PROXY_ENV = { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '' };

/** The real `webpush` bin as its own process, trusting the test's certificate, with no proxy around. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [here('./bin/webpush.js'), ...args],
      {
        env: { ...process.env, ...NO_PROXY_ENV, NODE_EXTRA_CA_CERTS: tls.certFile },
        timeout: 15_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
