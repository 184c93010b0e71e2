/** In-memory state of the push service: browsers (uaids), their channels, queued messages, logs. */
import { randomBytes, randomUUID } from 'node:crypto';
import { MessageLog, type MessageRecord, type MessageState, type RequestRecord } from './message-log.ts';
import type { Urgency } from './push-headers.ts';

export interface Channel {
  uaid: string;
  channelID: string;
  /** The last path segment of the push endpoint. */
  endpointId: string;
  /** The applicationServerKey given at register (65 bytes), or null when the page gave none. */
  appServerKey: Buffer | null;
  active: boolean;
}

export interface QueuedMessage {
  /** Also the `version` the browser acks and the `/m/<id>` message resource. */
  id: string;
  channel: Channel;
  data: Buffer | null;
  notificationHeaders?: Record<string, string>;
  ttl: number;
  topic?: string;
  urgency: Urgency;
  expiresAt: number;
}

export class PushStore {
  private readonly users = new Map<string, Map<string, Channel>>();
  private readonly channelsByEndpoint = new Map<string, Channel>();
  private readonly queues = new Map<string, QueuedMessage[]>();
  /** Accepted pushes and endpoint requests, for assertions; clearing it leaves the queues alone. */
  readonly log = new MessageLog();

  constructor(readonly now: () => number = Date.now) {}

  createUser(): string {
    const uaid = randomUUID().replaceAll('-', '');
    this.users.set(uaid, new Map());
    return uaid;
  }

  hasUser(uaid: string): boolean {
    return this.users.has(uaid);
  }

  register(uaid: string, channelID: string, appServerKey: Buffer | null): Channel {
    const channels = this.users.get(uaid);
    if (!channels) throw new Error(`unknown uaid ${uaid}`);
    const existing = channels.get(channelID);
    if (existing?.active) return existing;
    const channel: Channel = {
      uaid,
      channelID,
      endpointId: randomBytes(24).toString('base64url'),
      appServerKey,
      active: true,
    };
    channels.set(channelID, channel);
    this.channelsByEndpoint.set(channel.endpointId, channel);
    return channel;
  }

  /** The endpoint stays known so that senders get 410 "unregistered" rather than "unknown". */
  unregister(uaid: string, channelID: string): boolean {
    const channel = this.users.get(uaid)?.get(channelID);
    if (!channel?.active) return false;
    channel.active = false;
    this.removeQueued(uaid, (message) => message.channel === channel, 'unregistered');
    return true;
  }

  channelByEndpoint(endpointId: string): Channel | undefined {
    return this.channelsByEndpoint.get(endpointId);
  }

  channelsOf(uaid: string): Channel[] {
    return [...(this.users.get(uaid)?.values() ?? [])];
  }

  uaids(): string[] {
    return [...this.users.keys()];
  }

  /** Logs an accepted push; queues it unless `keep` is false (TTL 0 to an offline browser). */
  accept(
    message: Omit<QueuedMessage, 'id' | 'expiresAt'>,
    headers: Record<string, string>,
    keep: boolean,
  ): QueuedMessage {
    const receivedAt = this.now();
    const queued: QueuedMessage = {
      ...message,
      id: randomBytes(16).toString('base64url'),
      expiresAt: receivedAt + message.ttl * 1000,
    };
    const { channel } = message;
    if (queued.topic !== undefined) {
      // RFC 8030 §5.4: a new message with the same topic replaces the pending one.
      this.removeQueued(
        channel.uaid,
        (old) => old.channel === channel && old.topic === queued.topic,
        'replaced',
      );
    }
    this.log.add({
      id: queued.id,
      endpointId: channel.endpointId,
      channelID: channel.channelID,
      uaid: channel.uaid,
      receivedAt,
      ttl: queued.ttl,
      urgency: queued.urgency,
      ...(queued.topic !== undefined && { topic: queued.topic }),
      bodyLength: queued.data?.length ?? 0,
      headers,
      state: keep ? 'queued' : 'discarded',
      deliveries: 0,
    });
    if (keep) this.queueOf(channel.uaid).push(queued);
    return queued;
  }

  /** Queued messages still within their TTL, oldest first; expired ones are dropped here. */
  pending(uaid: string): QueuedMessage[] {
    const now = this.now();
    this.removeQueued(uaid, (message) => message.expiresAt <= now, 'expired');
    return [...this.queueOf(uaid)];
  }

  markSent(message: QueuedMessage): void {
    this.log.update(message.id, (record) => {
      record.deliveries += 1;
      if (record.state === 'queued') record.state = 'sent';
    });
  }

  /** Any ack ends the message (autopush does the same); the code is kept for assertions. */
  ack(uaid: string, channelID: string, version: string, code: number): boolean {
    const removed = this.removeQueued(
      uaid,
      (m) => m.id === version && m.channel.channelID === channelID,
      'acked',
    );
    if (removed) this.log.update(version, (record) => (record.ackCode = code));
    return removed;
  }

  /** RFC 8030 §7.4: the sender cancels a message that was not delivered yet. */
  cancel(messageId: string): boolean {
    for (const [uaid, queue] of this.queues) {
      if (queue.some((message) => message.id === messageId)) {
        return this.removeQueued(uaid, (message) => message.id === messageId, 'cancelled');
      }
    }
    return false;
  }

  messages(filter: { endpointId?: string; channelID?: string } = {}): MessageRecord[] {
    return this.log.messages(filter);
  }

  get requests(): readonly RequestRecord[] {
    return this.log.requests;
  }

  logRequest(request: Omit<RequestRecord, 'at'>): void {
    this.log.addRequest({ ...request, at: this.now() });
  }

  private queueOf(uaid: string): QueuedMessage[] {
    let queue = this.queues.get(uaid);
    if (!queue) this.queues.set(uaid, (queue = []));
    return queue;
  }

  private removeQueued(
    uaid: string,
    match: (message: QueuedMessage) => boolean,
    state: MessageState,
  ): boolean {
    const queue = this.queueOf(uaid);
    const keep: QueuedMessage[] = [];
    for (const message of queue) {
      if (!match(message)) {
        keep.push(message);
        continue;
      }
      this.log.update(message.id, (record) => (record.state = state));
    }
    this.queues.set(uaid, keep);
    return keep.length !== queue.length;
  }
}
