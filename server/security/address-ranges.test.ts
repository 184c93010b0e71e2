import { describe, expect, it } from 'vitest';
import { classifyAddress, ipv6Bytes } from './address-ranges.ts';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.254', 'shared (CGNAT)'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::8.8.8.8', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)?.kind).toBe(kind);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback', '127.0.0.1'],
    ['::ffff:7f00:1', 'loopback', '127.0.0.1'],
    ['[::ffff:a9fe:a9fe]', 'cloud metadata', '169.254.169.254'],
    ['64:ff9b::10.0.0.1', 'private', '10.0.0.1'],
    ['2002:c0a8:101::1', 'private', '192.168.1.1'],
    ['::7f00:1', 'loopback', '127.0.0.1'],
  ])('%s carries %s IPv4 %s', (address, kind, ipv4) => {
    expect(classifyAddress(address)).toMatchObject({ kind, embeddedIPv4: ipv4 });
  });

  it.each([
    '8.8.8.8',
    '142.250.74.42',
    '172.32.0.1',
    '100.128.0.1',
    '2a00:1450:4001:80b::200a',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  it('refuses text that is not an address', () => {
    expect(() => classifyAddress('example.com')).toThrow('not an IP address: example.com');
  });

  it('expands IPv6 text to 16 bytes', () => {
    expect(Buffer.from(ipv6Bytes('2001:db8::ff00:42:8329')).toString('hex')).toBe(
      '20010db8000000000000ff0000428329',
    );
    expect(Buffer.from(ipv6Bytes('::ffff:1.2.3.4')).toString('hex')).toBe('00000000000000000000ffff01020304');
  });
});
