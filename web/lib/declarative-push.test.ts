import { describe, expect, it } from 'vitest';
import { readDeclarative } from './declarative-push.ts';

const base = 'https://app.example/';
const message = (notification: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  web_push: 8030,
  notification: { title: 'T', navigate: '/n', ...notification },
  ...extra,
});

describe('readDeclarative', () => {
  it('is not a declarative message without web_push 8030, a string title and a URL navigate', () => {
    expect(readDeclarative({ title: 'T', body: 'B' }, base)).toBeNull();
    expect(readDeclarative({ ...message({}), web_push: 9001 }, base)).toBeNull();
    expect(readDeclarative(message({ title: 5 }), base)).toBeNull();
    expect(readDeclarative(message({ navigate: 'javascript:alert(1)' }), base)).toBeNull();
    expect(readDeclarative({ web_push: 8030, notification: [] }, base)).toBeNull();
    expect(readDeclarative('text', base)).toBeNull();
  });

  it('resolves URLs against the site, reads app_badge and mutable beside notification', () => {
    expect(readDeclarative(message({ icon: 'i.png' }, { app_badge: 2, mutable: true }), base)).toEqual({
      notification: {
        title: 'T',
        navigate: 'https://app.example/n',
        body: '',
        actions: [],
        icon: 'https://app.example/i.png',
      },
      appBadge: 2,
      mutable: true,
    });
  });

  it('drops members of the wrong type, as a browser would, and pairs the Notifications API refuses', () => {
    const read = readDeclarative(
      message(
        {
          body: 3,
          dir: 'LTR',
          silent: 'yes',
          vibrate: [100, -1],
          renotify: true,
          actions: [{ action: 'a', title: 'A' }, { action: 'b', title: 'B', navigate: '/b' }, 'x'],
        },
        { app_badge: -1, mutable: 'true' },
      ),
      base,
    );
    expect(read).toEqual({
      notification: {
        title: 'T',
        navigate: 'https://app.example/n',
        body: '',
        actions: [{ action: 'b', title: 'B', navigate: 'https://app.example/b' }],
      },
      appBadge: null,
      mutable: false,
    });
    expect(readDeclarative(message({ silent: true, vibrate: [100] }), base)?.notification).not.toHaveProperty(
      'vibrate',
    );
  });
});
