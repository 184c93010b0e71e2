// Entry of the runtime bench as a script: both libraries interleaved (Bun, Deno).
import { runAsScript } from './measure.ts';
import { ours } from './ours.ts';
import { pushforge } from './pushforge.ts';

await runAsScript(ours, pushforge);
