import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: undefined,
      databasePath: 'data/webpush.db',
      vapid: { publicKey: undefined, privateKey: undefined, subject: 'mailto:admin@example.com' },
      adminToken: undefined,
      allowHttpEndpoints: [],
      publicDir: 'dist/web',
      nodeEnv: 'development',
    });
  });

  it('parses every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_PATH: '/tmp/x.db',
      VAPID_SUBJECT: 'https://example.com/contact',
      ADMIN_TOKEN: 'sixteen-chars-ok',
      ALLOW_HTTP_ENDPOINTS: 'http://127.0.0.1:8081, http://localhost:9000/',
      PUBLIC_DIR: 'build',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databasePath: '/tmp/x.db',
      vapid: { subject: 'https://example.com/contact' },
      adminToken: 'sixteen-chars-ok',
      allowHttpEndpoints: ['http://127.0.0.1:8081', 'http://localhost:9000'],
      publicDir: 'build',
      nodeEnv: 'production',
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
  ])('stops on %o with a message that names the variable', (env, line) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(`Invalid configuration (environment variables):\n  ${line}`);
  });

  it('wants VAPID_PRIVATE_KEY when VAPID_PUBLIC_KEY is set', () => {
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: 'BAAA' })).toThrow(
      'VAPID_PUBLIC_KEY is set without VAPID_PRIVATE_KEY',
    );
  });
});
