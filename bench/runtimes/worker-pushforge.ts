// Entry of the runtime bench for pushforge under workerd.
import { asWorker } from './measure.ts';
import { measurePushforge } from './pushforge.ts';

export default asWorker(measurePushforge);
