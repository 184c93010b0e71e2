import { afterEach, describe, expect, it } from 'vitest';
import { backend as nodeCrypto } from './crypto-node.ts';
import { backend as webCrypto } from './crypto-web.ts';
import { decrypt, encrypt } from './encrypt.ts';
import { WebPushValidationError } from './errors.ts';
import { encryptInput } from './payload-input.ts';
import { webpush } from './index.ts';
import { makeSubscription, startPushSink } from './test-helpers.ts';
import type { ContentEncoding } from './types.ts';

const text = (length: number) => 'x'.repeat(length);
const encodings: ContentEncoding[] = ['aes128gcm', 'aesgcm'];

describe.each(encodings)('padding with %s', (contentEncoding) => {
  const { subscription, receiver } = makeSubscription();
  const open = (out: ReturnType<typeof encrypt>) =>
    decrypt(out.body, receiver, contentEncoding, {
      encryption: out.headers.Encryption ?? '',
      cryptoKey: out.headers['Crypto-Key'] ?? '',
    }).toString();

  it('gives one body length to every message of a bucket, and each decrypts to its own text', () => {
    const lengths = [1, 40, 128];
    const outs = lengths.map((n) =>
      encrypt(text(n), subscription.keys, { contentEncoding, padding: { to: 'bucket' } }),
    );
    expect(new Set(outs.map((out) => out.body.length)).size).toBe(1);
    const overhead = contentEncoding === 'aes128gcm' ? 86 + 1 + 16 : 2 + 16;
    expect(outs[0]!.body.length).toBe(128 + overhead);
    outs.forEach((out, i) => expect(open(out)).toBe(text(lengths[i]!)));
    // The next bucket up is 512 bytes.
    const bigger = encrypt(text(129), subscription.keys, { contentEncoding, padding: { to: 'bucket' } });
    expect(bigger.body.length).toBe(512 + overhead);
  });

  it('pads to a fixed size, and refuses data longer than it by name', () => {
    const out = encrypt(text(10), subscription.keys, { contentEncoding, padding: { to: 300 } });
    expect(open(out)).toBe(text(10));
    expect(() => encrypt(text(301), subscription.keys, { contentEncoding, padding: { to: 300 } })).toThrow(
      'data: is 301 bytes, longer than padding.to (300)',
    );
  });

  it('still holds the 4096-byte body limit, counting the padding', () => {
    const max = contentEncoding === 'aes128gcm' ? 3993 : 4078;
    const top = encrypt(text(max - 1000), subscription.keys, { contentEncoding, padding: { to: 'bucket' } });
    expect(top.body.length).toBe(4096);
    expect(open(top)).toBe(text(max - 1000));
    expect(() => encrypt(text(1), subscription.keys, { contentEncoding, padding: { to: max + 1 } })).toThrow(
      `padding.to: must be 'bucket' or a whole number of bytes from 1 to ${max}`,
    );
    expect(() =>
      encrypt(text(max + 1), subscription.keys, { contentEncoding, padding: { to: 'bucket' } }),
    ).toThrow(WebPushValidationError);
  });

  it('is off by default: no padding bytes at all', () => {
    const out = encrypt(text(5), subscription.keys, { contentEncoding });
    expect(out.body.length).toBe(5 + (contentEncoding === 'aes128gcm' ? 86 + 1 + 16 : 2 + 16));
  });

  it.each([nodeCrypto, webCrypto])('the $name back end writes the same padded layout', async (crypto) => {
    const input = encryptInput(text(20), subscription.keys, { contentEncoding, padding: { to: 100 } });
    const parts = await crypto.encrypt(input);
    const plain = decrypt(parts.body, receiver, contentEncoding, payloadHeadersOf(parts));
    expect(plain.toString()).toBe(text(20));
    expect(parts.body.length).toBe(100 + (contentEncoding === 'aes128gcm' ? 86 + 1 + 16 : 2 + 16));
  });
});

function payloadHeadersOf(parts: { salt: Uint8Array; senderPublicKey: Uint8Array }) {
  return {
    encryption: `salt=${Buffer.from(parts.salt).toString('base64url')}`,
    cryptoKey: `dh=${Buffer.from(parts.senderPublicKey).toString('base64url')}`,
  };
}

describe('padding through webpush() to a real server', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(() => close?.());

  it('sends padded bodies of one length that decrypt', async () => {
    const sink = await startPushSink((_push, res) => res.writeHead(201).end());
    close = sink.close;
    const { subscription, receiver } = makeSubscription(`${sink.origin}/push/1`);
    for (const message of ['hi', 'a longer message, still in the first bucket'])
      await webpush(subscription, message, { padding: { to: 'bucket' } });
    const [a, b] = sink.received;
    expect(a!.body.length).toBe(b!.body.length);
    expect(decrypt(b!.body, receiver).toString()).toBe('a longer message, still in the first bucket');
  });
});
