import { execFileSync } from 'node:child_process';
import { createECDH, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateVapidKeys, loadVapidKey } from './keys.ts';

describe('generateVapidKeys', () => {
  it('returns a 65-byte point, a 32-byte scalar and a PEM of the same key', () => {
    const keys = generateVapidKeys();
    const point = Buffer.from(keys.publicKey, 'base64url');
    expect(point.length).toBe(65);
    expect(point[0]).toBe(4);
    expect(Buffer.from(keys.privateKey, 'base64url').length).toBe(32);
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(keys.privateKey, 'base64url'));
    expect(ecdh.getPublicKey('base64url')).toBe(keys.publicKey);
    expect(loadVapidKey(keys.privateKeyPem).publicKey).toBe(keys.publicKey);
  });
});

describe('loadVapidKey accepts every documented format', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const expected = loadVapidKey(privateKey).publicKey;
  const dir = mkdtempSync(join(tmpdir(), 'vapid-keys-'));

  const formats: Record<string, string> = {
    'PKCS#8 PEM': privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    'SEC1 PEM': privateKey.export({ format: 'pem', type: 'sec1' }).toString(),
    'PKCS#8 DER base64': privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    'PKCS#8 DER base64url': privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'),
    'SEC1 DER base64url': privateKey.export({ format: 'der', type: 'sec1' }).toString('base64url'),
    'raw 32-byte base64url': privateKey.export({ format: 'jwk' }).d as string,
  };
  for (const [name, text] of Object.entries(formats)) {
    it(name, () => expect(loadVapidKey(text).publicKey).toBe(expected));
  }

  it('a path to a PEM file', () => {
    const path = join(dir, 'private_key.pem');
    writeFileSync(path, formats['SEC1 PEM']!);
    expect(loadVapidKey(path).publicKey).toBe(expected);
  });

  it('a PEM made by `openssl ecparam -name prime256v1 -genkey -noout` (and without -noout)', () => {
    for (const args of [['-noout'], []]) {
      const pem = execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', ...args]).toString();
      const key = loadVapidKey(pem);
      expect(Buffer.from(key.publicKey, 'base64url').length).toBe(65);
      const path = join(dir, `openssl${args.length}.pem`);
      writeFileSync(path, pem);
      expect(loadVapidKey(path).publicKey).toBe(key.publicKey);
    }
  });

  it('a KeyObject', () => expect(loadVapidKey(privateKey).publicKey).toBe(expected));
});

describe('loadVapidKey refuses what is not a P-256 private key', () => {
  it('names the field and says why', () => {
    expect(() => loadVapidKey('')).toThrow(/^vapidPrivateKey: is required/);
    expect(() => loadVapidKey('/no/such/file.pem')).toThrow(
      'vapidPrivateKey: is neither key text nor an existing file',
    );
    expect(() => loadVapidKey(Buffer.alloc(40, 1).toString('base64url'))).toThrow(
      'vapidPrivateKey: decodes to 40 bytes that are neither a raw 32-byte key nor PKCS#8/SEC1 DER',
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => loadVapidKey(rsa)).toThrow('vapidPrivateKey: must be a P-256 (prime256v1) EC private key');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    expect(() => loadVapidKey(p384.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(/P-256/);
  });
});
