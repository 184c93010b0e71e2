// The bench's child processes: each measured run is a fresh Node process running a TypeScript file through tsx,
// which reports on its first line of output (a port, or one JSON result).
import { spawn, type ChildProcess } from 'node:child_process';

/** `file` (an absolute path) under tsx with extra Node `flags`; stdout piped, an IPC channel open. */
export function runTsx(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  flags: string[] = [],
): ChildProcess {
  return spawn(process.execPath, [...flags, '--import', 'tsx', file, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
}

/** The child's first line of output; rejects with what it printed if it exits first. */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`${child.spawnargs.join(' ')} exited ${code}: ${text}`)));
  });
}
