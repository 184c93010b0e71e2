/**
 * Where the e2e servers run. scripts/e2e-server.ts prints the URLs and database files and
 * playwright.config.ts (`webServer.wait`) turns them into these environment variables.
 */
export interface AppServer {
  url: string;
  /** The app's SQLite file, for reading what it stored. */
  db: string;
}

export interface E2eServers {
  /** The local push service's HTTP origin (push endpoints and /_control live under it). */
  pushUrl: string;
  /** The same service for browsers: Firefox's dom.push.serverURL. */
  pushWsUrl: string;
  /** The app most specs use. */
  app: AppServer;
  /** A second app only the "send to everyone" spec uses, so other specs' users do not count there. */
  broadcast: AppServer;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the specs through playwright.config.ts (npx playwright test), whose webServer starts scripts/e2e-server.ts`,
    );
  }
  return value;
}

export function e2eServers(): E2eServers {
  const pushUrl = required('E2E_PUSH_URL');
  return {
    pushUrl,
    pushWsUrl: pushUrl.replace(/^http/, 'ws'),
    app: { url: required('E2E_APP_URL'), db: required('E2E_APP_DB') },
    broadcast: { url: required('E2E_BROADCAST_URL'), db: required('E2E_BROADCAST_DB') },
  };
}
