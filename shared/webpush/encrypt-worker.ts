// Worker thread body for EncryptPool: encrypts batches of pushes so the ECDH work runs beside the HTTP work.
import { parentPort } from 'node:worker_threads';
import { encryptIntoArena } from './encrypt-batch.ts';
import type { EncryptJob } from './encrypt-pool.ts';

parentPort!.on('message', (job: EncryptJob) => {
  const results = encryptIntoArena(job.data, job.contentEncoding, job.keys, job.arena, job.extra);
  parentPort!.postMessage({ id: job.id, results });
});
// Until this arrives (the thread starting, ~50 ms), the pool's caller encrypts inline.
parentPort!.postMessage({ ready: true });
