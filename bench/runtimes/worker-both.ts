// Entry of the runtime bench under workerd: both libraries interleaved in one Worker.
import { asWorker } from './measure.ts';
import { ours } from './ours.ts';
import { pushforge } from './pushforge.ts';

export default asWorker(ours, pushforge);
