// The second instance of `measure.ts fanout-pg2`: the server booted on DATABASE_URL, sending whatever it claims
// of the messages it hears of. Prints "ready", then answers each "cpu" line on stdin with its CPU time (us).
import { createInterface } from 'node:readline';
import { startServer } from '../server/boot.ts';
import { loadConfig } from '../server/config.ts';

const server = await startServer(loadConfig());
const start = process.cpuUsage();
console.log('ready');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'cpu') return;
  const used = process.cpuUsage(start);
  console.log(String(used.user + used.system));
});
process.on('SIGTERM', () => {
  void server.close().finally(() => process.exit(0));
});
