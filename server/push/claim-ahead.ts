/**
 * Pages of deliveries, the next one claimed while the current one is handed out, so the lanes never wait on
 * the database between pages (a page of 256 lasts ~0.1 s at full speed; a claim on Postgres takes a few ms).
 * `claimPage` must record what it claimed as held (the lease keeper) before resolving: a page claimed ahead
 * and never handed out is then given back by stop() like any held delivery. Ends at an empty page, or as soon
 * as `more()` is false (stopping, or the message's expiry passed); it then waits for a claim still under way,
 * so nothing claimed is left unrecorded when the caller goes on to give back what it holds.
 */
export async function* claimAhead<T>(
  claimPage: () => Promise<T[]>,
  more: () => boolean,
): AsyncGenerator<T[], void, undefined> {
  const ask = () => {
    const page = claimPage();
    page.catch(() => {}); // awaited below; until then its failure is not an unhandled rejection
    return page;
  };
  let next: Promise<T[]> | undefined = more() ? ask() : undefined;
  try {
    while (next) {
      const page = await next;
      next = undefined;
      if (page.length === 0) return;
      if (more()) next = ask();
      yield page;
      if (!more()) return;
    }
  } finally {
    await next?.catch(() => {});
  }
}
