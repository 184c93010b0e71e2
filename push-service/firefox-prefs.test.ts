import { describe, expect, it } from 'vitest';
import { firefoxPrefLines, firefoxPushPrefList, firefoxPushPrefs, firefoxUserJs } from './firefox-prefs.ts';

const wsUrl = 'ws://127.0.0.1:8089';

describe('the Firefox push prefs', () => {
  it('come in one order: insecure URLs allowed before the server URL is set', () => {
    expect(firefoxPushPrefList(wsUrl)).toEqual([
      { name: 'dom.push.testing.allowInsecureServerURL', value: true },
      { name: 'dom.push.connection.enabled', value: true },
      { name: 'alerts.useSystemBackend', value: false },
      { name: 'dom.push.serverURL', value: wsUrl },
    ]);
  });

  it('as user.js: exactly one user_pref line per pref, in that order', () => {
    expect(firefoxUserJs(wsUrl)).toBe(
      'user_pref("dom.push.testing.allowInsecureServerURL", true);\n' +
        'user_pref("dom.push.connection.enabled", true);\n' +
        'user_pref("alerts.useSystemBackend", false);\n' +
        'user_pref("dom.push.serverURL", "ws://127.0.0.1:8089");\n',
    );
  });

  it('as an object (Playwright) and as banner lines, in the same order', () => {
    const names = firefoxPushPrefList(wsUrl).map(({ name }) => name);
    expect(Object.keys(firefoxPushPrefs(wsUrl))).toEqual(names);
    expect(firefoxPrefLines(wsUrl).map((line) => line.trim().split(/\s+/)[0])).toEqual(names);
    expect(firefoxPrefLines(wsUrl)[3]).toBe(`  ${'dom.push.serverURL'.padEnd(42)} ${wsUrl}`);
  });
});
