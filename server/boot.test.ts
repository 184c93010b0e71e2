import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateVapidKeys } from '@starter-kit/webpush/node';
import { bootServer } from './boot.ts';
import { ConfigError } from './config.ts';
import { settings } from './db/schema.ts';
import { browserSubscription, signIn, subscribe, testConfig } from './testing/harness.ts';

describe('restarting on the same database file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'webpush-boot-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // No ADMIN_TOKEN: the server generates one, like a fresh clone.
  const config = () => testConfig({ DATABASE_PATH: join(dir, 'data', 'webpush.db'), ADMIN_TOKEN: '' });

  it('keeps the VAPID key pair, the admin token and the subscriptions', async () => {
    const first = bootServer(config());
    expect(first.vapid.source).toBe('generated');
    expect(first.adminToken.source).toBe('generated');
    const token = first.adminToken.generatedToken!;
    expect(token).toMatch(/^[\w-]{43}$/);
    const keyRes = await first.app.request('/api/vapid-public-key');
    expect(keyRes.status).toBe(200);
    const { publicKey } = (await keyRes.json()) as { publicKey: string };
    const point = Buffer.from(publicKey, 'base64url');
    expect([point.length, point[0]]).toEqual([65, 0x04]);
    const cookie = await signIn(first.app, 'ada');
    await subscribe(first.app, cookie, browserSubscription('https://push.example.net/ada').json);
    // Only the token's hash is stored.
    const stored = first.db
      .select()
      .from(settings)
      .all()
      .map((row) => row.value);
    expect(stored.some((value) => value.includes(token))).toBe(false);
    await first.close();

    const second = bootServer(config());
    expect(second.vapid.source).toBe('stored');
    expect(second.adminToken).toEqual({ source: 'stored', matches: expect.any(Function) });
    expect(await (await second.app.request('/api/vapid-public-key')).json()).toEqual({ publicKey });
    const users = await second.app.request('/api/admin/users', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(users.status).toBe(200);
    const body = (await users.json()) as { users: { name: string; devices: { pushService: string }[] }[] };
    expect(body.users.map((u) => [u.name, u.devices.map((d) => d.pushService)])).toEqual([
      ['ada', ['https://push.example.net']],
    ]);
    // The user's session cookie survives too.
    expect(await (await second.app.request('/api/session', { headers: { cookie } })).json()).toEqual({
      user: { id: 1, name: 'ada' },
    });
    await second.close();
  });

  it('lets VAPID_PRIVATE_KEY and ADMIN_TOKEN override what is stored', async () => {
    const first = bootServer(config());
    const generatedToken = first.adminToken.generatedToken!;
    await first.close();

    const keys = generateVapidKeys();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const overridden = bootServer({
      ...config(),
      adminToken: 'an-admin-token-from-the-environment',
      vapid: { ...config().vapid, privateKey: keys.privateKeyPem, publicKey: keys.publicKey },
    });
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('VAPID_PRIVATE_KEY differs from the key pair stored'),
    );
    warn.mockRestore();
    expect(overridden.vapid).toMatchObject({ source: 'env', publicKey: keys.publicKey });
    expect(overridden.adminToken.source).toBe('env');
    expect(await overridden.adminToken.matches('an-admin-token-from-the-environment')).toBe(true);
    expect(await overridden.adminToken.matches(generatedToken)).toBe(false);
    await overridden.close();
  });

  it('refuses a VAPID_PUBLIC_KEY that does not belong to the private key', () => {
    const keys = generateVapidKeys();
    const other = generateVapidKeys();
    const start = () =>
      bootServer({
        ...config(),
        vapid: { ...config().vapid, privateKey: keys.privateKey, publicKey: other.publicKey },
      });
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(
      `VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY (the private key's public key is ${keys.publicKey})`,
    );
  });
});
