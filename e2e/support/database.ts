import Database from 'better-sqlite3';

export interface StoredSubscription {
  endpoint: string;
  contentEncoding: 'aes128gcm' | 'aesgcm';
  userName: string;
}

/** Reads an app's SQLite file directly (read-only, beside the running server), to check what it stored. */
function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const SUBSCRIPTIONS = `
  SELECT s.endpoint AS endpoint, s.content_encoding AS contentEncoding, u.name AS userName
  FROM subscriptions s JOIN users u ON u.id = s.user_id`;

export function subscriptionsOfUser(file: string, userName: string): StoredSubscription[] {
  return query(file, `${SUBSCRIPTIONS} WHERE u.name = ? ORDER BY s.id`, userName);
}

export function subscriptionsWithEndpoint(file: string, endpoint: string): StoredSubscription[] {
  return query(file, `${SUBSCRIPTIONS} WHERE s.endpoint = ?`, endpoint);
}
