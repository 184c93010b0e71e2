import { createApp } from './app.ts';
import { loadOrCreateAdminToken, loadOrCreateAdminTokenIn, type AdminToken } from './auth/admin-token.ts';
import { ConfigError, type Config } from './config.ts';
import { openStore } from './db/open-store.ts';
import { openSqliteStore, type SqliteStore } from './db/sqlite-store.ts';
import type { Store } from './db/store.ts';
import { Fanout, FANOUT_CONCURRENCY, type FanoutTuning } from './push/fanout.ts';
import { createPushAgent } from './push/push-agent.ts';
import { pushServiceOf } from './push/push-service.ts';
import { loadOrCreateReceiptSecret, loadOrCreateReceiptSecretIn } from './push/receipt-secret.ts';
import { Scheduler } from './push/scheduler.ts';
import { createDeviceSender, type SendToDevice } from './push/send-to-device.ts';
import {
  loadOrCreateVapidKeys,
  loadOrCreateVapidKeysIn,
  VapidKeyError,
  type VapidKeys,
} from './push/vapid-keys.ts';
import { createEndpointPolicy } from './security/endpoint-policy.ts';
import { guardedLookup } from './security/guarded-lookup.ts';
import { memoryBuckets } from './security/rate-limit.ts';
import type { LookupAll } from './security/resolve-host.ts';

/**
 * Opens the database (migrating it), loads or creates the VAPID keys and the admin token, and
 * builds the app and its fan-out. Nothing listens yet; `index.ts` does that, tests call `app.request()`.
 */
export interface BootOverrides {
  /** Replaces the real sender of the test push (tests that need to control a send). */
  send?: SendToDevice;
  /** Concurrency, paging, batching, retries and leases of the fan-out. */
  fanout?: FanoutTuning;
  /** Resolver of the endpoint policy (tests: a table, no network); the system resolver otherwise. */
  lookup?: LookupAll;
}

/** What a booted server's database gave it: the store and the values made on first start. */
interface Loaded {
  store: Store;
  vapid: VapidKeys;
  adminToken: AdminToken;
  receiptSecret: Uint8Array | null;
}

/**
 * The server on the SQLite file (DATABASE_PATH, or ':memory:'), built synchronously: one instance. Tests
 * boot this way; `startServer` boots either database.
 */
export function bootServer(config: Config, overrides: BootOverrides = {}) {
  if (config.database.dialect !== 'sqlite') {
    throw new ConfigError('bootServer opens the SQLite file only; with DATABASE_URL use startServer()');
  }
  const store: SqliteStore = openSqliteStore(config.database.path);
  const { db } = store.sqlite;
  const server = assemble(config, overrides, {
    store,
    vapid: vapidKeysOrConfigError(() => loadOrCreateVapidKeys(db, config.vapid)),
    adminToken: loadOrCreateAdminToken(db, config.adminToken),
    // RECEIPTS=off: no token goes out and the receipt endpoint records nothing.
    receiptSecret: config.receipts ? loadOrCreateReceiptSecret(db) : null,
  });
  return { ...server, db, sqlite: store.sqlite.sqlite };
}

/**
 * The server on the configured database. On Postgres (DATABASE_URL) several instances may share it: the
 * migrations run under an advisory lock, new messages reach every instance through LISTEN/NOTIFY (and a
 * poll every 2 s, which also resumes what a dead instance held once its leases ran out), and the public
 * API's rate limits are counted in the database.
 */
export async function startServer(config: Config, overrides: BootOverrides = {}): Promise<RunningServer> {
  if (config.database.dialect === 'sqlite') return bootServer(config, overrides);
  const store = await openStore(config.database);
  const shared = store.shared!;
  const vapid = await vapidKeysOrConfigErrorAsync(() =>
    loadOrCreateVapidKeysIn(store.settings, config.vapid),
  );
  const server = assemble(
    config,
    { ...overrides, fanout: { watchMs: 2000, ...overrides.fanout } },
    {
      store,
      vapid,
      adminToken: await loadOrCreateAdminTokenIn(store.settings, config.adminToken),
      receiptSecret: config.receipts ? await loadOrCreateReceiptSecretIn(store.settings) : null,
    },
    shared.rateBuckets,
  );
  const listener = await shared.listenForMessages({
    onMessage: (messageId) => server.fanout.enqueue(messageId),
    onReconnect: () => void server.fanout.resumeUnfinished(),
  });
  // A bucket full again is the same as none: drop those rows now and then, so one per client address
  // does not pile up (the in-memory buckets bound themselves the same way).
  const pruning = setInterval(() => {
    shared.pruneRateBuckets().catch((error: unknown) => {
      console.error('rate limits: could not prune the full buckets (will retry):', error);
    });
  }, RATE_BUCKET_PRUNE_MS).unref();
  return {
    ...server,
    async close() {
      clearInterval(pruning);
      await listener.close();
      await server.close();
    },
  };
}

const RATE_BUCKET_PRUNE_MS = 10 * 60_000;

function assemble(
  config: Config,
  overrides: BootOverrides,
  { store, vapid, adminToken, receiptSecret }: Loaded,
  rateBuckets = memoryBuckets(),
) {
  // One keep-alive pool for the server's lifetime, shared by the fan-out and the test push.
  // Its resolver re-checks the endpoint policy when connecting: DNS may answer differently than at intake.
  // With HTTPS_PROXY/HTTP_PROXY the pool tunnels through the proxy (NO_PROXY hosts keep the guarded lookup).
  const lookup = guardedLookup({
    allowPrivateEndpoints: config.security.allowPrivateEndpoints,
    allowHttpOrigins: config.allowHttpEndpoints,
  });
  const connections = overrides.fanout?.concurrency ?? FANOUT_CONCURRENCY;
  const agent = createPushAgent(connections, lookup, config.pushProxy);
  const subject = config.vapid.subject;
  const send =
    overrides.send ?? createDeviceSender({ vapidPrivateKey: vapid.privateKey, subject, dispatcher: agent });
  // One endpoint policy: the intake, the test push and the fan-out judge endpoints alike.
  const endpointPolicy = createEndpointPolicy({
    allowHttpOrigins: config.allowHttpEndpoints,
    ...config.security,
    ...(overrides.lookup && { lookup: overrides.lookup }),
  });
  const fanout = new Fanout({
    ...config.leases,
    ...overrides.fanout,
    store,
    vapidPrivateKey: vapid.privateKey,
    subject,
    dispatcher: agent,
    endpointPolicy,
    receiptSecret,
  });
  // Scheduled messages start from the database's schedule; index.ts calls start() once listening.
  const scheduler = new Scheduler({
    claimDue: async (now) =>
      (await store.schedules.claim({ at: now }, pushServiceOf)).map((message) => message.id),
    nextSendAt: () => store.schedules.nextSendAt(),
    start: (messageId) => fanout.enqueue(messageId),
  });
  const app = createApp({
    store,
    vapidPublicKey: vapid.publicKey,
    adminToken,
    fanout,
    send,
    allowHttpEndpoints: config.allowHttpEndpoints,
    security: config.security,
    endpointPolicy,
    receiptSecret,
    scheduler,
    rateBuckets,
  });
  return {
    app,
    store,
    vapid,
    adminToken,
    fanout,
    scheduler,
    send,
    /** Lets pushes in flight finish and be recorded, then closes the connections and the database. */
    async close() {
      scheduler.stop();
      await fanout.stop();
      await agent.close();
      await store.close();
    },
  };
}

/** A booted server on either database (bootServer adds SQLite's handles for tests). */
export type RunningServer = ReturnType<typeof assemble>;
export type BootedServer = ReturnType<typeof bootServer>;

/** Keys from the environment that do not work are a configuration mistake: index.ts prints it and exits. */
function vapidKeysOrConfigError(load: () => VapidKeys): VapidKeys {
  try {
    return load();
  } catch (error) {
    if (error instanceof VapidKeyError) throw new ConfigError(error.message);
    throw error;
  }
}

async function vapidKeysOrConfigErrorAsync(load: () => Promise<VapidKeys>): Promise<VapidKeys> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof VapidKeyError) throw new ConfigError(error.message);
    throw error;
  }
}
