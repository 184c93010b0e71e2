import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { URGENCIES } from '../../shared/webpush/vocabulary.ts';

describe("the compose form's urgency choices", () => {
  it("are the library's URGENCIES, in order, with normal selected", () => {
    const html = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
    const select = /<select id="compose-urgency"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    const options = [...select.matchAll(/<option value="([^"]+)"( selected)?>/g)];
    expect(options.map(([, value]) => value)).toEqual([...URGENCIES]);
    expect(options.filter(([, , selected]) => selected).map(([, value]) => value)).toEqual(['normal']);
  });
});
