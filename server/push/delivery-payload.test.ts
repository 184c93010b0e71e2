import { describe, expect, it } from 'vitest';
import { deliveryPayloads, ttlBefore } from './delivery-payload.ts';
import type { PayloadRow } from './payload.ts';
import { messagePayload } from './payload.ts';
import { signReceiptToken, verifyReceiptToken } from './receipt-token.ts';

const row: PayloadRow = {
  id: 3,
  title: 'T',
  body: 'B',
  url: '/x',
  icon: null,
  origin: 'https://app.example',
};
const secret = Buffer.alloc(32, 1);
const now = new Date('2026-12-01T10:00:00Z');

describe('deliveryPayloads', () => {
  it('gives each delivery a token for itself alone, valid 30 days', () => {
    const { perDelivery, payloadOf } = deliveryPayloads(row, secret, () => now);
    expect(perDelivery).toBe(true);
    const token = (id: number) =>
      (JSON.parse(payloadOf(id)) as { notification: { data: { receipt: string } } }).notification.data
        .receipt;
    expect(verifyReceiptToken(secret, token(7), now)).toEqual({
      deliveryId: 7,
      expiresAt: new Date('2026-12-31T10:00:00Z'),
    });
    expect(verifyReceiptToken(secret, token(8), now)?.deliveryId).toBe(8);
  });

  it('gives each delivery the bytes of the full build with its token (links on the site, actions, off-site links)', () => {
    const rich: PayloadRow = {
      ...row,
      body: 'Read "this" \u2014 <b>now</b>',
      url: '/news?x=1',
      actions: [
        { title: 'Open', url: '/open' },
        { title: 'Elsewhere', url: 'https://other.example/page' },
      ],
    };
    const expiresAt = new Date(now.getTime() + 30 * 24 * 60 * 60 * 1000);
    const { payloadOf } = deliveryPayloads(rich, secret, () => now);
    for (const deliveryId of [1, 42, 9_007_199_254_740_991]) {
      const full = messagePayload(rich, signReceiptToken(secret, { deliveryId, expiresAt }));
      expect(payloadOf(deliveryId)).toBe(full);
    }
    expect(payloadOf(42).split(signReceiptToken(secret, { deliveryId: 42, expiresAt })).length).toBe(4);
  });

  it('builds each payload in full when the text holds what looks like a token', () => {
    const tricky: PayloadRow = { ...row, body: '0000000000000001.zzzzzz.AAAAAAAAAAAAAAAAAAAAAA' };
    const expiresAt = new Date(now.getTime() + 30 * 24 * 60 * 60 * 1000);
    const { payloadOf } = deliveryPayloads(tricky, secret, () => now);
    expect(payloadOf(5)).toBe(messagePayload(tricky, signReceiptToken(secret, { deliveryId: 5, expiresAt })));
  });

  it('sends the same bytes to everyone, without a token, when receipts are off', () => {
    const { perDelivery, payloadOf } = deliveryPayloads(row, null);
    expect(perDelivery).toBe(false);
    expect(payloadOf(7)).toBe(payloadOf(8));
    expect(payloadOf(7)).not.toContain('receipt');
  });
});

describe('ttlBefore', () => {
  it('keeps the TTL without an expiry, cuts it to the time left, and refuses once expired', () => {
    expect(ttlBefore(3600, null, now)).toBe(3600);
    expect(ttlBefore(3600, new Date('2026-12-01T10:10:00Z'), now)).toBe(600);
    expect(ttlBefore(60, new Date('2026-12-01T10:10:00Z'), now)).toBe(60);
    expect(ttlBefore(3600, new Date('2026-12-01T10:00:00.999Z'), now)).toBeNull();
    expect(ttlBefore(3600, now, now)).toBeNull();
  });
});
