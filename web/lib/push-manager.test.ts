import { describe, expect, it } from 'vitest';
import { pushManagerOf } from './push-manager.ts';

const fakeManager = () =>
  ({ subscribe: async () => null, getSubscription: async () => null }) as unknown as PushManager;

describe('pushManagerOf', () => {
  const registration = { pushManager: fakeManager() } as unknown as ServiceWorkerRegistration;

  it('uses window.pushManager where it exists (Safari, Declarative Web Push)', () => {
    const windowManager = fakeManager();
    expect(pushManagerOf(registration, { pushManager: windowManager })).toBe(windowManager);
  });

  it('uses the worker registration’s elsewhere', () => {
    expect(pushManagerOf(registration, {})).toBe(registration.pushManager);
    expect(pushManagerOf(registration, { pushManager: undefined })).toBe(registration.pushManager);
  });
});
