/**
 * The engine's Web Worker: runs the checkers' jobs (./engine-jobs.ts) off the page's thread, so
 * no input can freeze the page; ./engine-client.ts owns it, and ends it when a job takes longer
 * than the time limit. One message in ({id, job}), one out ({id, ok, value | message, ms}).
 */
import {runEngineJob, type EngineJob} from './engine-jobs';

interface WorkerScope {
  onmessage: ((event: MessageEvent<{id: number; job: EngineJob}>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const {id, job} = event.data;
  const started = performance.now();
  try {
    const value = runEngineJob(job);
    scope.postMessage({id, ok: true, value, ms: performance.now() - started});
  } catch (error) {
    scope.postMessage({id, ok: false, message: error instanceof Error ? error.message : String(error), ms: performance.now() - started});
  }
};
