import { CURL_DATA_FILE, toCurlCommand } from './curl.ts';
import type { EncryptedPayload } from './encrypt.ts';
import { buildPushRequest, encodePayload } from './request.ts';
import { sendPushRequest } from './send.ts';
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

export interface WebPushOptions extends PushOptions {
  /** Return the curl command instead of sending; the body goes to `curlDataFile` (encrypted.data). */
  curl?: boolean;
  curlDataFile?: string;
}

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

  /** Encrypts data: the body bytes and the headers that go with them. Empty data throws NoDataError. */
  encode(data: PushData, contentEncoding?: ContentEncoding): EncryptedPayload {
    const encoding = contentEncoding ?? this.options.contentEncoding;
    return encodePayload(this.subscription, data, encoding, this.options.padding);
  }

  /** The whole request (URL, headers, body) without sending it. */
  request(data?: PushData | null, options: WebPushOptions = {}): PushRequest {
    return buildPushRequest(this.subscription, data, this.merged(options));
  }

  send(data: PushData | null | undefined, options: WebPushOptions & { curl: true }): Promise<string>;
  send(data?: PushData | null, options?: WebPushOptions): Promise<PushReply>;
  async send(data?: PushData | null, options: WebPushOptions = {}): Promise<PushReply | string> {
    const merged = this.merged(options);
    const push = buildPushRequest(this.subscription, data, merged);
    if (merged.curl) return toCurlCommand(push, merged.curlDataFile ?? CURL_DATA_FILE);
    return sendPushRequest(push, merged);
  }

  private merged(options: WebPushOptions): WebPushOptions {
    const headers =
      this.options.headers || options.headers ? { ...this.options.headers, ...options.headers } : undefined;
    return { ...this.options, ...options, headers };
  }
}

/** Encrypt, sign, send: resolves with the push service's 2xx reply, rejects with WebPushError otherwise. */
export function webpush(
  subscription: PushSubscriptionJSON | unknown,
  data: PushData | null | undefined,
  options: WebPushOptions & { curl: true },
): Promise<string>;
export function webpush(
  subscription: PushSubscriptionJSON | unknown,
  data?: PushData | null,
  options?: WebPushOptions,
): Promise<PushReply>;
export async function webpush(
  subscription: PushSubscriptionJSON | unknown,
  data?: PushData | null,
  options: WebPushOptions = {},
): Promise<PushReply | string> {
  return new WebPusher(subscription, options).send(data, {});
}
