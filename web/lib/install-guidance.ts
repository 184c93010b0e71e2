/** What the page can read about the browser, gathered by readBrowserHints() (browser-hints.ts). */
export interface BrowserHints {
  userAgent: string;
  maxTouchPoints: number;
  /** `navigator.standalone`: only Safari on iOS and iPadOS has it, true inside a Home Screen app. */
  standalone: boolean | undefined;
  /** `matchMedia('(display-mode: standalone)').matches`: an installed web app's window. */
  displayModeStandalone: boolean;
}

/** An iPhone or iPad that must open the site from the Home Screen before it can subscribe. */
export interface HomeScreenAdvice {
  device: 'iPhone' | 'iPad';
  /** iOS before 16.4 has no Web Push at all, not even for Home Screen apps. */
  iosTooOld: boolean;
}

/** Web Push came to Home Screen web apps in iOS and iPadOS 16.4. */
const FIRST_IOS_WITH_PUSH = [16, 4] as const;

/**
 * iPhone, iPod or iPad. iPadOS 13+ asks for desktop pages by default and then says "Macintosh" like a Mac,
 * but no Mac has a touch screen, so a touch-capable "Macintosh" is an iPad.
 */
export function appleMobileDevice(hints: BrowserHints): 'iPhone' | 'iPad' | null {
  if (/\b(iPhone|iPod)\b/.test(hints.userAgent)) return 'iPhone';
  if (/\biPad\b/.test(hints.userAgent)) return 'iPad';
  if (/\bMacintosh\b/.test(hints.userAgent) && hints.maxTouchPoints > 1) return 'iPad';
  return null;
}

/** Running as an installed app (opened from the Home Screen), not in a browser tab. */
export function isHomeScreenApp(hints: BrowserHints): boolean {
  return hints.standalone === true || hints.displayModeStandalone;
}

/** The iOS version in an iPhone or iPad user agent ("CPU iPhone OS 17_5 like Mac OS X"), if it says. */
export function iosVersion(userAgent: string): [major: number, minor: number] | null {
  const match = /\bOS (\d+)_(\d+)(?:_\d+)? like Mac OS X/.exec(userAgent);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/**
 * Advice for an iPhone or iPad outside a Home Screen app (every iOS browser is Safari's engine, and none
 * offers Web Push in a tab); null where the normal "Enable notifications" flow applies.
 */
export function homeScreenAdvice(hints: BrowserHints): HomeScreenAdvice | null {
  const device = appleMobileDevice(hints);
  if (!device || isHomeScreenApp(hints)) return null;
  const version = iosVersion(hints.userAgent);
  const [major, minor] = FIRST_IOS_WITH_PUSH;
  const iosTooOld = version !== null && (version[0] < major || (version[0] === major && version[1] < minor));
  return { device, iosTooOld };
}
