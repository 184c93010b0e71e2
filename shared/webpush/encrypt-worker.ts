// Worker thread body for EncryptPool: encrypts batches of pushes so the ECDH work runs beside the HTTP work.
import { parentPort } from 'node:worker_threads';
import { encrypt } from './encrypt.ts';
import type { EncryptJob, EncryptJobResult } from './encrypt-pool.ts';

parentPort!.on('message', (job: EncryptJob) => {
  const results: EncryptJobResult[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const keys of job.keys) {
    try {
      const out = encrypt(job.data, keys, { contentEncoding: job.contentEncoding });
      const body = new Uint8Array(out.body); // its own ArrayBuffer, so it can be transferred, not copied
      transfer.push(body.buffer);
      results.push({ body, headers: out.headers });
    } catch (error) {
      results.push({
        error: { field: (error as { field?: string }).field ?? 'data', message: (error as Error).message },
      });
    }
  }
  parentPort!.postMessage({ id: job.id, results }, transfer);
});
