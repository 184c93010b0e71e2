import type { BrowserHints } from './install-guidance.ts';

/** Reads what install-guidance.ts decides on from this browser. */
export function readBrowserHints(): BrowserHints {
  const standalone = (navigator as Navigator & { standalone?: unknown }).standalone;
  return {
    userAgent: navigator.userAgent,
    maxTouchPoints: navigator.maxTouchPoints ?? 0,
    standalone: typeof standalone === 'boolean' ? standalone : undefined,
    displayModeStandalone: window.matchMedia('(display-mode: standalone)').matches,
  };
}
