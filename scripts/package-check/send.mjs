// Run by plain node, bun and deno in a folder where only the packed tarball is installed:
// `send.mjs <subscription JSON>` pushes to it with the package and prints `SENT <status> <crypto>/<transport>`.
import { generateVapidKeys, runtime, webpush } from '@starter-kit/webpush';

const args = typeof Deno !== 'undefined' ? Deno.args : process.argv.slice(2);
const subscription = JSON.parse(args[0]);
const vapid = await generateVapidKeys();
const reply = await webpush(subscription, JSON.stringify({ title: 'from the installed package' }), {
  vapidPrivateKey: vapid.privateKeyPem,
  vapidClaims: { sub: 'mailto:package-check@example.com' },
  ttl: 120,
});
console.log(`SENT ${reply.status} ${runtime.crypto}/${runtime.transport}`);
