// Entry of the runtime bench for this library alone (Node).
import { runAsScript } from './measure.ts';
import { ours } from './ours.ts';

await runAsScript(ours);
