// The same send inside workerd, bundled from the installed package with the Workers conditions:
// `GET /?subscription=<JSON>` answers `SENT <status> <crypto>/<transport>`.
import { generateVapidKeys, runtime, webpush } from '@starter-kit/webpush';

export default {
  async fetch(request) {
    const subscription = new URL(request.url).searchParams.get('subscription');
    if (!subscription) return new Response('ready');
    const vapid = await generateVapidKeys();
    const reply = await webpush(
      JSON.parse(subscription),
      JSON.stringify({ title: 'from the installed package' }),
      {
        vapidPrivateKey: vapid.privateKey,
        vapidClaims: { sub: 'mailto:package-check@example.com' },
        ttl: 120,
      },
    );
    return new Response(`SENT ${reply.status} ${runtime.crypto}/${runtime.transport}`);
  },
};
