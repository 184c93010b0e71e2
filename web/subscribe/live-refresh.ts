import { coalesce } from '../lib/coalesce.ts';
import { isPushMessage } from '../lib/push-payload.ts';

/**
 * When the device list is fetched again without a reload:
 * - when a push reaches this browser (the worker tells open pages), at once and again a moment later, since
 *   the server records the push service's answer in batches about 0.1 s apart;
 * - when the page becomes visible or gets focus again (a device removed on another device, or pruned);
 * - every minute while the page is visible, for changes nothing here hears about.
 */
export const LIVE_REFRESH = { afterPushMs: [0, 1_500], everyMs: 60_000 } as const;

export class LiveRefresh {
  private readonly run: () => Promise<void>;

  constructor(refresh: () => Promise<void>) {
    this.run = coalesce(refresh);
  }

  start(): void {
    navigator.serviceWorker?.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!isPushMessage(event.data)) return;
      for (const delay of LIVE_REFRESH.afterPushMs) setTimeout(() => void this.run(), delay);
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.run();
    });
    window.addEventListener('focus', () => void this.run());
    setInterval(() => {
      if (document.visibilityState === 'visible') void this.run();
    }, LIVE_REFRESH.everyMs);
  }
}
