import { createApp } from './app.ts';
import { loadOrCreateAdminToken } from './auth/admin-token.ts';
import { ConfigError, type Config } from './config.ts';
import { openDatabase, type Db } from './db/client.ts';
import { Fanout, FANOUT_CONCURRENCY, type FanoutTuning } from './push/fanout.ts';
import { claimScheduled, nextSendAt } from './db/schedule-store.ts';
import { createPushAgent } from './push/push-agent.ts';
import { pushServiceOf } from './push/push-service.ts';
import { loadOrCreateReceiptSecret } from './push/receipt-secret.ts';
import { Scheduler } from './push/scheduler.ts';
import { createEndpointPolicy } from './security/endpoint-policy.ts';
import { guardedLookup } from './security/guarded-lookup.ts';
import type { LookupAll } from './security/resolve-host.ts';
import { createDeviceSender, type SendToDevice } from './push/send-to-device.ts';
import { loadOrCreateVapidKeys, VapidKeyError } from './push/vapid-keys.ts';

/**
 * Opens the database (migrating it), loads or creates the VAPID keys and the admin token, and
 * builds the app and its fan-out. Nothing listens yet; `index.ts` does that, tests call `app.request()`.
 */
export interface BootOverrides {
  /** Replaces the real sender of the test push (tests that need to control a send). */
  send?: SendToDevice;
  /** Concurrency, paging, batching and retries of the fan-out. */
  fanout?: FanoutTuning;
  /** Resolver of the endpoint policy (tests: a table, no network); the system resolver otherwise. */
  lookup?: LookupAll;
}

export function bootServer(config: Config, overrides: BootOverrides = {}) {
  const database = openDatabase(config.databasePath);
  const { db } = database;
  const vapid = vapidKeysOrConfigError(db, config.vapid);
  const adminToken = loadOrCreateAdminToken(db, config.adminToken);
  // RECEIPTS=off: no token goes out and the receipt endpoint records nothing.
  const receiptSecret = config.receipts ? loadOrCreateReceiptSecret(db) : null;
  // One keep-alive pool for the server's lifetime, shared by the fan-out and the test push.
  // Its resolver re-checks the endpoint policy when connecting: DNS may answer differently than at intake.
  const lookup = guardedLookup({
    allowPrivateEndpoints: config.security.allowPrivateEndpoints,
    allowHttpOrigins: config.allowHttpEndpoints,
  });
  const agent = createPushAgent(overrides.fanout?.concurrency ?? FANOUT_CONCURRENCY, lookup);
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
    ...overrides.fanout,
    db,
    vapidPrivateKey: vapid.privateKey,
    subject,
    dispatcher: agent,
    endpointPolicy,
    receiptSecret,
  });
  // Scheduled messages start from the database's schedule; index.ts calls start() once listening.
  const scheduler = new Scheduler({
    claimDue: (now) => claimScheduled(db, { at: now }, pushServiceOf).map((message) => message.id),
    nextSendAt: () => nextSendAt(db),
    start: (messageId) => fanout.enqueue(messageId),
  });
  const app = createApp({
    db,
    vapidPublicKey: vapid.publicKey,
    adminToken,
    fanout,
    send,
    allowHttpEndpoints: config.allowHttpEndpoints,
    security: config.security,
    endpointPolicy,
    receiptSecret,
    scheduler,
  });
  return {
    app,
    db,
    sqlite: database.sqlite,
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
      database.close();
    },
  };
}

export type BootedServer = ReturnType<typeof bootServer>;

/** Keys from the environment that do not work are a configuration mistake: index.ts prints it and exits. */
function vapidKeysOrConfigError(db: Db, vapid: Config['vapid']) {
  try {
    return loadOrCreateVapidKeys(db, vapid);
  } catch (error) {
    if (error instanceof VapidKeyError) throw new ConfigError(error.message);
    throw error;
  }
}
