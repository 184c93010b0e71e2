import type { Message } from '../../shared/api-types.ts';
import { h, svg } from '../lib/dom.ts';
import { chartFrame, timeTicks, valueTicks } from './chart-axes.ts';
import {
  chartData,
  DEFAULT_FRAME,
  OUTCOME_KINDS,
  type ChartData,
  type ChartFrame,
  type OutcomeKind,
} from './chart-data.ts';
import { OUTCOME_MEANINGS } from './send-summary.ts';

const RECEIPT_MEANINGS = {
  shown: "the device's worker reported showing it (receipts)",
  clicked: 'the notification, or one of its actions, was clicked',
} as const;

// Fill colours are SVG presentation attributes, which a strict style-src CSP allows.
const COLORS: Record<OutcomeKind, string> = { accepted: '#12805c', expired: '#f79009', failed: '#c4320a' };
const RECEIPT_COLORS = { shown: '#7fd4b3', clicked: '#1d4ed8' } as const;

/** The accepted / expired / failed chart of recent messages as an inline SVG, plus its legend. */
export function renderChart(messages: readonly Message[], width = DEFAULT_FRAME.width): HTMLElement {
  const frame = chartFrame(width);
  const data = chartData(messages, frame);
  const chart = svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${frame.width} ${frame.height}`,
      role: 'img',
      'aria-label': `Accepted by the push service, expired and failed devices for the last ${data.bars.length} messages`,
    },
    ...valueAxis(data, frame),
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
        // The funnel after "accepted": shown, and clicked narrower still, over the accepted segment.
        ...bar.receipts.map((mark) =>
          svg('rect', {
            x: mark.x,
            y: mark.y,
            width: mark.width,
            height: mark.height,
            fill: RECEIPT_COLORS[mark.kind],
            'data-kind': mark.kind,
            'data-count': mark.count,
            'data-testid': `chart-${mark.kind}`,
          }),
        ),
      ),
    ),
    ...timeAxis(data),
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
    ...(['shown', 'clicked'] as const).map((kind) =>
      h(
        'span',
        { 'data-testid': 'legend-item', title: RECEIPT_MEANINGS[kind] },
        h('span', { class: `legend-swatch swatch-${kind}` }),
        kind,
      ),
    ),
  );
  return h('div', {}, chart, legend);
}

// Axis colours come from the stylesheet (.chart-grid, .chart-axis, .chart-tick), so they follow the theme.

/** A gridline and a label per value tick, the baseline darker. */
function valueAxis(data: ChartData, frame: ChartFrame): SVGElement[] {
  const plotHeight = data.baselineY - frame.top;
  return valueTicks(data.maxValue).flatMap((value) => {
    const y = data.baselineY - (value / data.maxValue) * plotHeight;
    return [
      svg('line', {
        class: value === 0 ? 'chart-axis' : 'chart-grid',
        x1: frame.left - 4,
        x2: frame.width,
        y1: y,
        y2: y,
      }),
      svg(
        'text',
        {
          class: 'chart-tick',
          'data-testid': 'chart-value-tick',
          x: frame.left - 8,
          y: y + 4,
          'text-anchor': 'end',
        },
        value,
      ),
    ];
  });
}

/** When each labelled bar was sent: the time, and the day under it where the day changes. */
function timeAxis(data: ChartData): SVGElement[] {
  return timeTicks(data.bars, { minGap: 56 }).map((tick) =>
    svg(
      'text',
      {
        class: 'chart-tick',
        'data-testid': 'chart-time-tick',
        x: tick.x,
        y: data.baselineY + 16,
        'text-anchor': 'middle',
      },
      svg('tspan', { x: tick.x }, tick.time),
      tick.date && svg('tspan', { x: tick.x, dy: 13 }, tick.date),
    ),
  );
}
