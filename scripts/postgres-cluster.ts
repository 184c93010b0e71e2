import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

/** Where Debian's postgresql-15 package puts its programs; POSTGRES_BIN overrides. */
export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** Temporary cluster folders start with this, so a stale one (its owner was killed) can be found. */
const DIR_PREFIX = 'webpush-pg-';
const OWNER_FILE = 'owner.pid';

/** A throwaway PostgreSQL server: its data and socket live in `dir`, it listens on 127.0.0.1:`port`. */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication: local tests only). */
  url: string;
  port: number;
  dir: string;
  /** Stops the server (`pg_ctl -m fast stop`) and removes `dir`. Safe to call twice. */
  stop(): Promise<void>;
}

export function postgresInstalled(bin = POSTGRES_BIN): boolean {
  return existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'));
}

const isRoot = () => process.getuid?.() === 0;

/** Quotes for `sh -c`: the only way to pass arguments through `su postgres -c`. */
const shellQuote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/**
 * Runs a PostgreSQL program. Postgres refuses to run as root, so as root it runs as the `postgres` user
 * (which must own every path it touches); as anyone else it runs as that user.
 */
async function pgProgram(bin: string, program: string, args: string[]): Promise<string> {
  const file = join(bin, program);
  try {
    const { stdout } = isRoot()
      ? await run('su', ['postgres', '-c', [file, ...args].map(shellQuote).join(' ')])
      : await run(file, args);
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${(stderr || stdout || String(error)).trim()}`);
  }
}

export interface ClusterOptions {
  /** Folder of initdb and pg_ctl (default POSTGRES_BIN). */
  bin?: string;
  /** Parent of the cluster's temporary folder (default the OS temp folder). */
  parent?: string;
  /**
   * The process whose death makes the cluster stale, to be swept by a later start (default this one).
   * A CLI that starts a cluster for a shell script and exits names the script's shell; null: never swept.
   */
  ownerPid?: number | null;
}

/**
 * initdb (about 2 s) and pg_ctl start a private server in a new temporary folder, on a free port, with
 * its Unix socket in that folder (never /var/run/postgresql, so it does not meet the machine's own
 * cluster). Durability is switched off: the data is thrown away at stop().
 */
export async function startPostgresCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  const bin = options.bin ?? POSTGRES_BIN;
  if (!postgresInstalled(bin)) {
    throw new Error(
      `PostgreSQL programs not found in ${bin} (install the postgresql package, or set POSTGRES_BIN)`,
    );
  }
  const parent = options.parent ?? tmpdir();
  await removeStaleClusters(bin, parent);
  if (isRoot()) await assertPostgresReaches(parent);
  const dir = await mkdtemp(join(parent, DIR_PREFIX));
  const ownerPid = options.ownerPid === undefined ? process.pid : options.ownerPid;
  if (ownerPid !== null) await writeFile(join(dir, OWNER_FILE), String(ownerPid));
  const data = join(dir, 'data');
  if (isRoot()) await run('chown', ['-R', 'postgres:', dir]);
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stopPostgresCluster(dir, bin));
  try {
    await pgProgram(bin, 'initdb', [
      ...['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'],
      ...['--no-sync', '--no-instructions'],
    ]);
    const port = await startServer(bin, dir, data);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Stops the server of a cluster folder made by startPostgresCluster (if it runs) and removes the folder. */
export async function stopPostgresCluster(dir: string, bin = POSTGRES_BIN): Promise<void> {
  // It removes the folder: refuse any folder this module did not make.
  if (!basename(dir).startsWith(DIR_PREFIX))
    throw new Error(`${dir} is not a cluster folder (${DIR_PREFIX}*)`);
  const data = join(dir, 'data');
  if (existsSync(join(data, 'postmaster.pid'))) {
    await pgProgram(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch((error: Error) =>
      console.error(`postgres cluster ${dir}: ${error.message}`),
    );
  }
  await rm(dir, { recursive: true, force: true });
}

/** pg_ctl start on a free port; a port taken between the probe and the start is retried with another. */
async function startServer(bin: string, dir: string, data: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const serverOptions = [
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
    ].join(' ');
    try {
      await pgProgram(bin, 'pg_ctl', [
        ...['-D', data, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', 'start'],
      ]);
      return port;
    } catch (error) {
      if (attempt >= 3) {
        const log = await readFile(join(dir, 'server.log'), 'utf8').catch(() => '');
        throw new Error(`${(error as Error).message}\n${log.trim()}`);
      }
    }
  }
}

/** As root the server runs as `postgres`, which must be able to enter every folder above its own. */
async function assertPostgresReaches(parent: string): Promise<void> {
  try {
    await run('su', ['postgres', '-c', `test -x ${shellQuote(parent)}`]);
  } catch {
    throw new Error(`the postgres user cannot enter ${parent}: choose a parent folder it may reach`);
  }
}

/** Stops and removes clusters left by a process that was killed before its stop() ran. */
async function removeStaleClusters(bin: string, parent: string): Promise<void> {
  const names = (await readdir(parent).catch(() => [])).filter((name) => name.startsWith(DIR_PREFIX));
  for (const name of names) {
    const dir = join(parent, name);
    const owner = Number(await readFile(join(dir, OWNER_FILE), 'utf8').catch(() => 'NaN'));
    if (!Number.isInteger(owner) || owner <= 0 || processAlive(owner)) continue;
    const data = join(dir, 'data');
    if (existsSync(join(data, 'postmaster.pid'))) {
      await pgProgram(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    }
    await rm(dir, { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
