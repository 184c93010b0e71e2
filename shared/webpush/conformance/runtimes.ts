// Runs code under Node, Bun, Deno and workerd from the npm packages `bun`, `deno` and `workerd` (their
// binaries work with install scripts skipped). Shared by the conformance test, the package check and the
// bench: bundle an entry for a runtime (esbuild, that runtime's package conditions), then run it as a script
// or, for workerd, serve it on 127.0.0.1 through a generated config.capnp.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export type RuntimeName = 'node' | 'bun' | 'deno' | 'workerd';
export const RUNTIMES: readonly RuntimeName[] = ['node', 'bun', 'deno', 'workerd'];

/** The package conditions each runtime (or, for workerd, wrangler's bundler) resolves with. */
export const CONDITIONS: Record<RuntimeName, string[]> = {
  node: ['node'],
  bun: ['bun', 'node'],
  deno: ['deno', 'node'],
  workerd: ['workerd', 'worker', 'browser'],
};

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.bin');
export const runtimeBinary = (runtime: Exclude<RuntimeName, 'node'>) => join(BIN, runtime);

export interface BundleOptions {
  /** Resolve @starter-kit/webpush to its TypeScript sources (no build needed) instead of dist/. */
  source?: boolean;
  minify?: boolean;
  /** Where to resolve bare imports from, when the entry is outside the repo (the package check). */
  nodePaths?: string[];
}

/** One ES module file for the runtime; returns its size in bytes. */
export async function bundle(
  runtime: RuntimeName,
  entry: string,
  outfile: string,
  options: BundleOptions = {},
): Promise<number> {
  const scriptRuntime = runtime !== 'workerd';
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: scriptRuntime ? 'node' : 'neutral',
    mainFields: ['module', 'main'],
    conditions: [...CONDITIONS[runtime], ...(options.source ? ['webpush-source'] : [])],
    minify: options.minify ?? false,
    nodePaths: options.nodePaths ?? [],
    metafile: true,
    logLevel: 'error',
    // undici is CommonJS and requires Node's built-ins; an ES module bundle needs a require() for that.
    banner: scriptRuntime
      ? { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }
      : {},
  });
  return Object.values(result.metafile!.outputs)[0]!.bytes;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script under Node, Bun or Deno (network: 127.0.0.1 only for Deno, which can enforce it). */
export function runScript(
  runtime: Exclude<RuntimeName, 'workerd'>,
  script: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const [command, prefix] =
    runtime === 'node'
      ? [process.execPath, []]
      : runtime === 'bun'
        ? [runtimeBinary('bun'), ['run']]
        : [
            runtimeBinary('deno'),
            ['run', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', '--no-prompt'],
          ];
  return run(command, [...prefix, script, ...args], options);
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServedWorker {
  origin: string;
  stop: () => Promise<void>;
  /** What workerd printed so far (for a failure message). */
  output: () => string;
}

/**
 * Serves one bundled ES module worker with workerd on 127.0.0.1. Its fetch() may reach loopback addresses
 * (the local sink) and nothing else; `bindings` become text bindings on `env`.
 */
export async function serveWorker(
  workerBundle: string,
  bindings: Record<string, string> = {},
): Promise<ServedWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'webpush-workerd-'));
  const port = await freePort();
  const { readFile } = await import('node:fs/promises');
  await writeFile(join(dir, 'worker.js'), await readFile(workerBundle));
  await writeFile(join(dir, 'config.capnp'), workerdConfig(port, bindings));
  const child = spawn(runtimeBinary('workerd'), ['serve', 'config.capnp'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  for (let waited = 0; ; waited += 50) {
    try {
      await fetch(`${origin}/__ready`);
      return { origin, stop, output: () => output };
    } catch {
      if (waited > 15_000 || child.exitCode !== null) {
        await stop();
        throw new Error(`workerd did not start on ${origin}:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function workerdConfig(port: number, bindings: Record<string, string>): string {
  const text = Object.entries(bindings)
    .map(([name, value]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(value)})`)
    .join(', ');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .mainWorker),
    # fetch() from the worker: loopback only (the local push sink), as the tests never leave 127.0.0.1.
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const mainWorker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-09-01",
  bindings = [ ${text} ],
  globalOutbound = "loopback",
);
`;
}
