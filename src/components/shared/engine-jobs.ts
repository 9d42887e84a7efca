/**
 * The engine calls the checkers make, as jobs: plain data in, plain (structured-clonable) data
 * out, so the same function runs in the engine's Web Worker (./engine.worker.ts) and, where there
 * is no Worker (jest, a browser without it), in the page's thread (./engine-client.ts).
 */
import {checkExercise, diagnosticsOf, objectsOf, type CheckResult} from './check-exercise';
import {parseManifests} from '../../core';
import type {Assertion, Diagnostic} from '../../core';

/** <ManifestChecker>: judge the reader's text against the exercise's assertions and given objects. */
export interface CheckJob {
  op: 'check';
  text: string;
  assertions: Assertion[];
  /** The text of the exercise's given objects (parsed in the engine, once per text). */
  given?: string;
  /** Test-only: busy-loop this long before the job (see ENGINE_TEST_SPIN in ./engine-client.ts). */
  spinMs?: number;
}

/** A playground's editor: the objects and diagnostics of its text. */
export interface ManifestJob {
  op: 'manifest';
  text: string;
  spinMs?: number;
}

export type EngineJob = CheckJob | ManifestJob;

export interface ManifestResult {
  objects: Record<string, unknown>[];
  diagnostics: Diagnostic[];
}

export type EngineResult<J extends EngineJob> = J extends CheckJob ? CheckResult : ManifestResult;

// The given objects of the last exercise asked about: the same on every keystroke.
let givenCache: {text: string; objects: Record<string, unknown>[]} | undefined;

function givenObjects(text: string | undefined): Record<string, unknown>[] {
  if (text === undefined) return [];
  if (givenCache?.text !== text) givenCache = {text, objects: objectsOf(text)};
  return givenCache.objects;
}

function spin(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // A job that takes longer than the time limit, on purpose (tests only).
  }
}

export function runEngineJob<J extends EngineJob>(job: J): EngineResult<J> {
  if (job.spinMs) spin(job.spinMs);
  if (job.op === 'check') return checkExercise(job.text, {assertions: job.assertions}, givenObjects(job.given)) as EngineResult<J>;
  const parsed = parseManifests(job.text);
  return {objects: parsed.objects.map((o) => o.object), diagnostics: diagnosticsOf(job.text, parsed)} as EngineResult<J>;
}
