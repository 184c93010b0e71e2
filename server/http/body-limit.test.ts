import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { limitBody } from './body-limit.ts';

const app = new Hono()
  .use(limitBody(10, (c) => c.text('too large', 413)))
  .post('/echo', async (c) => c.text(await c.req.text()))
  .get('/echo', (c) => c.text('read'));

/** A body the client streams without a Content-Length (Transfer-Encoding: chunked). */
function chunked(...parts: string[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
}

const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string>) =>
  app.request('/echo', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);

describe('limitBody', () => {
  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const res = await post('01234567890', { 'content-length': '11' });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('too large');
  });

  it('passes a body at the limit through, still readable', async () => {
    const res = await post('0123456789', { 'content-length': '10' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('0123456789');
  });

  it('counts a chunked body while it streams', async () => {
    const chunkedHeaders = { 'transfer-encoding': 'chunked' };
    expect((await post(chunked('012345', '67890'), chunkedHeaders)).status).toBe(413);
    const under = await post(chunked('01234', '5678'), chunkedHeaders);
    expect(under.status).toBe(200);
    expect(await under.text()).toBe('012345678');
  });

  it('lets GET through', async () => {
    expect(await (await app.request('/echo')).text()).toBe('read');
  });
});
