import Database from 'better-sqlite3';
import type { APIRequestContext } from '@playwright/test';
import type { Message } from '../../shared/api-types.ts';
import { E2E_ADMIN_TOKEN } from './constants.ts';

const admin = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

/** `POST /api/admin/messages` with the admin token; throws unless the answer is `expected`. */
export async function postMessage(
  request: APIRequestContext,
  appUrl: string,
  body: Record<string, unknown>,
  expected = 202,
): Promise<{ status: number; json: { message?: Message; error?: { field?: string; message: string } } }> {
  const response = await request.post(`${appUrl}/api/admin/messages`, { headers: admin, data: body });
  const json = (await response.json()) as { message?: Message; error?: { message: string } };
  if (response.status() !== expected)
    throw new Error(`POST /api/admin/messages: ${response.status()} ${JSON.stringify(json)}`);
  return { status: response.status(), json };
}

export async function messageById(request: APIRequestContext, appUrl: string, id: number): Promise<Message> {
  const response = await request.get(`${appUrl}/api/admin/messages/${id}`, { headers: admin });
  if (response.status() !== 200) throw new Error(`GET message ${id}: ${response.status()}`);
  return ((await response.json()) as { message: Message }).message;
}

/** A message's deliveries and counts as stored, read from the app's SQLite file beside the running server. */
export interface StoredReceipts {
  deliveries: {
    id: number;
    outcome: string;
    shownAt: number | null;
    clickedAt: number | null;
    clickedAction: string | null;
    closedAt: number | null;
  }[];
  counts: {
    status: string;
    total: number;
    delivered: number;
    shown: number;
    clicked: number;
    closed: number;
  };
}

export function storedReceipts(dbFile: string, messageId: number): StoredReceipts {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const deliveries = db
      .prepare(
        `SELECT id, outcome, shown_at AS shownAt, clicked_at AS clickedAt, clicked_action AS clickedAction,
                closed_at AS closedAt FROM deliveries WHERE message_id = ? ORDER BY id`,
      )
      .all(messageId) as StoredReceipts['deliveries'];
    const counts = db
      .prepare('SELECT status, total, delivered, shown, clicked, closed FROM messages WHERE id = ?')
      .get(messageId) as StoredReceipts['counts'];
    return { deliveries, counts };
  } finally {
    db.close();
  }
}

/** The receipt token a pushed payload carries (notification.data.receipt), or undefined. */
export function receiptTokenOf(payloadText: string): string | undefined {
  const payload = JSON.parse(payloadText) as { notification?: { data?: { receipt?: string } } };
  return payload.notification?.data?.receipt;
}
