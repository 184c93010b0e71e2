// One measured run in a fresh process: `tsx bench/measure.ts <mode> <origin> <n>`; prints one JSON line.
// The CA of the sink comes in through NODE_EXTRA_CA_CERTS, so both senders verify TLS as in production.
import { createECDH } from 'node:crypto';
import { Agent } from 'undici';
import { generateVapidKeys, sendMany } from '@starter-kit/webpush/node';
import { prepareFanout } from './fanout.ts';
import { preparePostgresFanout } from './fanout-postgres.ts';
import { makeSubscriptions, PAYLOAD } from './subscriptions.ts';

const [mode, origin, nText] = process.argv.slice(2) as [string, string, string];
// Loaded only to measure it (before the clock starts): its ~12 MB of modules would count in our senders' RSS.
const webPushLib = mode === 'web-push' ? (await import('web-push')).default : undefined;
const n = Number(nText);
const vapid = generateVapidKeys();
const subject = 'mailto:bench@example.com';

async function runWebPush(subs: ReturnType<typeof makeSubscriptions>) {
  let next = 0;
  const lane = async () => {
    while (next < subs.length) {
      const sub = subs[next++]!;
      await webPushLib!.sendNotification(sub, PAYLOAD, {
        vapidDetails: { subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
      });
    }
  };
  await Promise.all(Array.from({ length: 64 }, lane));
  return n;
}

async function runSendMany(subs: ReturnType<typeof makeSubscriptions>) {
  const dispatcher = new Agent({
    connections: 64,
    keepAliveTimeout: 30_000,
  });
  const workers = process.env.BENCH_WORKERS === undefined ? 'auto' : Number(process.env.BENCH_WORKERS);
  const summary = await sendMany(subs, process.env.BENCH_NODATA ? undefined : PAYLOAD, {
    workers,
    vapidPrivateKey: vapid.privateKeyPem,
    vapidClaims: { sub: subject },
    concurrency: 64,
    dispatcher,
  });
  await dispatcher.close();
  if (summary.delivered !== n)
    throw new Error(`only ${summary.delivered} of ${n} delivered: ${JSON.stringify(summary)}`);
  return summary.delivered;
}

function ecdhFloor(iterations = 3000) {
  const peer = createECDH('prime256v1');
  peer.generateKeys();
  const point = peer.getPublicKey();
  const start = process.cpuUsage();
  const ecdh = createECDH('prime256v1');
  for (let i = 0; i < iterations; i++) {
    ecdh.generateKeys(); // a fresh key pair, as every message needs
    ecdh.computeSecret(point);
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / iterations;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);

if (mode === 'ecdh') {
  console.log(JSON.stringify({ mode, ecdhUs: ecdhFloor() }));
} else {
  // fanout: the server's own path from a seeded SQLite file (see fanout.ts); fanout-pg and fanout-pg2 the same on
  // Postgres with one and two instances (fanout-postgres.ts); the others from an array.
  const fanout =
    mode === 'fanout'
      ? prepareFanout(origin, n)
      : mode === 'fanout-pg' || mode === 'fanout-pg2'
        ? await preparePostgresFanout(origin, n, mode === 'fanout-pg2' ? 2 : 1)
        : undefined;
  const subs = fanout ? [] : makeSubscriptions(origin, n);
  // Steady state: each sender first makes the same send once, unmeasured (JIT, keep-alive connections and TLS
  // sessions, the encrypt thread, and with two instances both of them), as a long-running server would have.
  // Measured cold, the fan-out modes lost most to it (two processes warming up on two cores).
  if (fanout) await fanout.run();
  else if (mode === 'web-push') await runWebPush(subs);
  else await runSendMany(subs);
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  const sent = fanout
    ? await fanout.run()
    : mode === 'web-push'
      ? await runWebPush(subs)
      : await runSendMany(subs);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  // With two instances the CPU per message is both processes'; the database server's is reported apart.
  const onPostgres = fanout as Partial<Awaited<ReturnType<typeof preparePostgresFanout>>> | undefined;
  const extraCpuUs = onPostgres?.extraCpuUs?.() ?? 0;
  const dbCpuUs = onPostgres?.dbCpuUs?.();
  console.log(
    JSON.stringify({
      mode,
      sent,
      seconds,
      msgsPerSec: sent / seconds,
      cpuUsPerMsg: (cpu.user + cpu.system + extraCpuUs) / sent,
      peakRssMb: peakRss / 2 ** 20,
      ...(dbCpuUs !== undefined && { dbCpuUsPerMsg: dbCpuUs / sent }),
    }),
  );
  await fanout?.close();
}
clearInterval(sampler);
