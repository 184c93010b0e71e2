import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  independentDecryptAes128gcm,
  independentDecryptAesgcm,
  makeIndependentReceiver,
} from './independent-decrypt.ts';
import { generateVapidKeys, loadVapidKey } from './keys.ts';
import { parseVapidAuthorization, startPushSink, verifyJwt } from './test-helpers.ts';

const BIN = fileURLToPath(new URL('./bin/webpush.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'webpush-cli-'));
const file = (name: string, content: string | object) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

/** Runs the real `webpush` bin as a separate process. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let sink: Awaited<ReturnType<typeof startPushSink>>;
beforeAll(async () => {
  sink = await startPushSink((push, res) => {
    if (push.url.startsWith('/gone')) {
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end(
        '{"code":410,"errno":106,"error":"Gone","message":"Request did not validate, no such subscription"}',
      );
    } else res.writeHead(201, { location: '/m/1' }).end();
  });
});
afterAll(() => sink.close());

const vapid = generateVapidKeys();
const keyFile = file('private_key.pem', vapid.privateKeyPem);
const claimsFile = file('vapid_claims.json', { sub: 'mailto:cli@example.com' });

describe('webpush CLI, as a real process', () => {
  for (const encoding of ['aes128gcm', 'aesgcm'] as const) {
    it(`sends ${encoding}: an independent WebCrypto receiver decrypts it and the JWT verifies`, async () => {
      const { me, subscription } = await makeIndependentReceiver(`${sink.origin}/push/${encoding}`);
      const info = file(`sub-${encoding}.json`, subscription);
      const data = file('data.txt', `Hello from the CLI (${encoding}) ✓`);
      const run = await cli([
        '--info',
        info,
        '--data',
        data,
        '--claims',
        claimsFile,
        '--key',
        keyFile,
        '--encoding',
        encoding,
        '--ttl',
        '120',
      ]);
      expect(run).toMatchObject({ code: 0, stdout: '201 sent\n' });
      const push = sink.received.at(-1)!;
      expect(push.headers.ttl).toBe('120');
      expect(push.headers['content-encoding']).toBe(encoding);
      const plain =
        encoding === 'aes128gcm'
          ? await independentDecryptAes128gcm(push.body, me)
          : await independentDecryptAesgcm(
              push.body,
              String(push.headers.encryption),
              String(push.headers['crypto-key']),
              me,
            );
      expect(plain).toBe(`Hello from the CLI (${encoding}) ✓`);
      const token =
        encoding === 'aes128gcm'
          ? parseVapidAuthorization(push.headers.authorization).t
          : String(push.headers.authorization).slice(8);
      expect(verifyJwt(token, vapid.publicKey)).toMatchObject({
        aud: sink.origin,
        sub: 'mailto:cli@example.com',
      });
    });
  }

  it('the Windows example: --head windows_headers.json --claims vapid_claims.json', async () => {
    const { subscription } = await makeIndependentReceiver(`${sink.origin}/push/wns`);
    const head = file('windows_headers.json', { 'X-WNS-Type': 'wns/raw', TTL: '600' });
    const run = await cli([
      '--info',
      file('sub-wns.json', subscription),
      '--head',
      head,
      '--claims',
      claimsFile,
      '--key',
      keyFile,
      '--wns',
    ]);
    expect(run.code).toBe(0);
    const push = sink.received.at(-1)!;
    expect(push.headers).toMatchObject({
      'x-wns-type': 'wns/raw',
      ttl: '600',
      'x-wns-cache-policy': 'cache',
    });
  });

  // [--head JSON or none, --ttl or none, the TTL sent, the X-WNS-Cache-Policy sent]
  const wnsCases: [Record<string, unknown> | null, string | null, string, string][] = [
    [{ 'X-WNS-Type': 'wns/raw', TTL: 0 }, null, '0', 'no-cache'],
    [{ TTL: 0 }, '600', '0', 'no-cache'],
    [{ ttl: '60' }, '0', '60', 'cache'],
    [null, '0', '0', 'no-cache'],
    [null, null, '2419200', 'cache'],
    [{ TTL: 600, 'X-WNS-Cache-Policy': 'no-cache' }, null, '600', 'no-cache'],
  ];
  for (const [head, ttl, sentTtl, policy] of wnsCases) {
    it(`--wns with --head ${JSON.stringify(head)} and --ttl ${ttl}: TTL ${sentTtl}, X-WNS-Cache-Policy ${policy}`, async () => {
      const { subscription } = await makeIndependentReceiver(`${sink.origin}/push/wns-ttl`);
      const args = ['--info', file('sub-wns-ttl.json', subscription), '--wns'];
      if (head) args.push('--head', file('wns-ttl-head.json', head));
      if (ttl !== null) args.push('--ttl', ttl);
      expect(await cli(args)).toMatchObject({ code: 0, stdout: '201 sent\n' });
      const push = sink.received.at(-1)!;
      expect([push.headers.ttl, push.headers['x-wns-cache-policy']]).toEqual([sentTtl, policy]);
    });
  }

  it('--wns with a TTL in --head that is not a whole number: exit 2 naming it', async () => {
    const { subscription } = await makeIndependentReceiver(`${sink.origin}/push/wns-bad`);
    const before = sink.received.length;
    const run = await cli([
      '--info',
      file('sub-wns-bad.json', subscription),
      '--head',
      file('wns-bad-head.json', { TTL: 'soon' }),
      '--wns',
    ]);
    expect(run).toMatchObject({
      code: 2,
      stderr: 'webpush: --head TTL must be a whole number of seconds, got "soon"\n',
    });
    expect(sink.received.length).toBe(before);
  });

  it('410: exits 1 with the status and the push service message on stderr', async () => {
    const { subscription } = await makeIndependentReceiver(`${sink.origin}/gone/1`);
    const run = await cli([
      '--info',
      file('sub-gone.json', subscription),
      '--claims',
      claimsFile,
      '--key',
      keyFile,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'webpush: push service answered 410: Request did not validate, no such subscription\n',
    );
  });

  it('--curl prints the command and writes encrypted.data without sending', async () => {
    const { me, subscription } = await makeIndependentReceiver(`${sink.origin}/push/curl`);
    const before = sink.received.length;
    const run = await cli([
      '--info',
      file('sub-curl.json', subscription),
      '--data',
      file('c.txt', 'via curl'),
      '--claims',
      claimsFile,
      '--key',
      keyFile,
      '--curl',
    ]);
    expect(run.code).toBe(0);
    expect(sink.received.length).toBe(before);
    expect(run.stdout).toMatch(new RegExp(`^curl -vX POST ${subscription.endpoint} \\\\\n`));
    expect(run.stdout).toContain("-H 'Content-Encoding: aes128gcm'");
    expect(run.stdout).toContain('--data-binary @encrypted.data');
    expect(await independentDecryptAes128gcm(readFileSync(join(dir, 'encrypted.data')), me)).toBe('via curl');
  });

  it('--verbose shows the request and the reply', async () => {
    const { subscription } = await makeIndependentReceiver(`${sink.origin}/push/verbose`);
    const run = await cli(['--info', file('sub-v.json', subscription), '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `POST ${subscription.endpoint}\nTTL: 2419200\n(0 body bytes)\n-> 201\nlocation: /m/1`,
    );
  });

  it('clear messages for missing and malformed files, and bad flags (exit 2)', async () => {
    expect(await cli(['--info', 'nope.json'])).toMatchObject({
      code: 2,
      stderr: 'webpush: --info nope.json: no such file\n',
    });
    const bad = await cli(['--info', file('bad.json', '{"endpoint": ')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^webpush: --info .*bad\.json: not valid JSON/);
    const noKeys = await cli([
      '--info',
      file('nokeys.json', { endpoint: 'https://x.example/1' }),
      '--data',
      file('data.txt', 'hello'),
    ]);
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toMatch(/^webpush: keys: are required to send data \(p256dh and auth\)/);
    expect((await cli(['--info', file('x.json', '{}'), '--encoding', 'gzip'])).stderr).toBe(
      'webpush: --encoding must be aes128gcm or aesgcm, got "gzip"\n',
    );
    expect((await cli(['--bogus'])).code).toBe(2);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--data',
      '--info',
      '--head',
      '--claims',
      '--key',
      '--encoding',
      '--ttl',
      '--curl',
      '--verbose',
      '--gen-keys',
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });

  it('--gen-keys writes a PEM that --key accepts and prints the applicationServerKey', async () => {
    const run = await cli(['--gen-keys', '--key', 'new.pem']);
    expect(run.code).toBe(0);
    expect(Buffer.from(run.stdout.trim(), 'base64url').length).toBe(65);
    expect(readFileSync(join(dir, 'new.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await cli(['--gen-keys', '--key', 'new.pem'])).code).toBe(2);
  });
});

describe('webpush CLI keys: --json, --app-server-key, a JWK --key', () => {
  it('--gen-keys --json prints both keys as JSON, the pair matching, and writes no file', async () => {
    const before = readdirSync(dir).sort();
    const run = await cli(['--gen-keys', '--json']);
    expect(run.code).toBe(0);
    const keys = JSON.parse(run.stdout) as { publicKey: string; privateKey: string };
    expect(Object.keys(keys)).toEqual(['publicKey', 'privateKey']);
    expect(Buffer.from(keys.privateKey, 'base64url')).toHaveLength(32);
    expect(loadVapidKey(keys.privateKey).publicKey).toBe(keys.publicKey);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('--key FILE --app-server-key prints the applicationServerKey of a PEM or a JWK key file', async () => {
    expect(await cli(['--key', keyFile, '--app-server-key'])).toEqual({
      code: 0,
      stdout: `${vapid.publicKey}\n`,
      stderr: '',
    });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const jwkFile = file('key.jwk.json', privateKey.export({ format: 'jwk' }));
    const fromJwk = await cli(['--key', jwkFile, '--app-server-key']);
    expect(fromJwk.stdout.trim()).toBe(loadVapidKey(privateKey).publicKey);
    const bad = await cli([
      '--key',
      file('bad.jwk.json', { kty: 'EC', crv: 'P-256', d: 'AAAA' }),
      '--app-server-key',
    ]);
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'webpush: vapidPrivateKey.d: must decode to 32 bytes (got 3)\n',
    });
    expect((await cli(['--app-server-key'])).stderr).toMatch(/^webpush: --app-server-key needs --key FILE/);
  });

  it('sends with a JWK key file: the token verifies against its public key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const jwkFile = file('send.jwk.json', privateKey.export({ format: 'jwk' }));
    const { subscription } = await makeIndependentReceiver(`${sink.origin}/push/jwk`);
    const run = await cli([
      '--info',
      file('sub-jwk.json', subscription),
      '--claims',
      claimsFile,
      '--key',
      jwkFile,
    ]);
    expect(run).toMatchObject({ code: 0, stdout: '201 sent\n' });
    const push = sink.received.find((p) => p.url === '/push/jwk')!;
    const { t, k } = parseVapidAuthorization(push.headers.authorization);
    expect(k).toBe(loadVapidKey(privateKey).publicKey);
    expect(verifyJwt(t, k).sub).toBe('mailto:cli@example.com');
  });
});
