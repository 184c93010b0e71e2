import { describe, expect, it } from 'vitest';
import { users } from '../db/schema.ts';
import { bootForTest, cookieFrom, jsonRequest } from '../testing/harness.ts';

describe('/api/session (demo sign-in)', () => {
  it('signs in by name with an HttpOnly SameSite=Lax cookie, reuses the user, signs out', async () => {
    const server = bootForTest();
    expect(await (await server.app.request('/api/session')).json()).toEqual({ user: null });

    const res = await server.app.request('/api/session', jsonRequest('POST', { name: '  ada ' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: { id: 1, name: 'ada' } });
    expect(res.headers.getSetCookie()[0]).toMatch(
      /^session=[\w-]{43}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const cookie = cookieFrom(res, 'session');
    expect(await (await server.app.request('/api/session', { headers: { cookie } })).json()).toEqual({
      user: { id: 1, name: 'ada' },
    });

    const again = await server.app.request('/api/session', jsonRequest('POST', { name: 'ada' }));
    expect(await again.json()).toEqual({ user: { id: 1, name: 'ada' } });
    expect(server.db.select().from(users).all()).toHaveLength(1);

    const out = await server.app.request('/api/session', { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(await (await server.app.request('/api/session', { headers: { cookie } })).json()).toEqual({
      user: null,
    });
    await server.close();
  });

  it('names the field when the name is bad', async () => {
    const server = bootForTest();
    for (const [body, message] of [
      [{}, 'name is required'],
      [{ name: '   ' }, 'name must be 1 to 64 characters'],
      [{ name: 'x'.repeat(65) }, 'name must be 1 to 64 characters'],
    ] as const) {
      const res = await server.app.request('/api/session', jsonRequest('POST', body));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { status: 400, code: 'validation_failed', message, field: 'name' },
      });
    }
    await server.close();
  });

  it('answers unknown API paths with the JSON error shape', async () => {
    const server = bootForTest();
    const res = await server.app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { status: 404, code: 'not_found', message: 'no route for GET /api/nope' },
    });
    await server.close();
  });
});
