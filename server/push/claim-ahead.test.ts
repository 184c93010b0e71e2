import { describe, expect, it } from 'vitest';
import { claimAhead } from './claim-ahead.ts';

/** A claimer over `pages`, logging when each claim starts and when its page is handed on. */
function claimer(pages: number[][]) {
  const log: string[] = [];
  let claims = 0;
  const claimPage = async () => {
    const n = claims++;
    log.push(`claim ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return pages[n] ?? [];
  };
  return { log, claimPage, claims: () => claims };
}

describe('claimAhead', () => {
  it('claims the next page before the current one is handed out, and ends at an empty page', async () => {
    const { log, claimPage } = claimer([[1, 2], [3], []]);
    for await (const page of claimAhead(claimPage, () => true)) log.push(`page ${page.join(',')}`);
    expect(log).toEqual(['claim 0', 'claim 1', 'page 1,2', 'claim 2', 'page 3']);
  });

  it('claims nothing more once more() is false, and waits for the claim under way', async () => {
    const { log, claimPage, claims } = claimer([[1], [2], [3]]);
    let going = true;
    let settled = false;
    const held: number[] = [];
    const holding = async () => {
      const page = await claimPage();
      await new Promise((resolve) => setTimeout(resolve, 20));
      held.push(...page);
      settled = true;
      return page;
    };
    for await (const page of claimAhead(holding, () => going)) {
      log.push(`page ${page.join(',')}`);
      going = false;
    }
    // The page claimed ahead was recorded as held before the loop ended (stop() gives it back).
    expect(settled).toBe(true);
    expect(held).toEqual([1, 2]);
    expect(claims()).toBe(2);
    expect(log).toEqual(['claim 0', 'claim 1', 'page 1']);
  });

  it('rejects with the failure of a claim made ahead, without an unhandled rejection meanwhile', async () => {
    let n = 0;
    const claimPage = async () => {
      if (n++ === 0) return [1];
      throw new Error('database gone');
    };
    const seen: number[][] = [];
    const run = async () => {
      for await (const page of claimAhead(claimPage, () => true)) {
        await new Promise((resolve) => setTimeout(resolve, 10)); // the failed claim waits here, handled
        seen.push(page);
      }
    };
    await expect(run()).rejects.toThrow('database gone');
    expect(seen).toEqual([[1]]);
  });

  it('claims nothing when more() is false from the start', async () => {
    const { claimPage, claims } = claimer([[1]]);
    const pages: number[][] = [];
    for await (const page of claimAhead(claimPage, () => false)) pages.push(page);
    expect(pages).toEqual([]);
    expect(claims()).toBe(0);
  });
});
