import type pg from 'pg';

export interface SeededMessage {
  messageId: number;
  /** Delivery ids in id order. */
  deliveryIds: number[];
}

/**
 * A queued message to `devices` devices of one user (every third one aesgcm, the rest aes128gcm), with a
 * pending delivery each, written in a few set-based statements (thousands of rows in milliseconds).
 */
export async function seedMessage(pool: pg.Pool, devices: number, name = 'user'): Promise<SeededMessage> {
  const user = await pool.query<{ id: number }>(
    'INSERT INTO users (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id',
    [name],
  );
  const userId = user.rows[0]!.id;
  const message = await pool.query<{ id: number }>(
    `INSERT INTO messages (title, body, ttl, urgency, target, status, total)
     VALUES ('t', 'b', 60, 'normal', '{"type":"all"}', 'queued', $1) RETURNING id`,
    [devices],
  );
  const messageId = message.rows[0]!.id;
  await pool.query(
    `INSERT INTO subscriptions (user_id, endpoint, p256dh, auth, content_encoding, updated_at)
     SELECT $1, 'http://127.0.0.1:9/push/' || $3 || '/' || n, 'p256dh-' || n, 'auth-' || n,
            CASE WHEN n % 3 = 0 THEN 'aesgcm' ELSE 'aes128gcm' END, now()
     FROM generate_series(1, $2::int) AS n
     ON CONFLICT (endpoint) DO NOTHING`,
    [userId, devices, name],
  );
  const rows = await pool.query<{ id: number }>(
    `INSERT INTO deliveries (message_id, subscription_id, push_service, user_id, user_name, updated_at)
     SELECT $1, s.id, 'http://127.0.0.1:9', s.user_id, $3, now()
     FROM subscriptions s WHERE s.user_id = $2 ORDER BY s.id
     RETURNING id::float8 AS id`,
    [messageId, userId, name],
  );
  return { messageId, deliveryIds: rows.rows.map((row) => row.id).sort((a, b) => a - b) };
}
