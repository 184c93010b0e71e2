import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: undefined,
      database: { dialect: 'sqlite', path: 'data/webpush.db' },
      leases: { leaseMs: 30_000, renewMs: 10_000 },
      vapid: { publicKey: undefined, privateKey: undefined, subject: 'mailto:admin@example.com' },
      adminToken: undefined,
      allowHttpEndpoints: [],
      publicDir: 'dist/web',
      nodeEnv: 'development',
      security: {
        allowPrivateEndpoints: false,
        pushServiceAllowlist: null,
        refuseUnresolvableHosts: false,
        maxDevicesPerUser: 20,
        trustProxy: 0,
        rateLimits: {
          subscribe: { limit: 60, windowMs: 60_000 },
          testPush: { limit: 20, windowMs: 60_000 },
          adminLogin: { limit: 10, windowMs: 900_000 },
          signIn: { limit: 30, windowMs: 60_000 },
          receipts: { limit: 300, windowMs: 60_000 },
        },
      },
      http: { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000 },
      receipts: true,
      pushProxy: null,
    });
  });

  it('turns the push-service allowlist on and requires resolvable hosts in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).security).toMatchObject({
      pushServiceAllowlist: [
        'fcm.googleapis.com',
        '*.push.services.mozilla.com',
        '*.push.apple.com',
        '*.notify.windows.com',
      ],
      refuseUnresolvableHosts: true,
    });
    expect(
      loadConfig({ NODE_ENV: 'production', PUSH_SERVICE_ALLOWLIST: 'off' }).security.pushServiceAllowlist,
    ).toBeNull();
    expect(loadConfig({ PUSH_SERVICE_ALLOWLIST: 'on' }).security.pushServiceAllowlist).toHaveLength(4);
  });

  it('turns receipts off with RECEIPTS=off and names the variable for a bad value', () => {
    expect(loadConfig({ RECEIPTS: 'off' }).receipts).toBe(false);
    expect(loadConfig({ RECEIPTS: '0' }).receipts).toBe(false);
    expect(loadConfig({ RECEIPTS: 'on' }).receipts).toBe(true);
    expect(() => loadConfig({ RECEIPTS: 'sometimes' })).toThrow(
      'Invalid configuration (environment variables):\n  RECEIPTS must be on or off (got "sometimes")',
    );
  });

  it('parses the security variables', () => {
    const { security } = loadConfig({
      ALLOW_PRIVATE_ENDPOINTS: '1',
      PUSH_SERVICE_ALLOWLIST: 'default, Push.Example.com ,*.push.example.org',
      MAX_DEVICES_PER_USER: '3',
      TRUST_PROXY: 'true',
      RATE_LIMIT_SUBSCRIBE: '1000/1s',
      RATE_LIMIT_TEST_PUSH: 'off',
      RATE_LIMIT_ADMIN_LOGIN: '5/2h',
      RATE_LIMIT_SIGN_IN: '100/1h',
    });
    expect(security).toEqual({
      allowPrivateEndpoints: true,
      pushServiceAllowlist: [
        'fcm.googleapis.com',
        '*.push.services.mozilla.com',
        '*.push.apple.com',
        '*.notify.windows.com',
        'push.example.com',
        '*.push.example.org',
      ],
      refuseUnresolvableHosts: false,
      maxDevicesPerUser: 3,
      trustProxy: 1,
      rateLimits: {
        subscribe: { limit: 1000, windowMs: 1000 },
        testPush: null,
        adminLogin: { limit: 5, windowMs: 7_200_000 },
        signIn: { limit: 100, windowMs: 3_600_000 },
        receipts: { limit: 300, windowMs: 60_000 },
      },
    });
    expect(loadConfig({ TRUST_PROXY: '2' }).security.trustProxy).toBe(2);
    expect(loadConfig({ RATE_LIMIT_SUBSCRIBE: '30/s' }).security.rateLimits.subscribe).toEqual({
      limit: 30,
      windowMs: 1000,
    });
  });

  it('reads every switch with one vocabulary: 1/true/yes/on and 0/false/no/off, in any case', () => {
    const security = (env: Record<string, string>) => loadConfig(env).security;
    for (const word of ['1', 'true', 'YES', 'On']) {
      expect(security({ ALLOW_PRIVATE_ENDPOINTS: word }).allowPrivateEndpoints).toBe(true);
      expect(security({ TRUST_PROXY: word }).trustProxy).toBe(1);
      expect(security({ PUSH_SERVICE_ALLOWLIST: word }).pushServiceAllowlist).toHaveLength(4);
    }
    for (const word of ['0', 'false', 'No', 'OFF']) {
      expect(security({ ALLOW_PRIVATE_ENDPOINTS: word }).allowPrivateEndpoints).toBe(false);
      expect(security({ TRUST_PROXY: word }).trustProxy).toBe(0);
      expect(
        security({ NODE_ENV: 'production', PUSH_SERVICE_ALLOWLIST: word }).pushServiceAllowlist,
      ).toBeNull();
    }
  });

  it('parses every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_PATH: '/tmp/x.db',
      FANOUT_LEASE: '60',
      FANOUT_LEASE_RENEW: '20',
      VAPID_SUBJECT: 'https://example.com/contact',
      ADMIN_TOKEN: 'sixteen-chars-ok',
      ALLOW_HTTP_ENDPOINTS: 'http://127.0.0.1:8081, http://localhost:9000/',
      PUBLIC_DIR: 'build',
      NODE_ENV: 'production',
      HTTP_REQUEST_TIMEOUT: '60',
      HTTP_HEADERS_TIMEOUT: ' 20 ',
      HTTP_KEEP_ALIVE_TIMEOUT: '3',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      database: { dialect: 'sqlite', path: '/tmp/x.db' },
      leases: { leaseMs: 60_000, renewMs: 20_000 },
      vapid: { subject: 'https://example.com/contact' },
      adminToken: 'sixteen-chars-ok',
      allowHttpEndpoints: ['http://127.0.0.1:8081', 'http://localhost:9000'],
      publicDir: 'build',
      nodeEnv: 'production',
      http: { requestTimeoutMs: 60_000, headersTimeoutMs: 20_000, keepAliveTimeoutMs: 3_000 },
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a number'],
    [{ PORT: '70000' }, 'PORT must be between 1 and 65535'],
    [
      { VAPID_SUBJECT: 'admin@example.com' },
      'VAPID_SUBJECT must be a mailto: address or an https: URL (e.g. mailto:you@example.com)',
    ],
    [
      { ADMIN_TOKEN: 'short' },
      'ADMIN_TOKEN must be at least 16 characters (or unset it to have one generated)',
    ],
    [
      { ALLOW_HTTP_ENDPOINTS: 'https://push.example.net' },
      'ALLOW_HTTP_ENDPOINTS must be a comma-separated list of http origins like http://127.0.0.1:8081 (got "https://push.example.net")',
    ],
    [
      { ALLOW_HTTP_ENDPOINTS: 'http://127.0.0.1:8081/push' },
      'ALLOW_HTTP_ENDPOINTS must be a comma-separated list of http origins like http://127.0.0.1:8081 (got "http://127.0.0.1:8081/push")',
    ],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be development, production or test'],
    [{ ALLOW_PRIVATE_ENDPOINTS: 'maybe' }, 'ALLOW_PRIVATE_ENDPOINTS must be 1 or 0 (got "maybe")'],
    [
      { PUSH_SERVICE_ALLOWLIST: 'https://fcm.googleapis.com' },
      'PUSH_SERVICE_ALLOWLIST must be on, off, or a comma-separated list of hosts like default,push.example.com,*.push.example.org (got "https://fcm.googleapis.com")',
    ],
    [{ MAX_DEVICES_PER_USER: '0' }, 'MAX_DEVICES_PER_USER must be at least 1'],
    [
      { TRUST_PROXY: 'loopback' },
      'TRUST_PROXY must be 0 (no proxy), 1/true (one proxy) or the number of proxies in front (got "loopback")',
    ],
    [
      { RATE_LIMIT_SUBSCRIBE: '60 per minute' },
      'RATE_LIMIT_SUBSCRIBE must be "<requests>/<duration>" like 60/1m, 10/15m or 1000/1s, or "off" (got "60 per minute")',
    ],
    [
      { RATE_LIMIT_ADMIN_LOGIN: '0/1m' },
      'RATE_LIMIT_ADMIN_LOGIN must be "<requests>/<duration>" like 60/1m, 10/15m or 1000/1s, or "off" (got "0/1m")',
    ],
    [{ HTTP_REQUEST_TIMEOUT: '30s' }, 'HTTP_REQUEST_TIMEOUT must be a number of seconds'],
    [{ HTTP_HEADERS_TIMEOUT: '2.5' }, 'HTTP_HEADERS_TIMEOUT must be a whole number of seconds'],
    [{ HTTP_KEEP_ALIVE_TIMEOUT: '0' }, 'HTTP_KEEP_ALIVE_TIMEOUT must be between 1 and 3600 seconds'],
    [
      { DATABASE_URL: 'mysql://localhost/push' },
      'DATABASE_URL must be a Postgres URL, postgres://user:password@host:5432/database (or unset it for the SQLite file at DATABASE_PATH)',
    ],
    [{ FANOUT_LEASE: '0' }, 'FANOUT_LEASE must be between 1 and 3600 seconds'],
  ])('stops on %o with a message that names the variable', (env, line) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(`Invalid configuration (environment variables):\n  ${line}`);
  });

  it('DATABASE_URL selects Postgres; the lease must outlast its renewal', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://kit@db/push' }).database).toEqual({
      dialect: 'postgres',
      url: 'postgres://kit@db/push',
    });
    expect(() => loadConfig({ FANOUT_LEASE: '10' })).toThrow(
      'Invalid configuration: FANOUT_LEASE_RENEW (10 s) must be shorter than FANOUT_LEASE (10 s), or a lease runs out between two renewals.',
    );
  });

  it('wants HTTP_HEADERS_TIMEOUT within HTTP_REQUEST_TIMEOUT (Node refuses a longer one)', () => {
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT: '5' })).toThrow(
      'Invalid configuration: HTTP_HEADERS_TIMEOUT (10 s) must not be longer than HTTP_REQUEST_TIMEOUT (5 s), which covers the headers too.',
    );
  });

  it('wants VAPID_PRIVATE_KEY when VAPID_PUBLIC_KEY is set', () => {
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: 'BAAA' })).toThrow(
      'VAPID_PUBLIC_KEY is set without VAPID_PRIVATE_KEY',
    );
  });
});
