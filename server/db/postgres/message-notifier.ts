// "A message was created": LISTEN/NOTIFY between the instances sharing one database, so the one that did
// not take the admin's request starts sending within a moment instead of at its next poll.
import pg from 'pg';

export const MESSAGE_CREATED_CHANNEL = 'webpush_message_created';

/** Anything that runs a query: the pool, or a transaction's client (the notice then goes out at COMMIT). */
export interface Queryable {
  query(text: string, values: unknown[]): Promise<unknown>;
}

/** Tells every listening instance that message `messageId` waits to be sent. */
export async function notifyMessageCreated(db: Queryable, messageId: number): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [MESSAGE_CREATED_CHANNEL, String(messageId)]);
}

export interface MessageListenerOptions {
  /** Called with each message id announced (by any instance, this one included). */
  onMessage(messageId: number): void;
  /**
   * Called after the connection was lost and listening again: notices sent in between are lost, so the
   * caller looks for unfinished messages itself.
   */
  onReconnect?(): void;
  /** Wait before reconnecting (default 1,000 ms). */
  retryMs?: number;
}

/**
 * Listens on a connection of its own (a pooled one would be handed to other queries). A lost connection
 * is replaced after `retryMs`, forever, until close().
 */
export class MessageListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  private constructor(
    private readonly url: string,
    private readonly options: MessageListenerOptions,
  ) {}

  /** Resolves once LISTEN is in place (a notice sent after that arrives); rejects if the first connect fails. */
  static async start(url: string, options: MessageListenerOptions): Promise<MessageListener> {
    const listener = new MessageListener(url, options);
    await listener.connect();
    return listener;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', ({ channel, payload }) => {
      const id = Number(payload);
      if (channel === MESSAGE_CREATED_CHANNEL && Number.isSafeInteger(id) && id > 0)
        this.options.onMessage(id);
    });
    // 'error' comes before 'end' when the server drops the connection; both lead to one reconnect.
    client.on('error', (error) => console.error(`postgres listener: ${error.message}; reconnecting`));
    client.once('end', () => {
      if (this.client === client) this.reconnectLater();
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${MESSAGE_CREATED_CHANNEL}`);
    } catch (error) {
      if (this.client === client) this.client = undefined;
      await client.end().catch(() => {});
      throw error;
    }
  }

  private reconnectLater(): void {
    this.client = undefined;
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.connect().then(
        () => (this.closed ? void this.close() : this.options.onReconnect?.()),
        (error: Error) => {
          console.error(`postgres listener: could not reconnect: ${error.message}`);
          this.reconnectLater();
        },
      );
    }, this.options.retryMs ?? 1000);
    this.retry.unref();
  }
}
