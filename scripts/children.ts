import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';

export type LineListener = (line: string, stream: 'stdout' | 'stderr') => void;

/** A Node child process whose output arrives line by line. */
export interface RunningChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves when it has ended: its exit code, or the signal that ended it. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Calls `listener` with every later output line (colour codes removed). */
  onLine(listener: LineListener): void;
  /** The first later output line that matches; rejects if the child ends first. */
  waitForLine(pattern: RegExp): Promise<RegExpExecArray>;
  /** Signals the child, or its whole process group when started with `group` (reaches grandchildren). */
  signal(signal: NodeJS.Signals): void;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Own process group: Ctrl-C in the terminal then reaches only the parent, which stops the children
   * itself, and `signal()` also reaches what the child started (tsx watch runs the server as a child).
   */
  group?: boolean;
}

/** Runs `node <args>` with the same Node binary as this process; stdin is closed. */
export function startNode(name: string, args: string[], options: ChildOptions = {}): RunningChild {
  const child = spawn(process.execPath, args, {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group ?? false,
  });
  const listeners: LineListener[] = [];
  const emit: LineListener = (line, stream) => {
    for (const listener of [...listeners]) listener(line, stream);
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream], crlfDelay: Infinity }).on('line', (line) =>
      emit(stripVTControlCharacters(line), stream),
    );
  }
  let ended = false;
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 0));
    child.once('error', (error) => {
      emit(`could not start: ${error.message}`, 'stderr');
      resolve(1);
    });
  }).finally(() => (ended = true));

  return {
    name,
    process: child,
    exited,
    onLine: (listener) => void listeners.push(listener),
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const listener: LineListener = (line) => {
          const match = pattern.exec(line);
          if (!match) return;
          listeners.splice(listeners.indexOf(listener), 1);
          resolve(match);
        };
        listeners.push(listener);
        void exited.then((code) => reject(new Error(`${name} exited (${code}) before printing ${pattern}`)));
      }),
    signal(signal) {
      if (ended || child.pid === undefined) return;
      try {
        if (options.group) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // It ended between the check and the kill.
      }
    },
  };
}

/** Sends SIGTERM to each child, then SIGKILL to any still running after `graceMs`. */
export async function stopChildren(children: readonly RunningChild[], graceMs = 5000): Promise<void> {
  for (const child of children) child.signal('SIGTERM');
  const timer = setTimeout(() => {
    for (const child of children) child.signal('SIGKILL');
  }, graceMs);
  await Promise.all(children.map((child) => child.exited));
  clearTimeout(timer);
}
