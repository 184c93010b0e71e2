// The conformance suite every runtime runs (Node, Bun, Deno, workerd) through the package's public entry:
// the RFC vectors byte for byte, a VAPID token checked against its key with the runtime's own WebCrypto, and
// real pushes to a local HTTP sink whose bodies are decrypted back. It uses nothing but web-standard globals,
// so the same file runs as a script and inside a Worker.
import * as webpush from '@starter-kit/webpush';
import { RFC8188, RFC8291 } from './vectors.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface Report {
  runtime: string;
  backend: { crypto: string; transport: string };
  checks: Check[];
  /** What the sink was sent, for the caller to decrypt on its own: one entry per push. */
  receivers: { endpoint: string; privateKey: string; auth: string; plaintext: string }[];
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const b64 = (value: string) => webpush.fromBase64Url(value);

export async function runSuite(runtime: string, sinkOrigin: string): Promise<Report> {
  const checks: Check[] = [];
  const receivers: Report['receivers'] = [];
  const check = async (name: string, body: () => Promise<string | undefined | void>) => {
    try {
      const failure = await body();
      checks.push(failure ? { name, ok: false, detail: failure } : { name, ok: true });
    } catch (error) {
      checks.push({ name, ok: false, detail: String((error as Error)?.stack ?? error) });
    }
  };
  const expectEqual = (what: string, actual: unknown, expected: unknown) =>
    actual === expected ? undefined : `${what}: got ${String(actual)}, expected ${String(expected)}`;

  await check('RFC 8291 Appendix A: encrypt gives the exact body', async () => {
    const out = await webpush.encrypt(
      RFC8291.plaintext,
      { p256dh: RFC8291.uaPublic, auth: RFC8291.auth },
      { salt: b64(RFC8291.salt), senderPrivateKey: b64(RFC8291.asPrivate) },
    );
    return (
      expectEqual('body', webpush.toBase64Url(out.body), RFC8291.body) ??
      expectEqual('sender key', webpush.toBase64Url(out.senderPublicKey), RFC8291.asPublic)
    );
  });

  await check('RFC 8291 Appendix A: decrypt gives the plaintext', async () => {
    const plain = await webpush.decrypt(b64(RFC8291.body), {
      privateKey: RFC8291.uaPrivate,
      auth: RFC8291.auth,
    });
    return expectEqual('plaintext', text(plain), RFC8291.plaintext);
  });

  await check('RFC 8188 section 3.1: encrypt gives the exact body, decrypt the plaintext', async () => {
    const body = await webpush.aes128gcmEncrypt(utf8(RFC8188.plaintext), {
      ikm: b64(RFC8188.ikm),
      salt: b64(RFC8188.salt),
    });
    const plain = await webpush.aes128gcmDecrypt(b64(RFC8188.body), b64(RFC8188.ikm));
    const twoRecords = await webpush.aes128gcmDecrypt(
      b64(RFC8188.multiRecordBody),
      b64(RFC8188.multiRecordIkm),
    );
    return (
      expectEqual('body', webpush.toBase64Url(body), RFC8188.body) ??
      expectEqual('plaintext', text(plain), RFC8188.plaintext) ??
      expectEqual('section 3.2 plaintext', text(twoRecords), RFC8188.plaintext)
    );
  });

  const vapid = await webpush.generateVapidKeys();
  const claims = { sub: 'mailto:conformance@example.com' };

  await check('VAPID: the token verifies against its key (ES256, aud, exp, sub)', async () => {
    const endpoint = `${sinkOrigin}/push/vapid-check`;
    const headers = await webpush.vapidHeaders({
      endpoint,
      vapidPrivateKey: vapid.privateKeyPem,
      vapidClaims: claims,
    });
    const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(headers.Authorization ?? '');
    if (!match) return `Authorization is ${headers.Authorization}`;
    const [token, key] = [match[1]!, match[2]!];
    if (key !== vapid.publicKey) return 'k= is not the generated public key';
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const publicKey = await crypto.subtle.importKey(
      'raw',
      b64(key) as Uint8Array<ArrayBuffer>,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const verified = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      publicKey,
      b64(signature) as Uint8Array<ArrayBuffer>,
      utf8(`${header}.${payload}`),
    );
    if (!verified) return 'the signature does not verify with k=';
    const jwtHeader = JSON.parse(text(b64(header))) as { alg?: string; typ?: string };
    const body = JSON.parse(text(b64(payload))) as { aud?: string; exp?: number; sub?: string };
    const now = Math.floor(Date.now() / 1000);
    return (
      expectEqual('alg', jwtHeader.alg, 'ES256') ??
      expectEqual('aud', body.aud, sinkOrigin) ??
      expectEqual('sub', body.sub, claims.sub) ??
      expectEqual('exp within 24 h', (body.exp ?? 0) > now && (body.exp ?? 0) <= now + 86_400, true)
    );
  });

  const newReceiver = async (name: string, plaintext: string) => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
      'deriveBits',
    ])) as CryptoKeyPair;
    const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
    const auth = webpush.toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
    const endpoint = `${sinkOrigin}/push/${runtime}-${name}`;
    receivers.push({ endpoint, privateKey: jwk.d!, auth, plaintext });
    return {
      subscription: { endpoint, keys: { p256dh: webpush.toBase64Url(publicKey), auth } },
      privateKey: jwk.d!,
    };
  };
  const options = { vapidPrivateKey: vapid.privateKey, vapidClaims: claims, ttl: 60 };

  await check('webpush(): a real send to the local sink, 201, and the body it got decrypts', async () => {
    const plaintext = `{"title":"hello from ${runtime}"}`;
    const { subscription, privateKey } = await newReceiver('webpush', plaintext);
    const reply = await webpush.webpush(subscription, plaintext, options);
    const echoed = JSON.parse(reply.body) as { body: string };
    const plain = await webpush.decrypt(b64(echoed.body), { privateKey, auth: subscription.keys.auth });
    return expectEqual('status', reply.status, 201) ?? expectEqual('decrypted', text(plain), plaintext);
  });

  await check('WebPusher aesgcm: the legacy encoding decrypts with its headers', async () => {
    const plaintext = 'legacy aesgcm';
    const { subscription, privateKey } = await newReceiver('aesgcm', plaintext);
    receivers.pop(); // the caller decrypts aes128gcm only
    const reply = await new webpush.WebPusher(subscription, options).send(plaintext, {
      contentEncoding: 'aesgcm',
    });
    const echoed = JSON.parse(reply.body) as { body: string; headers: Record<string, string> };
    const plain = await webpush.decrypt(
      b64(echoed.body),
      { privateKey, auth: subscription.keys.auth },
      'aesgcm',
      { encryption: echoed.headers.encryption ?? '', cryptoKey: echoed.headers['crypto-key'] ?? '' },
    );
    return expectEqual('decrypted', text(plain), plaintext);
  });

  await check('sendMany(): three subscriptions delivered, a gone one reported expired', async () => {
    const subscriptions = [];
    for (let i = 0; i < 3; i++) subscriptions.push((await newReceiver(`many${i}`, 'to many')).subscription);
    const gone = (await newReceiver('gone', 'never read')).subscription;
    receivers.pop();
    gone.endpoint = `${sinkOrigin}/gone/${runtime}`;
    const summary = await webpush.sendMany([...subscriptions, gone], 'to many', options);
    return (
      expectEqual('delivered', summary.delivered, 3) ??
      expectEqual('expired', summary.expired, 1) ??
      expectEqual('failed', summary.failed, 0)
    );
  });

  await check('errors: a refused push rejects with WebPushError carrying the status', async () => {
    const { subscription } = await newReceiver('refused', '');
    receivers.pop();
    subscription.endpoint = `${sinkOrigin}/gone/${runtime}`;
    try {
      await webpush.webpush(subscription, 'x', options);
      return 'resolved';
    } catch (error) {
      if (!(error instanceof webpush.WebPushError)) return `rejected with ${String(error)}`;
      return expectEqual('status', error.status, 410) ?? expectEqual('isGone', error.isGone, true);
    }
  });

  return { runtime, backend: webpush.runtime, checks, receivers };
}
