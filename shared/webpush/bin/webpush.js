#!/usr/bin/env node
// The `webpush` command. The published package runs its compiled CLI with plain node. In a checkout of the
// kit (cli.ts sits beside dist/), it runs the TypeScript sources through tsx instead, so the kit's tests and
// README commands always exercise the current code, never a stale build.
import { existsSync } from 'node:fs';

const source = new URL('../cli.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/cli.js'));
}
process.exitCode = await main(process.argv.slice(2));
