/** What tests can assert afterwards: every accepted push and every request to an endpoint. */
import type { Urgency } from './push-headers.ts';

export type MessageState =
  'queued' | 'sent' | 'acked' | 'expired' | 'discarded' | 'cancelled' | 'replaced' | 'unregistered';

export interface MessageRecord {
  id: string;
  endpointId: string;
  channelID: string;
  uaid: string;
  receivedAt: number;
  ttl: number;
  urgency: Urgency;
  topic?: string;
  bodyLength: number;
  /** The sender's request headers, lower-cased. */
  headers: Record<string, string>;
  state: MessageState;
  /** How many times it went out over a WebSocket. */
  deliveries: number;
  /** The browser's ack code: 100 ok, 101 decryption failed, 102 not delivered. */
  ackCode?: number;
}

/** Every POST to a push endpoint and the status it got (0 = dropped without an answer). */
export interface RequestRecord {
  endpointId: string;
  at: number;
  status: number;
  errno?: number;
  messageId?: string;
}

/** Oldest entries go first beyond this, so a long dev session stays small. */
const MAX_ENTRIES = 10_000;

export class MessageLog {
  private readonly records = new Map<string, MessageRecord>();
  readonly requests: RequestRecord[] = [];

  add(record: MessageRecord): void {
    this.records.set(record.id, record);
    if (this.records.size > MAX_ENTRIES) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
  }

  /** Changes a record if it is still logged (a reset may have cleared it). */
  update(id: string, change: (record: MessageRecord) => void): void {
    const record = this.records.get(id);
    if (record) change(record);
  }

  messages(filter: { endpointId?: string; channelID?: string } = {}): MessageRecord[] {
    return [...this.records.values()].filter(
      (record) =>
        (filter.endpointId === undefined || record.endpointId === filter.endpointId) &&
        (filter.channelID === undefined || record.channelID === filter.channelID),
    );
  }

  addRequest(request: RequestRecord): void {
    this.requests.push(request);
    if (this.requests.length > MAX_ENTRIES) this.requests.shift();
  }

  clear(): void {
    this.records.clear();
    this.requests.length = 0;
  }
}
