// Shared fixtures for this library's tests: a browser-side key pair and an independent JWT check.
import { execFileSync } from 'node:child_process';
import { createECDH, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pointToJwk } from './p256.ts';

/** A subscription as a browser would make it, with the private half kept to decrypt. */
export function makeSubscription(endpoint = 'https://push.example.net/wpush/v2/abc') {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = Buffer.from('0123456789abcdef');
  return {
    subscription: {
      endpoint,
      keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') },
    },
    receiver: { privateKey: ecdh.getPrivateKey(), auth },
  };
}

/** Verifies an ES256 JWT against a raw public point, the way a push service does; returns its claims. */
export function verifyJwt(token: string, publicKey: string): Record<string, unknown> {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) throw new Error('not a JWT');
  const key = createPublicKey({ key: pointToJwk(Buffer.from(publicKey, 'base64url')), format: 'jwk' });
  const ok = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) throw new Error('bad signature');
  expectHeader(JSON.parse(Buffer.from(header, 'base64url').toString()));
  return JSON.parse(Buffer.from(payload, 'base64url').toString());
}

function expectHeader(header: { alg?: string; typ?: string }) {
  if (header.alg !== 'ES256' || header.typ !== 'JWT')
    throw new Error(`unexpected JWT header ${JSON.stringify(header)}`);
}

/** Splits `vapid t=..., k=...` into its token and key. */
export function parseVapidAuthorization(value: string | undefined): { t: string; k: string } {
  const match = /^vapid t=([\w.-]+), k=([\w-]+)$/.exec(value ?? '');
  if (!match) throw new Error(`not a vapid Authorization header: ${value}`);
  return { t: match[1]!, k: match[2]! };
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPush {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A real HTTP server on 127.0.0.1 that records every request and answers as `reply` says. */
export async function startPushSink(reply: (push: ReceivedPush, res: ServerResponse) => void) {
  const received: ReceivedPush[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const push = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      received.push(push);
      reply(push, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A throwaway self-signed certificate for 127.0.0.1, made with the openssl command line: the PEM texts, and the
 * files they lie in (`certFile` for NODE_EXTRA_CA_CERTS in a child process; `dir` to remove afterwards). The
 * bench's HTTPS sinks use it too.
 */
export function selfSignedCertificate(): {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  dir: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'webpush-tls-'));
  const [certFile, keyFile] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
    ].concat(subject, ['-keyout', keyFile, '-out', certFile]),
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile, keyFile, dir };
}
