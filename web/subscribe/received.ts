import { byId, h } from '../lib/dom.ts';
import { formatTime } from '../lib/format.ts';
import { isPushMessage } from '../lib/push-payload.ts';
import { mergeReceived, type ReceivedPush } from '../lib/received-list.ts';
import { readReceived } from '../lib/received-store.ts';

/**
 * "Received pushes": what the service worker recorded before this page opened, then every push it
 * reports while the page is open.
 */
export class ReceivedView {
  private readonly list = byId('received', HTMLOListElement);
  private readonly empty = byId('received-empty', HTMLElement);
  private entries: ReceivedPush[] = [];

  async start(): Promise<void> {
    if (!('serviceWorker' in navigator)) return;
    // Listen before reading the store so nothing that arrives in between is missed; ids remove duplicates.
    navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = event.data;
      if (!isPushMessage(message)) return;
      this.add([{ id: message.id, receivedAt: message.receivedAt, payload: message.payload }]);
    });
    navigator.serviceWorker.startMessages();
    try {
      this.add(await readReceived());
    } catch (error) {
      console.warn('could not read stored pushes', error);
    }
  }

  private add(entries: ReceivedPush[]): void {
    this.entries = mergeReceived(this.entries, entries);
    this.list.replaceChildren(...this.entries.map((entry) => this.item(entry)));
    this.empty.hidden = this.entries.length > 0;
  }

  private item(entry: ReceivedPush): HTMLLIElement {
    const { payload } = entry;
    return h(
      'li',
      {
        class: 'received-item',
        'data-testid': 'received-item',
        'data-message-id': payload.messageId,
        'data-tag': payload.tag,
      },
      h('div', { class: 'received-title', 'data-testid': 'received-title' }, payload.title),
      payload.body && h('div', { class: 'received-body', 'data-testid': 'received-body' }, payload.body),
      h('time', { class: 'muted', datetime: entry.receivedAt }, formatTime(entry.receivedAt)),
    );
  }
}
