/**
 * A browser stand-in: speaks Mozilla's push WebSocket protocol over a real socket, as Firefox does. Tests use it,
 * and so does the sandbox example (`npm run example`).
 */
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';

export type Frame = Record<string, unknown> & { messageType?: string };

export class FakeBrowser {
  uaid = '';
  closeCode: number | undefined;
  private readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  /** Opens a socket with the `push-notification` subprotocol and says hello (with a uaid to resume). */
  static async connect(wsUrl: string, uaid?: string): Promise<FakeBrowser> {
    const browser = await FakeBrowser.open(wsUrl);
    browser.send({ messageType: 'hello', broadcasts: {}, use_webpush: true, ...(uaid && { uaid }) });
    browser.uaid = String((await browser.next('hello')).uaid);
    return browser;
  }

  /** A socket that has not said hello yet. */
  static async open(wsUrl: string): Promise<FakeBrowser> {
    const ws = new WebSocket(wsUrl, 'push-notification');
    await once(ws, 'open');
    return new FakeBrowser(ws);
  }

  send(frame: Frame | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame of this messageType ('ping' for `{}`), waiting for it if needed. */
  async next(type: string): Promise<Frame> {
    for (;;) {
      const at = this.frames.findIndex((frame) => (frame.messageType ?? 'ping') === type);
      if (at !== -1) return this.frames.splice(at, 1)[0] as Frame;
      if (this.closeCode !== undefined)
        throw new Error(`socket closed (${this.closeCode}) while waiting for ${type}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Everything of this type received so far. Call sync() first: the server answers in order. */
  take(type: string): Frame[] {
    const taken = this.frames.filter((frame) => (frame.messageType ?? 'ping') === type);
    this.frames.splice(0, this.frames.length, ...this.frames.filter((frame) => !taken.includes(frame)));
    return taken;
  }

  /** Round-trips a `{}` ping, so every frame the server sent before it has arrived. */
  async sync(): Promise<void> {
    this.send({});
    await this.next('ping');
  }

  async register(
    key?: string,
    channelID: string = randomUUID(),
  ): Promise<{ channelID: string; endpoint: string }> {
    this.send({ messageType: 'register', channelID, ...(key !== undefined && { key }) });
    const reply = await this.next('register');
    if (reply.status !== 200) throw new Error(`register failed: ${JSON.stringify(reply)}`);
    return { channelID, endpoint: String(reply.pushEndpoint) };
  }

  ack(channelID: string, version: string, code = 100): void {
    this.send({ messageType: 'ack', updates: [{ channelID, version, code }] });
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = once(this.ws, 'close');
    this.ws.close();
    await closed;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
