/**
 * A subscription, option or key that breaks a rule: `field` names what was wrong (`keys.auth`), `rule` what it
 * must be (`must decode to 16 bytes (got 3)`), and the message is both (`keys.auth: must decode ...`), so a caller
 * that words its own errors never has to cut the message apart.
 */
export class WebPushValidationError extends Error {
  override name = 'WebPushValidationError';
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

/** `encode()` was asked to encrypt nothing: a push without data has no body to encrypt. */
export class NoDataError extends WebPushValidationError {
  override name = 'NoDataError';
  constructor() {
    super('data', 'there is no data to encode; send without data for a push with no body');
  }
}

/**
 * Error bodies as push services send them: Mozilla autopush `{code, errno, error, message}`, FCM
 * `{error: {code, message, status}}`, Apple `{reason}`, others `{error: "text"}`.
 */
export interface PushServiceErrorBody {
  code?: number;
  errno?: number;
  error?: string | { code?: number; message?: string; status?: string; [key: string]: unknown };
  message?: string;
  more_info?: string;
  reason?: string;
  [key: string]: unknown;
}

/** Longest service message we put in an error's message; the whole body stays in `body`. */
const MAX_MESSAGE_CHARS = 200;

/** The push service answered something other than 2xx, or did not answer at all (status 0). */
export class WebPushError extends Error {
  override name = 'WebPushError';
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly json: PushServiceErrorBody | undefined;
  readonly endpoint: string;

  constructor(init: {
    status: number;
    headers?: Record<string, string>;
    body?: string;
    endpoint: string;
    reason?: string;
    cause?: unknown;
  }) {
    const body = init.body ?? '';
    const json = parseJsonObject(body);
    const serviceMessage = init.reason ?? summarize(messageOf(json) ?? body);
    const what = init.status === 0 ? 'push request failed' : `push service answered ${init.status}`;
    super(serviceMessage ? `${what}: ${serviceMessage}` : what, { cause: init.cause });
    this.status = init.status;
    this.headers = init.headers ?? {};
    this.body = body;
    this.json = json;
    this.endpoint = init.endpoint;
  }

  /** 404 or 410: the subscription is gone for good and should be deleted. */
  get isGone(): boolean {
    return this.status === 404 || this.status === 410;
  }

  /** Seconds to wait from a Retry-After header (delta-seconds or HTTP date), if any. */
  get retryAfter(): number | undefined {
    const value = this.headers['retry-after'];
    if (!value) return undefined;
    if (/^\d+$/.test(value.trim())) return Number(value.trim());
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }
}

function parseJsonObject(text: string): PushServiceErrorBody | undefined {
  if (!text.trim().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as PushServiceErrorBody)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The human-readable part of a known error shape; only text counts (no "[object Object]"). */
function messageOf(json: PushServiceErrorBody | undefined): string | undefined {
  if (!json) return undefined;
  const nested = typeof json.error === 'object' && json.error !== null ? json.error : undefined;
  for (const candidate of [json.message, json.error, nested?.message, nested?.status, json.reason]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate;
  }
  return undefined;
}

/** One line, at most MAX_MESSAGE_CHARS characters and an ellipsis; undefined when there is nothing to say. */
function summarize(text: string): string | undefined {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  const chars = Array.from(line); // code points: never half a surrogate pair
  return chars.length > MAX_MESSAGE_CHARS ? `${chars.slice(0, MAX_MESSAGE_CHARS).join('')}…` : line;
}
