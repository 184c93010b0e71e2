import { describe, expect, it } from 'vitest';
import {
  appleMobileDevice,
  homeScreenAdvice,
  iosVersion,
  isHomeScreenApp,
  type BrowserHints,
} from './install-guidance.ts';

// User agents as these browsers send them.
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const IPHONE_CHROME =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1';
const IPHONE_OLD =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.3 Mobile/15E148 Safari/604.1';
const IPAD_MOBILE =
  'Mozilla/5.0 (iPad; CPU OS 15_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1';
// iPadOS asking for the desktop page, and a real Mac: the same string.
const MAC_SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

function hints(userAgent: string, extra: Partial<BrowserHints> = {}): BrowserHints {
  return { userAgent, maxTouchPoints: 0, standalone: undefined, displayModeStandalone: false, ...extra };
}

describe('appleMobileDevice', () => {
  it('knows iPhones and iPads, in any iOS browser', () => {
    expect(appleMobileDevice(hints(IPHONE_SAFARI, { maxTouchPoints: 5 }))).toBe('iPhone');
    expect(appleMobileDevice(hints(IPHONE_CHROME, { maxTouchPoints: 5 }))).toBe('iPhone');
    expect(appleMobileDevice(hints(IPAD_MOBILE, { maxTouchPoints: 5 }))).toBe('iPad');
  });

  it('tells an iPad that reports itself as a Mac by its touch points', () => {
    expect(appleMobileDevice(hints(MAC_SAFARI, { maxTouchPoints: 5 }))).toBe('iPad');
    expect(appleMobileDevice(hints(MAC_SAFARI, { maxTouchPoints: 0 }))).toBeNull();
    // Some Mac browsers report one touch point for a touch bar or a tablet driver: not an iPad.
    expect(appleMobileDevice(hints(MAC_SAFARI, { maxTouchPoints: 1 }))).toBeNull();
  });

  it('leaves every other device alone', () => {
    expect(appleMobileDevice(hints(ANDROID_CHROME, { maxTouchPoints: 5 }))).toBeNull();
    expect(appleMobileDevice(hints(''))).toBeNull();
  });
});

describe('isHomeScreenApp', () => {
  it('is true when Safari says standalone, or the display mode is standalone', () => {
    expect(isHomeScreenApp(hints(IPHONE_SAFARI, { standalone: true }))).toBe(true);
    expect(isHomeScreenApp(hints(IPHONE_SAFARI, { displayModeStandalone: true }))).toBe(true);
    expect(isHomeScreenApp(hints(IPHONE_SAFARI, { standalone: false }))).toBe(false);
    expect(isHomeScreenApp(hints(ANDROID_CHROME))).toBe(false);
  });
});

describe('iosVersion', () => {
  it('reads major and minor from the OS token, patch or not', () => {
    expect(iosVersion(IPHONE_SAFARI)).toEqual([17, 5]);
    expect(iosVersion(IPHONE_CHROME)).toEqual([18, 1]);
    expect(iosVersion(IPAD_MOBILE)).toEqual([15, 8]);
    // A Mac's (or an iPad's desktop-mode) user agent says nothing about iOS.
    expect(iosVersion(MAC_SAFARI)).toBeNull();
  });
});

describe('homeScreenAdvice', () => {
  it('asks an iPhone in a Safari tab to add the site to the Home Screen', () => {
    expect(homeScreenAdvice(hints(IPHONE_SAFARI, { standalone: false, maxTouchPoints: 5 }))).toEqual({
      device: 'iPhone',
      iosTooOld: false,
    });
  });

  it('gives no advice inside the Home Screen app: the normal flow applies there', () => {
    expect(homeScreenAdvice(hints(IPHONE_SAFARI, { standalone: true, maxTouchPoints: 5 }))).toBeNull();
    expect(
      homeScreenAdvice(hints(MAC_SAFARI, { displayModeStandalone: true, maxTouchPoints: 5 })),
    ).toBeNull();
  });

  it('says when iOS is older than 16.4, and only then', () => {
    expect(homeScreenAdvice(hints(IPHONE_OLD, { standalone: false }))).toEqual({
      device: 'iPhone',
      iosTooOld: true,
    });
    expect(homeScreenAdvice(hints(IPAD_MOBILE, { standalone: false }))).toEqual({
      device: 'iPad',
      iosTooOld: true,
    });
    expect(
      homeScreenAdvice(hints(IPHONE_OLD.replaceAll('16_3', '16_4'), { standalone: false }))?.iosTooOld,
    ).toBe(false);
    // Desktop-mode iPadOS hides its version: assume it is recent rather than refuse.
    expect(homeScreenAdvice(hints(MAC_SAFARI, { standalone: false, maxTouchPoints: 5 }))).toEqual({
      device: 'iPad',
      iosTooOld: false,
    });
  });

  it('gives no advice to desktops and Android', () => {
    expect(homeScreenAdvice(hints(MAC_SAFARI))).toBeNull();
    expect(homeScreenAdvice(hints(ANDROID_CHROME, { maxTouchPoints: 5 }))).toBeNull();
  });
});
