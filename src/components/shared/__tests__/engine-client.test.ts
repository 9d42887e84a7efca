/**
 * The engine client (../engine-client.ts) with real threads: a Node worker thread stands in for
 * the browser's Web Worker, and a job that never ends (a busy loop) must come back as `timeout`
 * within the time limit, with the worker ended and a fresh one answering the next request. Where
 * there is no worker, the same jobs (../engine-jobs.ts) run in the calling thread.
 */
import {afterEach, describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {Worker} from 'node:worker_threads';
import {parseExerciseFile} from '../../../core';
import {EngineClient, type WorkerLike} from '../engine-client';
import type {ManifestJob} from '../engine-jobs';

/**
 * The stand-in engine: answers a job with the length of its text and how many jobs this worker
 * has seen; `spinMs` makes it busy-loop that long first (Infinity: a job that never ends).
 */
const STAND_IN = `
const {parentPort} = require('node:worker_threads');
let seen = 0;
parentPort.on('message', ({id, job}) => {
  seen++;
  const until = Date.now() + (job.spinMs ?? 0);
  while (Date.now() < until) {}
  parentPort.postMessage({id, ok: true, value: {chars: job.text.length, seen}, ms: 0});
});
`;

const LIMIT_MS = 300;

interface Started {
  worker: Worker;
  exited: Promise<number>;
}

let started: Started[] = [];
let clients: EngineClient[] = [];

/** A client whose workers are Node worker threads running STAND_IN. */
function client(): EngineClient {
  const c = new EngineClient({
    timeLimitMs: LIMIT_MS,
    createWorker: () => {
      const worker = new Worker(STAND_IN, {eval: true});
      const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
      started.push({worker, exited});
      const like: WorkerLike = {postMessage: (m) => worker.postMessage(m), terminate: () => void worker.terminate(), onmessage: null, onerror: null};
      worker.on('message', (data: unknown) => like.onmessage?.({data}));
      worker.on('error', (error) => like.onerror?.(error));
      return like;
    },
  });
  clients.push(c);
  return c;
}

const job = (text: string, spinMs?: number): ManifestJob => ({op: 'manifest', text, ...(spinMs !== undefined ? {spinMs} : {})});

afterEach(async () => {
  for (const c of clients) c.dispose();
  await Promise.all(started.map((s) => s.exited));
  started = [];
  clients = [];
});

describe('engine client with a worker', () => {
  it('a job that never ends comes back as timeout; the worker is ended and the next request works', async () => {
    const c = client();
    const began = Date.now();
    const outcome = await c.run('checker-1', job('never ends', Infinity));
    expect(outcome).toEqual({status: 'timeout', limitMs: LIMIT_MS});
    expect(Date.now() - began).toBeGreaterThanOrEqual(LIMIT_MS - 5);
    expect(c.restarts).toBe(1);
    // The spinning thread was ended (terminate() stops a busy loop).
    await started[0].exited;

    const next = await c.run('checker-1', job('apiVersion: v1'));
    expect(next).toMatchObject({status: 'done', value: {chars: 14, seen: 1}});
    expect(started).toHaveLength(2);
  }, 10_000);

  it("another checker's job that was in the ended worker is sent to the fresh one", async () => {
    const c = client();
    const slow = c.run('checker-1', job('never ends', Infinity));
    const other = c.run('checker-2', job('kind: Pod'));
    expect(await slow).toEqual({status: 'timeout', limitMs: LIMIT_MS});
    expect(await other).toMatchObject({status: 'done', value: {chars: 9, seen: 1}});
    expect(started).toHaveLength(2);
  }, 10_000);

  it('keeps only the latest request of a checker while its job runs', async () => {
    const c = client();
    const first = c.run('checker-1', job('first', 100));
    const second = c.run('checker-1', job('second'));
    const third = c.run('checker-1', job('third!'));
    expect(await first).toMatchObject({status: 'done', value: {chars: 5, seen: 1}});
    expect(await second).toEqual({status: 'superseded'});
    // The worker saw two jobs: the second never reached it.
    expect(await third).toMatchObject({status: 'done', value: {chars: 6, seen: 2}});
    expect(c.restarts).toBe(0);
  }, 10_000);

  it('a worker that fails to start makes the client run jobs in the calling thread', async () => {
    const c = new EngineClient({
      createWorker: () => {
        throw new Error('no workers here');
      },
    });
    clients.push(c);
    const outcome = await c.run('checker-1', {op: 'manifest', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\nfoo: 1\n'});
    expect(outcome.status).toBe('done');
    if (outcome.status === 'done') expect(outcome.value.diagnostics.map((d) => d.code)).toContain('UNKNOWN_FIELD');
  });
});

describe('engine client without a worker (jest, server rendering)', () => {
  const dir = join(process.cwd(), 'examples', 'sa-dashboard-deployment');
  const exercise = parseExerciseFile(readFileSync(join(dir, 'exercise.yaml'), 'utf8'));
  const file = (name: string) => readFileSync(join(dir, name), 'utf8');

  it('judges an exercise in the calling thread: the solution passes, the wrong answer fails', async () => {
    const c = new EngineClient();
    clients.push(c);
    const verdict = async (name: string) => {
      const outcome = await c.run('checker-1', {op: 'check', text: file(name), assertions: exercise.assertions, given: file(exercise.given!)});
      if (outcome.status !== 'done') throw new Error(`unexpected outcome ${outcome.status}`);
      return outcome.value.results.every((r) => r.passed);
    };
    expect(await verdict(exercise.solution!)).toBe(true);
    expect(await verdict('wrong.yaml')).toBe(false);
  });
});
