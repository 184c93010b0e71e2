import { spawn } from 'node:child_process';
import { startPostgresCluster, stopPostgresCluster } from './postgres-cluster.ts';

const USAGE = `usage: tsx scripts/postgres-cluster-cli.ts <command>
  start [--owner PID]   start a private PostgreSQL 15 and print DATABASE_URL=... and POSTGRES_CLUSTER_DIR=...
                        as shell assignments; it runs until 'stop DIR' (with --owner, a later start also
                        removes it once process PID, e.g. the calling shell's $$, has ended)
  stop DIR              stop the cluster in DIR and remove DIR
  run -- COMMAND...     start one, run COMMAND with DATABASE_URL set, stop it when COMMAND ends`;

const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'start') {
    const ownerIndex = rest.indexOf('--owner');
    const ownerPid = ownerIndex >= 0 ? Number(rest[ownerIndex + 1]) : null;
    if (ownerPid !== null && !(Number.isInteger(ownerPid) && ownerPid > 0)) {
      throw new Error('--owner must be a process id (a whole number above 0)');
    }
    const cluster = await startPostgresCluster({ ownerPid });
    process.stdout.write(
      `DATABASE_URL=${shellQuote(cluster.url)}\nPOSTGRES_CLUSTER_DIR=${shellQuote(cluster.dir)}\n`,
    );
    return 0;
  }
  if (command === 'stop' && rest.length === 1) {
    await stopPostgresCluster(rest[0]!);
    return 0;
  }
  if (command === 'run' && rest[0] === '--' && rest.length > 1) {
    const cluster = await startPostgresCluster();
    console.error(`postgres: ${cluster.url} (data in ${cluster.dir}, removed at the end)`);
    const child = spawn(rest[1]!, rest.slice(2), {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: cluster.url },
    });
    // Ctrl-C reaches the child from the terminal; the cluster is stopped once the child has ended.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
    const code = await new Promise<number>((resolve) => {
      child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
      child.once('error', (error) => {
        console.error(`could not run ${rest[1]}: ${error.message}`);
        resolve(127);
      });
    });
    await cluster.stop();
    return code;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
