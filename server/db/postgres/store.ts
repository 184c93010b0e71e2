import type { Store } from '../store.ts';
import { postgresSessions, postgresSettings, postgresUsers } from './account-stores.ts';
import { openPostgres, type PostgresOptions } from './client.ts';
import { postgresDeliveries } from './delivery-store.ts';
import { postgresMessages } from './message-store.ts';
import { postgresReceipts } from './receipt-store.ts';
import { postgresFunnel, postgresSchedules } from './schedule-store.ts';
import { postgresSubscriptions } from './subscription-store.ts';
import { MessageListener } from './message-notifier.ts';
import { PostgresTokenBuckets } from './rate-limit-buckets.ts';

/** The Store on a Postgres database (already migrated: see migrate.ts), through a pool of its own. */
export function openPostgresStore(url: string, options: PostgresOptions = {}): Store & { url: string } {
  const { db, pool, close } = openPostgres(url, options);
  const buckets: PostgresTokenBuckets[] = [];
  return {
    dialect: 'postgres',
    url,
    sessions: postgresSessions(db),
    users: postgresUsers(db),
    settings: postgresSettings(db),
    subscriptions: postgresSubscriptions(db),
    messages: postgresMessages(db),
    deliveries: postgresDeliveries(db, pool),
    receipts: postgresReceipts(db),
    schedules: postgresSchedules(db),
    funnel: postgresFunnel(db),
    shared: {
      rateBuckets: (limiter, rate) => {
        const made = new PostgresTokenBuckets(pool, limiter, rate);
        buckets.push(made);
        return made;
      },
      pruneRateBuckets: async () => {
        let pruned = 0;
        for (const made of buckets) pruned += await made.prune();
        return pruned;
      },
      listenForMessages: (options) => MessageListener.start(url, options),
    },
    close,
  };
}
