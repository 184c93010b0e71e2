import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from './free-port.ts';
import { runScript } from './run-script.ts';

// The real scripts, started while their port is held by another listener (as when `npm run dev` already runs):
// one line naming the port and the variable that moves it, exit code 1, no stack trace, nothing written.
let holder: Server;
let heldPort: number;
let cwd: string;

beforeEach(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  heldPort = (holder.address() as { port: number }).port;
  cwd = mkdtempSync(join(tmpdir(), 'webpush-port-test-'));
});

afterEach(async () => {
  await new Promise((resolve) => holder.close(resolve));
  rmSync(cwd, { recursive: true, force: true });
});

describe('a script whose port is taken', () => {
  it('npm run example names the port and PUSH_SERVICE_PORT, exits 1, writes nothing', async () => {
    const run = await runScript('example', { cwd, env: { PUSH_SERVICE_PORT: String(heldPort) } });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `npm run example: port ${heldPort} (push service) is already in use: stop what listens there, or set PUSH_SERVICE_PORT to another port.\n`,
    });
    expect(readdirSync(cwd)).toEqual([]);
  }, 30_000);

  it('npm run push-service names the port and PUSH_SERVICE_PORT (or --port), exits 1', async () => {
    const run = await runScript('push-service', { cwd, env: { PUSH_SERVICE_PORT: String(heldPort) } });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `npm run push-service: port ${heldPort} (push service) is already in use: stop what listens there, or set PUSH_SERVICE_PORT (or --port) to another port.\n`,
    });
  }, 30_000);

  it('npm run dev names the push service port and PUSH_SERVICE_PORT, exits 1', async () => {
    const env = { PORT: String(await freePort()), WEB_PORT: String(await freePort()) };
    const run = await runScript('dev', { cwd, env: { ...env, PUSH_SERVICE_PORT: String(heldPort) } });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `npm run dev: port ${heldPort} (push service) is already in use: stop what listens there, or set PUSH_SERVICE_PORT to another port (or run with --no-push-service).\n`,
    });
  }, 30_000);

  it('npm run dev names the API port and PORT, exits 1', async () => {
    const run = await runScript('dev', { cwd, env: { PORT: String(heldPort) } });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `npm run dev: port ${heldPort} (API server) is already in use: stop what listens there, or set PORT to another port.\n`,
    });
  }, 30_000);
});
