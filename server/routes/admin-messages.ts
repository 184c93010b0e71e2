import { Hono, type Context } from 'hono';
import { requireAdmin } from '../auth/admin-session.ts';
import type { AdminToken } from '../auth/admin-token.ts';
import type { Db } from '../db/client.ts';
import { deliveryPage } from '../db/delivery-store.ts';
import { messageById, recentMessages } from '../db/message-store.ts';
import { existingUserIds } from '../db/user-store.ts';
import { clientOf } from '../http/client-info.ts';
import { notFound, validationFailed } from '../http/errors.ts';
import { toDelivery, toMessage } from '../http/serialize.ts';
import { idParam, jsonBody } from '../http/validate.ts';
import { enqueueMessage } from '../push/enqueue-message.ts';
import type { Fanout } from '../push/fanout.ts';
import { messageContent } from '../push/new-message.ts';
import { deliveryPageQuery, deliveryPageRequest } from '../validation/delivery-page-query.ts';
import { messageBodySchema } from '../validation/message.ts';
import { payloadTooLarge } from '../validation/payload-size.ts';

export interface AdminMessageRouteDeps {
  db: Db;
  adminToken: AdminToken;
  fanout: Fanout;
}

/** How many messages the history returns, newest first. */
const HISTORY_LENGTH = 100;

/** Compose, send (as a background job) and inspect messages. */
export function adminMessageRoutes({ db, adminToken, fanout }: AdminMessageRouteDeps) {
  return new Hono()
    .use(requireAdmin(db, adminToken))
    .post('/', jsonBody(messageBodySchema), (c) => {
      const body = c.req.valid('json');
      const origin = siteOrigin(c);
      // Each field fits its own limit yet together they may not fit one encrypted push.
      const tooLarge = payloadTooLarge(messageContent(body), origin);
      if (tooLarge) throw validationFailed(tooLarge.field, `${tooLarge.field} ${tooLarge.rule}`);
      if (body.target.type === 'users') checkUsersExist(db, body.target.userIds);
      const message = enqueueMessage(db, body, origin);
      if (message.status !== 'done') fanout.enqueue(message.id);
      return c.json({ message: toMessage(message) }, 202);
    })
    .get('/', (c) => {
      return c.json({ messages: recentMessages(db, HISTORY_LENGTH).map(toMessage) }, 200);
    })
    .get('/:id', idParam, deliveryPageQuery, (c) => {
      // One page of deliveries (default the first 500 in id order); the counts are in the message.
      const { id } = c.req.valid('param');
      const message = messageById(db, id);
      if (!message) throw notFound(`message ${id} does not exist`);
      const page = deliveryPage(db, id, deliveryPageRequest(c.req.valid('query')));
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

function checkUsersExist(db: Db, userIds: readonly number[]): void {
  const found = existingUserIds(db, userIds);
  const index = userIds.findIndex((id) => !found.has(id));
  if (index >= 0) {
    throw validationFailed(
      `target.userIds[${index}]`,
      `target.userIds[${index}] names user ${userIds[index]}, who does not exist`,
    );
  }
}
