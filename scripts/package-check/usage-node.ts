// Type-checked against the installed package with @types/node: the Node entry's synchronous API.
import { readFileSync } from 'node:fs';
import { decrypt, EncryptPool, encrypt, loadVapidKey, sendMany } from '@starter-kit/webpush/node';

export async function usageNode(path: string): Promise<number> {
  const key = loadVapidKey(path); // a PEM file path works on the Node entry
  const receiver = { p256dh: key.publicKey, auth: readFileSync(path).subarray(0, 16) };
  const payload = encrypt('hello', receiver); // synchronous: a Buffer body
  const text: string = payload.body.toString('base64url');
  decrypt(payload.body, { privateKey: new Uint8Array(32), auth: receiver.auth }).toString();
  const pool = new EncryptPool(1);
  const summary = await sendMany([], 'x', {
    encryptPool: pool,
    vapidPrivateKey: key,
    vapidClaims: { sub: 'mailto:a@example.com' },
  });
  await pool.close();
  return summary.total + text.length;
}
