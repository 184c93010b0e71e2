import { isIPv4, isIPv6 } from 'node:net';

/** Why an address is not on the public internet. */
export type AddressKind =
  | 'cloud metadata'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared (CGNAT)'
  | 'multicast'
  | 'reserved';

export interface NonPublicAddress {
  kind: AddressKind;
  /** The address as given (without brackets), e.g. "::ffff:7f00:1". */
  address: string;
  /** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), when that is what made it non-public. */
  embeddedIPv4?: string;
}

// Checked in this order: the first match names the kind (metadata addresses sit inside link-local etc.).
const RANGES: [AddressKind, string[]][] = [
  ['cloud metadata', ['169.254.169.254/32', '100.100.100.200/32', '192.0.0.192/32', 'fd00:ec2::254/128']],
  ['unspecified', ['0.0.0.0/8', '::/128']],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fec0::/10', '64:ff9b:1::/48']],
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  ['shared (CGNAT)', ['100.64.0.0/10']],
  ['multicast', ['224.0.0.0/4', 'ff00::/8']],
  [
    'reserved',
    [
      '192.0.0.0/24',
      '192.0.2.0/24',
      '192.88.99.0/24',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '240.0.0.0/4',
      '100::/64',
      '2001::/23',
      '2001:db8::/32',
      '3fff::/20',
      '::/96',
    ],
  ],
];

interface Subnet {
  kind: AddressKind;
  network: Uint8Array;
  prefix: number;
}

const SUBNETS = { 4: [] as Subnet[], 6: [] as Subnet[] };
for (const [kind, cidrs] of RANGES) {
  for (const cidr of cidrs) {
    const [network, prefix] = cidr.split('/') as [string, string];
    const v4 = isIPv4(network);
    SUBNETS[v4 ? 4 : 6].push({
      kind,
      network: v4 ? ipv4Bytes(network) : ipv6Bytes(network),
      prefix: Number(prefix),
    });
  }
}

/**
 * Classifies an IP address (v4 or v6, brackets allowed); null when it is public. IPv6 forms that carry an
 * IPv4 address (::ffff:a.b.c.d, 64:ff9b::/96 NAT64, 2002::/16 6to4, ::a.b.c.d) are judged by that address.
 */
export function classifyAddress(input: string): NonPublicAddress | null {
  const address = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  if (isIPv4(address)) return match(ipv4Bytes(address), 4, address);
  if (!isIPv6(address)) throw new TypeError(`not an IP address: ${input}`);
  const bytes = ipv6Bytes(address);
  const embedded = embeddedIPv4(bytes);
  if (embedded) {
    const inner = match(embedded.bytes, 4, address);
    if (inner) return { ...inner, embeddedIPv4: embedded.bytes.join('.') };
    // A public IPv4 behind a translation prefix is public; the deprecated ::a.b.c.d form stays reserved.
    if (embedded.form !== 'compatible') return null;
  }
  return match(bytes, 6, address);
}

function match(bytes: Uint8Array, family: 4 | 6, address: string): NonPublicAddress | null {
  for (const subnet of SUBNETS[family]) if (inSubnet(bytes, subnet)) return { kind: subnet.kind, address };
  return null;
}

function inSubnet(bytes: Uint8Array, { network, prefix }: Subnet): boolean {
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== network[i]) return false;
  const bits = prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (bytes[whole]! & mask) === (network[whole]! & mask);
}

type Embedding = { bytes: Uint8Array; form: 'mapped' | 'nat64' | '6to4' | 'compatible' };

/** The IPv4 address inside ::ffff:0:0/96, 64:ff9b::/96, 2002::/16 or ::/96 (but :: and ::1). */
function embeddedIPv4(bytes: Uint8Array): Embedding | undefined {
  const zeros = (from: number, to: number) => bytes.subarray(from, to).every((byte) => byte === 0);
  const last = bytes.subarray(12, 16);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return { bytes: last, form: 'mapped' };
  if (bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(0, 1) && zeros(4, 12))
    return { bytes: last, form: 'nat64' };
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return { bytes: bytes.subarray(2, 6), form: '6to4' };
  if (zeros(0, 12) && !zeros(12, 15)) return { bytes: last, form: 'compatible' };
  return undefined;
}

function ipv4Bytes(address: string): Uint8Array {
  return Uint8Array.from(address.split('.'), Number);
}

/** 16 bytes of an IPv6 address (already checked by isIPv6), including a trailing dotted IPv4 part. */
export function ipv6Bytes(address: string): Uint8Array {
  let text = address.split('%')[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const all =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}
