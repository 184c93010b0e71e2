// sendMany's items of `{ subscription, data, options }` (web-push-php's queueNotification): a payload and
// options of its own per subscription, mixed with plain subscriptions. Shared by both entries.
import { utf8 } from './bytes.ts';
import { assertFits } from './ece-format.ts';
import { checkContentEncoding } from './push-options.ts';
import { hasData } from './push-request.ts';
import type { PushData, PushOptions } from './types.ts';

/** What one item may set for itself; how pushes are sent (transport, timeout, signal, retries) is the fan-out's. */
export type SendItemOptions = Omit<PushOptions, 'dispatcher' | 'fetch' | 'transport' | 'timeout' | 'signal'>;

export interface SendManyItem<S = unknown> {
  subscription: S;
  /** This subscription's payload; without the key, the shared one. null or '' sends a push without data. */
  data?: PushData | null;
  /** Over the shared options, for this push only. */
  options?: SendItemOptions;
}

/** An item is an object with `subscription` and no `endpoint` (a subscription has an endpoint). */
export function asSendItem(value: unknown): SendManyItem | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return 'subscription' in value && !('endpoint' in value) ? (value as SendManyItem) : undefined;
}

/** What one push of a fan-out is made of: the subscription, its bytes to encrypt, its options. */
export interface ItemPlan<O extends PushOptions> {
  subscription: unknown;
  payload: Uint8Array | undefined;
  options: O;
  /** True when the options are the shared ones (so the shared header templates apply). */
  shared: boolean;
}

/**
 * Resolves an input element against the shared payload and options. Per-item options are merged once per
 * options object (items often share one), so a fan-out of items costs one merge, not one per push.
 */
export function itemPlanner<O extends PushOptions>(
  sharedPayload: Uint8Array | undefined,
  sharedOptions: O,
  toBytes: (text: string) => Uint8Array = utf8,
) {
  const merged = new WeakMap<SendItemOptions, O>();
  const optionsOf = (own: SendItemOptions): O => {
    let options = merged.get(own);
    if (!options) {
      options = { ...sharedOptions, ...own } as O;
      options.contentEncoding = checkContentEncoding(options.contentEncoding);
      merged.set(own, options);
    }
    return options;
  };
  const plan = (value: unknown): ItemPlan<O> => {
    const item = asSendItem(value);
    if (!item) return { subscription: value, payload: sharedPayload, options: sharedOptions, shared: true };
    const options = item.options ? optionsOf(item.options) : sharedOptions;
    let payload = sharedPayload;
    if ('data' in item) {
      const data = item.data;
      payload = hasData(data) ? (typeof data === 'string' ? toBytes(data) : data) : undefined;
    }
    if (payload) assertFits(payload.length, options.contentEncoding!);
    return { subscription: item.subscription, payload, options, shared: !item.options };
  };
  return plan;
}

/** One assembler per options object: the shared one for the shared options, built once for each other. */
export function assemblerCache<O extends object, A>(shared: O, sharedAssembler: A, make: (options: O) => A) {
  const cache = new WeakMap<O, A>([[shared, sharedAssembler]]);
  return (options: O): A => {
    let assembler = cache.get(options);
    if (!assembler) cache.set(options, (assembler = make(options)));
    return assembler;
  };
}

/** True when some element of an array carries data of its own (so a fan-out without shared data encrypts). */
export function someItemHasData(source: unknown): boolean {
  if (!Array.isArray(source)) return false;
  return source.some((value) => {
    const item = asSendItem(value);
    return item !== undefined && 'data' in item && hasData(item.data);
  });
}
