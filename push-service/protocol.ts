/**
 * Mozilla's push WebSocket protocol toward browsers, as Firefox 153 speaks it (../shared/DESIGN.md):
 * hello (uaid, use_webpush), register/unregister, notification, ack/nack, and "{}" pings.
 */
import { WebSocket } from 'ws';
import type { PushStore, QueuedMessage } from './store.ts';
import { decodePublicKey } from './vapid-verify.ts';

export const SUBPROTOCOL = 'push-notification';
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

type Frame = Record<string, unknown>;

interface Connection {
  ws: WebSocket;
  uaid?: string;
}

export class BrowserHub {
  /** The one live socket per uaid; a newer hello with the same uaid replaces the older socket. */
  private readonly online = new Map<string, WebSocket>();

  constructor(
    private readonly store: PushStore,
    private readonly endpointUrl: (endpointId: string) => string,
    private readonly log: (line: string) => void,
  ) {}

  accept(ws: WebSocket): void {
    const connection: Connection = { ws };
    ws.on('message', (data, isBinary) => {
      if (isBinary) return this.fail(connection, 'binary frames are not part of the protocol');
      this.onFrame(connection, data.toString());
    });
    ws.on('close', () => {
      if (connection.uaid && this.online.get(connection.uaid) === ws) this.online.delete(connection.uaid);
    });
    ws.on('error', () => ws.terminate());
  }

  isOnline(uaid: string): boolean {
    return this.online.get(uaid)?.readyState === WebSocket.OPEN;
  }

  /** Sends the message if its browser is connected; it stays queued until acked either way. */
  deliver(message: QueuedMessage): boolean {
    const ws = this.online.get(message.channel.uaid);
    if (ws?.readyState !== WebSocket.OPEN) return false;
    const frame: Frame = {
      messageType: 'notification',
      channelID: message.channel.channelID,
      version: message.id,
    };
    if (message.data) {
      frame.data = message.data.toString('base64url');
      frame.headers = message.notificationHeaders ?? {};
    }
    send(ws, frame);
    this.store.markSent(message);
    return true;
  }

  closeAll(): void {
    for (const ws of this.online.values()) ws.terminate();
    this.online.clear();
  }

  private onFrame(connection: Connection, text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return this.fail(connection, 'frame is not JSON');
    }
    if (!frame || typeof frame !== 'object' || Array.isArray(frame))
      return this.fail(connection, 'frame is not an object');
    const message = frame as Frame;
    if (Object.keys(message).length === 0) return send(connection.ws, {}); // ping
    if (message.messageType === 'hello') return this.hello(connection, message);
    const uaid = connection.uaid;
    if (!uaid) return this.fail(connection, `"${String(message.messageType)}" before hello`);
    switch (message.messageType) {
      case 'register':
        return this.register(connection.ws, uaid, message);
      case 'unregister':
        this.store.unregister(uaid, String(message.channelID));
        this.log(`unregister ${String(message.channelID)}`);
        return send(connection.ws, { messageType: 'unregister', channelID: message.channelID, status: 200 });
      case 'ack':
        for (const update of Array.isArray(message.updates) ? (message.updates as Frame[]) : []) {
          const code = typeof update.code === 'number' ? update.code : 100;
          this.store.ack(uaid, String(update.channelID), String(update.version), code);
        }
        return;
      default:
        // nack, broadcast_subscribe and anything newer: nothing to do for a local service.
        return;
    }
  }

  private hello(connection: Connection, message: Frame): void {
    if (connection.uaid) return this.fail(connection, 'second hello on one connection');
    const asked = typeof message.uaid === 'string' ? message.uaid : '';
    // An unknown uaid (e.g. after a restart) gets a fresh one: Firefox then drops its old subscriptions.
    const uaid = asked && this.store.hasUser(asked) ? asked : this.store.createUser();
    connection.uaid = uaid;
    const previous = this.online.get(uaid);
    if (previous && previous !== connection.ws) previous.close(1000, 'replaced by a newer connection');
    this.online.set(uaid, connection.ws);
    send(connection.ws, { messageType: 'hello', uaid, status: 200, use_webpush: true, broadcasts: {} });
    this.log(`browser ${uaid} connected${uaid === asked ? ' again' : ''}`);
    // Queued and unacknowledged messages go out again on every (re)connect.
    for (const queued of this.store.pending(uaid)) this.deliver(queued);
  }

  private register(ws: WebSocket, uaid: string, message: Frame): void {
    const { channelID, key } = message;
    const reply = (status: number, extra: Frame = {}) =>
      send(ws, { messageType: 'register', channelID, status, ...extra });
    if (typeof channelID !== 'string' || !UUID.test(channelID))
      return reply(400, { error: 'channelID must be a UUID' });
    let appServerKey: Buffer | null = null;
    if (key !== undefined && key !== null && key !== '') {
      try {
        appServerKey = decodePublicKey(String(key), 'key');
      } catch (error) {
        return reply(400, { error: (error as Error).message });
      }
    }
    const channel = this.store.register(uaid, channelID, appServerKey);
    this.log(`register ${channelID} -> ${this.endpointUrl(channel.endpointId)}`);
    reply(200, { pushEndpoint: this.endpointUrl(channel.endpointId) });
  }

  private fail(connection: Connection, reason: string): void {
    this.log(`closing a browser connection: ${reason}`);
    connection.ws.close(1008, reason.slice(0, 120));
  }
}

function send(ws: WebSocket, frame: Frame): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}
