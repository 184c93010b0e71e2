// sendPushRequest of the portable entry: through the runtime's default transport (`#runtime`) unless the caller
// gives one.
import { defaultTransport, http2Transport } from '#runtime';
import { sendThrough, type TransportOptions } from './send-core.ts';
import type { PushReply, PushRequest } from './types.ts';

/** Sends a built push. Resolves with the reply on 2xx; otherwise rejects with a WebPushError carrying it. */
export function sendPushRequest(push: PushRequest, options: TransportOptions = {}): Promise<PushReply> {
  return sendThrough(options.http2 === true ? http2Transport : defaultTransport, push, options);
}
