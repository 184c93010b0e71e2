import type { Message } from '../../shared/api-types.ts';
import { api, call } from '../api.ts';
import { byId, h } from '../lib/dom.ts';
import { formatTime } from '../lib/format.ts';
import { renderChart } from './chart-svg.ts';
import { formatLocalTime } from './schedule-time.ts';
import { targetText } from './send-summary.ts';

/** The message history: a chart of recent outcomes and a table; clicking a row shows its deliveries. */
export class HistoryView {
  private readonly chart = byId('history-chart', HTMLElement);
  private readonly body = byId('history-body', HTMLTableSectionElement);
  private readonly empty = byId('history-empty', HTMLElement);
  private selectedId: number | null = null;
  private messages: Message[] = [];
  private drawnWidth = 0;

  constructor(
    private readonly userNames: () => ReadonlyMap<number, string>,
    private readonly onPick: (messageId: number) => void,
  ) {
    // The chart is drawn at its real width (text stays legible on a phone), so redraw when that changes.
    new ResizeObserver(() => {
      if (this.chart.clientWidth !== this.drawnWidth) this.drawChart();
    }).observe(this.chart);
  }

  async load(): Promise<void> {
    const { messages } = await call(api.api.admin.messages.$get());
    this.messages = messages;
    this.drawChart();
    this.body.replaceChildren(...messages.map((message) => this.row(message)));
    this.empty.hidden = messages.length > 0;
  }

  private drawChart(): void {
    this.drawnWidth = this.chart.clientWidth;
    this.chart.replaceChildren(
      ...(this.messages.length > 0 && this.drawnWidth > 0
        ? [renderChart(this.messages, this.drawnWidth)]
        : []),
    );
  }

  select(messageId: number): void {
    this.selectedId = messageId;
    for (const row of this.body.querySelectorAll<HTMLTableRowElement>('tr')) {
      row.classList.toggle('selected', row.dataset.messageId === String(messageId));
    }
  }

  private row(message: Message): HTMLTableRowElement {
    const row = h(
      'tr',
      {
        class: message.id === this.selectedId ? 'clickable selected' : 'clickable',
        'data-testid': 'history-row',
        'data-message-id': message.id,
        'data-status': message.status,
        tabindex: 0,
        title: 'Show the deliveries of this message',
      },
      h('td', { class: 'muted' }, message.id),
      h(
        'td',
        { class: 'muted', 'data-testid': 'history-sent' },
        // A scheduled message says when it goes, in the admin's time zone.
        message.status === 'scheduled' && message.sendAt
          ? `scheduled for ${formatLocalTime(message.sendAt)}`
          : formatTime(message.sendAt ?? message.createdAt),
      ),
      h('td', { class: 'wrap' }, message.title),
      h('td', {}, targetText(message.target, this.userNames())),
      h('td', {}, message.status),
      h('td', { class: 'num' }, message.total),
      h('td', { class: 'num', 'data-testid': 'history-accepted' }, message.accepted),
      h('td', { class: 'num', 'data-testid': 'history-expired' }, message.expired),
      h('td', { class: 'num', 'data-testid': 'history-failed' }, message.failed),
      h('td', { class: 'num', 'data-testid': 'history-shown' }, message.shown),
      h('td', { class: 'num', 'data-testid': 'history-clicked' }, message.clicked),
    );
    const pick = () => this.onPick(message.id);
    row.addEventListener('click', pick);
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        pick();
      }
    });
    return row;
  }
}
