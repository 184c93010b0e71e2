// EncryptPool when one of its threads dies (out of memory, a crash, terminated): the job on it must not wait
// forever (a fan-out would hang with it), and the pool goes on with a new thread.
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { decrypt } from './encrypt.ts';
import { EncryptPool, WorkerStopped } from './encrypt-pool.ts';
import { generateVapidKeys } from './keys.ts';
import { sendMany } from './send-many.ts';
import { makeSubscription } from './test-helpers.ts';

const devices = Array.from({ length: 200 }, () => makeSubscription());
const keys = devices.map((device) => device.subscription.keys);
const data = Buffer.from('after a thread died');

let pool: EncryptPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

async function readyPool(size: number): Promise<EncryptPool> {
  const started = new EncryptPool(size);
  while (!started.ready) await new Promise((resolve) => setTimeout(resolve, 10));
  return started;
}

/** The pool's threads, to kill one as a crash would. */
const threadsOf = (of: EncryptPool) => (of as unknown as { workers: Worker[] }).workers;

describe('EncryptPool with a thread that dies', () => {
  it('fails the job that was on it with WorkerStopped, then encrypts on a new thread', async () => {
    pool = await readyPool(1);
    const [thread] = threadsOf(pool);
    const job = pool.encrypt(data, 'aes128gcm', keys);
    await thread!.terminate(); // mid-batch: 200 encryptions take ~25 ms
    const error = await job.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(WorkerStopped);
    expect((error as Error).message).toBe(
      'an encrypt worker thread stopped (exit code 1) before it answered; its batch was not encrypted',
    );
    while (!pool.ready) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(threadsOf(pool)).toHaveLength(1);
    expect(threadsOf(pool)[0]).not.toBe(thread);
    const next = await pool.encrypt(data, 'aes128gcm', keys.slice(0, 3));
    expect(
      next.results.map(
        (result, i) => 'body' in result && decrypt(result.body, devices[i]!.receiver).toString(),
      ),
    ).toEqual(['after a thread died', 'after a thread died', 'after a thread died']);
    next.release();
  });

  it('a job on another thread is not affected', async () => {
    pool = await readyPool(2);
    const [first] = threadsOf(pool);
    const onFirst = pool.encrypt(data, 'aes128gcm', keys);
    const onSecond = pool.encrypt(data, 'aes128gcm', keys.slice(0, 2));
    await first!.terminate();
    await expect(onFirst).rejects.toBeInstanceOf(WorkerStopped);
    const second = await onSecond;
    expect(second.results).toHaveLength(2);
    second.release();
  });

  it('sendMany goes on when its thread dies mid fan-out: every push sent once, every body decrypts', async () => {
    pool = await readyPool(1);
    const [thread] = threadsOf(pool);
    const bodies = new Map<string, Uint8Array>();
    const summary = await sendMany(
      devices.map((device, i) => ({ ...device.subscription, endpoint: `https://push.example.net/d/${i}` })),
      data,
      {
        vapidPrivateKey: generateVapidKeys().privateKey,
        vapidClaims: { sub: 'mailto:ops@example.com' },
        encryptPool: pool,
        workers: 1,
        transport: async ({ push }) => {
          if (bodies.size === 0) void thread!.terminate(); // batches are still on the thread
          expect(bodies.has(push.endpoint)).toBe(false);
          bodies.set(push.endpoint, Buffer.from(push.body!));
          return { status: 201, headers: {}, body: '' };
        },
      },
    );
    expect(summary).toEqual({ total: 200, delivered: 200, expired: 0, failed: 0, retried: 0 });
    devices.forEach((device, i) =>
      expect(decrypt(bodies.get(`https://push.example.net/d/${i}`)!, device.receiver).toString()).toBe(
        'after a thread died',
      ),
    );
    expect(threadsOf(pool)[0]).not.toBe(thread);
  });

  it('a thread that dies before it has loaded is not started again (no crash loop): the pool stays not ready', async () => {
    pool = new EncryptPool(1);
    while (threadsOf(pool).length === 0) await new Promise((resolve) => setImmediate(resolve));
    const [thread] = threadsOf(pool);
    await thread!.terminate(); // before its ready message (the thread takes ~50 ms to load)
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(threadsOf(pool)).toEqual([thread]);
    expect(pool.ready).toBe(false);
  });
});
