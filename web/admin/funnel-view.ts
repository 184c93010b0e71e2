import { formatRate, funnelRates, type FunnelCounts } from '../../shared/funnel.ts';
import { h, svg } from '../lib/dom.ts';

/** One point of `GET /api/admin/messages/:id/funnel`'s timeline (cumulative counts at `at`). */
export interface FunnelPointJson {
  at: string;
  accepted: number;
  shown: number;
  clicked: number;
  closed: number;
}

type Step = { key: keyof FunnelCounts; label: string; rate: string | null; meaning: string };

/**
 * The funnel of one message, left to right: accepted by the push service, shown by the device (its worker
 * said so), clicked; then the other ends. Each step carries its count in `data-count` for tests and scripts.
 */
export function funnelList(counts: FunnelCounts): HTMLElement {
  const rates = funnelRates(counts);
  const steps: Step[] = [
    {
      key: 'accepted',
      label: 'Accepted',
      rate: formatRate(rates.accepted),
      meaning: 'of the devices: the push service took the push',
    },
    {
      key: 'shown',
      label: 'Shown',
      rate: formatRate(rates.shown),
      meaning: 'of accepted: the device reported showing it',
    },
    {
      key: 'clicked',
      label: 'Clicked',
      rate: formatRate(rates.clicked),
      meaning: 'of shown (click-through of accepted: ' + formatRate(rates.clickThrough) + ')',
    },
    {
      key: 'closed',
      label: 'Closed',
      rate: formatRate(rates.closed),
      meaning: 'of shown: dismissed without a click',
    },
    {
      key: 'expired',
      label: 'Expired',
      rate: null,
      meaning: 'subscription gone, or the message expired before it reached the device',
    },
    {
      key: 'failed',
      label: 'Failed',
      rate: null,
      meaning: 'refused by the push service, or it could not be reached',
    },
  ];
  return h(
    'ol',
    { class: 'funnel-steps' },
    ...steps.map(({ key, label, rate, meaning }) =>
      h(
        'li',
        {
          class: `funnel-step funnel-${key}`,
          'data-testid': `funnel-${key}`,
          'data-count': counts[key],
          title: `${label}: ${meaning}`,
        },
        h('span', { class: 'funnel-label' }, label),
        h('strong', { class: 'funnel-count' }, counts[key]),
        rate === null ? null : h('span', { class: 'funnel-rate' }, rate),
      ),
    ),
  );
}

const WIDTH = 320;
const HEIGHT = 60;

/** Accepted, shown and clicked over time since the message started, as three lines (an empty node for < 2 points). */
export function funnelTimeline(points: readonly FunnelPointJson[]): SVGSVGElement | null {
  if (points.length < 2) return null;
  const max = Math.max(1, ...points.map((point) => point.accepted), ...points.map((point) => point.shown));
  const x = (index: number) => ((index / (points.length - 1)) * WIDTH).toFixed(1);
  const y = (value: number) => (HEIGHT - 2 - (value / max) * (HEIGHT - 4)).toFixed(1);
  const line = (kind: 'accepted' | 'shown' | 'clicked') =>
    svg('polyline', {
      class: `funnel-line funnel-line-${kind}`,
      'data-testid': `funnel-line-${kind}`,
      points: points.map((point, index) => `${x(index)},${y(point[kind])}`).join(' '),
    });
  const last = points.at(-1)!;
  return svg(
    'svg',
    {
      class: 'funnel-timeline',
      'data-testid': 'funnel-timeline',
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      'aria-label': `Over time: ${last.accepted} accepted, ${last.shown} shown, ${last.clicked} clicked`,
    },
    line('accepted'),
    line('shown'),
    line('clicked'),
  );
}
