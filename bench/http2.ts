// The `http2` part of `npm run bench` (`--only http2`): sendMany of N 3 KB pushes at concurrency 64 to a local
// TLS sink, over HTTP/1.1 and over HTTP/2 (`http2: true`), interleaved (h1, h2, h1, h2, ...), medians of
// `repeat` runs: msg/s and the sender's CPU per message for each, and the h2/h1 ratio. The sink is a node:http2
// server with allowHTTP1 (ALPN picks the protocol), answering 201, in its own process; each run is a fresh
// sender process. The sink checks each run spoke the protocol it was meant to. Asserts nothing about time.
//
// Roles of this file: `http2Bench()` (the runner, called by run.ts), `tsx bench/http2.ts sink CERT KEY` and
// `tsx bench/http2.ts send ORIGIN N h1|h2` (one measured run; prints one JSON line).
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { firstLine, runTsx } from './child-process.ts';
import { selfSignedCertificate } from '../shared/webpush/test-helpers.ts';

type Protocol = 'h1' | 'h2';

interface Run {
  protocol: Protocol;
  msgsPerSec: number;
  cpuUsPerMsg: number;
  peakRssMb: number;
  /** What the sink saw during this run. */
  sinkCpuUsPerMsg?: number;
  connections?: number;
}

interface SinkUsage {
  count: number;
  cpuUs: number;
  connections: number;
  versions: Record<string, number>;
}

const here = fileURLToPath(import.meta.url);

export async function http2Bench(options: { n: number; repeat: number }): Promise<void> {
  const tls = selfSignedCertificate();
  const sink = runTsx(here, ['sink', tls.certFile, tls.keyFile], {});
  try {
    const origin = `https://127.0.0.1:${await firstLine(sink)}`;
    const runs: Run[] = [];
    for (let round = 0; round < options.repeat; round++) {
      for (const protocol of ['h1', 'h2'] as const) {
        const before = await usage(sink);
        const child = runTsx(here, ['send', origin, String(options.n), protocol], {
          NODE_EXTRA_CA_CERTS: tls.certFile,
        });
        const run = JSON.parse(await firstLine(child)) as Run;
        const after = await usage(sink);
        const spoken =
          (after.versions[protocol === 'h2' ? '2.0' : '1.1'] ?? 0) -
          (before.versions[protocol === 'h2' ? '2.0' : '1.1'] ?? 0);
        if (spoken !== options.n)
          throw new Error(`the ${protocol} run sent ${spoken} of ${options.n} pushes in that protocol`);
        run.sinkCpuUsPerMsg = (after.cpuUs - before.cpuUs) / (after.count - before.count);
        run.connections = after.connections - before.connections;
        runs.push(run);
        console.log(`http2 bench ${protocol} ${line(run)}`);
      }
    }
    const h1 = median(runs.filter((run) => run.protocol === 'h1'));
    const h2 = median(runs.filter((run) => run.protocol === 'h2'));
    console.log(
      `\nHTTP/1.1 vs HTTP/2 (sendMany, N = ${options.n}, 3 KB, concurrency 64, TLS sink with allowHTTP1), medians of ${options.repeat}, ${new Date().toISOString()}`,
    );
    console.log(`  HTTP/1.1 ${line(h1)}`);
    console.log(`  HTTP/2   ${line(h2)}`);
    console.log(
      `h2/h1: ${(h2.msgsPerSec / h1.msgsPerSec).toFixed(2)}x msg/s, ${(h2.cpuUsPerMsg / h1.cpuUsPerMsg).toFixed(2)}x CPU per message`,
    );
  } finally {
    sink.kill();
    rmSync(tls.dir, { recursive: true, force: true });
  }
}

function line(run: Run): string {
  return `${run.msgsPerSec.toFixed(0).padStart(6)} msg/s  ${run.cpuUsPerMsg.toFixed(0).padStart(4)} us CPU/msg  peak RSS ${run.peakRssMb.toFixed(0)} MB  (${run.connections} TLS connections; sink ${run.sinkCpuUsPerMsg!.toFixed(0)} us CPU/msg)`;
}

/** The median run by msg/s (its CPU is that run's). */
function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.msgsPerSec - b.msgsPerSec);
  return sorted[(sorted.length - 1) >> 1]!;
}

function usage(sink: ChildProcess): Promise<SinkUsage> {
  return new Promise((resolve) => {
    sink.once('message', (message) => resolve(message as SinkUsage));
    sink.send('usage');
  });
}

/** The sink: 201 + Location to every request, counting requests by HTTP version and TLS connections. */
function serveSink(certPath: string, keyPath: string): void {
  let count = 0;
  let connections = 0;
  const versions: Record<string, number> = {};
  const server = createSecureServer(
    { cert: readFileSync(certPath), key: readFileSync(keyPath), allowHTTP1: true },
    (req, res) => {
      req.resume();
      req.on('end', () => {
        count++;
        versions[req.httpVersion] = (versions[req.httpVersion] ?? 0) + 1;
        res.writeHead(201, { location: `/m/${count}` }).end();
      });
    },
  );
  server.on('secureConnection', () => connections++);
  server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
  process.on('message', () => {
    const cpu = process.cpuUsage();
    process.send?.({ count, connections, versions, cpuUs: cpu.user + cpu.system } satisfies SinkUsage);
  });
}

/** One measured run: sendMany as a user calls it, `http2: true` or not. */
async function send(origin: string, n: number, protocol: Protocol): Promise<void> {
  const { generateVapidKeys, sendMany } = await import('@starter-kit/webpush/node');
  const { makeSubscriptions, PAYLOAD } = await import('./subscriptions.ts');
  const vapid = generateVapidKeys();
  const subscriptions = makeSubscriptions(origin, n);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  const summary = await sendMany(subscriptions, PAYLOAD, {
    vapidPrivateKey: vapid.privateKeyPem,
    vapidClaims: { sub: 'mailto:bench@example.com' },
    concurrency: 64,
    http2: protocol === 'h2',
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  if (summary.delivered !== n) throw new Error(`only ${summary.delivered} of ${n} delivered`);
  const run: Run = {
    protocol,
    msgsPerSec: n / seconds,
    cpuUsPerMsg: (cpu.user + cpu.system) / n,
    peakRssMb: peakRss / 2 ** 20,
  };
  console.log(JSON.stringify(run));
}

const [role, ...args] = process.argv.slice(2);
if (role === 'sink') serveSink(args[0]!, args[1]!);
else if (role === 'send') await send(args[0]!, Number(args[1]), args[2] as Protocol);
