import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/**
 * Builds a set of prepared statements once per database handle. The fan-out runs them once per
 * delivery, and building a Drizzle query costs many times more than running a prepared one (`npm run bench`
 * and `npm run bench:load` measure the paths that use them).
 */
export function perDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let statements = built.get(db);
    if (!statements) {
      statements = build(db);
      built.set(db, statements);
    }
    return statements;
  };
}

/**
 * A named parameter of a prepared SET clause. Drizzle's types take a placeholder there only inside
 * sql``, which binds the value as given: pass times as Unix milliseconds (how the schema stores them).
 */
export const param = (name: string) => sql`${sql.placeholder(name)}`;

/**
 * A transaction function made once and reused (better-sqlite3's own; called inside another transaction it
 * becomes a savepoint). Drizzle's `db.transaction()` builds a new wrapper and transaction object on every
 * call, which costs more than the writes of a subscribe.
 */
export function reusableTransaction<Args extends unknown[], Result>(
  db: Db,
  body: (...args: Args) => Result,
): (...args: Args) => Result {
  return db.$client.transaction(body);
}
