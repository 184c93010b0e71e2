// Load benchmark (not a test): POST /api/subscriptions from 50 concurrent clients for 30 s on loopback against
// the real server in production mode, and print req/s with p50/p99 latency.
//   npm run bench:load            BENCH_SECONDS=10 BENCH_CLIENTS=50 npm run bench:load
// The server runs the production policy unchanged (allowlist, device cap, rate limit raised only so that one
// address can be 50 clients). Like real traffic, users sign in and add devices up to the cap: subscription n
// belongs to user n / DEVICES_PER_USER, who signs in (POST /api/session) when their first device comes.
import { createECDH, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import { Latencies } from './load-stats.ts';
import { startServer } from './load-server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const WARMUP_SECONDS = 3;
// An IP literal on the push-service allowlist: the full production policy runs, and no DNS is asked.
const PUSH_HOST = '142.250.74.42';

const server = await startServer({
  NODE_ENV: 'production',
  PUSH_SERVICE_ALLOWLIST: `default,${PUSH_HOST}`,
  RATE_LIMIT_SUBSCRIBE: '1000000/1s',
  RATE_LIMIT_SIGN_IN: '1000000/1s',
  ADMIN_TOKEN: randomBytes(24).toString('base64url'),
});
const DEVICES_PER_USER = 20; // the default MAX_DEVICES_PER_USER
const pool = new Pool(server.origin, { connections: CLIENTS, pipelining: 1 });

// Real keys, made before the clock starts; endpoints are unique per request.
const keys = Array.from({ length: 512 }, () => {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') };
});

async function signIn(name: string): Promise<string> {
  const res = await pool.request({
    path: '/api/session',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  await res.body.dump();
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0];
  if (res.statusCode !== 200 || !cookie) throw new Error(`sign-in failed: ${res.statusCode}`);
  return cookie.split(';')[0]!;
}

let sequence = 0;
let signIns = 0;
const cookies = new Map<number, Promise<string>>();

/** The session of the user that owns subscription `n`, signing them in the first time. */
function cookieOf(n: number): Promise<string> {
  const user = Math.floor(n / DEVICES_PER_USER);
  let cookie = cookies.get(user);
  if (!cookie) {
    signIns++;
    cookies.set(user, (cookie = signIn(`load-${user}`)));
  }
  return cookie;
}

async function client(until: number, latencies: Latencies | null, statuses: Map<number, number>) {
  while (performance.now() < until) {
    const n = sequence++;
    const headers = {
      'content-type': 'application/json',
      cookie: await cookieOf(n),
      'user-agent': 'load-subscribe/1',
    };
    const body = JSON.stringify({
      endpoint: `https://${PUSH_HOST}/fcm/send/load-${n}`,
      expirationTime: null,
      keys: keys[n % keys.length],
      contentEncodings: ['aes128gcm', 'aesgcm'],
    });
    const started = performance.now();
    const res = await pool.request({ path: '/api/subscriptions', method: 'POST', headers, body });
    await res.body.text();
    latencies?.add(performance.now() - started);
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  }
}

/** The server process's CPU seconds so far (Linux /proc; null elsewhere). */
function serverCpuSeconds(): number | null {
  try {
    const fields = readFileSync(`/proc/${server.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return null;
  }
}

async function run(seconds: number, latencies: Latencies | null) {
  const statuses = new Map<number, number>();
  const cpuBefore = serverCpuSeconds();
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  const signedInBefore = signIns;
  await Promise.all(Array.from({ length: CLIENTS }, () => client(until, latencies, statuses)));
  const cpuAfter = serverCpuSeconds();
  const serverCpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return {
    statuses,
    elapsed: (performance.now() - started) / 1000,
    signIns: signIns - signedInBefore,
    serverCpu,
  };
}

try {
  await run(WARMUP_SECONDS, null);
  const latencies = new Latencies();
  const { statuses, elapsed, signIns: usersSignedIn, serverCpu } = await run(SECONDS, latencies);
  const [p50, p90, p99, max] = latencies.percentiles(50, 90, 99, 100);
  const created = statuses.get(201) ?? 0;
  console.log(
    `POST /api/subscriptions, ${CLIENTS} concurrent clients, ${elapsed.toFixed(1)} s, production policy`,
  );
  console.log(
    `  requests: ${latencies.count} (${[...statuses].map(([s, n]) => `${n} x ${s}`).join(', ')}), plus ${usersSignedIn} sign-ins (${DEVICES_PER_USER} devices a user), not counted`,
  );
  console.log(
    `  throughput: ${(latencies.count / elapsed).toFixed(0)} req/s (${(created / elapsed).toFixed(0)} new subscriptions/s)`,
  );
  console.log(
    `  latency: p50 ${p50!.toFixed(2)} ms, p90 ${p90!.toFixed(2)} ms, p99 ${p99!.toFixed(2)} ms, max ${max!.toFixed(2)} ms`,
  );
  if (serverCpu !== null) {
    console.log(
      `  server CPU: ${((serverCpu / elapsed) * 100).toFixed(0)}% of one core, ${((serverCpu * 1e6) / latencies.count).toFixed(0)} us a request (sign-ins included)`,
    );
  }
  console.log(
    `  target: >= 3000 req/s with p99 < 50 ms -> ${latencies.count / elapsed >= 3000 && p99! < 50 ? 'met' : 'NOT met'}`,
  );
  if (created !== latencies.count) process.exitCode = 1;
} finally {
  await pool.close();
  await server.stop();
}
