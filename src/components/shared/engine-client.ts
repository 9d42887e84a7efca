/**
 * The one way the checkers call the engine: a job goes to the engine's Web Worker
 * (./engine.worker.ts) and comes back as an outcome, so parsing and judging never run on the
 * page's thread and no input can freeze the page.
 *
 * - Replies are matched to requests by id.
 * - Each checker asks on its own channel, and only its latest request counts: while one of its
 *   jobs runs, a newer request waits, and a request that waits is replaced (and resolved as
 *   `superseded`) by the next one. A burst of keystrokes costs one job, not a queue.
 * - A job that takes longer than ENGINE_TIME_LIMIT_MS (counted from when it was sent) ends the
 *   worker: the client terminates it, starts a fresh one, sends the other channels' jobs that
 *   were in it again, and resolves the slow job as `timeout`, which the checker shows as its
 *   verdict.
 * - Where there is no Worker (jest, server rendering) or the worker cannot start, the job runs
 *   in the page's thread (the same ./engine-jobs.ts, loaded on demand), without a time limit: a
 *   running function cannot be stopped from its own thread.
 *
 * The worker is created on the first request, in the browser only; this module does not import
 * the engine, so the engine's code is in the worker's chunk, not in the checker's.
 */
import type {EngineJob, EngineResult} from './engine-jobs';

/**
 * How long a job may take before the worker is ended and the checker says so. The slowest bounded
 * input the engine knows (13,500 unknown 60-character fields, test/browser/hostile-input.test.ts)
 * takes about 1.5 s here and timed out under a 2 s limit when the machine was loaded; 5 s leaves it
 * room on a slow phone and still ends a job that would hold the worker.
 */
export const ENGINE_TIME_LIMIT_MS = 5000;

export type EngineOutcome<T> =
  | {status: 'done'; value: T; ms: number}
  | {status: 'timeout'; limitMs: number}
  | {status: 'error'; message: string}
  | {status: 'superseded'};

/** What the client needs of a Worker (a DOM Worker, or a stand-in in tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: {data: unknown}) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface EngineClientOptions {
  /** Starts a worker; undefined (or a throw) runs jobs in the page's thread. */
  createWorker?: () => WorkerLike | undefined;
  /** Runs a job in the page's thread (default: ./engine-jobs.ts, loaded on demand). */
  runInThread?: (job: EngineJob) => unknown;
  timeLimitMs?: number;
}

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  message?: string;
  ms?: number;
}

type Resolve = (outcome: EngineOutcome<unknown>) => void;

interface Channel {
  running?: {id: number; job: EngineJob; resolve: Resolve; timer?: ReturnType<typeof setTimeout>};
  waiting?: {job: EngineJob; resolve: Resolve};
}

const defaultRunInThread = async (job: EngineJob): Promise<unknown> => (await import('./engine-jobs')).runEngineJob(job);

export class EngineClient {
  private readonly channels = new Map<string, Channel>();
  private readonly createWorker: () => WorkerLike | undefined;
  private readonly runInThread: (job: EngineJob) => unknown;
  readonly timeLimitMs: number;
  private worker: WorkerLike | undefined;
  /** No worker here (or it failed to start): jobs run in the page's thread. */
  private inThread = false;
  private nextId = 1;
  /** How many workers were ended for taking too long (tests read it). */
  restarts = 0;

  constructor(options: EngineClientOptions = {}) {
    this.createWorker = options.createWorker ?? (() => undefined);
    this.runInThread = options.runInThread ?? defaultRunInThread;
    this.timeLimitMs = options.timeLimitMs ?? ENGINE_TIME_LIMIT_MS;
  }

  /** Runs `job` for `channel`; a later request on the same channel supersedes one still waiting. */
  run<J extends EngineJob>(channel: string, job: J): Promise<EngineOutcome<EngineResult<J>>> {
    return new Promise((resolve) => {
      const state = this.channels.get(channel) ?? {};
      this.channels.set(channel, state);
      const r = resolve as Resolve;
      if (state.running) {
        state.waiting?.resolve({status: 'superseded'});
        state.waiting = {job, resolve: r};
        return;
      }
      this.start(channel, state, job, r);
    });
  }

  /** Ends the worker and drops every request (a page that goes away). */
  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const state of this.channels.values()) {
      if (state.running?.timer) clearTimeout(state.running.timer);
      state.running?.resolve({status: 'superseded'});
      state.waiting?.resolve({status: 'superseded'});
    }
    this.channels.clear();
  }

  private start(channel: string, state: Channel, job: EngineJob, resolve: Resolve): void {
    const id = this.nextId++;
    state.running = {id, job, resolve};
    const worker = this.ensureWorker();
    if (!worker) {
      void this.runHere(channel, id, job);
      return;
    }
    state.running.timer = setTimeout(() => this.timedOut(channel, id), this.timeLimitMs);
    worker.postMessage({id, job});
  }

  private async runHere(channel: string, id: number, job: EngineJob): Promise<void> {
    const started = performance.now();
    let reply: Reply;
    try {
      const value = await this.runInThread(job);
      reply = {id, ok: true, value, ms: performance.now() - started};
    } catch (error) {
      reply = {id, ok: false, message: error instanceof Error ? error.message : String(error)};
    }
    this.finish(channel, id, reply.ok ? {status: 'done', value: reply.value, ms: reply.ms ?? 0} : {status: 'error', message: reply.message ?? ''});
  }

  private ensureWorker(): WorkerLike | undefined {
    if (this.inThread) return undefined;
    if (this.worker) return this.worker;
    let worker: WorkerLike | undefined;
    try {
      worker = this.createWorker();
    } catch {
      worker = undefined;
    }
    if (!worker) {
      this.inThread = true;
      return undefined;
    }
    worker.onmessage = (event) => this.onReply(event.data as Reply);
    // The worker's script did not load or crashed: run in the page's thread from now on.
    worker.onerror = () => {
      if (this.worker !== worker) return;
      const orphans = this.orphans();
      worker.terminate();
      this.worker = undefined;
      this.inThread = true;
      this.resend(orphans);
    };
    this.worker = worker;
    return worker;
  }

  private onReply(reply: Reply): void {
    for (const [channel, state] of this.channels) {
      if (state.running?.id !== reply.id) continue;
      this.finish(channel, reply.id, reply.ok ? {status: 'done', value: reply.value, ms: reply.ms ?? 0} : {status: 'error', message: reply.message ?? ''});
      return;
    }
  }

  /** Resolves the running job of `channel` (if it is still job `id`) and starts the one waiting. */
  private finish(channel: string, id: number, outcome: EngineOutcome<unknown>): void {
    const state = this.channels.get(channel);
    if (!state?.running || state.running.id !== id) return;
    if (state.running.timer) clearTimeout(state.running.timer);
    const {resolve} = state.running;
    state.running = undefined;
    resolve(outcome);
    const next = state.waiting;
    state.waiting = undefined;
    if (next) this.start(channel, state, next.job, next.resolve);
  }

  private timedOut(channel: string, id: number): void {
    const orphans = this.orphans().filter(([c]) => c !== channel);
    this.worker?.terminate();
    this.worker = undefined;
    this.restarts++;
    this.finish(channel, id, {status: 'timeout', limitMs: this.timeLimitMs});
    this.resend(orphans);
  }

  /** The channels whose running job is in the worker (sent, with a timer). */
  private orphans(): [string, Channel][] {
    return [...this.channels].filter(([, state]) => state.running?.timer !== undefined);
  }

  /** Sends the jobs that were in a worker that is gone to its successor (or runs them here). */
  private resend(orphans: [string, Channel][]): void {
    for (const [channel, state] of orphans) {
      const running = state.running;
      if (!running) continue;
      clearTimeout(running.timer);
      this.start(channel, state, running.job, running.resolve);
    }
  }
}

/**
 * Test-only: a page where `window.__ksnEngineTestSpin = {marker, ms}` is set (by a browser test,
 * before the page loads) makes the engine busy-loop `ms` before each job whose text contains
 * `marker`: a job slower than the time limit, on demand (test/browser/hostile-input.test.ts).
 */
function testSpin<J extends EngineJob>(job: J): J {
  const flag = (globalThis as {__ksnEngineTestSpin?: {marker?: unknown; ms?: unknown}}).__ksnEngineTestSpin;
  if (!flag || typeof flag.marker !== 'string' || typeof flag.ms !== 'number' || !job.text.includes(flag.marker)) return job;
  return {...job, spinMs: flag.ms};
}

let shared: EngineClient | undefined;

/** The page's engine client: one worker for every checker of the page. */
function sharedClient(): EngineClient {
  shared ??= new EngineClient({
    createWorker: () =>
      typeof window !== 'undefined' && typeof Worker !== 'undefined'
        ? (new Worker(new URL('./engine.worker.ts', import.meta.url), {name: 'engine-worker'}) as unknown as WorkerLike)
        : undefined,
  });
  return shared;
}

/** Runs `job` for `channel` (one per checker) in the page's engine worker. */
export function runEngine<J extends EngineJob>(channel: string, job: J): Promise<EngineOutcome<EngineResult<J>>> {
  return sharedClient().run(channel, testSpin(job));
}
