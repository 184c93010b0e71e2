import type { KeyObject } from 'node:crypto';
import { generateVapidKeys, loadVapidKey } from '@starter-kit/webpush/node';
import type { Db } from '../db/client.ts';
import { getSetting, setSettingIfAbsent } from '../db/setting-store.ts';
import type { SettingStore } from '../db/store.ts';

const PRIVATE_KEY_SETTING = 'vapid_private_key_pem';

export interface VapidKeys {
  /** applicationServerKey for the browser: base64url of the 65-byte uncompressed point. */
  publicKey: string;
  privateKey: KeyObject;
  /** 'env': VAPID_PRIVATE_KEY; 'stored': from the database; 'generated': created by this start. */
  source: 'env' | 'stored' | 'generated';
}

/** The keys the environment gives (VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY); either may be unset. */
export interface VapidKeyInput {
  privateKey: string | undefined;
  publicKey: string | undefined;
}

/** The environment's keys cannot be used; the message names the variable and how to fix it. */
export class VapidKeyError extends Error {
  override name = 'VapidKeyError';
}

/**
 * The server's VAPID key pair. Changing it breaks every stored subscription, so it is generated
 * once, on first start, and kept in the settings table; VAPID_PRIVATE_KEY overrides it.
 */
export function loadOrCreateVapidKeys(db: Db, vapid: VapidKeyInput): VapidKeys {
  const stored = getSetting(db, PRIVATE_KEY_SETTING);
  if (vapid.privateKey) return fromEnv(stored, vapid.privateKey, vapid.publicKey);
  if (stored) return { ...loadVapidKey(stored), source: 'stored' };
  const { value, created } = setSettingIfAbsent(db, PRIVATE_KEY_SETTING, generateVapidKeys().privateKeyPem);
  return { ...loadVapidKey(value), source: created ? 'generated' : 'stored' };
}

/** loadOrCreateVapidKeys over the Store's settings (Postgres: the first instance to start makes the pair). */
export async function loadOrCreateVapidKeysIn(
  settings: SettingStore,
  vapid: VapidKeyInput,
): Promise<VapidKeys> {
  const stored = await settings.get(PRIVATE_KEY_SETTING);
  if (vapid.privateKey) return fromEnv(stored, vapid.privateKey, vapid.publicKey);
  if (stored) return { ...loadVapidKey(stored), source: 'stored' };
  const { value, created } = await settings.setIfAbsent(
    PRIVATE_KEY_SETTING,
    generateVapidKeys().privateKeyPem,
  );
  return { ...loadVapidKey(value), source: created ? 'generated' : 'stored' };
}

function fromEnv(stored: string | undefined, privateKey: string, publicKey: string | undefined): VapidKeys {
  let loaded: ReturnType<typeof loadVapidKey>;
  try {
    loaded = loadVapidKey(privateKey);
  } catch (error) {
    throw new VapidKeyError(
      `VAPID_PRIVATE_KEY could not be read (${(error as Error).message}). Use a PEM, or the base64url 32-byte key that \`npx webpush generate-vapid-keys\` prints.`,
    );
  }
  if (publicKey && publicKey.replace(/=+$/, '') !== loaded.publicKey) {
    throw new VapidKeyError(
      `VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY (the private key's public key is ${loaded.publicKey}). Fix it or unset VAPID_PUBLIC_KEY.`,
    );
  }
  if (stored && loadVapidKey(stored).publicKey !== loaded.publicKey) {
    console.warn(
      'Warning: VAPID_PRIVATE_KEY differs from the key pair stored in the database; subscriptions made with the stored key will fail.',
    );
  }
  return { ...loaded, source: 'env' };
}
