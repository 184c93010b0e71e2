// Entry of the conformance suite under workerd: the Workers example itself, plus two routes of its own.
// `GET /conformance?sink=<origin>` answers the suite's report as JSON; `GET /many?sink=<origin>&n=<count>`
// answers sendMany's summary for `count` pushes without data sent from one request. Every other request goes to
// the example.
import { generateVapidKeys, sendMany } from '@starter-kit/webpush';
import example from '../../../examples/cloudflare-worker/src/worker.ts';
import { runSuite } from './suite.ts';

export default {
  async fetch(request: Request, env: Parameters<typeof example.fetch>[1]): Promise<Response> {
    const url = new URL(request.url);
    const sink = url.searchParams.get('sink') ?? '';
    if (url.pathname === '/conformance') return Response.json(await runSuite('workerd', sink));
    if (url.pathname === '/many') return Response.json(await sendManyFromOneRequest(sink, url));
    return example.fetch(request, env);
  },
};

/** A Worker's big fan-out: workerd lets one request hold 10,000 active timers, so none may outlive its push. */
async function sendManyFromOneRequest(sink: string, url: URL) {
  const count = Number(url.searchParams.get('n'));
  const vapid = await generateVapidKeys();
  const subscriptions = Array.from({ length: count }, (_, i) => ({ endpoint: `${sink}/many/${i}` }));
  let firstError: string | undefined;
  const summary = await sendMany(subscriptions, null, {
    vapidPrivateKey: vapid.privateKey,
    vapidClaims: { sub: 'mailto:conformance@example.com' },
    retries: 0,
    onResult: (result) => {
      if (result.outcome !== 'delivered') firstError ??= result.error?.message;
    },
  });
  return { ...summary, firstError };
}
