// Worker thread body for EncryptPool: encrypts batches of pushes so the ECDH work runs beside the HTTP work.
import { parentPort } from 'node:worker_threads';
import { encryptBatch } from './encrypt-batch.ts';
import type { EncryptJob } from './encrypt-pool.ts';

parentPort!.on('message', (job: EncryptJob) => {
  const transfer: ArrayBuffer[] = [];
  const results = encryptBatch(job.data, job.contentEncoding, job.keys, transfer);
  parentPort!.postMessage({ id: job.id, results }, transfer);
});
// Until this arrives (the thread starting, ~50 ms), the pool's caller encrypts inline.
parentPort!.postMessage({ ready: true });
