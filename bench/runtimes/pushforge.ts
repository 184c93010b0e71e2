// @pushforge/builder's half of the runtime bench, used as its README shows: buildPushHTTPRequest() then fetch().
import { buildPushHTTPRequest } from '@pushforge/builder';
// pushforge exports only buildPushHTTPRequest; its encryption step, for encrypt-to-encrypt figures.
import { encryptPayload } from '../../node_modules/@pushforge/builder/dist/lib/payload.js';
import { inLanes, PAYLOAD, receiverKeys, SUBJECT, type Harness } from './measure.ts';

export async function pushforge(sinkOrigin: string): Promise<Harness> {
  const keys = await receiverKeys();
  const vapid = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const privateJWK = await crypto.subtle.exportKey('jwk', vapid.privateKey);
  // pushforge refuses http: endpoints, so it builds for https://127.0.0.1:port and the request goes to the same
  // plain-HTTP sink as ours (the JWT's aud is all the scheme changes).
  const httpsOrigin = sinkOrigin.replace(/^http:/, 'https:');
  return {
    library: 'pushforge',
    async encrypt(count) {
      for (let i = 0; i < count; i++) {
        // What buildPushHTTPRequest does before encrypting: a fresh ECDH pair and salt.
        const localKeys = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
          'deriveBits',
        ]);
        const salt = crypto.getRandomValues(new Uint8Array(16));
        await encryptPayload(localKeys as CryptoKeyPair, salt, PAYLOAD, {
          endpoint: 'https://push.invalid',
          keys,
        });
      }
    },
    send(count, first) {
      return inLanes(count, async (i) => {
        const request = await buildPushHTTPRequest({
          privateJWK,
          subscription: { endpoint: `${httpsOrigin}/push/pushforge-${first + i}`, keys },
          message: { payload: PAYLOAD, adminContact: SUBJECT, options: { ttl: 3600 } },
        });
        const response = await fetch(request.endpoint.replace(/^https:/, 'http:'), {
          method: 'POST',
          headers: request.headers,
          body: request.body,
        });
        await response.arrayBuffer();
        return response.status === 201;
      });
    },
  };
}
