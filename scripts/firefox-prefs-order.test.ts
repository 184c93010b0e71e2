import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firefoxPushPrefList } from '../push-service/firefox-prefs.ts';
import { startNode, type RunningChild } from './children.ts';
import { scriptFile } from './run-script.ts';

// One order of the Firefox push prefs everywhere they are listed for people (the `npm run dev` banner has its own
// check in dev.test.ts; user.js and Playwright's prefs come from firefox-prefs.ts itself).
const names = firefoxPushPrefList('ws://127.0.0.1:8089').map(({ name }) => name);

/** The pref names of `pattern`'s matches (group 1) in `text`, in order. */
function listed(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1] ?? '').filter((name) => names.includes(name));
}

let service: RunningChild | undefined;
afterEach(async () => {
  service?.signal('SIGKILL');
  await service?.exited;
});

describe('the Firefox push prefs, as listed for people', () => {
  it("README's offline section lists all four in the one order", () => {
    const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
    const start = readme.indexOf('### Develop offline with a real Firefox');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    expect(start).toBeGreaterThan(-1);
    expect(listed(section, /`([\w.]+)` = `/g)).toEqual(names);
  });

  it('npm run push-service prints all four in the one order', async () => {
    service = startNode('push-service', ['--import', 'tsx', scriptFile('push-service'), '--quiet'], {
      env: { ...process.env, PUSH_SERVICE_PORT: '0' },
    });
    const output: string[] = [];
    service.onLine((line) => output.push(line));
    const [, port] = await service.waitForLine(/dom\.push\.serverURL +ws:\/\/127\.0\.0\.1:(\d+)$/);
    const banner = output.join('\n');
    expect(listed(banner, /^ +([\w.]+) +\S+$/gm)).toEqual(names);
    expect(banner).toContain(`PUSH_SERVICE_PORT=${port} npm run firefox`);
  }, 30_000);
});
