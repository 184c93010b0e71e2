import { describe, expect, it } from 'vitest';
import { subscriptions, users } from '../db/schema.ts';
import { bootForTest, browserSubscription, signIn } from '../testing/harness.ts';
import { findDuplicateKey } from './duplicate-keys.ts';

describe('findDuplicateKey', () => {
  it.each([
    ['{"a":1,"b":2}', null],
    ['{"a":1,"a":2}', ['a']],
    ['{"keys":{"p256dh":"x","auth":"y","auth":"z"}}', ['keys', 'auth']],
    ['{"a":{"x":1},"b":{"x":1}}', null],
    ['{"target":{"userIds":[{"id":1},{"id":2,"id":3}]}}', ['target', 'userIds', 1, 'id']],
    ['[{"a":1},{"a":1,"a":2}]', [1, 'a']],
    ['{"endpoint":"x","endp\\u006fint":"y"}', ['endpoint']],
    ['{"a":"has \\"a\\": inside, and {braces} [brackets]","b":"\\\\"}', null],
    ['{"a":{},"a2":[],"b":[1,[2,{"c":1}]],"c":{"c":{"c":1}}}', null],
    ['{"x":[1,2],"x":[]}', ['x']],
    ['"just a string"', null],
    ['{"__proto__":1,"__proto__":2}', ['__proto__']],
  ])('%s -> %o', (text, path) => {
    JSON.parse(text); // only valid JSON reaches it
    expect(findDuplicateKey(text)).toEqual(path);
  });
});

describe('duplicate keys in request bodies', () => {
  const origin = 'http://127.0.0.1:8089';
  const post = (cookie: string, body: string) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body,
  });

  it('refuses a subscription whose endpoint is given twice (400 naming it) and stores nothing', async () => {
    const server = bootForTest({ ALLOW_HTTP_ENDPOINTS: origin });
    const cookie = await signIn(server.app, 'ada');
    const { json } = browserSubscription(`${origin}/push/1`);
    const keys = JSON.stringify(json.keys);
    const body = `{"endpoint":"https://127.0.0.1/x","endpoint":"${json.endpoint}","keys":${keys}}`;
    const res = await server.app.request('/api/subscriptions', post(cookie, body));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        status: 400,
        code: 'validation_failed',
        message: 'endpoint appears more than once; give each key once',
        field: 'endpoint',
      },
    });
    expect(server.db.select().from(subscriptions).all()).toEqual([]);
    await server.close();
  });

  it('names a nested key by its path (keys.auth)', async () => {
    const server = bootForTest({ ALLOW_HTTP_ENDPOINTS: origin });
    const cookie = await signIn(server.app, 'ada');
    const { json } = browserSubscription(`${origin}/push/1`);
    const body = `{"endpoint":"${json.endpoint}","keys":{"p256dh":"${json.keys.p256dh}","auth":"${json.keys.auth}","auth":"AAAAAAAAAAAAAAAAAAAAAA"}}`;
    const res = await server.app.request('/api/subscriptions', post(cookie, body));
    expect(await res.json()).toEqual({
      error: {
        status: 400,
        code: 'validation_failed',
        message: 'keys.auth appears more than once; give each key once',
        field: 'keys.auth',
      },
    });
    expect(server.db.select().from(subscriptions).all()).toEqual([]);
    await server.close();
  });

  it('applies to every JSON route (the demo sign-in here): no user is created', async () => {
    const server = bootForTest();
    const res = await server.app.request('/api/session', post('', '{"name":"ada","name":"eve"}'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        status: 400,
        code: 'validation_failed',
        message: 'name appears more than once; give each key once',
        field: 'name',
      },
    });
    expect(server.db.select().from(users).all()).toEqual([]);
    await server.close();
  });
});
