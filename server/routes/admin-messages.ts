import { Hono, type Context } from 'hono';
import { requireAdmin } from '../auth/admin-session.ts';
import type { AdminToken } from '../auth/admin-token.ts';
import type { MessageRow } from '../db/message-store.ts';
import type { Store } from '../db/store.ts';
import { clientOf } from '../http/client-info.ts';
import { ApiException, notFound, validationFailed } from '../http/errors.ts';
import { toDelivery, toMessage } from '../http/serialize.ts';
import { idParam, jsonBody } from '../http/validate.ts';
import { enqueueMessage, scheduleMessage } from '../push/enqueue-message.ts';
import type { Fanout } from '../push/fanout.ts';
import { messageContent } from '../push/new-message.ts';
import { pushServiceOf } from '../push/push-service.ts';
import type { Scheduler } from '../push/scheduler.ts';
import { funnelRates, type FunnelCounts } from '../../shared/funnel.ts';
import type { MessageFunnel } from '../../shared/api-types.ts';
import { parseInstant, scheduleProblem } from '../validation/schedule.ts';
import { deliveryPageQuery, deliveryPageRequest } from '../validation/delivery-page-query.ts';
import { messageBodySchema } from '../validation/message.ts';
import { payloadTooLarge } from '../validation/payload-size.ts';

export interface AdminMessageRouteDeps {
  store: Store;
  adminToken: AdminToken;
  fanout: Fanout;
  scheduler: Pick<Scheduler, 'wake'>;
}

/** How many messages the history returns, newest first. */
const HISTORY_LENGTH = 100;

/** Compose, send (as a background job) and inspect messages. */
export function adminMessageRoutes({ store, adminToken, fanout, scheduler }: AdminMessageRouteDeps) {
  return new Hono()
    .use(requireAdmin(store.sessions, adminToken))
    .post('/', jsonBody(messageBodySchema), async (c) => {
      const body = c.req.valid('json');
      const origin = siteOrigin(c);
      // The schema checked the form; the clock decides whether the times are still ahead.
      const sendAt = body.sendAt ? parseInstant(body.sendAt) : null;
      const expiresAt = body.expiresAt ? parseInstant(body.expiresAt) : null;
      const problem = scheduleProblem({ sendAt, expiresAt }, new Date());
      if (problem) throw validationFailed(problem.field, problem.message);
      // Each field fits its own limit yet together they may not fit one encrypted push.
      const tooLarge = payloadTooLarge(messageContent(body), origin);
      if (tooLarge) throw validationFailed(tooLarge.field, `${tooLarge.field} ${tooLarge.rule}`);
      if (body.target.type === 'users') await checkUsersExist(store, body.target.userIds);
      if (sendAt) {
        const scheduled = await scheduleMessage(store, body, origin, sendAt, expiresAt);
        scheduler.wake();
        return c.json({ message: toMessage(scheduled) }, 202);
      }
      // On Postgres the store's NOTIFY also tells the other instances, which share the sending.
      const message = await enqueueMessage(store, body, origin, expiresAt);
      if (message.status !== 'done') fanout.enqueue(message.id);
      return c.json({ message: toMessage(message) }, 202);
    })
    .post('/:id/cancel', idParam, async (c) => {
      const { id } = c.req.valid('param');
      const cancelled = await store.schedules.cancel(id);
      if (!cancelled) throw notScheduled(id, await store.messages.byId(id));
      scheduler.wake();
      return c.json({ message: toMessage(cancelled) }, 200);
    })
    .post('/:id/send-now', idParam, async (c) => {
      // The same claim the scheduler makes: a message already started (by its time, or a second click) is 409.
      const { id } = c.req.valid('param');
      const [started] = await store.schedules.claim({ id }, pushServiceOf);
      if (!started) throw notScheduled(id, await store.messages.byId(id));
      if (started.status !== 'done') fanout.enqueue(started.id);
      scheduler.wake();
      return c.json({ message: toMessage(started) }, 202);
    })
    .get('/:id/funnel', idParam, async (c) => {
      const { id } = c.req.valid('param');
      const message = await store.messages.byId(id);
      if (!message) throw notFound(`message ${id} does not exist`);
      return c.json(await funnelOf(store, message), 200);
    })
    .get('/', async (c) => {
      return c.json({ messages: (await store.messages.recent(HISTORY_LENGTH)).map(toMessage) }, 200);
    })
    .get('/:id', idParam, deliveryPageQuery, async (c) => {
      // One page of deliveries (default the first 500 in id order); the counts are in the message.
      const { id } = c.req.valid('param');
      const message = await store.messages.byId(id);
      if (!message) throw notFound(`message ${id} does not exist`);
      const page = await store.deliveries.page(id, deliveryPageRequest(c.req.valid('query')));
      return c.json(
        { message: toMessage(message), deliveries: page.rows.map(toDelivery), nextAfter: page.nextAfter },
        200,
      );
    });
}

/**
 * The site's origin as the admin sees it, to make the message's relative links absolute (the declarative
 * format needs absolute ones): the page's Origin header, else the host the request was addressed to.
 */
function siteOrigin(c: Context): string {
  const origin = c.req.header('origin');
  if (origin && /^https?:\/\/[^/]+$/i.test(origin)) {
    try {
      return new URL(origin).origin;
    } catch {
      // not a usable origin: fall through to the request's host
    }
  }
  const client = clientOf(c);
  return new URL(`${client.secure ? 'https' : 'http'}://${client.host}`).origin;
}

async function checkUsersExist(store: Store, userIds: readonly number[]): Promise<void> {
  const found = await store.users.existingIds(userIds);
  const index = userIds.findIndex((id) => !found.has(id));
  if (index >= 0) {
    throw validationFailed(
      `target.userIds[${index}]`,
      `target.userIds[${index}] names user ${userIds[index]}, who does not exist`,
    );
  }
}

function notScheduled(id: number, message: MessageRow | undefined): ApiException {
  if (!message) return notFound(`message ${id} does not exist`);
  return new ApiException(
    409,
    'conflict',
    `message ${id} is not scheduled (its status is ${message.status})`,
  );
}

/** Counts and rates from the message's row, the over-time curve from its deliveries' times. */
async function funnelOf(store: Store, message: MessageRow): Promise<MessageFunnel> {
  const counts: FunnelCounts = {
    total: message.total,
    accepted: message.delivered,
    shown: message.shown,
    clicked: message.clicked,
    closed: message.closed,
    expired: message.expired,
    failed: message.failed,
    pending: message.total - message.delivered - message.expired - message.failed,
  };
  const start = message.startedAt ?? message.createdAt;
  const until = message.status === 'done' ? (message.finishedAt ?? start) : new Date();
  const timeline = message.startedAt
    ? (await store.funnel.timeline(message.id, start, until)).map((point) => ({
        ...point,
        at: point.at.toISOString(),
      }))
    : [];
  return { counts, rates: funnelRates(counts), timeline };
}
