import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { WebPushError } from './errors.ts';
import { generateVapidKeys } from './keys.ts';
import { makeSubscription, selfSignedCertificate } from './test-helpers.ts';
import { webpush } from './webpusher.ts';

const vapid = generateVapidKeys();
const options = { vapidPrivateKey: vapid.privateKeyPem, vapidClaims: { sub: 'mailto:push@example.com' } };
// Far below undici's own 10 s connect timeout, far above the 500 ms asked for: a bound, not a speed test.
const BOUND_MS = 3000;

/** A real TCP listener on 127.0.0.1 that accepts connections and never says a word: a TLS handshake hangs. */
async function startSilentListener() {
  const sockets = new Set<Socket>();
  const bytesReceived: number[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let bytes = 0;
    socket.on('data', (chunk) => (bytes += chunk.length));
    socket.on('close', () => bytesReceived.push(bytes));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}/wpush/v2/silent`,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function failure(promise: Promise<unknown>): Promise<{ error: WebPushError; elapsed: number }> {
  const started = performance.now();
  const error = await promise.then(
    () => {
      throw new Error('the push resolved');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebPushError);
  return { error: error as WebPushError, elapsed: performance.now() - started };
}

let listener: Awaited<ReturnType<typeof startSilentListener>> | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

describe('timeout and signal bound the whole push, the TLS handshake included', () => {
  it('timeout: a listener that never answers the handshake rejects at the deadline, saying nothing was sent', async () => {
    listener = await startSilentListener();
    const { subscription } = makeSubscription(listener.endpoint);
    const { error, elapsed } = await failure(webpush(subscription, 'x', { ...options, timeout: 500 }));
    expect(elapsed).toBeLessThan(BOUND_MS);
    expect(error.status).toBe(0);
    expect(error.message).toBe(
      'push request failed: no connection ready within 500 ms; the request was not sent',
    );
    expect((error.cause as Error).name).toBe('TimeoutError');
    expect(listener.sockets.size).toBe(1); // it did connect over TCP: the handshake is what hung
  }, 20_000);

  it('signal: AbortSignal.timeout(500) ends the handshake wait the same way', async () => {
    listener = await startSilentListener();
    const { subscription } = makeSubscription(listener.endpoint);
    const signal = AbortSignal.timeout(500);
    const { error, elapsed } = await failure(webpush(subscription, 'x', { ...options, signal }));
    expect(elapsed).toBeLessThan(BOUND_MS);
    expect(error.status).toBe(0);
    expect(error.message).toBe('push request failed: aborted by the caller; the request was not sent');
    expect(error.cause).toBe(signal.reason);
  }, 20_000);

  it('a reply whose body stalls: the status and headers it sent, and that its body did not finish', async () => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(503, { 'content-length': '100', 'retry-after': '9' });
      res.write('partial'); // and nothing more
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { subscription } = makeSubscription(`http://127.0.0.1:${port}/stalls`);
      const { error } = await failure(webpush(subscription, 'x', { ...options, timeout: 300 }));
      expect([error.status, error.headers['retry-after']]).toEqual([503, '9']);
      expect(error.message).toBe('push service answered 503: the reply did not finish within 300 ms');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a push given up while connecting is never sent late: the connection that comes up is closed unused', async () => {
    const tls = selfSignedCertificate();
    const requests: string[] = [];
    const https = createHttpsServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(201).end();
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    // Holds each connection for a second before relaying it: the TLS handshake completes after the deadline.
    const relayed: Socket[] = [];
    const relay = createServer((client) => {
      relayed.push(client);
      client.pause();
      setTimeout(() => {
        const upstream = connect((https.address() as AddressInfo).port, '127.0.0.1');
        client.pipe(upstream).pipe(client);
        client.resume();
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
      }, 1000);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const dispatcher = new Agent({ connect: { ca: tls.cert } });
    try {
      const port = (relay.address() as AddressInfo).port;
      const { subscription } = makeSubscription(`https://127.0.0.1:${port}/wpush/late`);
      const { error } = await failure(webpush(subscription, 'x', { ...options, dispatcher, timeout: 300 }));
      expect(error.message).toBe(
        'push request failed: no connection ready within 300 ms; the request was not sent',
      );
      const client = relayed[0]!;
      await new Promise<void>((resolve) =>
        client.destroyed ? resolve() : client.once('close', () => resolve()),
      );
      expect(requests).toEqual([]);
    } finally {
      await dispatcher.close();
      relay.close();
      https.closeAllConnections();
      https.close();
    }
  }, 20_000);
});
