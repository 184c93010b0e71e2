import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/api-types.ts';
import { chartData, type ChartFrame } from './chart-data.ts';

function message(
  id: number,
  accepted: number,
  expired: number,
  failed: number,
  shown = 0,
  clicked = 0,
): Message {
  return {
    id,
    title: `m${id}`,
    body: '',
    url: null,
    icon: null,
    image: null,
    badge: null,
    tag: null,
    actions: [],
    requireInteraction: false,
    silent: false,
    renotify: false,
    vibrate: [],
    timestamp: null,
    lang: null,
    dir: null,
    appBadge: null,
    ttl: 60,
    urgency: 'normal',
    topic: null,
    target: { type: 'all' },
    status: 'done',
    total: accepted + expired + failed,
    accepted,
    expired,
    failed,
    pending: 0,
    shown,
    clicked,
    closed: 0,
    sendAt: null,
    expiresAt: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
  };
}

// 100 units of plot height (110 - 10 bottom), 10 slots of 10 units each after a 0 left margin.
const frame: ChartFrame = { width: 100, height: 110, left: 0, bottom: 10, top: 0, slots: 10 };

describe('chartData', () => {
  it('puts the oldest message on the left and stacks accepted, expired, failed from the baseline', () => {
    // API order: newest first.
    const data = chartData([message(2, 1, 0, 1), message(1, 2, 1, 1)], frame);
    expect(data.maxValue).toBe(4);
    expect(data.baselineY).toBe(100);
    expect(data.bars.map((bar) => bar.messageId)).toEqual([1, 2]);

    const [first, second] = data.bars;
    expect(first).toMatchObject({ x: 1.5, width: 7 });
    expect(first?.segments).toEqual([
      { kind: 'accepted', count: 2, y: 50, height: 50 },
      { kind: 'expired', count: 1, y: 25, height: 25 },
      { kind: 'failed', count: 1, y: 0, height: 25 },
    ]);
    expect(second).toMatchObject({ x: 11.5, width: 7 });
    // A zero count draws no segment.
    expect(second?.segments).toEqual([
      { kind: 'accepted', count: 1, y: 75, height: 25 },
      { kind: 'failed', count: 1, y: 50, height: 25 },
    ]);
    expect(second?.title).toBe('#2 m2: 1 accepted, 0 expired, 1 failed');
  });

  it('draws the funnel inside the accepted bar: shown, and clicked narrower still, on the same scale', () => {
    const data = chartData([message(1, 4, 0, 0, 3, 1)], frame);
    const [bar] = data.bars;
    expect(bar).toMatchObject({ x: 1.5, width: 7 });
    expect(bar?.receipts).toEqual([
      { kind: 'shown', count: 3, x: 3.25, width: 3.5, y: 25, height: 75 },
      { kind: 'clicked', count: 1, x: 4.13, width: 1.75, y: 75, height: 25 },
    ]);
    expect(bar?.title).toBe('#1 m1: 4 accepted, 0 expired, 0 failed; 3 shown, 1 clicked');
    expect(chartData([message(2, 4, 0, 0)], frame).bars[0]?.receipts).toEqual([]);
  });

  it('keeps only the most recent messages that fit the slots', () => {
    const messages = Array.from({ length: 15 }, (_, i) => message(15 - i, 1, 0, 0));
    const data = chartData(messages, frame);
    expect(data.bars.map((bar) => bar.messageId)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('tops the plot at the next value tick, so bars line up with the gridlines, and keeps each send time', () => {
    // 7 devices: ticks 0, 2, 4, 6, 8, so the plot's top stands for 8 and 7 fills 7/8 of it.
    const data = chartData([message(1, 7, 0, 0)], frame);
    expect(data.maxValue).toBe(8);
    expect(data.bars[0]?.segments).toEqual([{ kind: 'accepted', count: 7, y: 12.5, height: 87.5 }]);
    expect(data.bars[0]?.sentAt).toBe('2026-11-01T00:00:00.000Z');
  });

  it('draws nothing for no messages and for messages without outcomes', () => {
    expect(chartData([], frame)).toEqual({ bars: [], maxValue: 1, baselineY: 100 });
    expect(chartData([message(1, 0, 0, 0)], frame).bars[0]?.segments).toEqual([]);
  });
});
