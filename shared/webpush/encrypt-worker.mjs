// Starts the TypeScript worker through tsx, however the parent process was started (tsx, vitest, plain node).
import { register } from 'tsx/esm/api';

register();
await import('./encrypt-worker.ts');
