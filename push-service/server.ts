/**
 * The local push service: Mozilla's WebSocket protocol toward browsers and RFC 8030 toward senders,
 * on one port of 127.0.0.1. State lives in memory.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { ServiceContext } from './context.ts';
import { FaultRegistry } from './faults.ts';
import { createRequestHandler, ENDPOINT_PATH } from './http.ts';
import { BrowserHub, SUBPROTOCOL } from './protocol.ts';
import { PushStore } from './store.ts';

export interface PushServiceOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Serve the /_control API (default true). Turn it off for a plain dev server. */
  control?: boolean;
  /** Largest push body accepted (default 4096, like autopush). */
  maxPayloadBytes?: number;
  /** Clock in ms, for TTL and VAPID exp checks; tests pass a fake one. Default Date.now. */
  now?: () => number;
  /** One line per event (connect, register, push); default silent. */
  log?: (line: string) => void;
}

export interface PushService {
  /** HTTP origin, e.g. `http://127.0.0.1:40123`: the VAPID `aud`, push endpoints live under it. */
  url: string;
  /** `ws://127.0.0.1:40123`, the value for Firefox's `dom.push.serverURL`. */
  wsUrl: string;
  port: number;
  store: PushStore;
  faults: FaultRegistry;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startPushService(options: PushServiceOptions = {}): Promise<PushService> {
  const log = options.log ?? (() => {});
  const store = new PushStore(options.now ?? Date.now);
  const waits = new Set<() => void>();
  const ctx: ServiceContext = {
    store,
    faults: new FaultRegistry(),
    hub: new BrowserHub(store, (endpointId) => `${ctx.origin}/${ENDPOINT_PATH}/${endpointId}`, log),
    origin: '', // known once listening; no request can arrive before that
    control: options.control ?? true,
    maxPayloadBytes: options.maxPayloadBytes ?? 4096,
    log,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waits.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waits.add(done);
      }),
  };

  const server = createServer(createRequestHandler(ctx));
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => ctx.hub.accept(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  ctx.origin = `http://${HOST}:${port}`;

  return {
    url: ctx.origin,
    wsUrl: `ws://${HOST}:${port}`,
    port,
    store,
    faults: ctx.faults,
    close: async () => {
      for (const done of [...waits]) done();
      ctx.hub.closeAll();
      for (const ws of wss.clients) ws.terminate(); // includes sockets that never said hello
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
