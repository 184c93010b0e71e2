/**
 * `npm run push-service [-- --port 8089] [--no-control] [--quiet]` (or PUSH_SERVICE_PORT=8089; PORT still works):
 * the local push service on 127.0.0.1, plus the Firefox prefs that point a real Firefox at it.
 */
import { explainPortInUse, exitOnStartupError, StartupError } from '../scripts/ports.ts';
import { firefoxPrefLines } from './firefox-prefs.ts';
import { startPushService } from './server.ts';

const DEFAULT_PORT = 8089;

function parsePort(args: string[]): number {
  const at = args.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  const fromEnv = process.env.PUSH_SERVICE_PORT || process.env.PORT;
  const text = at === -1 ? fromEnv : args[at]?.includes('=') ? args[at]?.split('=')[1] : args[at + 1];
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartupError(`--port (or PUSH_SERVICE_PORT) must be an integer from 0 to 65535, got "${text}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const control = !args.includes('--no-control');
  const quiet = args.includes('--quiet');
  const port = parsePort(args);
  const start = startPushService({
    port,
    control,
    log: quiet ? undefined : (line) => console.log(`[push-service] ${line}`),
  });
  const service = await explainPortInUse(
    start,
    port,
    'push service',
    'set PUSH_SERVICE_PORT (or --port) to another port',
  );
  const prefs = firefoxPrefLines(service.wsUrl).join('\n');
  const firefox =
    service.port === DEFAULT_PORT ? 'npm run firefox' : `PUSH_SERVICE_PORT=${service.port} npm run firefox`;
  console.log(`Local push service listening (state in memory; a restart forgets every subscription)
  browsers (WebSocket):  ${service.wsUrl}
  senders (RFC 8030):    ${service.url}/wpush/<id>
  control API:           ${control ? `${service.url}/_control/state` : 'off (--no-control)'}

Point Firefox at it: \`${firefox}\` opens one with these prefs in a temporary profile, or set them in
about:config, in this order (alerts.useSystemBackend matters only for headless Firefox):
${prefs}
`);
  const stop = () => void service.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main()
  .catch(exitOnStartupError('npm run push-service'))
  .catch((error: unknown) => {
    console.error(`npm run push-service: ${(error as Error).message}`);
    process.exit(1);
  });
