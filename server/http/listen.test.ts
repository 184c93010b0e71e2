import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { bootForTest, testConfig } from '../testing/harness.ts';
import { listen } from './listen.ts';

/** Small deadlines so the test runs in a few seconds; the defaults are 30, 10 and 5 s. */
const TIMEOUTS = { HTTP_REQUEST_TIMEOUT: '2', HTTP_HEADERS_TIMEOUT: '1', HTTP_KEEP_ALIVE_TIMEOUT: '1' };

interface Trickled {
  /** What the server sent back before it closed the connection. */
  answer: string;
  /** Bytes of the request written before the server closed it. */
  written: number;
  closed: boolean;
}

/** Sends `head`, then `rest` one byte every `everyMs`; resolves when the server closes or after `giveUpMs`. */
function trickle(port: number, head: string, rest: string, everyMs: number, giveUpMs: number) {
  return new Promise<Trickled>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let written = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ answer, written, closed });
    };
    const giveUp = setTimeout(() => finish(false), giveUpMs);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    socket.on('connect', () => {
      socket.write(head);
      written = head.length;
      timer = setInterval(() => {
        if (written - head.length < rest.length && !socket.destroyed) {
          socket.write(rest[written - head.length]!);
          written += 1;
        }
      }, everyMs);
    });
  });
}

describe('HTTP server timeouts, on a real server', () => {
  let http: ServerType | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    http?.close();
    await close?.();
  });

  async function start() {
    const config = testConfig(TIMEOUTS);
    const booted = bootForTest(TIMEOUTS);
    close = booted.close;
    const port = await new Promise<number>((resolve) => {
      http = listen(booted.app.fetch, { ...config, port: 0, host: '127.0.0.1' }, (address: AddressInfo) =>
        resolve(address.port),
      );
    });
    return port;
  }

  it('cuts off a body that trickles in a byte a second (408, connection closed)', async () => {
    const port = await start();
    const body = JSON.stringify({ name: 'a-slow-client-sending-its-name' });
    const head = `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const result = await trickle(port, head, body, 1000, 10_000);
    expect(result.closed).toBe(true);
    expect(result.answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(result.written).toBeLessThan(head.length + body.length);
  });

  it('cuts off headers that trickle in', async () => {
    const port = await start();
    const head = 'GET /api/vapid-public-key HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';
    const result = await trickle(port, head, 'abcdefghijklmnopqrstuvwxyz', 500, 10_000);
    expect(result.closed).toBe(true);
    expect(result.answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('still answers a client that sends its request at once', async () => {
    const port = await start();
    const res = await fetch(`http://127.0.0.1:${port}/api/vapid-public-key`);
    expect(res.status).toBe(200);
  });
});
