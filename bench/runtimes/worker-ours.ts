// Entry of the runtime bench for ours under workerd.
import { asWorker } from './measure.ts';
import { measureOurs } from './ours.ts';

export default asWorker(measureOurs);
