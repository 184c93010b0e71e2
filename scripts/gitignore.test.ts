import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from './run-script.ts';

// Runs what a newcomer runs (the sandbox example, then the README's CLI commands) in a fresh git repository that
// holds only the kit's real .gitignore, and checks that `git add .` would add nothing they wrote.
const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'shared/webpush/bin/webpush.js');
let dir: string;

const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
const webpush = (...args: string[]) =>
  execFileSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'webpush-gitignore-test-'));
  git('-c', 'init.defaultBranch=main', 'init', '--quiet');
  copyFileSync(join(root, '.gitignore'), join(dir, '.gitignore'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('.gitignore', () => {
  it('covers every file the example and the README commands write', async () => {
    const example = await runScript('example', {
      cwd: dir,
      args: ['--once'],
      env: { PUSH_SERVICE_PORT: '0' },
    });
    expect(example.code).toBe(0);
    webpush('--gen-keys', '--key', 'my_key.pem');
    writeFileSync(join(dir, 'data.json'), '{"title":"From the CLI"}\n'); // echo '...' > data.json
    const claims = join(root, 'examples/vapid_claims.json');
    webpush(
      '--info',
      'subscription.json',
      '--data',
      'data.json',
      '--claims',
      claims,
      '--key',
      'private_key.pem',
      '--curl',
    );

    const written = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((path) => path !== '.gitignore' && !path.startsWith('.git'))
      .sort();
    expect(written).toEqual([
      'data.json',
      'encrypted.data',
      'my_key.pem',
      'private_key.pem',
      'subscription.json',
    ]);
    // Each one by name (a failure says which), then what `git add .` would take: only .gitignore itself.
    for (const path of written) expect(git('check-ignore', path), path).toBe(`${path}\n`);
    expect(git('status', '--porcelain', '--untracked-files=all')).toBe('?? .gitignore\n');
  }, 60_000);

  it('covers a private key by its extension wherever it is written', () => {
    for (const path of ['vapid.pem', 'keys/vapid.pem', 'examples/my_key.pem', 'server/vapid.key']) {
      expect(git('check-ignore', '--no-index', path), path).toBe(`${path}\n`);
    }
  });
});
