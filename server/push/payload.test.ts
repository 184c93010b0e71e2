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

  it("carries the delivery's receipt token in its data and in links on the site, never in links elsewhere", () => {
    const withActions: PayloadRow = {
      ...row,
      timestamp: null,
      actions: [
        { title: 'Open', url: '/news/1?ref=push' },
        { title: 'Elsewhere', url: 'https://other.example/x' },
      ],
    };
    expect(messagePayload(withActions, '7.abc.tok')).toBe(
      '{"web_push":8030,"notification":{"title":"Hi","body":"there",' +
        '"navigate":"https://app.example/news?receipt=7.abc.tok","tag":"message-12",' +
        '"actions":[{"action":"action-1","title":"Open",' +
        '"navigate":"https://app.example/news/1?ref=push&receipt=7.abc.tok&receipt_action=action-1"},' +
        '{"action":"action-2","title":"Elsewhere","navigate":"https://other.example/x"}],' +
        '"data":{"messageId":12,"receipt":"7.abc.tok"}},"mutable":true}',
    );
  });

  it('sends a message queued before the upgrade (no origin to make its link absolute) in the kit’s older JSON', () => {
    expect(messagePayload({ ...row, origin: null })).toBe(
      '{"title":"Hi","body":"there","url":"/news","icon":null,"tag":"message-12","messageId":12}',
    );
  });
});
