import { describe, expect, it } from 'vitest';
import { reportClickFromUrl } from './click-receipt.ts';

function page(href: string) {
  const replaced: string[] = [];
  const posted: { url: string; init: RequestInit }[] = [];
  const history = {
    state: null,
    replaceState: (_: unknown, __: string, url?: string | URL | null) => void replaced.push(String(url)),
  };
  const post = (async (url: string, init: RequestInit) => {
    posted.push({ url, init });
    return new Response(null, { status: 204 });
  }) as typeof fetch;
  return { run: () => reportClickFromUrl({ href }, history, post), replaced, posted };
}

describe('reportClickFromUrl', () => {
  it("posts the click with the link's action and cleans the address", async () => {
    const p = page('https://app.example/shop?x=1&receipt=7.a.b&receipt_action=action-1#top');
    await p.run();
    expect(p.replaced).toEqual(['https://app.example/shop?x=1#top']);
    expect(p.posted).toHaveLength(1);
    expect(p.posted[0]!.url).toBe('/api/receipts');
    expect(p.posted[0]!.init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit' });
    expect(p.posted[0]!.init.body).toBe('{"token":"7.a.b","kind":"clicked","action":"action-1"}');
  });

  it('posts a click on the notification itself without an action', async () => {
    const p = page('https://app.example/?receipt=7.a.b');
    await p.run();
    expect(p.replaced).toEqual(['https://app.example/']);
    expect(p.posted[0]!.init.body).toBe('{"token":"7.a.b","kind":"clicked"}');
  });

  it('does nothing on a page opened any other way', () => {
    const p = page('https://app.example/shop?x=1');
    expect(p.run()).toBeNull();
    expect(p.replaced).toEqual([]);
    expect(p.posted).toEqual([]);
  });
});
