import pg from 'pg';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { describePostgres, useMigratedDatabase } from '../../testing/postgres.ts';
import { MESSAGE_CREATED_CHANNEL, MessageListener, notifyMessageCreated } from './message-notifier.ts';
import { inTransaction } from './transaction.ts';

/** The ids a listener heard, and a way to wait for the next few. */
function recorder() {
  const heard: number[] = [];
  let wake: (() => void) | undefined;
  return {
    heard,
    onMessage(id: number) {
      heard.push(id);
      wake?.();
    },
    async waitFor(count: number, timeoutMs = 5000): Promise<number[]> {
      const deadline = Date.now() + timeoutMs;
      while (heard.length < count) {
        if (Date.now() > deadline) throw new Error(`heard ${JSON.stringify(heard)}, waited for ${count}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return heard;
    },
  };
}

describePostgres('MessageListener and notifyMessageCreated', () => {
  const database = useMigratedDatabase();
  let sender: pg.Pool;
  const listeners: MessageListener[] = [];
  beforeAll(() => {
    sender = database.pool(2);
  });
  afterEach(async () => {
    for (const listener of listeners.splice(0)) await listener.close();
  });

  it('carries a message id from one connection to a listener on another', async () => {
    const messages = recorder();
    listeners.push(await MessageListener.start(database.url, messages));
    await notifyMessageCreated(sender, 42);
    await notifyMessageCreated(sender, 43);
    expect(await messages.waitFor(2)).toEqual([42, 43]);
  });

  it('sent inside a transaction, the notice arrives at COMMIT, and never after a ROLLBACK', async () => {
    const messages = recorder();
    listeners.push(await MessageListener.start(database.url, messages));
    await inTransaction(sender, async (client) => {
      await notifyMessageCreated(client, 7);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(messages.heard).toEqual([]); // not yet committed
    });
    expect(await messages.waitFor(1)).toEqual([7]);
    await expect(
      inTransaction(sender, async (client) => {
        await notifyMessageCreated(client, 8);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await notifyMessageCreated(sender, 9);
    expect(await messages.waitFor(2)).toEqual([7, 9]);
  });

  it('ignores payloads that are not message ids', async () => {
    const messages = recorder();
    listeners.push(await MessageListener.start(database.url, messages));
    await sender.query('SELECT pg_notify($1, $2)', [MESSAGE_CREATED_CHANNEL, 'not-a-number']);
    await sender.query('SELECT pg_notify($1, $2)', [MESSAGE_CREATED_CHANNEL, '-3']);
    await notifyMessageCreated(sender, 5);
    expect(await messages.waitFor(1)).toEqual([5]);
  });

  it('reconnects after the server drops its connection, says so, and hears later notices', async () => {
    const messages = recorder();
    let reconnects = 0;
    listeners.push(
      await MessageListener.start(database.url, {
        ...messages,
        retryMs: 100,
        onReconnect: () => void reconnects++,
      }),
    );
    const dropped = await sender.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN %'`,
    );
    expect(dropped.rowCount).toBe(1);
    const deadline = Date.now() + 5000;
    while (reconnects === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reconnects).toBe(1);
    await notifyMessageCreated(sender, 11);
    expect(await messages.waitFor(1)).toEqual([11]);
  });
});
