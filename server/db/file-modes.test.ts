import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';
import { setSetting } from './setting-store.ts';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('database file permissions', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'webpush-modes-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the folder 0700 and the database, -wal and -shm 0600 (whatever the umask allows)', () => {
    const path = join(dir, 'data', 'webpush.db');
    const database = openDatabase(path);
    setSetting(database.db, 'probe', 'x'); // a write with the file open: -wal and -shm exist now
    expect([modeOf(join(dir, 'data')), modeOf(path), modeOf(`${path}-wal`), modeOf(`${path}-shm`)]).toEqual([
      '700',
      '600',
      '600',
      '600',
    ]);
    database.close();
  });

  it('narrows an existing database and its -wal/-shm that others can read, and leaves an existing folder', () => {
    const folder = join(dir, 'shared');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    const path = join(folder, 'webpush.db');
    openDatabase(path).close();
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      writeFileSync(file, '', { flag: 'a' });
      chmodSync(file, 0o644);
    }
    const database = openDatabase(path);
    setSetting(database.db, 'probe', 'x');
    expect([modeOf(folder), modeOf(path), modeOf(`${path}-wal`), modeOf(`${path}-shm`)]).toEqual([
      '755',
      '600',
      '600',
      '600',
    ]);
    database.close();
  });
});
