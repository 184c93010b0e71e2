// The cross-runtime part of `npm run bench`: for Node, Bun, Deno and workerd, this library against
// @pushforge/builder on the same runtime: encrypts per second (one at a time) and sends per second
// (concurrency 64) to a local HTTP sink. Each runtime runs measure.ts bundled with its package conditions;
// the sink runs in this process, which otherwise waits. Prints a table; asserts nothing about time.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundle,
  RUNTIMES,
  runScript,
  serveWorker,
  type RuntimeName,
} from '../../shared/webpush/conformance/runtimes.ts';
import type { LibraryMeasurement } from './measure.ts';

type Library = LibraryMeasurement['library'];
const LIBRARIES: readonly Library[] = ['ours', 'pushforge'];

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export interface RuntimeBenchOptions {
  encrypts: number;
  sends: number;
  repeat: number;
  runtimes?: readonly RuntimeName[];
}

export async function runtimeBench(options: RuntimeBenchOptions): Promise<LibraryMeasurement[]> {
  const dir = await mkdtemp(join(tmpdir(), 'webpush-bench-'));
  // The kit's light HTTP/1.1 sink (~40 us a request) in its own process: node:http's ~150 us capped the fastest
  // senders at the sink's speed instead of their own.
  const sink = spawn(process.execPath, ['--import', 'tsx', here('../sink.ts')], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    sink.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    sink.once('exit', (code) => reject(new Error(`the sink exited ${code}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const runs: LibraryMeasurement[] = [];
  try {
    const runtimes = options.runtimes ?? RUNTIMES;
    for (let round = 0; round < options.repeat; round++) {
      for (const runtime of runtimes) runs.push(...(await measureOn(runtime, dir, origin, options)));
    }
  } finally {
    sink.kill();
    await rm(dir, { recursive: true, force: true });
  }
  const medians = (options.runtimes ?? RUNTIMES).flatMap((runtime) =>
    LIBRARIES.map((library) => median(runs.filter((r) => r.runtime === runtime && r.library === library))),
  );
  report(medians, runs, options);
  return medians;
}

async function measureOn(
  runtime: RuntimeName,
  dir: string,
  origin: string,
  options: RuntimeBenchOptions,
): Promise<LibraryMeasurement[]> {
  const query = `sink=${encodeURIComponent(origin)}&encrypts=${options.encrypts}&sends=${options.sends}`;
  if (runtime === 'workerd') {
    const file = join(dir, 'bench-worker.js');
    await bundle('workerd', here('./worker-both.ts'), file, { source: true });
    const worker = await serveWorker(file);
    try {
      const answer = await fetch(`${worker.origin}/bench?${query}`);
      if (answer.status !== 200)
        throw new Error(
          `workerd bench answered ${answer.status}: ${await answer.text()}\n${worker.output()}`,
        );
      return (await answer.json()) as LibraryMeasurement[];
    } finally {
      await worker.stop();
    }
  }
  // Node: one process per library (see measure.ts); elsewhere both in one.
  const entries = runtime === 'node' ? ['script-ours', 'script-pushforge'] : ['script-both'];
  const results: LibraryMeasurement[] = [];
  for (const entry of entries) {
    const file = join(dir, `bench-${runtime}-${entry}.mjs`);
    await bundle(runtime, here(`./${entry}.ts`), file, { source: true });
    const args = [runtime, origin, String(options.encrypts), String(options.sends)];
    const run = await runScript(runtime, file, args, { timeoutMs: 300_000 });
    const line = run.stdout.split('\n').find((text) => text.startsWith('BENCH '));
    if (!line) throw new Error(`${runtime} bench printed no result (exit ${run.code}):\n${run.stderr}`);
    results.push(...(JSON.parse(line.slice('BENCH '.length)) as LibraryMeasurement[]));
  }
  return results;
}

/** The run with the median sends/s (its encrypts/s are that run's). */
function median(runs: LibraryMeasurement[]): LibraryMeasurement {
  const sorted = [...runs].sort((a, b) => a.sendsPerSec - b.sendsPerSec);
  return sorted[(sorted.length - 1) >> 1]!;
}

const middle = (values: number[]) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1]!;

/** The median over runs of ours / pushforge, each run's pair measured side by side (same process, same round). */
function medianRatio(runs: LibraryMeasurement[], runtime: string, figure: (r: LibraryMeasurement) => number) {
  const ours = runs.filter((r) => r.runtime === runtime && r.library === 'ours');
  const theirs = runs.filter((r) => r.runtime === runtime && r.library === 'pushforge');
  return middle(ours.map((r, i) => figure(r) / figure(theirs[i]!)));
}

function report(results: LibraryMeasurement[], runs: LibraryMeasurement[], options: RuntimeBenchOptions) {
  const n = (value: number) => value.toFixed(0).padStart(9);
  const x = (ratio: number) => `${ratio.toFixed(2)}x`.padStart(7);
  const cpu = (r: LibraryMeasurement) =>
    r.cpuUsPerSend === undefined ? '      -' : r.cpuUsPerSend.toFixed(0).padStart(7);
  console.log(
    `\nRuntimes: this library vs @pushforge/builder 2.0.5 on the same runtime, interleaved in one process (Node: one process each); ${options.encrypts} encrypts one at a time, ${options.sends} sends at concurrency 64 to a local HTTP sink, 3 KB JSON payloads${options.repeat > 1 ? `, medians of ${options.repeat} runs (a ratio: the median of each run's own ratio)` : ''}; CPU: microseconds of the sending process per send`,
  );
  console.log(
    'runtime  our back ends          encrypt/s pushforge   ratio    send/s pushforge   ratio   CPU/send pushforge',
  );
  for (const runtime of options.runtimes ?? RUNTIMES) {
    const ours = results.find((r) => r.runtime === runtime && r.library === 'ours')!;
    const theirs = results.find((r) => r.runtime === runtime && r.library === 'pushforge')!;
    const failures =
      ours.sent !== options.sends || theirs.sent !== options.sends
        ? `  (201s: ours ${ours.sent}, pushforge ${theirs.sent} of ${options.sends})`
        : '';
    console.log(
      `${runtime.padEnd(8)} ${`${ours.backend!.crypto} + ${ours.backend!.transport}`.padEnd(21)}${n(ours.encryptsPerSec)}${n(theirs.encryptsPerSec)}${x(medianRatio(runs, runtime, (r) => r.encryptsPerSec))}${n(ours.sendsPerSec)}${n(theirs.sendsPerSec)}${x(medianRatio(runs, runtime, (r) => r.sendsPerSec))}   ${cpu(ours)}   ${cpu(theirs)}${failures}`,
    );
  }
  if (options.repeat > 1) {
    for (const runtime of options.runtimes ?? RUNTIMES) {
      const ours = runs.filter((r) => r.runtime === runtime && r.library === 'ours');
      const theirs = runs.filter((r) => r.runtime === runtime && r.library === 'pushforge');
      const each = ours.map((r, k) => (r.sendsPerSec / theirs[k]!.sendsPerSec).toFixed(2)).join(', ');
      console.log(`  ${runtime}: send/s ratio of each run ${each}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runtimeBench({ encrypts: 1000, sends: 2000, repeat: 1 });
}
