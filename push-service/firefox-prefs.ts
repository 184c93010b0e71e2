/** Firefox prefs (about:config, or Playwright's firefoxUserPrefs) that point Firefox at this push service. */
export function firefoxPushPrefs(wsUrl: string): Record<string, string | boolean> {
  return {
    'dom.push.serverURL': wsUrl,
    // Firefox only accepts wss:// push servers unless this is set.
    'dom.push.testing.allowInsecureServerURL': true,
    // WebDriver BiDi (Playwright) turns push connections off otherwise.
    'dom.push.connection.enabled': true,
    // Headless Firefox cannot show notifications through the system backend.
    'alerts.useSystemBackend': false,
  };
}
