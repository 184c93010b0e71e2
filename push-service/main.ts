/**
 * `npm run push-service [-- --port 8089] [--no-control] [--quiet]` (or PORT=8089): the local push
 * service on 127.0.0.1, plus the Firefox prefs that point a real Firefox at it.
 */
import { firefoxPushPrefs } from './firefox-prefs.ts';
import { startPushService } from './server.ts';

const DEFAULT_PORT = 8089;

function parsePort(args: string[]): number {
  const at = args.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  const text =
    at === -1 ? process.env.PORT : args[at]?.includes('=') ? args[at]?.split('=')[1] : args[at + 1];
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port (or PORT) must be an integer from 0 to 65535, got "${text}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const control = !args.includes('--no-control');
  const quiet = args.includes('--quiet');
  const service = await startPushService({
    port: parsePort(args),
    control,
    log: quiet ? undefined : (line) => console.log(`[push-service] ${line}`),
  });
  const prefs = Object.entries(firefoxPushPrefs(service.wsUrl))
    .map(([name, value]) => `  ${name.padEnd(42)} ${String(value)}`)
    .join('\n');
  console.log(`Local push service listening (state in memory; a restart forgets every subscription)
  browsers (WebSocket):  ${service.wsUrl}
  senders (RFC 8030):    ${service.url}/wpush/<id>
  control API:           ${control ? `${service.url}/_control/state` : 'off (--no-control)'}

Point Firefox at it in about:config (alerts.useSystemBackend matters only for headless Firefox):
${prefs}
`);
  const stop = () => void service.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`push-service: ${(error as Error).message}`);
  process.exit(1);
});
