// `npm run bench [-- --n 10000] [--only web-push,sendmany,fanout,fanout-pg,fanout-pg2,runtimes,http2] [--repeat 3]`: starts a local HTTPS sink with a
// self-signed certificate, then measures each sender in a fresh process (after one unmeasured warm-up send of the
// same size: steady state, see measure.ts) and prints msgs/s, CPU per message, peak
// RSS, the ECDH floor and the ratios against web-push. Each sender runs `repeat` times, interleaved (a, b, c, a,
// b, c, ...), and the ratios use the medians: one run of web-push alone varies by +-10% on a 2-core machine.
// Then `runtimes` (bench/runtimes/run.ts): this library against @pushforge/builder on Node, Bun, Deno and workerd,
// and `http2` (bench/http2.ts): sendMany over HTTP/1.1 against HTTP/2 (N capped at 5,000).
// A benchmark, not a test: it asserts nothing about time.
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { http2Bench } from './http2.ts';
import { firstLine, runTsx } from './child-process.ts';
import { runtimeBench } from './runtimes/run.ts';
import { selfSignedCertificate } from '../shared/webpush/test-helpers.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    only: { type: 'string', default: 'web-push,sendmany,fanout,fanout-pg,fanout-pg2,runtimes,http2' },
    repeat: { type: 'string', default: '3' },
  },
});
const n = Number(values.n);
const repeat = Math.max(1, Number(values.repeat));
const only = values.only!.split(',');
const senders = only.filter((mode) => mode !== 'runtimes' && mode !== 'http2');
const modes = senders.length ? ['ecdh', ...Array.from({ length: repeat }, () => senders).flat()] : [];
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Result {
  mode: string;
  msgsPerSec?: number;
  cpuUsPerMsg?: number;
  peakRssMb?: number;
  ecdhUs?: number;
  sent?: number;
  /** fanout-pg*: the database server's CPU per message. */
  dbCpuUsPerMsg?: number;
}

// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the measured senders (not the sink).
const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

/** The fan-out is the server's code, so it runs with the Node flags of `npm run serve` (e.g. its heap sizes). */
const serverNodeFlags: string[] = JSON.parse(readFileSync(here('../package.json'), 'utf8'))
  .scripts.serve.split(' ')
  .filter((word: string) => word.startsWith('--'));

const tls = selfSignedCertificate();
const sink = runTsx(here('./sink.ts'), [tls.certFile, tls.keyFile], {});
try {
  const origin = `https://127.0.0.1:${await firstLine(sink)}`;
  const results: Result[] = [];
  for (const mode of modes) {
    const before = await sinkUsage();
    const flags = [...nodeArgs, ...(mode.startsWith('fanout') ? serverNodeFlags : [])];
    const child = runTsx(
      here('./measure.ts'),
      [mode, origin, String(n)],
      { NODE_EXTRA_CA_CERTS: tls.certFile },
      flags,
    );
    const result = JSON.parse(await firstLine(child)) as Result;
    const after = await sinkUsage();
    const sinkUs =
      after.count > before.count ? (after.cpuUs - before.cpuUs) / (after.count - before.count) : 0;
    results.push(result);
    if (after.refused > before.refused)
      throw new Error(`the sink refused ${after.refused - before.refused} malformed requests from ${mode}`);
    if (mode !== 'ecdh') {
      console.log(
        `${mode.padEnd(10)} ${result.msgsPerSec!.toFixed(0).padStart(6)} msg/s  ${result.cpuUsPerMsg!.toFixed(0).padStart(5)} us CPU/msg  peak RSS ${result.peakRssMb!.toFixed(0)} MB  (sink: ${sinkUs.toFixed(0)} us CPU/msg${result.dbCpuUsPerMsg === undefined ? '' : `, database: ${result.dbCpuUsPerMsg.toFixed(0)} us CPU/msg`})`,
      );
    } else console.log(`ECDH floor (key pair + shared secret) ${result.ecdhUs!.toFixed(0)} us/msg`);
  }
  if (modes.length)
    report(
      results
        .map((r) => r.mode)
        .filter((mode, i, all) => all.indexOf(mode) === i)
        .map((mode) => median(results, mode)),
    );
} finally {
  sink.kill();
  rmSync(tls.dir, { recursive: true, force: true });
}
if (only.includes('runtimes')) {
  await runtimeBench({ encrypts: Math.min(2000, n), sends: Math.min(5000, n), repeat });
}
if (only.includes('http2')) await http2Bench({ n: Math.min(5000, n), repeat });

interface SinkUsage {
  count: number;
  refused: number;
  cpuUs: number;
}

/** What the sink process has answered and spent so far. */
function sinkUsage(): Promise<SinkUsage> {
  return new Promise((resolve) => {
    sink.once('message', (usage) => resolve(usage as SinkUsage));
    sink.send('usage');
  });
}

/** The median run of a mode by msgs/s (its CPU and RSS are that run's); peak RSS is the highest of all its runs. */
function median(results: Result[], mode: string): Result {
  const runs = results
    .filter((r) => r.mode === mode)
    .sort((x, y) => (x.msgsPerSec ?? 0) - (y.msgsPerSec ?? 0));
  const middle = runs[(runs.length - 1) >> 1]!;
  return { ...middle, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb ?? 0)) };
}

function report(results: Result[]) {
  const by = (mode: string) => results.find((r) => r.mode === mode);
  const base = by('web-push')?.msgsPerSec;
  const floor = by('ecdh')!.ecdhUs!;
  console.log(`\nN = ${n}, 3 KB payloads, concurrency 64, ${new Date().toISOString()}`);
  if (repeat > 1) {
    console.log(`Medians of ${repeat} runs each (peak RSS: the highest run):`);
    for (const r of results.filter((r) => r.mode !== 'ecdh'))
      console.log(
        `  ${r.mode.padEnd(10)} ${r.msgsPerSec!.toFixed(0).padStart(6)} msg/s  ${r.cpuUsPerMsg!.toFixed(0).padStart(5)} us CPU/msg  peak RSS ${r.peakRssMb!.toFixed(0)} MB`,
      );
  }
  for (const [label, mode, target] of [
    ['b/a sendMany / web-push', 'sendmany', 5],
    ['c/a server fan-out / web-push', 'fanout', 4],
  ] as const) {
    const r = by(mode);
    if (r && base) console.log(`${label}: ${(r.msgsPerSec! / base).toFixed(2)}x (target >= ${target})`);
  }
  // Issue 15's targets: SQLite's fan-out against sendMany, Postgres against SQLite, two instances against one.
  for (const [label, mode, against, target] of [
    ['fan-out on SQLite / sendMany', 'fanout', 'sendmany', 0.9],
    ['fan-out on Postgres / on SQLite', 'fanout-pg', 'fanout', 0.8],
    ['two instances on Postgres / one', 'fanout-pg2', 'fanout-pg', 0.9],
  ] as const) {
    const r = by(mode);
    const other = by(against);
    if (r && other)
      console.log(`${label}: ${(r.msgsPerSec! / other.msgsPerSec!).toFixed(2)}x (target >= ${target})`);
  }
  for (const mode of ['fanout-pg', 'fanout-pg2']) {
    const r = by(mode);
    if (r?.dbCpuUsPerMsg !== undefined)
      console.log(
        `${mode}: the database spent ${r.dbCpuUsPerMsg.toFixed(0)} us CPU per message (claims and outcome writes), a ceiling near ${Math.round(1e6 / r.dbCpuUsPerMsg).toLocaleString('en')} msg/s per database core`,
      );
  }
  for (const mode of ['sendmany', 'fanout']) {
    const r = by(mode);
    if (r)
      console.log(
        `${mode} CPU per message: ${(r.cpuUsPerMsg! / floor).toFixed(2)}x the ECDH floor (target <= 1.3)`,
      );
  }
}
