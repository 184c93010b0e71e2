// `npm run bench [-- --n 10000] [--only web-push,sendmany,fanout]`: starts a local HTTPS sink with a self-signed
// certificate, then measures each sender in a fresh process and prints msgs/s, CPU per message, peak RSS, the
// ECDH floor and the ratios against web-push. A benchmark, not a test: it asserts nothing about time.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { selfSignedCertificate } from './tls.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    only: { type: 'string', default: 'web-push,sendmany,fanout' },
  },
});
const n = Number(values.n);
const modes = ['ecdh', ...values.only!.split(',')];
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Result {
  mode: string;
  msgsPerSec?: number;
  cpuUsPerMsg?: number;
  peakRssMb?: number;
  ecdhUs?: number;
  sent?: number;
}

// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the measured senders (not the sink).
const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

function runTsx(file: string, args: string[], env: NodeJS.ProcessEnv, profiled = false): ChildProcess {
  return spawn(process.execPath, [...(profiled ? nodeArgs : []), '--import', 'tsx', here(file), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`${child.spawnargs.join(' ')} exited ${code}: ${text}`)));
  });
}

const tls = selfSignedCertificate();
const sink = runTsx('./sink.ts', [tls.cert, tls.key], {});
try {
  const origin = `https://127.0.0.1:${await firstLine(sink)}`;
  const results: Result[] = [];
  for (const mode of modes) {
    const before = await sinkUsage();
    const child = runTsx('./measure.ts', [mode, origin, String(n)], { NODE_EXTRA_CA_CERTS: tls.cert }, true);
    const result = JSON.parse(await firstLine(child)) as Result;
    const after = await sinkUsage();
    const sinkUs =
      after.count > before.count ? (after.cpuUs - before.cpuUs) / (after.count - before.count) : 0;
    results.push(result);
    if (mode !== 'ecdh') {
      console.log(
        `${mode.padEnd(9)} ${result.msgsPerSec!.toFixed(0).padStart(6)} msg/s  ${result.cpuUsPerMsg!.toFixed(0).padStart(5)} us CPU/msg  peak RSS ${result.peakRssMb!.toFixed(0)} MB  (sink: ${sinkUs.toFixed(0)} us CPU/msg)`,
      );
    } else console.log(`ECDH floor (key pair + shared secret) ${result.ecdhUs!.toFixed(0)} us/msg`);
  }
  report(results);
} finally {
  sink.kill();
  rmSync(tls.dir, { recursive: true, force: true });
}

/** What the sink process has answered and spent so far. */
function sinkUsage(): Promise<{ count: number; cpuUs: number }> {
  return new Promise((resolve) => {
    sink.once('message', (usage) => resolve(usage as { count: number; cpuUs: number }));
    sink.send('usage');
  });
}

function report(results: Result[]) {
  const by = (mode: string) => results.find((r) => r.mode === mode);
  const base = by('web-push')?.msgsPerSec;
  const floor = by('ecdh')!.ecdhUs!;
  console.log(`\nN = ${n}, 3 KB payloads, concurrency 64, ${new Date().toISOString()}`);
  for (const [label, mode, target] of [
    ['b/a sendMany / web-push', 'sendmany', 5],
    ['c/a server fan-out / web-push', 'fanout', 4],
  ] as const) {
    const r = by(mode);
    if (r && base) console.log(`${label}: ${(r.msgsPerSec! / base).toFixed(2)}x (target >= ${target})`);
  }
  for (const mode of ['sendmany', 'fanout']) {
    const r = by(mode);
    if (r)
      console.log(
        `${mode} CPU per message: ${(r.cpuUsPerMsg! / floor).toFixed(2)}x the ECDH floor (target <= 1.3)`,
      );
  }
}
