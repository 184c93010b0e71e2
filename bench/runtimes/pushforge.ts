// @pushforge/builder's half of the runtime bench, used as its README shows: buildPushHTTPRequest() then fetch().
import { buildPushHTTPRequest } from '@pushforge/builder';
// pushforge exports only buildPushHTTPRequest; its encryption step, for encrypt-to-encrypt figures.
import { encryptPayload } from '../../node_modules/@pushforge/builder/dist/lib/payload.js';
import {
  cpuMicros,
  cpuPer,
  lanesPerSecond,
  PAYLOAD,
  perSecond,
  receiverKeys,
  SUBJECT,
  type LibraryMeasurement,
} from './measure.ts';

export async function measurePushforge(
  runtimeName: string,
  sinkOrigin: string,
  encrypts: number,
  sends: number,
): Promise<LibraryMeasurement> {
  const keys = await receiverKeys();
  const vapid = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const privateJWK = await crypto.subtle.exportKey('jwk', vapid.privateKey);
  const encryptsPerSec = await perSecond(encrypts, async () => {
    // What buildPushHTTPRequest does before encrypting: a fresh ECDH pair and salt.
    const localKeys = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
      'deriveBits',
    ]);
    const salt = crypto.getRandomValues(new Uint8Array(16));
    return encryptPayload(localKeys as CryptoKeyPair, salt, PAYLOAD, {
      endpoint: 'https://push.invalid',
      keys,
    });
  });
  // pushforge refuses http: endpoints, so it builds for https://127.0.0.1:port and the request goes to the same
  // plain-HTTP sink as ours (the JWT's aud is all the scheme changes).
  const httpsOrigin = sinkOrigin.replace(/^http:/, 'https:');
  const cpu = cpuMicros();
  const sent = await lanesPerSecond(sends, async (i) => {
    const request = await buildPushHTTPRequest({
      privateJWK,
      subscription: { endpoint: `${httpsOrigin}/push/pushforge-${i}`, keys },
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
  const cpuUsPerSend = cpuPer(cpu, sends);
  return {
    library: 'pushforge',
    runtime: runtimeName,
    encryptsPerSec,
    sendsPerSec: sent.perSec,
    sent: sent.ok,
    ...(cpuUsPerSend === undefined ? {} : { cpuUsPerSend }),
  };
}
