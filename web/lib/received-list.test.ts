import { describe, expect, it } from 'vitest';
import { mergeReceived, parseReceivedList, type ReceivedPush } from './received-list.ts';

function push(id: string, second: number): ReceivedPush {
  const receivedAt = new Date(Date.UTC(2026, 10, 1, 0, 0, second)).toISOString();
  return { id, receivedAt, payload: { title: `t${id}`, body: `b${id}` } };
}

describe('mergeReceived', () => {
  it('orders newest first and keeps each id once', () => {
    const merged = mergeReceived([push('a', 1), push('b', 2)], [push('b', 2), push('c', 3)]);
    expect(merged.map((entry) => entry.id)).toEqual(['c', 'b', 'a']);
  });

  it('keeps only the newest entries up to the limit', () => {
    const many = Array.from({ length: 25 }, (_, i) => push(String(i), i));
    const merged = mergeReceived([], many);
    expect(merged).toHaveLength(20);
    expect(merged[0]?.id).toBe('24');
    expect(merged[19]?.id).toBe('5');
    expect(mergeReceived(many, [], 3).map((entry) => entry.id)).toEqual(['24', '23', '22']);
  });
});

describe('parseReceivedList', () => {
  it('keeps well-formed entries and drops the rest', () => {
    const good = push('a', 1);
    expect(parseReceivedList([good, { id: 1 }, null, { ...good, payload: { title: 'x' } }])).toEqual([good]);
    expect(parseReceivedList({ not: 'a list' })).toEqual([]);
  });
});
