import type { Message } from '../../shared/api-types.ts';
import { h, svg } from '../lib/dom.ts';
import { chartData, DEFAULT_FRAME, OUTCOME_KINDS, type OutcomeKind } from './chart-data.ts';
import { OUTCOME_MEANINGS } from './send-summary.ts';

// Fill colours are SVG presentation attributes, which a strict style-src CSP allows.
const COLORS: Record<OutcomeKind, string> = { accepted: '#12805c', expired: '#f79009', failed: '#c4320a' };

/** The accepted / expired / failed chart of recent messages as an inline SVG, plus its legend. */
export function renderChart(messages: readonly Message[]): HTMLElement {
  const frame = DEFAULT_FRAME;
  const data = chartData(messages, frame);
  const axisX = frame.left - 6;
  const chart = svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${frame.width} ${frame.height}`,
      role: 'img',
      'aria-label': `Accepted by the push service, expired and failed devices for the last ${data.bars.length} messages`,
    },
    svg('line', { x1: axisX, x2: frame.width, y1: data.baselineY, y2: data.baselineY, stroke: '#d0d5dd' }),
    svg('line', { x1: axisX, x2: frame.width, y1: frame.top, y2: frame.top, stroke: '#eef0f3' }),
    svg(
      'text',
      { x: axisX - 4, y: frame.top + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#667085' },
      data.maxValue,
    ),
    svg(
      'text',
      { x: axisX - 4, y: data.baselineY + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#667085' },
      0,
    ),
    ...data.bars.map((bar) =>
      svg(
        'g',
        { 'data-testid': 'chart-bar', 'data-message-id': bar.messageId },
        svg('title', {}, bar.title),
        // An invisible full-height rect so the tooltip also shows over an empty bar.
        svg('rect', {
          x: bar.x,
          y: frame.top,
          width: bar.width,
          height: data.baselineY - frame.top,
          fill: 'transparent',
        }),
        ...bar.segments.map((segment) =>
          svg('rect', {
            x: bar.x,
            y: segment.y,
            width: bar.width,
            height: segment.height,
            fill: COLORS[segment.kind],
            'data-kind': segment.kind,
            'data-count': segment.count,
          }),
        ),
        svg(
          'text',
          {
            x: bar.x + bar.width / 2,
            y: data.baselineY + 14,
            'text-anchor': 'middle',
            'font-size': 10,
            fill: '#98a2b3',
          },
          bar.messageId,
        ),
      ),
    ),
  );
  const legend = h(
    'div',
    { class: 'legend' },
    ...OUTCOME_KINDS.map((kind) =>
      h(
        'span',
        { 'data-testid': 'legend-item', title: OUTCOME_MEANINGS[kind] },
        h('span', { class: `legend-swatch swatch-${kind}` }),
        kind,
      ),
    ),
  );
  return h('div', {}, chart, legend);
}
