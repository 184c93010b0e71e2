import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/** For tests: runs one of package.json's `tsx <file>` scripts as `npm run <name>` does, and collects its output. */
export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const root = resolve(import.meta.dirname, '..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/** The file a package.json script runs (`"example": "tsx examples/sandbox.ts"` gives examples/sandbox.ts). */
export function scriptFile(name: string): string {
  const scripts = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const file = /^tsx (\S+\.ts)$/.exec(scripts[name] ?? '')?.[1];
  if (!file) throw new Error(`package.json script "${name}" is not "tsx <file>.ts": ${scripts[name]}`);
  return join(root, file);
}

export function runScript(
  name: string,
  options: { args?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ScriptRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [tsxCli, scriptFile(name), ...(options.args ?? [])], {
      cwd: options.cwd ?? root,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}
