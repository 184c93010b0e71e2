// Entry of the runtime bench for ours as a script (Node, Bun, Deno).
import { runAsScript } from './measure.ts';
import { measureOurs } from './ours.ts';

await runAsScript(measureOurs);
