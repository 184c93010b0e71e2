// Entry of the runtime bench for @pushforge/builder alone (Node).
import { runAsScript } from './measure.ts';
import { pushforge } from './pushforge.ts';

await runAsScript(pushforge);
