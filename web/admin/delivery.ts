import type { Delivery, Message } from '../../shared/api-types.ts';
import { api, call } from '../api.ts';
import { byId, h } from '../lib/dom.ts';
import { pushServiceName } from '../lib/format.ts';
import { OUTCOME_MEANINGS, progressOf, summaryText, targetText } from './send-summary.ts';
import { clearError, type ShowError } from './show-error.ts';

const POLL_INTERVAL_MS = 300;

/** The delivery panel: polls one message until it is done, with a progress bar and a row per device. */
export class DeliveryView {
  private readonly panel = byId('send-panel', HTMLElement);
  private readonly idle = byId('send-idle', HTMLElement);
  private readonly details = byId('send-details', HTMLElement);
  private readonly label = byId('send-label', HTMLElement);
  private readonly progress = byId('send-progress', HTMLProgressElement);
  private readonly summary = byId('send-summary', HTMLElement);
  private readonly results = byId('results-body', HTMLTableSectionElement);
  private readonly error = byId('send-error', HTMLElement);
  // Each track() call gets a number; a newer call makes older polling loops stop.
  private generation = 0;

  constructor(
    private readonly userNames: () => ReadonlyMap<number, string>,
    private readonly showError: ShowError,
  ) {}

  /**
   * Shows a message's deliveries, polling until the send is done. Resolves with the finished message, or
   * null when polling stopped first (an error, or another message was picked).
   */
  async track(messageId: number): Promise<Message | null> {
    const generation = ++this.generation;
    clearError(this.error);
    for (;;) {
      let answer: { message: Message; deliveries: Delivery[] };
      try {
        answer = await call(api.api.admin.messages[':id'].$get({ param: { id: String(messageId) } }));
      } catch (error) {
        if (generation === this.generation) this.showError(error, this.error);
        return null;
      }
      if (generation !== this.generation) return null;
      this.render(answer.message, answer.deliveries);
      if (answer.message.status === 'done') return answer.message;
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      if (generation !== this.generation) return null;
    }
  }

  stop(): void {
    this.generation++;
  }

  private render(message: Message, deliveries: Delivery[]): void {
    this.idle.hidden = true;
    this.details.hidden = false;
    this.panel.dataset.messageId = String(message.id);
    this.panel.dataset.status = message.status;
    const target = targetText(message.target, this.userNames());
    this.label.textContent = `#${message.id} “${message.title}” to ${target}: ${message.status}`;
    const { value, max } = progressOf(message);
    this.progress.max = max;
    this.progress.value = value;
    this.progress.dataset.status = message.status;
    this.summary.textContent =
      message.status === 'done' && message.total === 0
        ? `${summaryText(message)} (no devices to send to)`
        : summaryText(message);
    // The API pages deliveries (500 per page); the counts above always cover every device.
    if (deliveries.length < message.total) {
      this.summary.textContent += ` (rows below: the first ${deliveries.length} of ${message.total} devices)`;
    }
    this.results.replaceChildren(
      ...[...deliveries].sort((a, b) => a.id - b.id).map((delivery) => this.row(delivery)),
    );
  }

  private row(delivery: Delivery): HTMLTableRowElement {
    const attempts = delivery.attempts > 1 ? ` (${delivery.attempts} attempts)` : '';
    return h(
      'tr',
      {
        'data-testid': 'result-row',
        'data-outcome': delivery.outcome,
        'data-delivery-id': delivery.id,
        'data-user-id': delivery.userId,
      },
      h('td', { 'data-testid': 'result-user' }, delivery.userName),
      h('td', { class: 'host', 'data-testid': 'result-push-service' }, pushServiceName(delivery.pushService)),
      h(
        'td',
        {},
        h(
          'span',
          {
            class: `outcome outcome-${delivery.outcome}`,
            'data-testid': 'result-outcome',
            title: delivery.outcome === 'pending' ? 'not sent yet' : OUTCOME_MEANINGS[delivery.outcome],
          },
          delivery.outcome,
        ),
      ),
      h('td', { 'data-testid': 'result-status' }, delivery.status === null ? '—' : String(delivery.status)),
      h('td', { class: 'reason', 'data-testid': 'result-reason' }, `${delivery.reason ?? ''}${attempts}`),
    );
  }
}
