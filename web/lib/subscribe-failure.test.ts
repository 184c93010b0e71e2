import { describe, expect, it } from 'vitest';
import { describeError, subscribeFailureKind } from './subscribe-failure.ts';

// What Chromium rejects subscribe() with in an Incognito window (and here, without Google's push service).
const chromeRefusal = new DOMException('Registration failed - permission denied', 'AbortError');

describe('subscribeFailureKind', () => {
  it("calls Chrome's permission-denied AbortError a refusal while notifications are allowed", () => {
    expect(subscribeFailureKind(chromeRefusal, 'granted')).toBe('refused');
    expect(
      subscribeFailureKind(
        new DOMException('Permission denied by the user agent', 'NotAllowedError'),
        'granted',
      ),
    ).toBe('refused');
  });

  it('calls everything else unreachable', () => {
    // Not allowed at all is the "denied" state, decided before subscribing.
    expect(subscribeFailureKind(chromeRefusal, 'denied')).toBe('unreachable');
    expect(
      subscribeFailureKind(
        new DOMException('Registration failed - push service not available', 'AbortError'),
        'granted',
      ),
    ).toBe('unreachable');
    expect(subscribeFailureKind(new Error('no answer within 15 s'), 'granted')).toBe('unreachable');
    expect(subscribeFailureKind('permission denied', 'granted')).toBe('unreachable');
  });
});

describe('describeError', () => {
  it('puts the name before the message, except the plain Error', () => {
    expect(describeError(chromeRefusal)).toBe('AbortError: Registration failed - permission denied');
    expect(describeError(new Error('no answer within 15 s'))).toBe('no answer within 15 s');
    expect(describeError(42)).toBe('42');
  });
});
