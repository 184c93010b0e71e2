// Entry of the runtime bench for pushforge as a script (Node, Bun, Deno).
import { runAsScript } from './measure.ts';
import { measurePushforge } from './pushforge.ts';

await runAsScript(measurePushforge);
