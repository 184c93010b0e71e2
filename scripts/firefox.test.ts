import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firefoxUserJs } from '../push-service/firefox-prefs.ts';
import { runScript } from './run-script.ts';

// `npm run firefox` for real, with FIREFOX_PATH pointing at a stand-in executable that records the arguments it
// was given and the user.js of the profile they name, then exits as FAKE_FIREFOX_EXIT says.
interface Launch {
  args: string[];
  userJs: string;
}

let dir: string;
let standIn: string;
let recordFile: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'webpush-firefox-test-'));
  standIn = join(dir, 'fake-firefox');
  recordFile = join(dir, 'record.json');
  writeFileSync(
    standIn,
    `#!${process.execPath}
const { readFileSync, writeFileSync } = require('node:fs');
const args = process.argv.slice(2);
const userJs = readFileSync(args[args.indexOf('-profile') + 1] + '/user.js', 'utf8');
writeFileSync(process.env.FAKE_FIREFOX_RECORD, JSON.stringify({ args, userJs }));
process.exit(Number(process.env.FAKE_FIREFOX_EXIT ?? 0));
`,
  );
  chmodSync(standIn, 0o755);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runScript('firefox', {
    args,
    env: { FIREFOX_PATH: standIn, FAKE_FIREFOX_RECORD: recordFile, PUSH_SERVICE_PORT: '8089', ...env },
  });
}

function recorded(): Launch {
  return JSON.parse(readFileSync(recordFile, 'utf8')) as Launch;
}

describe('npm run firefox', () => {
  it('launches FIREFOX_PATH with a fresh profile holding the push prefs, opens the dev page, removes the profile', async () => {
    const result = await run([]);
    expect(result.code).toBe(0);
    const { args, userJs } = recorded();
    const profile = args[1] ?? '';
    expect(args).toEqual(['-profile', profile, '-no-remote', 'http://localhost:5173/']);
    expect(profile.startsWith(join(tmpdir(), 'webpush-firefox-'))).toBe(true);
    expect(userJs).toBe(firefoxUserJs('ws://127.0.0.1:8089'));
    expect(result.stdout).toContain(`Firefox profile ${profile} (push service ws://127.0.0.1:8089;`);
    expect(existsSync(profile)).toBe(false);
  }, 30_000);

  it('points at PUSH_SERVICE_PORT, opens the URL given, passes --headless on, keeps the profile with --keep-profile', async () => {
    const result = await run(['http://localhost:3000/admin/', '--keep-profile', '--headless'], {
      PUSH_SERVICE_PORT: '18089',
    });
    expect(result.code).toBe(0);
    const { args, userJs } = recorded();
    const profile = args[1] ?? '';
    expect(args).toEqual(['-profile', profile, '-no-remote', '-headless', 'http://localhost:3000/admin/']);
    expect(userJs).toBe(firefoxUserJs('ws://127.0.0.1:18089'));
    expect(readFileSync(join(profile, 'user.js'), 'utf8')).toBe(userJs);
    rmSync(profile, { recursive: true, force: true });
  }, 30_000);

  it("exits with Firefox's exit code, and still removes the profile", async () => {
    const result = await run([], { FAKE_FIREFOX_EXIT: '3' });
    expect(result.code).toBe(3);
    expect(existsSync(recorded().args[1] ?? '')).toBe(false);
  }, 30_000);

  it('refuses an unknown flag, and a FIREFOX_PATH that cannot run, in one line each', async () => {
    expect(await run(['--kiosk'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'npm run firefox: unknown flag --kiosk; usage: npm run firefox -- [URL] [--keep-profile] [--headless]\n',
    });
    const missing = join(dir, 'no-such-firefox');
    const result = await run([], { FIREFOX_PATH: missing });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `npm run firefox: could not start ${missing}: spawn ${missing} ENOENT (FIREFOX_PATH picks another)\n`,
    );
  }, 30_000);
});
