// A Cloudflare Worker that sends Web Push with @starter-kit/webpush (WebCrypto + fetch; no Node APIs).
//
//   GET  /vapid-public-key          the applicationServerKey for pushManager.subscribe()
//   POST /push                      {"subscription": PushSubscription.toJSON(), "payload"?: string, "ttl"?: n}
//                                   with "Authorization: Bearer <PUSH_TOKEN>"
//
// Secrets (`wrangler secret put`): VAPID_PRIVATE_KEY (PEM, base64 DER or the raw base64url scalar; make one
// with `npx webpush --gen-keys`) and PUSH_TOKEN. VAPID_SUBJECT (a mailto: or https: URL) is a var.
import { loadVapidKey, webpush, WebPushError, WebPushValidationError } from '@starter-kit/webpush';

export interface Env {
  VAPID_PRIVATE_KEY: string;
  VAPID_SUBJECT: string;
  PUSH_TOKEN: string;
}

interface PushBody {
  subscription?: unknown;
  payload?: unknown;
  ttl?: unknown;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (request.method === 'GET' && pathname === '/vapid-public-key') {
      const key = await loadVapidKey(env.VAPID_PRIVATE_KEY);
      return new Response(key.publicKey, { headers: { 'content-type': 'text/plain' } });
    }
    if (request.method === 'POST' && pathname === '/push') return push(request, env);
    return Response.json({ error: 'not found' }, { status: 404 });
  },
};

async function push(request: Request, env: Env): Promise<Response> {
  if (
    !env.PUSH_TOKEN ||
    !timingSafeEqual(request.headers.get('authorization') ?? '', `Bearer ${env.PUSH_TOKEN}`)
  ) {
    return Response.json({ error: 'a valid Authorization: Bearer token is required' }, { status: 401 });
  }
  let body: PushBody;
  try {
    body = (await request.json()) as PushBody;
  } catch {
    return Response.json({ error: 'the body must be JSON' }, { status: 400 });
  }
  if (body.payload !== undefined && typeof body.payload !== 'string') {
    return Response.json({ error: 'payload: must be a string' }, { status: 400 });
  }
  try {
    const reply = await webpush(body.subscription, body.payload, {
      vapidPrivateKey: env.VAPID_PRIVATE_KEY,
      vapidClaims: { sub: env.VAPID_SUBJECT },
      ...(typeof body.ttl === 'number' ? { ttl: body.ttl } : {}),
    });
    return Response.json({ status: reply.status });
  } catch (error) {
    if (error instanceof WebPushValidationError) {
      return Response.json({ error: error.message, field: error.field }, { status: 400 });
    }
    if (error instanceof WebPushError) {
      // 404/410: the subscription is gone; the app should delete it.
      return Response.json(
        { error: error.message, status: error.status, gone: error.isGone },
        { status: 502 },
      );
    }
    throw error;
  }
}

/** Compares without an early exit, so the response time does not reveal how much of the token matched. */
function timingSafeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
