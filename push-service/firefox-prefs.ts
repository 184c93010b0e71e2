/** One Firefox pref: its about:config name and value. */
export interface FirefoxPref {
  readonly name: string;
  readonly value: string | boolean;
}

/**
 * The Firefox prefs that point Firefox at this push service, in the one order every place lists them (the
 * `npm run dev` banner, `npm run push-service`, `npm run firefox`'s user.js, the e2e launch options, the README).
 * The order matters when they are set by hand in about:config: Firefox acts on a `dom.push.serverURL` change at
 * once and ignores a ws:// URL unless insecure URLs are already allowed, so the server URL comes last.
 */
export function firefoxPushPrefList(wsUrl: string): FirefoxPref[] {
  return [
    // Firefox only accepts wss:// push servers unless this is set.
    { name: 'dom.push.testing.allowInsecureServerURL', value: true },
    // WebDriver BiDi (Playwright) turns push connections off otherwise.
    { name: 'dom.push.connection.enabled', value: true },
    // Headless Firefox cannot show notifications through the system backend.
    { name: 'alerts.useSystemBackend', value: false },
    { name: 'dom.push.serverURL', value: wsUrl },
  ];
}

/** The same prefs as an object (Playwright's firefoxUserPrefs), keys in the same order. */
export function firefoxPushPrefs(wsUrl: string): Record<string, string | boolean> {
  return Object.fromEntries(firefoxPushPrefList(wsUrl).map(({ name, value }) => [name, value]));
}

/** The prefs as a profile's user.js: one `user_pref(name, value);` line each, in the same order. */
export function firefoxUserJs(wsUrl: string): string {
  return firefoxPushPrefList(wsUrl)
    .map(({ name, value }) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`)
    .join('');
}

/** The prefs as aligned `name value` lines for a terminal banner. */
export function firefoxPrefLines(wsUrl: string, indent = '  '): string[] {
  return firefoxPushPrefList(wsUrl).map(({ name, value }) => `${indent}${name.padEnd(42)} ${String(value)}`);
}
