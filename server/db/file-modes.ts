import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Only the server's user may read the database: it holds the VAPID private key and the admin token's hash. */
export const DATABASE_FOLDER_MODE = 0o700;
export const DATABASE_FILE_MODE = 0o600;

/** The files SQLite keeps beside the database in WAL mode. */
const COMPANIONS = ['', '-wal', '-shm'];

/**
 * Prepares `path` before SQLite opens it: a missing folder is created 0700 (an existing one is left as it
 * is, it may be shared), a missing database file is created empty with 0600, and an existing database or
 * its -wal/-shm files readable by others are narrowed to 0600. SQLite creates -wal and -shm with the mode
 * of the database file, so they follow.
 */
export function prepareDatabaseFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: DATABASE_FOLDER_MODE });
  closeSync(openSync(path, 'a', DATABASE_FILE_MODE)); // the mode applies only if it creates the file
  for (const suffix of COMPANIONS) narrowMode(path + suffix);
}

function narrowMode(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    return; // not there (yet)
  }
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(file, mode & 0o700);
  } catch (error) {
    console.warn(`Could not make ${file} private (chmod 600): ${(error as Error).message}`);
  }
}
