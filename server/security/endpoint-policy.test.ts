import { describe, expect, it } from 'vitest';
import { createEndpointPolicy, endpointRefusal, type EndpointPolicyOptions } from './endpoint-policy.ts';
import { DEFAULT_PUSH_SERVICES } from './host-allowlist.ts';
import { systemLookup, UnresolvableHostError, type LookupAll } from './resolve-host.ts';

const PRIVATE_HINT = 'set ALLOW_PRIVATE_ENDPOINTS=1 to allow it in development';

/** A resolver from a table; names not in it do not resolve. Records what was asked. */
function stubLookup(table: Record<string, string[]>) {
  const asked: string[] = [];
  const lookup: LookupAll = async (hostname) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw new UnresolvableHostError(hostname, 'ENOTFOUND');
    return addresses;
  };
  return { lookup, asked };
}

const dns = stubLookup({
  'fcm.googleapis.com': ['142.250.74.42', '2a00:1450:4001:80b::200a'],
  'updates.push.services.mozilla.com': ['34.117.65.55'],
  'push.example.net': ['93.184.215.14'],
  'metadata.google.internal': ['169.254.169.254'],
  'rebound.example.net': ['93.184.215.14', '10.1.2.3'],
  'mapped.example.net': ['::ffff:127.0.0.1'],
});

function policy(overrides: Partial<EndpointPolicyOptions> = {}) {
  return createEndpointPolicy({
    allowHttpOrigins: ['http://127.0.0.1:8081'],
    allowPrivateEndpoints: false,
    pushServiceAllowlist: null,
    refuseUnresolvableHosts: false,
    lookup: dns.lookup,
    ...overrides,
  });
}

describe('endpoint policy', () => {
  it.each([
    ['https://10.0.0.1/x', 'https://10.0.0.1', 'a private address (10.0.0.1)'],
    [
      'https://169.254.169.254/latest',
      'https://169.254.169.254',
      'a cloud metadata address (169.254.169.254)',
    ],
    ['https://127.0.0.1:8443/x', 'https://127.0.0.1:8443', 'a loopback address (127.0.0.1)'],
    ['https://0x7f.1/x', 'https://127.0.0.1', 'a loopback address (127.0.0.1)'],
    ['https://2130706433/x', 'https://127.0.0.1', 'a loopback address (127.0.0.1)'],
    ['https://0177.0.0.1/x', 'https://127.0.0.1', 'a loopback address (127.0.0.1)'],
    ['https://127.1/x', 'https://127.0.0.1', 'a loopback address (127.0.0.1)'],
    ['https://[::1]/x', 'https://[::1]', 'a loopback address (::1)'],
    [
      'https://[::ffff:127.0.0.1]/x',
      'https://[::ffff:7f00:1]',
      'a loopback address (127.0.0.1 inside ::ffff:7f00:1)',
    ],
    ['https://[fe80::1]/x', 'https://[fe80::1]', 'a link-local address (fe80::1)'],
    ['https://100.64.1.1/x', 'https://100.64.1.1', 'a shared (CGNAT) address (100.64.1.1)'],
    ['https://0.0.0.0/x', 'https://0.0.0.0', 'an unspecified address (0.0.0.0)'],
    ['https://224.0.0.251/x', 'https://224.0.0.251', 'a multicast address (224.0.0.251)'],
    ['https://localhost/x', 'https://localhost', 'a loopback address (localhost)'],
    ['https://push.localhost./x', 'https://push.localhost.', 'a loopback address (push.localhost)'],
    [
      'https://metadata.google.internal/x',
      'https://metadata.google.internal',
      'a cloud metadata address (169.254.169.254)',
    ],
    ['https://rebound.example.net/x', 'https://rebound.example.net', 'a private address (10.1.2.3)'],
    [
      'https://mapped.example.net/x',
      'https://mapped.example.net',
      'a loopback address (127.0.0.1 inside ::ffff:127.0.0.1)',
    ],
  ])(
    'refuses %s: it resolves to a non-public address, and says how to allow it',
    async (endpoint, origin, what) => {
      expect(await policy().check(endpoint)).toBe(`endpoint ${origin} resolves to ${what}; ${PRIVATE_HINT}`);
    },
  );

  it('accepts those with ALLOW_PRIVATE_ENDPOINTS, without asking DNS', async () => {
    const open = policy({ allowPrivateEndpoints: true });
    dns.asked.length = 0;
    for (const endpoint of [
      'https://10.0.0.1/x',
      'https://[::1]/x',
      'https://localhost/x',
      'https://rebound.example.net/x',
    ])
      expect(await open.check(endpoint)).toBeNull();
    expect(dns.asked).toEqual([]);
  });

  it('wants https; plain http only for the configured origins, and names the variable', async () => {
    expect(await policy().check('http://127.0.0.1:8081/push/1')).toBeNull();
    expect(await policy().check('http://127.0.0.1:9999/push/1')).toBe(
      'endpoint http://127.0.0.1:9999 must use https; plain http is allowed only for origins listed in ALLOW_HTTP_ENDPOINTS (e.g. ALLOW_HTTP_ENDPOINTS=http://127.0.0.1:9999 for a local push service)',
    );
    expect(await policy().check('ftp://push.example.net/x')).toBe('endpoint must be an https URL (got ftp:)');
    expect(await policy().check('push.example.net/x')).toBe('endpoint must be an absolute URL');
    expect(await policy().check('https://user:pw@push.example.net/x')).toBe(
      'endpoint must not contain a user name or password',
    );
  });

  it('accepts a public host, checking every address it resolves to', async () => {
    dns.asked.length = 0;
    expect(await policy().check('https://fcm.googleapis.com/fcm/send/abc')).toBeNull();
    expect(await policy().check('https://8.8.8.8/x')).toBeNull();
    expect(dns.asked).toEqual(['fcm.googleapis.com']);
  });

  it('with the allowlist on, accepts only the known push services (and the local http origins)', async () => {
    const strict = policy({ pushServiceAllowlist: [...DEFAULT_PUSH_SERVICES] });
    expect(await strict.check('https://fcm.googleapis.com/fcm/send/abc')).toBeNull();
    expect(await strict.check('https://updates.push.services.mozilla.com/wpush/v2/abc')).toBeNull();
    expect(await strict.check('http://127.0.0.1:8081/push/1')).toBeNull();
    expect(await strict.check('https://push.example.net/x')).toBe(
      'endpoint host push.example.net is not a known push service (allowed: fcm.googleapis.com, *.push.services.mozilla.com, *.push.apple.com, *.notify.windows.com); set PUSH_SERVICE_ALLOWLIST=default,push.example.net to add it, or PUSH_SERVICE_ALLOWLIST=off to accept any public host',
    );
    // A look-alike is not a subdomain; the bare domain is not matched by "*.".
    expect(await strict.check('https://evilpush.services.mozilla.com/x')).toMatch(
      /is not a known push service/,
    );
    expect(await strict.check('https://push.apple.com/x')).toMatch(/is not a known push service/);
    // The address rule comes first, so the message says what is wrong with a private address.
    expect(await strict.check('https://10.0.0.1/x')).toBe(
      `endpoint https://10.0.0.1 resolves to a private address (10.0.0.1); ${PRIVATE_HINT}`,
    );
  });

  it('refuses a host that does not resolve only when told to (production)', async () => {
    expect(await policy().check('https://nowhere.example.net/x')).toBeNull();
    expect(await policy({ refuseUnresolvableHosts: true }).check('https://nowhere.example.net/x')).toBe(
      "endpoint host nowhere.example.net could not be resolved (ENOTFOUND); a push service's host must resolve, try again later",
    );
  });

  it('re-checks at send time with the current DNS answers', async () => {
    const answers: Record<string, string[]> = { 'push.example.net': ['93.184.215.14'] };
    const live = policy({ lookup: async (host) => answers[host] ?? [] });
    expect(await endpointRefusal('https://push.example.net/d/1', live)).toBeNull();
    answers['push.example.net'] = ['127.0.0.1'];
    expect(await endpointRefusal('https://push.example.net/d/1', live)).toBe(
      `endpoint https://push.example.net resolves to a loopback address (127.0.0.1); ${PRIVATE_HINT}`,
    );
  });
});

describe('systemLookup', () => {
  it('returns every address of a name, and a typed error for a name that does not exist', async () => {
    expect(await systemLookup()('localhost')).toContain('127.0.0.1');
    await expect(systemLookup()('no-such-host.invalid')).rejects.toBeInstanceOf(UnresolvableHostError);
  });
});
