import { describe, expect, it } from 'vitest';
import { messagePayload, type PayloadRow } from './payload.ts';

const row: PayloadRow = {
  id: 12,
  title: 'Hi',
  body: 'there',
  url: '/news',
  icon: null,
  image: null,
  badge: null,
  tag: null,
  actions: [],
  requireInteraction: false,
  silent: false,
  renotify: false,
  vibrate: [],
  timestamp: new Date(1796117400000),
  lang: null,
  dir: null,
  appBadge: null,
  origin: 'https://app.example',
};

describe('messagePayload', () => {
  it('sends a stored message as Declarative Web Push, its link absolute against the origin it was composed on', () => {
    expect(messagePayload(row)).toBe(
      '{"web_push":8030,"notification":{"title":"Hi","body":"there","navigate":"https://app.example/news",' +
        '"tag":"message-12","timestamp":1796117400000,"data":{"messageId":12}},"mutable":true}',
    );
  });

  it('sends a message queued before the upgrade (no origin to make its link absolute) in the kit’s older JSON', () => {
    expect(messagePayload({ ...row, origin: null })).toBe(
      '{"title":"Hi","body":"there","url":"/news","icon":null,"tag":"message-12","messageId":12}',
    );
  });
});
