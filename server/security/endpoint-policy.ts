import { isIP } from 'node:net';
import { endpointFormRule } from '../push/endpoint-form.ts';
import { classifyAddress, type NonPublicAddress } from './address-ranges.ts';
import { hostAllowed } from './host-allowlist.ts';
import { systemLookup, UnresolvableHostError, type LookupAll } from './resolve-host.ts';

/** Where a server may send pushes. Built once from the config (see SECURITY.md). */
export interface EndpointPolicyOptions {
  /** Origins like "http://127.0.0.1:8081" (a local push service): plain http, any address, no allowlist. */
  allowHttpOrigins: readonly string[];
  /** Accept endpoints on loopback, private, link-local, CGNAT, metadata... addresses (development only). */
  allowPrivateEndpoints: boolean;
  /** Host patterns ("fcm.googleapis.com", "*.push.apple.com") endpoints must match; null: any host. */
  pushServiceAllowlist: readonly string[] | null;
  /** Refuse a host that does not resolve (else it is left to the send, which fails on its own). */
  refuseUnresolvableHosts: boolean;
  /** Resolver seam for tests and benchmarks; the system resolver otherwise. */
  lookup?: LookupAll;
}

export interface EndpointPolicy {
  /** null when pushes may go to `endpoint`; else why not and how to allow it, starting with "endpoint". */
  check(endpoint: string): Promise<string | null>;
}

const HOW_TO_ALLOW_PRIVATE = 'set ALLOW_PRIVATE_ENDPOINTS=1 to allow it in development';

export function createEndpointPolicy(options: EndpointPolicyOptions): EndpointPolicy {
  const lookup = options.lookup ?? systemLookup();
  return { check: (endpoint) => refusal(endpoint, options, lookup) };
}

/**
 * Re-checks an endpoint right before a push goes out: DNS may have changed since the subscription was
 * stored. Returns null to go ahead, or the reason to record as the delivery's failure.
 */
export function endpointRefusal(endpoint: string, policy: EndpointPolicy): Promise<string | null> {
  return policy.check(endpoint);
}

async function refusal(
  endpoint: string,
  options: EndpointPolicyOptions,
  lookup: LookupAll,
): Promise<string | null> {
  const rule =
    endpointFormRule(endpoint, options.allowHttpOrigins) ?? (await addressRule(endpoint, options, lookup));
  return rule === null ? null : `endpoint ${rule}`;
}

/** Where the endpoint's host leads: public addresses only, on the allowlist when there is one. */
async function addressRule(
  endpoint: string,
  options: EndpointPolicyOptions,
  lookup: LookupAll,
): Promise<string | null> {
  const url = new URL(endpoint);
  if (url.protocol === 'http:') return null; // an ALLOW_HTTP_ENDPOINTS origin: explicitly trusted
  const host = url.hostname.replace(/\.$/, '');
  const literal = isIP(host.replace(/^\[|\]$/g, '')) !== 0;
  const known = literal ? classifyAddress(host) : isLocalhostName(host) ? loopbackName(host) : null;
  if (known && !options.allowPrivateEndpoints) return notPublic(url, known);

  const allowlist = options.pushServiceAllowlist;
  if (allowlist && !hostAllowed(host, allowlist)) {
    return `host ${host} is not a known push service (allowed: ${allowlist.join(', ')}); set PUSH_SERVICE_ALLOWLIST=default,${host} to add it, or PUSH_SERVICE_ALLOWLIST=off to accept any public host`;
  }
  if (literal || known) return null;
  if (options.allowPrivateEndpoints && !options.refuseUnresolvableHosts) return null;

  let addresses: string[];
  try {
    addresses = await lookup(host);
  } catch (error) {
    if (!(error instanceof UnresolvableHostError)) throw error;
    return options.refuseUnresolvableHosts
      ? `host ${host} could not be resolved (${error.code}); a push service's host must resolve, try again later`
      : null;
  }
  if (options.allowPrivateEndpoints) return null;
  for (const address of addresses) {
    const found = classifyAddress(address);
    if (found) return notPublic(url, found);
  }
  return null;
}

function notPublic(url: URL, found: NonPublicAddress): string {
  const article = /^[aeiou]/.test(found.kind) ? 'an' : 'a';
  const shown = found.embeddedIPv4 ? `${found.embeddedIPv4} inside ${found.address}` : found.address;
  return `${url.origin} resolves to ${article} ${found.kind} address (${shown}); ${HOW_TO_ALLOW_PRIVATE}`;
}

/** RFC 6761: "localhost" and names under it are loopback whatever DNS says. */
function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

function loopbackName(host: string): NonPublicAddress {
  return { kind: 'loopback', address: host };
}
