import { describe, expect, it } from 'vitest';
import { MAX_RECEIPT_TOKEN_LENGTH, signReceiptToken, verifyReceiptToken } from './receipt-token.ts';

const secret = Buffer.alloc(32, 7);
const now = new Date('2026-12-01T10:00:00Z');
const expiresAt = new Date('2026-12-31T10:00:00Z');

describe('receipt tokens', () => {
  it('has an exact, documented form and verifies to its own delivery', () => {
    const token = signReceiptToken(secret, { deliveryId: 42, expiresAt });
    expect(token).toMatch(/^42\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    expect(token.split('.')[1]).toBe((expiresAt.getTime() / 1000).toString(36));
    expect(verifyReceiptToken(secret, token, now)).toEqual({ deliveryId: 42, expiresAt });
  });

  it('refuses a token signed with another secret (forged)', () => {
    const forged = signReceiptToken(Buffer.alloc(32, 8), { deliveryId: 42, expiresAt });
    expect(verifyReceiptToken(secret, forged, now)).toBeNull();
  });

  it("refuses another delivery's MAC moved onto this delivery's id", () => {
    const other = signReceiptToken(secret, { deliveryId: 43, expiresAt });
    const moved = other.replace(/^43\./, '42.');
    expect(verifyReceiptToken(secret, moved, now)).toBeNull();
  });

  it('refuses a token with its expiry pushed later', () => {
    const token = signReceiptToken(secret, { deliveryId: 42, expiresAt });
    const [id, expires, tag] = token.split('.');
    const later = `${id}.${(parseInt(expires!, 36) + 1).toString(36)}.${tag}`;
    expect(verifyReceiptToken(secret, later, now)).toBeNull();
  });

  it('refuses an expired token, from its expiry second on', () => {
    const token = signReceiptToken(secret, { deliveryId: 42, expiresAt });
    expect(verifyReceiptToken(secret, token, new Date(expiresAt.getTime() - 1))).not.toBeNull();
    expect(verifyReceiptToken(secret, token, expiresAt)).toBeNull();
    expect(verifyReceiptToken(secret, token, new Date(expiresAt.getTime() + 1))).toBeNull();
  });

  it('refuses malformed tokens and the other spellings of the same MAC bytes', () => {
    const token = signReceiptToken(secret, { deliveryId: 42, expiresAt });
    // The 22nd character carries 2 bits; setting one of its 4 unused bits decodes to the same 16 bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = token.slice(0, -1) + alphabet[alphabet.indexOf(token.at(-1)!) + 1];
    expect(Buffer.from(respelled.split('.')[2]!, 'base64url')).toEqual(
      Buffer.from(token.split('.')[2]!, 'base64url'),
    );
    for (const bad of ['', '42', '42..x', `0${token}`, `${token}x`, token.toUpperCase(), respelled])
      expect(verifyReceiptToken(secret, bad, now)).toBeNull();
  });

  it('never exceeds the length payloads reserve for it', () => {
    const token = signReceiptToken(secret, {
      deliveryId: Number.MAX_SAFE_INTEGER,
      expiresAt: new Date(8.64e15),
    });
    expect(token.length).toBeLessThanOrEqual(MAX_RECEIPT_TOKEN_LENGTH);
  });
});
