import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, adminLogin, bootForTest, cookieFrom, jsonRequest } from '../testing/harness.ts';

const protectedRoutes: [method: string, path: string, body?: unknown][] = [
  ['GET', '/api/admin/users'],
  ['GET', '/api/admin/messages'],
  ['GET', '/api/admin/messages/1'],
  ['POST', '/api/admin/messages', { title: 'Hi', body: '', target: { type: 'all' } }],
];

const unauthorizedBody = {
  error: {
    status: 401,
    code: 'unauthorized',
    message: 'admin token required: log in on the admin page or send Authorization: Bearer <token>',
  },
};

describe('admin authentication', () => {
  let server: ReturnType<typeof bootForTest>;
  beforeAll(() => {
    server = bootForTest();
  });
  afterAll(async () => server.close());

  const call = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    server.app.request(path, body === undefined ? { method, headers } : jsonRequest(method, body, headers));

  it.each(protectedRoutes)(
    '%s %s answers 401 without a token, with a wrong one, or a wrong cookie',
    async (method, path, body) => {
      for (const headers of <Record<string, string>[]>[
        {},
        { authorization: 'Bearer wrong-token-wrong-token' },
        { authorization: `Basic ${ADMIN_TOKEN}` },
        { cookie: 'admin=forged-session-id' },
      ]) {
        const res = await call(method, path, body, headers);
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual(unauthorizedBody);
      }
    },
  );

  it.each(protectedRoutes)('%s %s accepts Authorization: Bearer <token>', async (method, path, body) => {
    const res = await call(method, path, body, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(res.status).not.toBe(401);
    expect([200, 202, 404]).toContain(res.status);
  });

  it('logs in with the token: HttpOnly SameSite=Strict cookie that opens the admin API', async () => {
    const wrong = await server.app.request('/api/admin/login', jsonRequest('POST', { token: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: { status: 401, code: 'unauthorized', message: 'wrong admin token' },
    });
    expect(wrong.headers.getSetCookie()).toEqual([]);

    const login = await server.app.request('/api/admin/login', jsonRequest('POST', { token: ADMIN_TOKEN }));
    expect(login.status).toBe(204);
    const setCookie = login.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(
      /^admin=[\w-]{43}; Max-Age=43200; Path=\/api\/admin; HttpOnly; SameSite=Strict$/,
    );
    const cookie = cookieFrom(login, 'admin');

    const users = await server.app.request('/api/admin/users', { headers: { cookie } });
    expect(users.status).toBe(200);
    expect(await users.json()).toEqual({ users: [] });
    const session = await server.app.request('/api/admin/session', { headers: { cookie } });
    expect(await session.json()).toEqual({ admin: true });

    const logout = await server.app.request('/api/admin/logout', { method: 'POST', headers: { cookie } });
    expect(logout.status).toBe(204);
    expect((await server.app.request('/api/admin/users', { headers: { cookie } })).status).toBe(401);
    expect(await (await server.app.request('/api/admin/session', { headers: { cookie } })).json()).toEqual({
      admin: false,
    });
  });

  it('GET /api/admin/session is public and says whether the caller is admin', async () => {
    expect(await (await server.app.request('/api/admin/session')).json()).toEqual({ admin: false });
    const bearer = await server.app.request('/api/admin/session', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(await bearer.json()).toEqual({ admin: true });
    const cookie = await adminLogin(server.app);
    expect(await (await server.app.request('/api/admin/session', { headers: { cookie } })).json()).toEqual({
      admin: true,
    });
  });

  it('names the field of a bad login body', async () => {
    const res = await server.app.request('/api/admin/login', jsonRequest('POST', { token: 7 }));
    expect(await res.json()).toEqual({
      error: { status: 400, code: 'validation_failed', message: 'token must be a string', field: 'token' },
    });
  });
});
