import { describe, expect, it } from 'vitest';
import { progressOf, summaryText, targetText } from './send-summary.ts';

describe('summaryText', () => {
  it('counts outcomes and mentions pending ones only while there are some', () => {
    expect(summaryText({ total: 3, accepted: 3, expired: 0, failed: 0, pending: 0 })).toBe(
      '3 accepted, 0 expired, 0 failed',
    );
    expect(summaryText({ total: 5, accepted: 1, expired: 1, failed: 1, pending: 2 })).toBe(
      '1 accepted, 1 expired, 1 failed, 2 pending',
    );
  });
});

describe('progressOf', () => {
  it('is the share of devices with an outcome', () => {
    expect(
      progressOf({ status: 'sending', total: 4, accepted: 1, expired: 0, failed: 1, pending: 2 }),
    ).toEqual({
      value: 2,
      max: 4,
    });
  });

  it('is full for a finished send to nobody and empty before it starts', () => {
    const none = { total: 0, accepted: 0, expired: 0, failed: 0, pending: 0 };
    expect(progressOf({ ...none, status: 'done' })).toEqual({ value: 1, max: 1 });
    expect(progressOf({ ...none, status: 'queued' })).toEqual({ value: 0, max: 1 });
  });
});

describe('targetText', () => {
  const names = new Map([
    [1, 'Ada'],
    [2, 'Grace'],
  ]);

  it('names the users, or counts them when there are many', () => {
    expect(targetText({ type: 'all' }, names)).toBe('everyone');
    expect(targetText({ type: 'users', userIds: [1, 2] }, names)).toBe('Ada, Grace');
    expect(targetText({ type: 'users', userIds: [9] }, names)).toBe('user 9');
    expect(targetText({ type: 'users', userIds: [1, 2, 3, 4] }, names)).toBe('4 users');
  });
});
