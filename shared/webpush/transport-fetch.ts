// Pushes through `fetch`: the transport of Bun, Deno, Workers and browsers, and of a Node caller who passes a
// `fetch`. The deadline and the caller's signal abort the request; a 3xx is reported, not followed.
import {
  PushTimeout,
  TransportFailure,
  type FetchLike,
  type PushAnswer,
  type Transport,
  type TransportCall,
} from './transport.ts';

const NO_BODY = new Uint8Array(0);

/** fetch refuses views of shared memory (the encrypt pool's arena): those are copied, others sent as they are. */
function fetchable(body: Uint8Array): Uint8Array<ArrayBuffer> {
  return body.buffer instanceof ArrayBuffer ? (body as Uint8Array<ArrayBuffer>) : new Uint8Array(body);
}

export function fetchTransport(fetchImpl?: FetchLike): Transport {
  return (call) => sendWithFetch(fetchImpl ?? (globalThis.fetch as unknown as FetchLike), call);
}

async function sendWithFetch(
  fetchImpl: FetchLike,
  { push, timeout, signal }: TransportCall,
): Promise<PushAnswer> {
  if (signal?.aborted) throw new TransportFailure(signal.reason, false, true);
  // A timer cleared as soon as the push settles, not AbortSignal.timeout(): its timers stay active for the whole
  // timeout, and a Worker may hold only 10,000 (workerd refused every push past the 10,000th within 30 s).
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeout);
  const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  let status = 0;
  let headers: Record<string, string> | undefined;
  try {
    const response = await fetchImpl(push.endpoint, {
      method: push.method,
      headers: push.headers,
      // An empty body, not none: fetch then sends Content-Length: 0, which FCM requires (411 otherwise).
      body: push.body ? fetchable(push.body) : NO_BODY,
      signal: combined,
      redirect: 'manual',
    });
    status = response.status;
    headers = {};
    const collected = headers;
    response.headers.forEach((value, name) => {
      collected[name.toLowerCase()] = value;
    });
    return { status, headers, body: await response.text() };
  } catch (error) {
    // fetch does not say whether the request reached the wire, so a failure counts as maybe sent.
    if (signal?.aborted) throw new TransportFailure(signal.reason, true, true, status, headers);
    if (deadline.signal.aborted) {
      const late = new PushTimeout(`no reply within ${timeout} ms`);
      throw new TransportFailure(late, true, false, status, headers);
    }
    throw new TransportFailure(error, true, false, status, headers);
  } finally {
    clearTimeout(timer);
  }
}
