// Entry of the conformance suite as a script (Node, Bun, Deno): `<runtime> conformance.mjs <name> <sink origin>`.
// Prints one line, `CONFORMANCE <report JSON>`.
import { runSuite } from './suite.ts';

declare const Deno: { args: string[] } | undefined;
const args: string[] =
  typeof Deno !== 'undefined'
    ? Deno.args
    : (globalThis as { process?: { argv: string[] } }).process!.argv.slice(2);
const [runtime, sink] = args as [string, string];
console.log(`CONFORMANCE ${JSON.stringify(await runSuite(runtime, sink))}`);
