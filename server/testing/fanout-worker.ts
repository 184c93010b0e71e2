// A server process reduced to its fan-out, for the crash-and-resume test: boots on the database the
// environment names (DATABASE_PATH or DATABASE_URL, VAPID_PRIVATE_KEY, ADMIN_TOKEN), resumes unfinished
// messages as server/index.ts does at start-up, and exits once they are done. The test SIGKILLs it half way.
import { startServer } from '../boot.ts';
import { loadConfig } from '../config.ts';

const server = await startServer(loadConfig());
const resumed = await server.fanout.resumeUnfinished();
console.log(`resuming ${resumed.join(',')}`);
await server.fanout.whenIdle();
await server.close();
