// The settings table: server-wide values made on first start (the VAPID key pair, the admin token's hash).
import { eq } from 'drizzle-orm';
import type { Db } from './client.ts';
import { settings } from './schema.ts';

export function getSetting(db: Db, key: string): string | undefined {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value;
}

/** A reader of one key that runs a statement prepared once (for values read on every request). */
export function settingReader(db: Db, key: string): () => string | undefined {
  const query = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).prepare();
  return () => query.get()?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  const updatedAt = new Date();
  db.insert(settings)
    .values({ key, value, updatedAt })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt } })
    .run();
}

/** Stores `value` unless the key exists; returns what is stored (so two first starts agree). */
export function setSettingIfAbsent(db: Db, key: string, value: string): { value: string; created: boolean } {
  const result = db
    .insert(settings)
    .values({ key, value, updatedAt: new Date() })
    .onConflictDoNothing()
    .run();
  return { value: getSetting(db, key) ?? value, created: result.changes === 1 };
}
