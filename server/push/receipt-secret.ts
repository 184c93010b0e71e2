import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { getSetting, setSettingIfAbsent } from '../db/setting-store.ts';
import type { SettingStore } from '../db/store.ts';

const RECEIPT_SECRET_SETTING = 'receipt_hmac_secret';

/**
 * The key receipt tokens are signed with (receipt-token.ts). Made on first start and kept in the settings
 * table like the VAPID keys, so tokens in notifications still shown keep working after a restart; deleting the
 * setting makes every outstanding token worthless (their receipts are then ignored).
 */
export function loadOrCreateReceiptSecret(db: Db): Buffer {
  const stored = getSetting(db, RECEIPT_SECRET_SETTING);
  if (stored) return Buffer.from(stored, 'base64url');
  const { value } = setSettingIfAbsent(db, RECEIPT_SECRET_SETTING, randomBytes(32).toString('base64url'));
  return Buffer.from(value, 'base64url');
}

/** loadOrCreateReceiptSecret over the Store's settings (Postgres: one secret for every instance). */
export async function loadOrCreateReceiptSecretIn(settings: SettingStore): Promise<Buffer> {
  const stored = await settings.get(RECEIPT_SECRET_SETTING);
  if (stored) return Buffer.from(stored, 'base64url');
  const { value } = await settings.setIfAbsent(RECEIPT_SECRET_SETTING, randomBytes(32).toString('base64url'));
  return Buffer.from(value, 'base64url');
}
