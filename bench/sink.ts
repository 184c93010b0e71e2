// A local HTTPS push "service" for the benchmark: answers 201 to every POST and counts them. Runs as its own
// process so its CPU is not charged to the sender being measured. Prints its port on stdout. Without a
// certificate and key it speaks plain HTTP (the runtime bench: workerd, Deno and Bun then need no trust set-up).
//
// It speaks just enough HTTP/1.1 over node:tls (keep-alive, Content-Length bodies, several requests in one read)
// instead of node:https: a real push service runs on other machines, and here the sink shares the two cores
// with the sender it measures, so the less CPU it takes, the less it skews the figures (node:https cost
// ~150 us a request, this ~40 us; the same sink serves every sender).
import { readFileSync } from 'node:fs';
import { createServer as createPlainServer, type AddressInfo, type Socket } from 'node:net';
import { createServer } from 'node:tls';

const [certPath, keyPath] = process.argv.slice(2) as [string | undefined, string | undefined];
let count = 0;
let refused = 0;

const server =
  certPath && keyPath
    ? createServer({ cert: readFileSync(certPath), key: readFileSync(keyPath) }, serve)
    : createPlainServer(serve);
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));

const HEAD_END = Buffer.from('\r\n\r\n');

function serve(socket: Socket): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let replies = '';
    let close = false;
    for (;;) {
      const headEnd = pending.indexOf(HEAD_END);
      if (headEnd < 0) break;
      const request = readHead(pending.toString('latin1', 0, headEnd));
      const bodyEnd = headEnd + 4 + (request?.contentLength ?? 0);
      if (request && pending.length < bodyEnd) break; // the body has not all arrived yet
      pending = pending.subarray(request ? bodyEnd : pending.length);
      if (!request) {
        refused++;
        replies += 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
        close = true;
        break;
      }
      count++;
      replies += `HTTP/1.1 201 Created\r\nLocation: /m/${count}\r\nTTL: ${request.ttl}\r\nContent-Length: 0\r\n${request.close ? 'Connection: close\r\n' : ''}\r\n`;
      if (request.close) {
        close = true;
        break;
      }
    }
    if (replies) socket.write(replies);
    if (close) socket.end();
  });
}

interface RequestHead {
  contentLength: number;
  ttl: string;
  close: boolean;
}

/** A POST with a Content-Length (what every sender here makes); anything else is refused with a 400. */
function readHead(head: string): RequestHead | undefined {
  const lines = head.split('\r\n');
  if (!lines[0]!.startsWith('POST ')) return undefined;
  let contentLength: number | undefined;
  let ttl = '0';
  let close = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') contentLength = Number(value);
    else if (name === 'ttl') ttl = value;
    else if (name === 'connection') close = value.toLowerCase() === 'close';
    else if (name === 'transfer-encoding') return undefined;
  }
  if (contentLength === undefined || !Number.isSafeInteger(contentLength) || contentLength < 0)
    return undefined;
  return { contentLength, ttl, close };
}

// The runner asks between runs: requests answered and refused, and CPU used so far, to show what the sink costs.
process.on('message', () => {
  const cpu = process.cpuUsage();
  process.send?.({ count, refused, cpuUs: cpu.user + cpu.system });
});
