// What the cross-runtime bench measures, the same way for both libraries: encrypts per second one at a time,
// and sends per second at concurrency 64 to the local HTTP sink. On Bun, Deno and workerd both libraries run
// in one process, in alternating slices, so a busy moment of the (shared, 2-core) machine falls on both alike.
// On Node each runs alone: importing undici (this library's transport) replaces the dispatcher of Node's global
// fetch, which pushforge uses.
export interface LibraryMeasurement {
  library: 'ours' | 'pushforge';
  runtime: string;
  backend?: { crypto: string; transport: string };
  encryptsPerSec: number;
  sendsPerSec: number;
  /** Pushes the sink answered 201. */
  sent: number;
  /** CPU time of the process per send (all its threads), where the runtime can tell (not workerd). */
  cpuUsPerSend?: number;
}

/** One library, set up once: encrypt `count` messages one at a time; send `count` pushes at concurrency 64. */
export interface Harness {
  library: LibraryMeasurement['library'];
  backend?: LibraryMeasurement['backend'];
  encrypt(count: number): Promise<void>;
  /** Resolves with how many the sink answered 201. `first` numbers the endpoints. */
  send(count: number, first: number): Promise<number>;
}

export const CONCURRENCY = 64;
export const PAYLOAD = JSON.stringify({ title: 'bench', body: 'x'.repeat(3000) });
export const SUBJECT = 'mailto:bench@example.com';
const SLICES = 4;

const b64u = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A browser's keys, made with WebCrypto (both libraries encrypt to the same kind). */
export async function receiverKeys(): Promise<{ p256dh: string; auth: string }> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
    'deriveBits',
  ])) as CryptoKeyPair;
  const p256dh = b64u(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  return { p256dh, auth: b64u(crypto.getRandomValues(new Uint8Array(16))) };
}

/** `total` jobs over CONCURRENCY lanes; how many succeeded. */
export async function inLanes(total: number, job: (i: number) => Promise<boolean>): Promise<number> {
  let next = 0;
  let ok = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) if (await job(next++)) ok++;
    }),
  );
  return ok;
}

/** Microseconds of CPU this process has used, or undefined where there is no process.cpuUsage (workerd). */
function cpuMicros(): number | undefined {
  const usage = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process
    ?.cpuUsage;
  if (typeof usage !== 'function') return undefined;
  const { user, system } = usage();
  return user + system;
}

interface Tally {
  encryptMs: number;
  sendMs: number;
  sendCpuUs: number | undefined;
  sent: number;
}

/** Runs the harnesses in alternating slices (after a warm-up of each) and adds up their time. */
export async function measureInterleaved(
  runtime: string,
  harnesses: Harness[],
  encrypts: number,
  sends: number,
): Promise<LibraryMeasurement[]> {
  const tallies: Tally[] = harnesses.map(() => ({ encryptMs: 0, sendMs: 0, sendCpuUs: 0, sent: 0 }));
  for (const harness of harnesses) {
    await harness.encrypt(50);
    await harness.send(CONCURRENCY, sends * SLICES);
  }
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [i, harness] of harnesses.entries()) {
      const tally = tallies[i]!;
      let start = performance.now();
      await harness.encrypt(Math.ceil(encrypts / SLICES));
      tally.encryptMs += performance.now() - start;
      const cpu = cpuMicros();
      start = performance.now();
      tally.sent += await harness.send(Math.ceil(sends / SLICES), slice * sends);
      tally.sendMs += performance.now() - start;
      const after = cpuMicros();
      tally.sendCpuUs = cpu === undefined || after === undefined ? undefined : tally.sendCpuUs! + after - cpu;
    }
  }
  const perSec = (count: number, ms: number) => (count * 1000) / ms;
  return harnesses.map((harness, i) => {
    const tally = tallies[i]!;
    const done = Math.ceil(sends / SLICES) * SLICES;
    return {
      library: harness.library,
      runtime,
      ...(harness.backend ? { backend: harness.backend } : {}),
      encryptsPerSec: perSec(Math.ceil(encrypts / SLICES) * SLICES, tally.encryptMs),
      sendsPerSec: perSec(done, tally.sendMs),
      sent: tally.sent,
      ...(tally.sendCpuUs === undefined ? {} : { cpuUsPerSend: tally.sendCpuUs / done }),
    };
  });
}

type Setup = (sinkOrigin: string) => Promise<Harness>;

/** `<runtime> bench.mjs <runtime name> <sink> <encrypts> <sends>` as a script; prints `BENCH <JSON array>`. */
export async function runAsScript(...setups: Setup[]): Promise<void> {
  const deno = (globalThis as { Deno?: { args: string[] } }).Deno;
  const args = deno
    ? deno.args
    : (globalThis as unknown as { process: { argv: string[] } }).process.argv.slice(2);
  const [runtime, sink, encrypts, sends] = args as [string, string, string, string];
  const harnesses = await Promise.all(setups.map((setup) => setup(sink)));
  console.log(
    `BENCH ${JSON.stringify(await measureInterleaved(runtime, harnesses, Number(encrypts), Number(sends)))}`,
  );
}

/** The same as a Worker: `GET /bench?sink=&encrypts=&sends=` answers the measurements as JSON. */
export function asWorker(...setups: Setup[]) {
  return {
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (url.pathname !== '/bench') return new Response('ready');
      const param = (name: string) => Number(url.searchParams.get(name));
      const sink = url.searchParams.get('sink') ?? '';
      const harnesses = await Promise.all(setups.map((setup) => setup(sink)));
      return Response.json(await measureInterleaved('workerd', harnesses, param('encrypts'), param('sends')));
    },
  };
}
