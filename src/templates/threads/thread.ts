// A template thread: answers each { id, task } from pool.ts with { id, answer }, one task at a time.
import { parentPort } from 'node:worker_threads';
import { createTemplateCache } from '../cache.js';
import { runTask, type TemplateAnswer, type TemplateTask } from './work.js';

// Messages keep their compiled parts here while their recipients render (keys carry the message id).
const cache = createTemplateCache(200);
const now = (): number => performance.now();

parentPort!.on('message', ({ id, task }: { id: number; task: TemplateTask }) => {
  let answer: TemplateAnswer;
  try {
    answer = runTask(task, cache, now);
  } catch (err) {
    answer = { ok: false, reason: `template work failed: ${(err as Error)?.message ?? String(err)}` };
  }
  parentPort!.postMessage({ id, answer });
});
parentPort!.postMessage({ ready: true });
