// What the cross-runtime bench measures, the same way for both libraries: encrypts per second one at a time,
// and sends per second at concurrency 64 to the local HTTP sink. Each library runs in its own process (or
// workerd instance), so neither's JIT, GC or global state (undici's global dispatcher) touches the other.
export interface LibraryMeasurement {
  library: 'ours' | 'pushforge';
  runtime: string;
  backend?: { crypto: string; transport: string };
  encryptsPerSec: number;
  sendsPerSec: number;
  /** Pushes the sink answered 201. */
  sent: number;
  /** CPU time of this process per send (all its threads), where the runtime can tell (not workerd). */
  cpuUsPerSend?: number;
}

/** Microseconds of CPU this process has used, or undefined where there is no process.cpuUsage (workerd). */
export function cpuMicros(): number | undefined {
  const usage = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process
    ?.cpuUsage;
  if (typeof usage !== 'function') return undefined;
  const { user, system } = usage();
  return user + system;
}

/** CPU per item between two cpuMicros() readings. */
export function cpuPer(before: number | undefined, count: number): number | undefined {
  const after = cpuMicros();
  return before === undefined || after === undefined ? undefined : (after - before) / count;
}

export const CONCURRENCY = 64;
export const PAYLOAD = JSON.stringify({ title: 'bench', body: 'x'.repeat(3000) });
export const SUBJECT = 'mailto:bench@example.com';

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

/** Runs `body` `count` times one after another, after a short warm-up; the rate. */
export async function perSecond(count: number, body: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(50, count); i++) await body();
  const start = performance.now();
  for (let i = 0; i < count; i++) await body();
  return count / ((performance.now() - start) / 1000);
}

/** `total` jobs over CONCURRENCY lanes: the rate of the whole and how many succeeded. */
export async function lanesPerSecond(total: number, job: (i: number) => Promise<boolean>) {
  let next = 0;
  let ok = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) if (await job(next++)) ok++;
    }),
  );
  return { perSec: total / ((performance.now() - start) / 1000), ok };
}

/** `<runtime> bench.mjs <runtime name> <sink> <encrypts> <sends>` as a script; prints `BENCH <JSON>`. */
export async function runAsScript(
  measure: (runtime: string, sink: string, encrypts: number, sends: number) => Promise<LibraryMeasurement>,
): Promise<void> {
  const deno = (globalThis as { Deno?: { args: string[] } }).Deno;
  const args = deno
    ? deno.args
    : (globalThis as unknown as { process: { argv: string[] } }).process.argv.slice(2);
  const [runtime, sink, encrypts, sends] = args as [string, string, string, string];
  console.log(`BENCH ${JSON.stringify(await measure(runtime, sink, Number(encrypts), Number(sends)))}`);
}

/** The same as a Worker: `GET /bench?sink=&encrypts=&sends=` answers the measurement as JSON. */
export function asWorker(
  measure: (runtime: string, sink: string, encrypts: number, sends: number) => Promise<LibraryMeasurement>,
) {
  return {
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (url.pathname !== '/bench') return new Response('ready');
      const param = (name: string) => Number(url.searchParams.get(name));
      return Response.json(
        await measure('workerd', url.searchParams.get('sink') ?? '', param('encrypts'), param('sends')),
      );
    },
  };
}
