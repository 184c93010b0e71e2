import { describe, expect, it } from 'vitest';
import { SendTimeEndpointCheck, type EndpointCheck } from './send-time-check.ts';

/** A policy that refuses hosts containing "bad", throws for "broken", and records what it was asked. */
function recordingPolicy(asked: string[]): EndpointCheck {
  return {
    check: async (endpoint) => {
      asked.push(endpoint);
      if (endpoint.includes('broken')) throw new Error('resolver exploded');
      return endpoint.includes('bad') || endpoint.includes('@') ? `endpoint refused: ${endpoint}` : null;
    },
  };
}

describe('send-time endpoint check', () => {
  it('asks once per origin, answers in order, and keys credentials and odd URLs by the whole endpoint', async () => {
    const asked: string[] = [];
    const check = new SendTimeEndpointCheck(recordingPolicy(asked));
    const first = await check.refusals([
      'https://good.example/1',
      null,
      'https://bad.example/1',
      'https://good.example/2',
      'https://user:pw@good.example/3',
      'not a url',
    ]);
    expect(first).toEqual([
      null,
      null,
      'endpoint refused: https://bad.example/1',
      null,
      'endpoint refused: https://user:pw@good.example/3',
      null,
    ]);
    const second = await check.refusals(['https://good.example/9', 'https://bad.example/9']);
    // The bad origin's verdict is the one given for its first endpoint (reasons name the origin only).
    expect(second).toEqual([null, 'endpoint refused: https://bad.example/1']);
    expect(asked).toEqual([
      'https://good.example/1',
      'https://bad.example/1',
      'https://user:pw@good.example/3',
      'not a url',
    ]);
  });

  it('turns a policy that throws into a refusal instead of sending unchecked', async () => {
    const check = new SendTimeEndpointCheck(recordingPolicy([]));
    expect(await check.refusals(['https://broken.example/x'])).toEqual([
      'endpoint could not be checked: resolver exploded',
    ]);
  });
});
