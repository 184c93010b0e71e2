import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './client.ts';
import { GroupCommit } from './group-commit.ts';

describe('GroupCommit', () => {
  let dir: string;
  let database: OpenDatabase;
  const path = () => join(dir, 'app.db');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    database = openDatabase(path());
    database.sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
  });
  afterEach(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (text: string) => () =>
    database.sqlite.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid;
  /** What another connection (another process) sees: only committed rows. */
  const committedTexts = () => {
    const reader = new Database(path(), { readonly: true });
    try {
      return reader.prepare('SELECT text FROM notes ORDER BY id').pluck().all();
    } finally {
      reader.close();
    }
  };

  it('runs writes that arrive together in one transaction and answers after the commit', async () => {
    const writes = new GroupCommit(database.db);
    const seenInTransaction: boolean[] = [];
    const results = Promise.all(
      ['a', 'b', 'c'].map((text) =>
        writes.run(() => {
          seenInTransaction.push(database.sqlite.inTransaction);
          return insert(text)();
        }),
      ),
    );
    // Nothing runs before the end of the event-loop turn.
    expect(committedTexts()).toEqual([]);
    expect(await results).toEqual([1, 2, 3]);
    expect(seenInTransaction).toEqual([true, true, true]);
    expect(committedTexts()).toEqual(['a', 'b', 'c']);
    expect(database.sqlite.inTransaction).toBe(false);
  });

  it('rolls back a failing write alone and rejects only its caller', async () => {
    const writes = new GroupCommit(database.db);
    const outcomes = await Promise.allSettled([
      writes.run(insert('first')),
      writes.run(() => {
        insert('half-done')();
        throw new Error('device cap reached');
      }),
      writes.run(insert('first')), // UNIQUE constraint
      writes.run(insert('last')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('device cap reached'));
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain('UNIQUE constraint failed');
    expect(committedTexts()).toEqual(['first', 'last']);
  });

  it('flushes at once when a batch is full', async () => {
    const writes = new GroupCommit(database.db, 2);
    const first = writes.run(insert('one'));
    const second = writes.run(insert('two'));
    // The second write filled the batch: it committed synchronously, before this turn ends.
    expect(committedTexts()).toEqual(['one', 'two']);
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(await writes.run(insert('three'))).toBe(3);
  });

  it('rejects every write of a batch whose commit fails, and stores none of them', async () => {
    database.sqlite.pragma('busy_timeout = 50');
    const locker = new Database(path());
    locker.exec('BEGIN IMMEDIATE'); // another process holds the write lock past busy_timeout
    try {
      const writes = new GroupCommit(database.db);
      const outcomes = await Promise.allSettled([writes.run(insert('x')), writes.run(insert('y'))]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      expect(String((outcomes[0] as PromiseRejectedResult).reason)).toContain('database is locked');
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(committedTexts()).toEqual([]);
  });
});
