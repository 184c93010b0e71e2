import type pg from 'pg';

/** Runs `work` on one pooled connection inside BEGIN/COMMIT; any error rolls back and is rethrown. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const DEADLOCK = '40P01';

/**
 * inTransaction, run again when Postgres broke a deadlock by aborting it. Two instances writing rows in
 * different orders (outcomes of two messages to the same devices) can deadlock; the work is idempotent.
 */
export async function inTransactionRetryingDeadlocks<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(pool, work);
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= attempts) throw error;
    }
  }
}
