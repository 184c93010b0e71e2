// Load benchmark (not a test): POST /api/subscriptions from 50 concurrent clients for 30 s on loopback against
// the real server in production mode, and print req/s with p50/p99 latency.
//   npm run bench:load            BENCH_SECONDS=10 BENCH_CLIENTS=50 npm run bench:load
import { createECDH, randomBytes } from 'node:crypto';
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
  MAX_DEVICES_PER_USER: '100000000',
  ADMIN_TOKEN: randomBytes(24).toString('base64url'),
});
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
async function client(
  cookie: string,
  until: number,
  latencies: Latencies | null,
  statuses: Map<number, number>,
) {
  const headers = { 'content-type': 'application/json', cookie, 'user-agent': 'load-subscribe/1' };
  while (performance.now() < until) {
    const n = sequence++;
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

async function run(seconds: number, latencies: Latencies | null) {
  const statuses = new Map<number, number>();
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(cookies.map((cookie) => client(cookie, until, latencies, statuses)));
  return { statuses, elapsed: (performance.now() - started) / 1000 };
}

const cookies = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => signIn(`load-${i}`)));
try {
  await run(WARMUP_SECONDS, null);
  const latencies = new Latencies();
  const { statuses, elapsed } = await run(SECONDS, latencies);
  const [p50, p90, p99, max] = latencies.percentiles(50, 90, 99, 100);
  const created = statuses.get(201) ?? 0;
  console.log(
    `POST /api/subscriptions, ${CLIENTS} concurrent clients, ${elapsed.toFixed(1)} s, production policy`,
  );
  console.log(`  requests: ${latencies.count} (${[...statuses].map(([s, n]) => `${n} x ${s}`).join(', ')})`);
  console.log(
    `  throughput: ${(latencies.count / elapsed).toFixed(0)} req/s (${(created / elapsed).toFixed(0)} new subscriptions/s)`,
  );
  console.log(
    `  latency: p50 ${p50!.toFixed(2)} ms, p90 ${p90!.toFixed(2)} ms, p99 ${p99!.toFixed(2)} ms, max ${max!.toFixed(2)} ms`,
  );
  console.log(
    `  target: >= 3000 req/s with p99 < 50 ms -> ${latencies.count / elapsed >= 3000 && p99! < 50 ? 'met' : 'NOT met'}`,
  );
  if (created !== latencies.count) process.exitCode = 1;
} finally {
  await pool.close();
  await server.stop();
}
