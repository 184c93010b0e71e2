import type { IncomingMessage } from 'node:http';
import type { FaultRegistry } from './faults.ts';
import type { BrowserHub } from './protocol.ts';
import type { PushStore } from './store.ts';

/** What the HTTP handlers share; built once by startPushService. */
export interface ServiceContext {
  store: PushStore;
  hub: BrowserHub;
  faults: FaultRegistry;
  /** `http://127.0.0.1:PORT`, the VAPID audience and the base of every URL we hand out. */
  origin: string;
  control: boolean;
  maxPayloadBytes: number;
  log: (line: string) => void;
  /** A wait that close() cuts short, for the delay fault. */
  sleep: (ms: number) => Promise<void>;
}

/** Bodies beyond this are not even drained: the socket is closed. */
const HARD_LIMIT_BYTES = 1024 * 1024;

/** Reads the whole body but keeps at most `limit` bytes, so a 413 can still be answered politely. */
export async function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > HARD_LIMIT_BYTES) {
      req.socket.destroy();
      throw new Error(`request body over ${HARD_LIMIT_BYTES} bytes`);
    }
    if (size <= limit) chunks.push(chunk);
  }
  return { body: Buffer.concat(chunks), tooLarge: size > limit };
}
