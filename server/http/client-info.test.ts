import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientInfo } from './client-info.ts';
import { fromAddress } from '../testing/harness.ts';

function probe(trustProxy: number) {
  return new Hono().use(clientInfo(trustProxy)).get('/', (c) => c.json(c.var.client));
}

async function client(
  trustProxy: number,
  socket: string,
  headers: Record<string, string> = {},
  url = 'http://app.example/',
) {
  return (await probe(trustProxy).request(url, { headers }, fromAddress(socket))).json();
}

describe('clientInfo', () => {
  it('takes the socket address and ignores forwarding headers without TRUST_PROXY', async () => {
    const headers = {
      'x-forwarded-for': '203.0.113.1',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
    };
    expect(await client(0, '::ffff:192.0.2.7', headers)).toEqual({
      ip: '192.0.2.7',
      key: '192.0.2.7',
      secure: false,
      host: 'app.example',
    });
  });

  it('with TRUST_PROXY=n takes the address the n-th proxy from us saw', async () => {
    const headers = {
      'x-forwarded-for': 'spoofed, 198.51.100.4, 10.0.0.2',
      'x-forwarded-proto': 'http, https',
    };
    expect(await client(1, '10.0.0.3', headers)).toMatchObject({ ip: '10.0.0.2', secure: true });
    expect(await client(2, '10.0.0.3', headers)).toMatchObject({ ip: '198.51.100.4' });
    // More hops configured than present: the farthest address known.
    expect(await client(9, '10.0.0.3', headers)).toMatchObject({ ip: 'spoofed' });
    expect(await client(1, '10.0.0.3', { 'x-forwarded-host': 'shop.example' })).toMatchObject({
      ip: '10.0.0.3',
      host: 'shop.example',
    });
  });

  it('keys IPv6 clients by /64 and sees https from the URL', async () => {
    expect(await client(0, '2001:db8:1:2:3:4:5:6', {}, 'https://app.example/')).toMatchObject({
      key: '2001:db8:1:2::/64',
      secure: true,
    });
    expect(await client(0, '2001:db8::1')).toMatchObject({ key: '2001:db8:0:0::/64' });
    expect(await client(0, '::1')).toMatchObject({ key: '0:0:0:0::/64' });
  });
});
