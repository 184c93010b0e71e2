/** Ports of the kit's scripts: read from the environment, and a taken port said in one line. */

/** A setting that keeps a script from starting; said as one line, without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** A port read from `name` in the environment (`fallback` when unset); `min` 0 allows "any free port". */
export function portFromEnv(name: string, fallback: number, min = 1): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < min || port > 65535) {
    throw new StartupError(`${name} must be a port number from ${min} to 65535, got "${text}"`);
  }
  return port;
}

/** A port something else already listens on; the message names the port and what moves it. */
export class PortInUseError extends StartupError {
  override name = 'PortInUseError';

  constructor(
    readonly port: number,
    what: string,
    howToMove: string,
  ) {
    super(`port ${port} (${what}) is already in use: stop what listens there, or ${howToMove}.`);
  }
}

/** listen()'s "address already in use" error, as Node reports it. */
export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

/** Resolves as `start` does; a taken port becomes a PortInUseError saying how to move it. */
export async function explainPortInUse<T>(
  start: Promise<T>,
  port: number,
  what: string,
  howToMove: string,
): Promise<T> {
  try {
    return await start;
  } catch (error) {
    throw isAddressInUse(error) ? new PortInUseError(port, what, howToMove) : error;
  }
}

/** For `.catch()` at a script's start: a StartupError ends it with `<script>: <message>` and exit code 1. */
export function exitOnStartupError(script: string): (error: unknown) => never {
  return (error) => {
    if (!(error instanceof StartupError)) throw error;
    console.error(`${script}: ${error.message}`);
    process.exit(1);
  };
}
