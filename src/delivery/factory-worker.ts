// A build thread: answers each { id, input } from the delivery runtime with { id, result } (factory.ts).
import { parentPort } from 'node:worker_threads';
import { produceMessage, type FactoryInput, type FactoryResult } from './factory.js';

function post(id: number, result: FactoryResult): void {
  if (!result.ok) return parentPort!.postMessage({ id, result });
  // Move the bytes without a copy, unless they share a pooled ArrayBuffer with other buffers of this thread.
  const raw = result.raw;
  const own = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? raw : new Uint8Array(raw);
  parentPort!.postMessage({ id, result: { ok: true, raw: own } }, [own.buffer as ArrayBuffer]);
}

parentPort!.on('message', (job: { id: number; input: FactoryInput }) => {
  produceMessage(job.input).then(
    (result) => post(job.id, result),
    (err: unknown) => post(job.id, { ok: false, reason: `Could not build the message: ${(err as Error).message}` }),
  );
});
