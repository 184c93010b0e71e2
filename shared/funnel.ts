/**
 * A message's funnel: accepted by the push service -> shown by the device -> clicked, beside the pushes that
 * ended otherwise (expired, failed) or are not sent yet (pending). Shared so that the API and the admin page
 * compute the rates one way.
 */
export interface FunnelCounts {
  total: number;
  accepted: number;
  shown: number;
  clicked: number;
  closed: number;
  expired: number;
  failed: number;
  pending: number;
}

export interface FunnelRates {
  /** accepted / total: what the push services took. */
  accepted: number | null;
  /** shown / accepted: what devices reported showing (the rest: offline still, or receipts lost or off). */
  shown: number | null;
  /** clicked / shown. */
  clicked: number | null;
  /** clicked / accepted: the click-through rate. */
  clickThrough: number | null;
  /** closed / shown: dismissed without a click. */
  closed: number | null;
}

/** Rates as fractions (0..1), null where the step before is 0 (no rate to speak of). */
export function funnelRates(counts: FunnelCounts): FunnelRates {
  const rate = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : null);
  return {
    accepted: rate(counts.accepted, counts.total),
    shown: rate(counts.shown, counts.accepted),
    clicked: rate(counts.clicked, counts.shown),
    clickThrough: rate(counts.clicked, counts.accepted),
    closed: rate(counts.closed, counts.shown),
  };
}

/** "42%" (whole percent), "0.4%" under 1%, "–" for no rate. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '–';
  const percent = rate * 100;
  if (percent > 0 && percent < 1) return `${percent.toFixed(1)}%`;
  return `${Math.round(percent)}%`;
}
