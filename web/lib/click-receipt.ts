import { RECEIPT_ACTION_PARAM, RECEIPT_PARAM } from '../../shared/message-payload.ts';

/**
 * Safari shows a Declarative Web Push message and opens its link without running the service worker, so the
 * link on the site carries the delivery's receipt token: the page it opens reports the click (with the action
 * whose link it was), then takes the parameters out of the address bar so a reload or a shared link does not
 * report again. Call it from every page a notification may open. The server ignores a second click receipt.
 */
export function reportClickFromUrl(
  location: Pick<Location, 'href'> = window.location,
  history: Pick<History, 'replaceState' | 'state'> = window.history,
  post: typeof fetch = fetch,
): Promise<void> | null {
  const url = new URL(location.href);
  const token = url.searchParams.get(RECEIPT_PARAM);
  if (!token) return null;
  const action = url.searchParams.get(RECEIPT_ACTION_PARAM) ?? '';
  url.searchParams.delete(RECEIPT_PARAM);
  url.searchParams.delete(RECEIPT_ACTION_PARAM);
  history.replaceState(history.state, '', url.href);
  return post('/api/receipts', {
    method: 'POST',
    keepalive: true,
    credentials: 'omit',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(action ? { token, kind: 'clicked', action } : { token, kind: 'clicked' }),
  }).then(
    () => undefined,
    (error: unknown) => console.warn('could not report the click', error),
  );
}
