// webpush() and WebPusher of the portable API: the Node entry's, with encode() and request() async (the
// runtime's crypto may be WebCrypto) and without the curl mode, which writes a file.
import type { EncryptedPayload } from './encryption.ts';
import { buildPushRequest, encodePayload } from './request-async.ts';
import { sendPushRequest } from './send-async.ts';
import { readSubscription } from './subscription.ts';
import type {
  ContentEncoding,
  PushData,
  PushOptions,
  PushReply,
  PushRequest,
  PushSubscriptionJSON,
  PushTarget,
} from './types.ts';

export type WebPushOptions = PushOptions;

/**
 * One subscription, ready to push to: validated once, then `send` as often as needed.
 * Per-call options are layered over the constructor's (headers are merged).
 */
export class WebPusher {
  /** The checked subscription; without keys when it came without them (then only pushes without data). */
  readonly subscription: PushTarget;

  constructor(
    subscription: PushSubscriptionJSON | unknown,
    private readonly options: WebPushOptions = {},
  ) {
    this.subscription = readSubscription(subscription, true, false);
  }

  /** Encrypts data: the body bytes and the headers that go with them. Empty data rejects with NoDataError. */
  encode(data: PushData, contentEncoding?: ContentEncoding): Promise<EncryptedPayload> {
    const encoding = contentEncoding ?? this.options.contentEncoding;
    return encodePayload(this.subscription, data, encoding, this.options.padding);
  }

  /** The whole request (URL, headers, body) without sending it. */
  request(data?: PushData | null, options: WebPushOptions = {}): Promise<PushRequest> {
    return buildPushRequest(this.subscription, data, this.merged(options));
  }

  async send(data?: PushData | null, options: WebPushOptions = {}): Promise<PushReply> {
    const merged = this.merged(options);
    return sendPushRequest(await buildPushRequest(this.subscription, data, merged), merged);
  }

  private merged(options: WebPushOptions): WebPushOptions {
    const headers =
      this.options.headers || options.headers ? { ...this.options.headers, ...options.headers } : undefined;
    return { ...this.options, ...options, headers };
  }
}

/** Encrypt, sign, send: resolves with the push service's 2xx reply, rejects with WebPushError otherwise. */
export async function webpush(
  subscription: PushSubscriptionJSON | unknown,
  data?: PushData | null,
  options: WebPushOptions = {},
): Promise<PushReply> {
  return new WebPusher(subscription, options).send(data, {});
}
