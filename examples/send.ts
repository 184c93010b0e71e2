// The README's library example: `npx tsx examples/send.ts` (with subscription.json and private_key.pem here;
// `npm run example` makes both and a push service that receives).
import { readFileSync } from 'node:fs';
import { webpush } from '@starter-kit/webpush/node';

const subscription = JSON.parse(readFileSync('subscription.json', 'utf8')); // PushSubscription.toJSON()
const reply = await webpush(subscription, JSON.stringify({ title: 'Hello', body: 'From the kit' }), {
  vapidPrivateKey: 'private_key.pem', // a PEM file or text, base64 DER, raw base64url, or a KeyObject
  vapidClaims: { sub: 'mailto:you@example.com' }, // aud and exp are filled in
});
console.log(reply.status, reply.headers.location); // failures reject with WebPushError (status, body, json, isGone)
