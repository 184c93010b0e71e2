// Test support: a seeded generator of subscription bodies that each break exactly one rule, so the field the
// server must name is known. Every body is valid JSON under 64 KiB (those limits have their own tests).
import { createECDH } from 'node:crypto';

export interface MalformedCase {
  /** What is wrong, for failure messages. */
  what: string;
  body: unknown;
  /** The field the 400 must name. */
  field: string;
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = Record<string, unknown>;
type Mutation = (base: Json, keys: Json) => [what: string, body: unknown, field: string];

/** Hosts the generator's DNS stub must know: the valid host resolves publicly, the other privately. */
export const FUZZ_DNS = { 'fcm.googleapis.com': ['142.250.74.42'], 'rogue.push.apple.com': ['10.9.8.7'] };

export function* malformedSubscriptions(count: number, seed: number): Generator<MalformedCase> {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const text = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + int(95))).join('');
  // Real points from seeded private keys (a 32-byte scalar below the group order: top byte 0x01..0x7f).
  const points = Array.from({ length: 8 }, () => {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.concat([Buffer.from([1 + int(127)]), bytes(31)]));
    return ecdh.getPublicKey();
  });
  const wrongTypes = [42, -1.5, true, false, null, [], ['x'], {}, { a: 1 }];
  const badBase64 = (valid: string) => {
    const at = 1 + int(valid.length - 2);
    return (
      valid.slice(0, at) +
      pick(['*', '!', '%', ' ', '.', '$', '"', '\\', '\u00e9', '\u0000']) +
      valid.slice(at)
    );
  };

  const mutations: Mutation[] = [
    (b) => ['endpoint missing', omit(b, 'endpoint'), 'endpoint'],
    (b) => ['keys missing', omit(b, 'keys'), 'keys'],
    (b, k) => ['p256dh missing', { ...b, keys: omit(k, 'p256dh') }, 'keys.p256dh'],
    (b, k) => ['auth missing', { ...b, keys: omit(k, 'auth') }, 'keys.auth'],
    (b) => ['endpoint wrong type', { ...b, endpoint: pick(wrongTypes) }, 'endpoint'],
    (b) => ['keys wrong type', { ...b, keys: pick([42, 'keys', true, ['a', 'b']]) }, 'keys'],
    (b, k) => ['p256dh wrong type', { ...b, keys: { ...k, p256dh: pick(wrongTypes) } }, 'keys.p256dh'],
    (b, k) => ['auth wrong type', { ...b, keys: { ...k, auth: pick(wrongTypes) } }, 'keys.auth'],
    (b) => [
      'expirationTime wrong type',
      { ...b, expirationTime: pick(['soon', true, {}, []]) },
      'expirationTime',
    ],
    (b) => [
      'contentEncodings wrong type',
      { ...b, contentEncodings: pick(['aes128gcm', 7, {}, true]) },
      'contentEncodings',
    ],
    (b) => [
      'contentEncodings item wrong type',
      { ...b, contentEncodings: [pick([1, null, {}, []])] },
      'contentEncodings[0]',
    ],
    (b) => [
      'contentEncodings unsupported',
      { ...b, contentEncodings: [pick(['br', 'gzip', 'aes256gcm', ''])] },
      'contentEncodings',
    ],
    (b) => ['replaces wrong type', { ...b, replaces: pick([1, true, {}, []]) }, 'replaces'],
    (b, k) => [
      'p256dh bad base64',
      { ...b, keys: { ...k, p256dh: badBase64(String(k.p256dh)) } },
      'keys.p256dh',
    ],
    (b, k) => ['auth bad base64', { ...b, keys: { ...k, auth: badBase64(String(k.auth)) } }, 'keys.auth'],
    (b, k) => {
      const point = Buffer.concat([Buffer.from([4]), bytes(64)]);
      return [
        'p256dh off the curve',
        { ...b, keys: { ...k, p256dh: point.toString('base64url') } },
        'keys.p256dh',
      ];
    },
    (b, k) => {
      const point = Buffer.from(pick(points));
      const at = 1 + int(64);
      point[at] = point[at]! ^ (1 << int(8)); // one flipped bit takes a real point off the curve
      return [
        'p256dh bit flip',
        { ...b, keys: { ...k, p256dh: point.toString('base64url') } },
        'keys.p256dh',
      ];
    },
    (b, k) => {
      const point = Buffer.from(pick(points));
      point[0] = pick([0, 2, 3, 5, 6, 7]);
      return [
        'p256dh wrong prefix',
        { ...b, keys: { ...k, p256dh: point.toString('base64url') } },
        'keys.p256dh',
      ];
    },
    (b, k) => {
      const length = pick([0, 1, 32, 33, 64, 66, 96, 128]);
      return [
        'p256dh wrong length',
        { ...b, keys: { ...k, p256dh: bytes(length).toString('base64url') } },
        'keys.p256dh',
      ];
    },
    (b, k) => [
      'auth short',
      { ...b, keys: { ...k, auth: bytes(int(16)).toString('base64url') } },
      'keys.auth',
    ],
    (b, k) => [
      'auth long',
      { ...b, keys: { ...k, auth: bytes(17 + int(30)).toString('base64url') } },
      'keys.auth',
    ],
    (b) => [
      'endpoint huge',
      { ...b, endpoint: `https://fcm.googleapis.com/${'e'.repeat(2030 + int(50_000))}` },
      'endpoint',
    ],
    (b, k) => ['p256dh huge', { ...b, keys: { ...k, p256dh: 'A'.repeat(257 + int(40_000)) } }, 'keys.p256dh'],
    (b, k) => ['auth huge', { ...b, keys: { ...k, auth: 'A'.repeat(65 + int(40_000)) } }, 'keys.auth'],
    (b) => ['replaces huge', { ...b, replaces: `https://x/${'r'.repeat(2040 + int(40_000))}` }, 'replaces'],
    (b) => [
      'contentEncodings item huge',
      { ...b, contentEncodings: ['a'.repeat(33 + int(1000))] },
      'contentEncodings[0]',
    ],
    (b) => [
      'contentEncodings too many',
      { ...b, contentEncodings: Array(11 + int(100)).fill('aes128gcm') },
      'contentEncodings',
    ],
    (b) => [
      'endpoint not https',
      {
        ...b,
        endpoint: pick([
          'ftp://fcm.googleapis.com/x',
          'ws://fcm.googleapis.com/x',
          'javascript:alert(1)',
          'data:text/plain,hi',
          'file:///etc/passwd',
          'http://fcm.googleapis.com/x',
          'http://127.0.0.1:1/x',
          'gopher://127.0.0.1:25/x',
        ]),
      },
      'endpoint',
    ],
    (b) => [
      'endpoint not a URL',
      { ...b, endpoint: pick(['', ' ', '/push/1', 'fcm.googleapis.com/x', 'https://', text(20)]) },
      'endpoint',
    ],
    (b) => [
      'endpoint with credentials',
      { ...b, endpoint: 'https://user:pass@fcm.googleapis.com/x' },
      'endpoint',
    ],
    (b) => [
      'endpoint private',
      {
        ...b,
        endpoint: `https://${pick([
          `10.${int(256)}.${int(256)}.${int(256)}`,
          `127.${int(256)}.0.1`,
          '169.254.169.254',
          `192.168.${int(256)}.1`,
          `172.${16 + int(16)}.0.1`,
          `100.${64 + int(64)}.0.1`,
          '[::1]',
          '[::ffff:127.0.0.1]',
          '[fe80::1]',
          '[fd00::1]',
          '0x7f.1',
          '2130706433',
          '0177.0.0.1',
          '0.0.0.0',
          'localhost',
          'push.localhost',
          'rogue.push.apple.com',
        ])}/wpush/${int(1e9)}`,
      },
      'endpoint',
    ],
    (b) => [
      'endpoint unknown push service',
      { ...b, endpoint: `https://${pick(['example.com', 'evil.test', '8.8.8.8'])}/x` },
      'endpoint',
    ],
    () => ['body not an object', pick(['subscription', 7, true, null, [], [{}]]), 'body'],
  ];

  for (let i = 0; i < count; i++) {
    const keys: Json = { p256dh: pick(points).toString('base64url'), auth: bytes(16).toString('base64url') };
    const base: Json = {
      endpoint: `https://fcm.googleapis.com/fcm/send/${seed}-${i}`,
      expirationTime: null,
      keys,
    };
    const [what, body, field] = mutations[i % mutations.length]!(base, keys);
    yield { what, body, field };
  }
}

function omit(value: Json, key: string): Json {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
