// A local HTTPS push "service" for the benchmark: answers 201 to every POST and counts them. Runs as its own
// process so its CPU is not charged to the sender being measured. Prints its port on stdout.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

const [certPath, keyPath] = process.argv.slice(2) as [string, string];
let count = 0;
const server = createServer({ cert: readFileSync(certPath), key: readFileSync(keyPath) }, (req, res) => {
  req.resume();
  req.on('end', () => {
    count++;
    res.writeHead(201, { location: `/m/${count}`, ttl: req.headers.ttl ?? '0' }).end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
// The runner asks between runs: requests answered and CPU used so far, to show what the sink itself costs.
process.on('message', () => {
  const cpu = process.cpuUsage();
  process.send?.({ count, cpuUs: cpu.user + cpu.system });
});
