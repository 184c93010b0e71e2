// sendPushRequest of the Node entry: through undici's global dispatcher unless the caller gives a transport
// (on Bun, which has no dispatch(), through fetch).
import { withProxy } from './proxy-node.ts';
import { defaultTransport, http2Transport } from './runtime-node.ts';
import { sendThrough, type TransportOptions } from './send-core.ts';
import type { PushReply, PushRequest } from './types.ts';

export { transportFor, type TransportOptions } from './send-core.ts';

/** Sends a built push. Resolves with the reply on 2xx; otherwise rejects with a WebPushError carrying it. */
export function sendPushRequest(
  push: PushRequest,
  options: TransportOptions & { proxy?: string } = {},
): Promise<PushReply> {
  return sendThrough(options.http2 === true ? http2Transport : defaultTransport, push, withProxy(options));
}
