import { lookup } from 'node:dns/promises';

/** Resolves a host name to every address it has (what a connection could end up using). */
export type LookupAll = (hostname: string) => Promise<string[]>;

/** Thrown when a name does not resolve; `code` is the resolver's (ENOTFOUND, EAI_AGAIN, ETIMEOUT). */
export class UnresolvableHostError extends Error {
  override name = 'UnresolvableHostError';
  constructor(
    readonly hostname: string,
    readonly code: string,
  ) {
    super(`${hostname} could not be resolved (${code})`);
  }
}

/** The system resolver (getaddrinfo, as connections use it), all addresses, bounded in time. */
export function systemLookup(timeoutMs = 3000): LookupAll {
  return async (hostname) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnresolvableHostError(hostname, 'ETIMEOUT')), timeoutMs);
    });
    try {
      const answers = await Promise.race([lookup(hostname, { all: true, verbatim: true }), timeout]);
      return answers.map((answer) => answer.address);
    } catch (error) {
      if (error instanceof UnresolvableHostError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
      throw new UnresolvableHostError(hostname, code);
    } finally {
      clearTimeout(timer);
    }
  };
}
