import type { Message } from '../../shared/api-types.ts';
import { valueTicks } from './chart-axes.ts';

/** `accepted`: the push service took the push (201), not proof the device showed it. */
export type OutcomeKind = 'accepted' | 'expired' | 'failed';
export const OUTCOME_KINDS: readonly OutcomeKind[] = ['accepted', 'expired', 'failed'];

export interface ChartFrame {
  width: number;
  height: number;
  /** Room for the axis label on the left and the baseline at the bottom. */
  left: number;
  bottom: number;
  top: number;
  /** Bar slots across the chart; fewer messages leave empty slots on the right. */
  slots: number;
}

export interface BarSegment {
  kind: OutcomeKind;
  count: number;
  y: number;
  height: number;
}

/** A receipt count drawn inside the bar, narrower than it: the funnel after `accepted`. */
export interface ReceiptMark {
  kind: 'shown' | 'clicked';
  count: number;
  x: number;
  width: number;
  y: number;
  height: number;
}

export interface Bar {
  messageId: number;
  title: string;
  /** When the message was sent (its createdAt), for the time axis. */
  sentAt: string;
  x: number;
  width: number;
  segments: BarSegment[];
  /** Shown (half the bar's width) and clicked (a quarter), from the baseline, on the bars' scale. */
  receipts: ReceiptMark[];
}

export interface ChartData {
  bars: Bar[];
  /** The count the top of the plot stands for: the last of valueTicks(), so the ticks line up. */
  maxValue: number;
  baselineY: number;
}

export const DEFAULT_FRAME: ChartFrame = {
  width: 800,
  height: 150,
  left: 32,
  bottom: 20,
  top: 10,
  slots: 20,
};

/**
 * Stacked bars of accepted / expired / failed for the most recent messages, oldest on the left.
 * `messages` come newest first, as the API lists them.
 */
export function chartData(messages: readonly Message[], frame: ChartFrame = DEFAULT_FRAME): ChartData {
  const recent = messages.slice(0, frame.slots).reverse();
  const maxValue = valueTicks(Math.max(1, ...recent.map((m) => m.accepted + m.expired + m.failed))).at(-1)!;
  const baselineY = frame.height - frame.bottom;
  const plotHeight = baselineY - frame.top;
  const slot = (frame.width - frame.left) / frame.slots;
  const barWidth = slot * 0.7;

  const bars = recent.map((message, index): Bar => {
    let y = baselineY;
    const segments: BarSegment[] = [];
    for (const kind of OUTCOME_KINDS) {
      const count = message[kind];
      if (count === 0) continue;
      const height = (count / maxValue) * plotHeight;
      y -= height;
      segments.push({ kind, count, y: round(y), height: round(height) });
    }
    return {
      messageId: message.id,
      title:
        `#${message.id} ${message.title}: ${message.accepted} accepted, ${message.expired} expired, ${message.failed} failed` +
        (message.shown + message.clicked > 0 ? `; ${message.shown} shown, ${message.clicked} clicked` : ''),
      sentAt: message.createdAt,
      x: round(frame.left + index * slot + (slot - barWidth) / 2),
      width: round(barWidth),
      segments,
      receipts: (['shown', 'clicked'] as const).flatMap((kind, step): ReceiptMark[] => {
        const count = message[kind];
        if (count === 0) return [];
        const width = barWidth / (2 * (step + 1));
        const height = (count / maxValue) * plotHeight;
        const x = frame.left + index * slot + (slot - width) / 2;
        return [
          {
            kind,
            count,
            x: round(x),
            width: round(width),
            y: round(baselineY - height),
            height: round(height),
          },
        ];
      }),
    };
  });
  return { bars, maxValue, baselineY };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
