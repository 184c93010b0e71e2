// The Store on the embedded SQLite file: the synchronous stores of this folder behind the async API, with
// their speed kept (prepared statements; concurrent subscribes share one commit through GroupCommit).
// SQLite means one instance: leases are kept, but no other process competes for them.
import { openDatabase, type OpenDatabase } from './client.ts';
import { countPending, deliveryPage, hasPendingDeliveries, writeOutcomes } from './delivery-store.ts';
import { GroupCommit } from './group-commit.ts';
import {
  finishIfComplete,
  insertMessageWithDeliveries,
  markSending,
  messageById,
  recentMessages,
  unfinishedMessageIds,
} from './message-store.ts';
import { expirePendingDeliveries } from './expiry-store.ts';
import { funnelTimeline } from './funnel-store.ts';
import { recordReceipt } from './receipt-store.ts';
import { cancelScheduled, claimScheduled, insertScheduledMessage, nextSendAt } from './schedule-store.ts';
import {
  deleteExpiredSessions,
  deleteSessionByHash,
  deleteSessionsOfKind,
  findLiveSession,
  insertSession,
} from './session-store.ts';
import { getSetting, setSetting, setSettingIfAbsent } from './setting-store.ts';
import { sqliteLeases } from './sqlite-leases.ts';
import type { Store, UpsertResult } from './store.ts';
import {
  countDevicesUpTo,
  deleteOwnSubscription,
  findByEndpoint,
  recordDeviceOutcome,
  subscriptionsOfUser,
  upsertSubscription,
} from './subscription-store.ts';
import { existingUserIds, findOrCreateUser, userOfSession, usersWithDevices } from './user-store.ts';

export type SqliteStore = Store & { readonly sqlite: OpenDatabase };

/** Opens (creating if needed) the SQLite file, or ':memory:', applies its migrations, and wraps it. */
export function openSqliteStore(path: string): SqliteStore {
  return sqliteStore(openDatabase(path));
}

export function sqliteStore(opened: OpenDatabase): SqliteStore {
  const { db } = opened;
  const writes = new GroupCommit(db);
  const leases = sqliteLeases(db, Date.now());
  // Every method is synchronous underneath; `async` turns a throw into a rejection like Postgres's.
  return {
    dialect: 'sqlite',
    sqlite: opened,
    sessions: {
      insert: async (session) => insertSession(db, session),
      findLive: async (idHash, kind, now) => findLiveSession(db, idHash, kind, now),
      deleteByHash: async (idHash) => deleteSessionByHash(db, idHash),
      deleteOfKind: async (kind) => deleteSessionsOfKind(db, kind),
      deleteExpired: async (now) => deleteExpiredSessions(db, now),
    },
    users: {
      ofSession: async (idHash, now) => userOfSession(db, idHash, now),
      findOrCreate: async (name) => findOrCreateUser(db, name),
      withDevices: async () => usersWithDevices(db),
      existingIds: async (ids) => existingUserIds(db, ids),
    },
    settings: {
      get: async (key) => getSetting(db, key),
      set: async (key, value) => setSetting(db, key, value),
      setIfAbsent: async (key, value) => setSettingIfAbsent(db, key, value),
    },
    subscriptions: {
      // The cap check and the write run in one savepoint of the shared commit, with nothing in between.
      upsert: (input, { replaces, maxDevices }) =>
        writes.run((): UpsertResult => {
          if (findByEndpoint(db, input.endpoint)?.userId !== input.userId) {
            let devices = countDevicesUpTo(db, input.userId, maxDevices);
            const replaced = replaces !== undefined && replaces !== input.endpoint;
            if (replaced && findByEndpoint(db, replaces)?.userId === input.userId) devices -= 1;
            if (devices >= maxDevices) return { refused: 'device-cap', devices };
          }
          return upsertSubscription(db, input, replaces);
        }),
      recordOutcome: async (id, outcome, at) => recordDeviceOutcome(db, id, outcome, at),
      findByEndpoint: async (endpoint) => findByEndpoint(db, endpoint),
      ofUser: async (userId) => subscriptionsOfUser(db, userId),
      deleteOwn: async (userId, id) => deleteOwnSubscription(db, userId, id),
      countUpTo: async (userId, max) => countDevicesUpTo(db, userId, max),
    },
    messages: {
      byId: async (id) => messageById(db, id),
      recent: async (limit) => recentMessages(db, limit),
      unfinishedIds: async () => unfinishedMessageIds(db),
      markSending: async (id, at) => markSending(db, id, at),
      finishIfComplete: async (id, at) => finishIfComplete(db, id, at),
      insertWithDeliveries: async (message, pushServiceOf) =>
        insertMessageWithDeliveries(db, message, pushServiceOf),
    },
    deliveries: {
      countPending: async (messageId, encoding) => countPending(db, messageId, encoding),
      claim: async (request) => leases.claim(request),
      renew: async (_instanceId, ids) => leases.renew(ids),
      release: async (_instanceId, ids) => leases.release(ids),
      writeOutcomes: async (messageId, batch, at) => writeOutcomes(db, messageId, batch, at),
      hasPending: async (messageId) => hasPendingDeliveries(db, messageId),
      expirePending: async (messageId, at) => expirePendingDeliveries(db, messageId, at),
      page: async (messageId, request) => deliveryPage(db, messageId, request),
    },
    receipts: {
      record: async (receipt) => recordReceipt(db, receipt),
    },
    schedules: {
      insert: async (message, sendAt) => insertScheduledMessage(db, message, sendAt),
      claim: async (due, pushServiceOf) => claimScheduled(db, due, pushServiceOf),
      cancel: async (id) => cancelScheduled(db, id),
      nextSendAt: async () => nextSendAt(db),
    },
    funnel: {
      timeline: async (messageId, from, until, intervals) =>
        funnelTimeline(db, messageId, from, until, intervals),
    },
    close: async () => opened.close(),
  };
}
