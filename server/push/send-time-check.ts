/** What the fan-out asks of the endpoint policy (security/endpoint-policy.ts builds the real one). */
export interface EndpointCheck {
  /** null when pushes may go to `endpoint`; else why not. */
  check(endpoint: string): Promise<string | null>;
}

/**
 * The endpoint policy as the fan-out asks it right before sending: once per distinct origin (per message),
 * not per push. The policy's verdict depends only on an endpoint's scheme, credentials, host and port, so one
 * answer serves every endpoint of that origin. Host names are resolved once here; a DNS answer that changes
 * later is caught by the guarded lookup when a connection is opened (security/guarded-lookup.ts), so caching the
 * verdict for the length of a message opens no gap.
 */
export class SendTimeEndpointCheck {
  private readonly verdicts = new Map<string, string | null>();

  constructor(private readonly policy: EndpointCheck) {}

  /**
   * The refusal reason for each endpoint (null: send), in order. Origins not seen yet are checked in
   * parallel, so a page with many new hosts waits for one round of DNS, not one per host.
   */
  async refusals(endpoints: readonly (string | null)[]): Promise<(string | null)[]> {
    const keys = endpoints.map((endpoint) => (endpoint === null ? null : verdictKey(endpoint)));
    const unchecked = new Map<string, string>();
    keys.forEach((key, i) => {
      if (key !== null && !this.verdicts.has(key) && !unchecked.has(key)) unchecked.set(key, endpoints[i]!);
    });
    if (unchecked.size > 0) {
      await Promise.all(
        [...unchecked].map(async ([key, endpoint]) => this.verdicts.set(key, await this.ask(endpoint))),
      );
    }
    return keys.map((key) => (key === null ? null : this.verdicts.get(key)!));
  }

  private async ask(endpoint: string): Promise<string | null> {
    try {
      return await this.policy.check(endpoint);
    } catch (error) {
      return `endpoint could not be checked: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

/** What the verdict depends on: the origin, or the whole string when it is no plain URL (rare, refused anyway). */
function verdictKey(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return endpoint;
  }
  return url.username || url.password || (url.protocol !== 'https:' && url.protocol !== 'http:')
    ? endpoint
    : url.origin;
}
