import type { Delivery, Message } from '../../shared/api-types.ts';
import { api, call } from '../api.ts';
import { byId, h } from '../lib/dom.ts';
import { formatTime, pushServiceName } from '../lib/format.ts';
import { funnelList, funnelTimeline } from './funnel-view.ts';
import { formatLocalTime } from './schedule-time.ts';
import { OUTCOME_MEANINGS, progressOf, summaryText, targetText } from './send-summary.ts';
import { clearError, type ShowError } from './show-error.ts';

const POLL_INTERVAL_MS = 300;
/** A scheduled message is looked at less often while it waits. */
const SCHEDULED_POLL_MS = 1000;
/** Receipts keep coming after the send is done: the panel follows them this often, for this long. */
const RECEIPT_POLL_MS = 2000;
const RECEIPT_FOLLOW_MS = 10 * 60 * 1000;

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
  private readonly funnel = byId('send-funnel', HTMLElement);
  private readonly scheduled = byId('send-scheduled', HTMLElement);
  private readonly scheduledAt = byId('send-scheduled-at', HTMLElement);
  private readonly cancelButton = byId('send-cancel', HTMLButtonElement);
  private readonly sendNowButton = byId('send-now', HTMLButtonElement);
  private shownId: number | null = null;
  // Each track() call gets a number; a newer call makes older polling loops stop.
  private generation = 0;

  constructor(
    private readonly userNames: () => ReadonlyMap<number, string>,
    private readonly showError: ShowError,
    /** Called after a scheduled message was cancelled or sent now (the history lists it differently). */
    private readonly onScheduleChanged: () => void = () => undefined,
  ) {
    this.cancelButton.addEventListener('click', () => void this.changeSchedule('cancel'));
    this.sendNowButton.addEventListener('click', () => void this.changeSchedule('send-now'));
  }

  private async changeSchedule(what: 'cancel' | 'send-now'): Promise<void> {
    const id = this.shownId;
    if (id === null) return;
    clearError(this.error);
    const param = { param: { id: String(id) } };
    try {
      if (what === 'cancel') await call(api.api.admin.messages[':id'].cancel.$post(param));
      else await call(api.api.admin.messages[':id']['send-now'].$post(param));
    } catch (error) {
      this.showError(error, this.error);
      return;
    }
    this.onScheduleChanged();
    void this.track(id);
  }

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
      if (answer.message.status === 'done') {
        void this.followReceipts(messageId, generation);
        return answer.message;
      }
      if (answer.message.status === 'cancelled') return answer.message;
      const wait = answer.message.status === 'scheduled' ? SCHEDULED_POLL_MS : POLL_INTERVAL_MS;
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (generation !== this.generation) return null;
    }
  }

  /** After the send: shown, clicked and closed arrive as devices report them; the panel follows for a while. */
  private async followReceipts(messageId: number, generation: number): Promise<void> {
    const until = Date.now() + RECEIPT_FOLLOW_MS;
    while (generation === this.generation && Date.now() < until) {
      await this.drawTimeline(messageId, generation);
      await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS));
      if (generation !== this.generation) return;
      try {
        const answer = await call(api.api.admin.messages[':id'].$get({ param: { id: String(messageId) } }));
        if (generation === this.generation) this.render(answer.message, answer.deliveries);
      } catch {
        return; // the next pick or send shows any error
      }
    }
  }

  private async drawTimeline(messageId: number, generation: number): Promise<void> {
    try {
      const { timeline } = await call(
        api.api.admin.messages[':id'].funnel.$get({ param: { id: String(messageId) } }),
      );
      if (generation !== this.generation) return;
      this.funnel.querySelector('.funnel-timeline')?.remove();
      const chart = funnelTimeline(timeline);
      if (chart) this.funnel.append(chart);
    } catch {
      // the counts above stay; the curve is a nicety
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
    this.shownId = message.id;
    this.scheduled.hidden = message.status !== 'scheduled' || !message.sendAt;
    if (message.sendAt) this.scheduledAt.textContent = formatLocalTime(message.sendAt);
    const timeline = this.funnel.querySelector('.funnel-timeline');
    this.funnel.replaceChildren(
      funnelList({
        total: message.total,
        accepted: message.accepted,
        shown: message.shown,
        clicked: message.clicked,
        closed: message.closed,
        expired: message.expired,
        failed: message.failed,
        pending: message.pending,
      }),
      ...(timeline && this.funnel.dataset.messageId === String(message.id) ? [timeline] : []),
    );
    this.funnel.dataset.messageId = String(message.id);
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
      h('td', { 'data-testid': 'result-shown' }, delivery.shownAt ? formatTime(delivery.shownAt) : ''),
      h(
        'td',
        { 'data-testid': 'result-clicked', 'data-action': delivery.clickedAction ?? '' },
        delivery.clickedAt
          ? `${formatTime(delivery.clickedAt)}${delivery.clickedAction ? ` (${delivery.clickedAction})` : ''}`
          : '',
      ),
    );
  }
}
