import { startServer } from './boot.ts';
import { startupBanner } from './banner.ts';
import { ConfigError, loadConfig } from './config.ts';
import { listen } from './http/listen.ts';
import { serveWebBuild } from './static.ts';

// Wiring only: config, database + migrations (in bootServer), HTTP server, shutdown.
async function bootOrExit() {
  try {
    const config = loadConfig();
    return { config, booted: await startServer(config) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const { config, booted } = await bootOrExit();
const servingPages = serveWebBuild(booted.app, config.publicDir);

async function startJobs(): Promise<void> {
  const resumed = await booted.fanout.resumeUnfinished();
  if (resumed.length > 0) console.log(`  Resuming unfinished messages: ${resumed.join(', ')}`);
  // What fell due while the server was down goes out now, the rest at its time.
  const due = await booted.scheduler.start();
  if (due.length > 0) console.log(`  Starting scheduled messages now due: ${due.join(', ')}`);
}

const http = listen(booted.app.fetch, config, () => {
  console.log(startupBanner(config, booted, servingPages));
  startJobs().catch((error: unknown) => console.error('Could not resume the unfinished messages:', error));
});

http.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE')
    console.error(`Port ${config.port} is in use: stop the other server or set PORT.`);
  else console.error(error);
  booted
    .close()
    .catch((closeError: unknown) => console.error('Closing after the error failed too:', closeError))
    .finally(() => process.exit(1));
});

let shuttingDown = false;
async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal}: finishing pushes in flight, then closing the database.`);
  http.close();
  if ('closeIdleConnections' in http) http.closeIdleConnections();
  try {
    await booted.close();
  } catch (error) {
    console.error('Shutdown failed:', error);
    process.exit(1);
  }
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
