/**
 * `npm run firefox [-- [URL] [--keep-profile] [--headless]]`: a real Firefox pointed at the local push service
 * (`npm run dev` or `npm run push-service`, on PUSH_SERVICE_PORT, default 8089), in a temporary profile whose
 * user.js holds the push prefs. Opens URL (default the dev subscribe page). The profile is removed when Firefox
 * exits, unless --keep-profile. FIREFOX_PATH picks the binary; else firefox-esr or firefox on PATH.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { firefoxUserJs } from '../push-service/firefox-prefs.ts';
import { exitOnStartupError, portFromEnv, StartupError } from './ports.ts';

const DEFAULT_URL = 'http://localhost:5173/';
const USAGE = 'usage: npm run firefox -- [URL] [--keep-profile] [--headless]';

interface Options {
  url: string;
  keepProfile: boolean;
  headless: boolean;
}

function parseArgs(args: string[]): Options {
  const options: Options = { url: DEFAULT_URL, keepProfile: false, headless: false };
  const urls: string[] = [];
  for (const arg of args) {
    if (arg === '--keep-profile') options.keepProfile = true;
    else if (arg === '--headless') options.headless = true;
    else if (arg.startsWith('-')) throw new StartupError(`unknown flag ${arg}; ${USAGE}`);
    else urls.push(arg);
  }
  if (urls.length > 1) throw new StartupError(`one URL at most, got ${urls.length}; ${USAGE}`);
  if (urls[0] !== undefined) {
    if (!URL.canParse(urls[0])) throw new StartupError(`URL must be an absolute URL, got "${urls[0]}"`);
    options.url = urls[0];
  }
  return options;
}

/** FIREFOX_PATH, else the first of firefox-esr and firefox found on PATH. */
function findFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return fromEnv;
  for (const name of ['firefox-esr', 'firefox']) {
    for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
      const candidate = join(folder, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not in this folder.
      }
    }
  }
  throw new StartupError('no firefox-esr or firefox on PATH: install one, or set FIREFOX_PATH to its binary');
}

/** Whether something accepts connections on 127.0.0.1:port (a hint only: Firefox retries on its own). */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const port = portFromEnv('PUSH_SERVICE_PORT', 8089);
  const binary = findFirefox();
  const wsUrl = `ws://127.0.0.1:${port}`;

  const profile = mkdtempSync(join(tmpdir(), 'webpush-firefox-'));
  writeFileSync(join(profile, 'user.js'), firefoxUserJs(wsUrl));
  const removeProfile = () => {
    if (!options.keepProfile) rmSync(profile, { recursive: true, force: true });
  };
  console.log(
    `Firefox profile ${profile} (push service ${wsUrl}; ${
      options.keepProfile ? 'kept after Firefox exits' : 'removed when Firefox exits, --keep-profile keeps it'
    })`,
  );
  if (!(await isListening(port))) {
    console.log(
      `Nothing listens on ${port} yet: start \`npm run dev\` or \`npm run push-service\` (PUSH_SERVICE_PORT moves it).`,
    );
  }

  const args = ['-profile', profile, '-no-remote', ...(options.headless ? ['-headless'] : []), options.url];
  const firefox = spawn(binary, args, { stdio: 'inherit' });
  // Ctrl-C reaches Firefox too (same terminal); SIGTERM is passed on. Either way, clean up after it exits.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => firefox.kill(signal));
  }
  firefox.once('error', (error) => {
    removeProfile();
    console.error(
      `npm run firefox: could not start ${binary}: ${error.message} (FIREFOX_PATH picks another)`,
    );
    process.exit(1);
  });
  firefox.once('exit', (code, signal) => {
    removeProfile();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main().catch(exitOnStartupError('npm run firefox'));
