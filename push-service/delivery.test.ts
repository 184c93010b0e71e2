import { beforeEach, describe, expect, it } from 'vitest';
import { makeVapidKeys, sendRaw, type Frame, usePushService } from './test-support.ts';

const keys = makeVapidKeys();
let clock: number;
beforeEach(() => {
  clock = Date.now();
});
const fixture = usePushService(() => ({ now: () => clock }));
const connect = (uaid?: string) => fixture.connect(uaid);

const push = (endpoint: string, body?: string, headers?: Record<string, string | undefined>) =>
  sendRaw(endpoint, {
    keys,
    aud: fixture.service.url,
    nowMs: clock,
    ...(body !== undefined && { body }),
    ...(headers && { headers }),
  });

describe('delivery: offline queue, re-sends, TTL, Topic, cancel', () => {
  it('keeps pushes for an offline browser and delivers them in order when it reconnects with its uaid', async () => {
    const browser = await connect();
    const { channelID, endpoint } = await browser.register(keys.publicKey);
    await browser.close();
    expect((await push(endpoint, 'one')).status).toBe(201);
    expect((await push(endpoint, 'two')).status).toBe(201);
    const back = await connect(browser.uaid);
    const data = [await back.next('notification'), await back.next('notification')].map(
      (note: Frame) => note.data,
    );
    expect(data).toEqual([
      Buffer.from('one').toString('base64url'),
      Buffer.from('two').toString('base64url'),
    ]);
    expect(fixture.service.store.messages({ channelID }).map((record) => record.state)).toEqual([
      'sent',
      'sent',
    ]);
  });

  it('re-sends unacknowledged notifications on reconnect, and not acknowledged ones', async () => {
    const browser = await connect();
    const { channelID, endpoint } = await browser.register(keys.publicKey);
    await push(endpoint, 'acked');
    await push(endpoint, 'not acked');
    const first = await browser.next('notification');
    await browser.next('notification');
    browser.ack(channelID, String(first.version));
    await browser.sync();
    await browser.close();
    const back = await connect(browser.uaid);
    await back.sync();
    expect(back.take('notification').map((note) => note.data)).toEqual([
      Buffer.from('not acked').toString('base64url'),
    ]);
    expect(fixture.service.store.messages({ channelID }).map((record) => record.deliveries)).toEqual([1, 2]);
  });

  it('drops queued pushes whose TTL ran out, and TTL 0 to an offline browser (still 201)', async () => {
    const browser = await connect();
    const { channelID, endpoint } = await browser.register(keys.publicKey);
    await browser.close();
    const zero = await push(endpoint, 'ttl 0', { ttl: '0' });
    expect([zero.status, zero.headers.get('ttl')]).toEqual([201, '0']);
    await push(endpoint, 'ttl 30', { ttl: '30' });
    await push(endpoint, 'ttl 90', { ttl: '90' });
    clock += 60_000;
    const back = await connect(browser.uaid);
    await back.sync();
    expect(back.take('notification').map((note) => note.data)).toEqual([
      Buffer.from('ttl 90').toString('base64url'),
    ]);
    expect(fixture.service.store.messages({ channelID }).map((record) => record.state)).toEqual([
      'discarded',
      'expired',
      'sent',
    ]);
  });

  it('a newer push with the same Topic replaces the queued one (RFC 8030 §5.4)', async () => {
    const browser = await connect();
    const { endpoint } = await browser.register(keys.publicKey);
    await browser.close();
    await push(endpoint, 'old score', { topic: 'score' });
    await push(endpoint, 'new score', { topic: 'score' });
    const back = await connect(browser.uaid);
    await back.sync();
    expect(back.take('notification').map((note) => note.data)).toEqual([
      Buffer.from('new score').toString('base64url'),
    ]);
  });

  it('DELETE on the Location cancels an undelivered push (RFC 8030 §7.4)', async () => {
    const browser = await connect();
    const { endpoint } = await browser.register(keys.publicKey);
    await browser.close();
    const location = (await push(endpoint, 'cancel me')).headers.get('location') ?? '';
    fixture.service.store.log.clear(); // cancelling must not depend on the assertion log
    expect((await fetch(location, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(location, { method: 'DELETE' })).status).toBe(404);
    const back = await connect(browser.uaid);
    await back.sync();
    expect(back.take('notification')).toEqual([]);
  });

  it('an ack with code 101 (decryption failed) also ends the message, and the code is kept', async () => {
    const browser = await connect();
    const { channelID, endpoint } = await browser.register(keys.publicKey);
    await push(endpoint, 'garbled');
    browser.ack(channelID, String((await browser.next('notification')).version), 101);
    await browser.sync();
    expect(fixture.service.store.messages({ channelID })).toMatchObject([{ state: 'acked', ackCode: 101 }]);
    await browser.close();
    const back = await connect(browser.uaid);
    await back.sync();
    expect(back.take('notification')).toEqual([]);
  });
});
