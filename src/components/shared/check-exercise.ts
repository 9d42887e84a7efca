/**
 * One pass of <ManifestChecker> over the reader's text: parse it, validate it as the API server
 * would (strict fields, API rules), merge the reader's objects with the exercise's given objects
 * and judge every assertion. Pure (no React, no DOM): the component calls it on each change and
 * the benchmark in test/browser/checkers.test.ts times it.
 */
import {evaluateAssertions, mergeObjects, parseManifests, validateManifests} from '../../core';
import type {AssertionResult, Diagnostic, ExerciseFile} from '../../core';

export interface CheckResult {
  results: AssertionResult[];
  /** Diagnostics of the reader's text, in line order. */
  diagnostics: Diagnostic[];
  /** The objects the assertions were judged against (given + reader). */
  objects: Record<string, unknown>[];
  /** Given objects the reader's text replaced ("Kind namespace/name"). */
  replaced: string[];
  /** How many objects the reader's text holds. */
  readerObjects: number;
}

/** Parse + validate diagnostics of one text, without duplicates, sorted by line and column. */
export function diagnosticsOf(text: string, parsed: {diagnostics: Diagnostic[]} = parseManifests(text)): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of [...parsed.diagnostics, ...validateManifests(text)]) {
    const key = `${d.code}|${d.line ?? ''}|${d.column ?? ''}|${d.path ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** The objects of a text (documents that are not mappings are left out; their diagnostics say why). */
export function objectsOf(text: string): Record<string, unknown>[] {
  return parseManifests(text).objects.map((o) => o.object);
}

export function checkExercise(text: string, exercise: Pick<ExerciseFile, 'assertions'>, given: readonly Record<string, unknown>[] = []): CheckResult {
  const parsed = parseManifests(text);
  const diagnostics = diagnosticsOf(text, parsed);
  const reader = parsed.objects.map((o) => o.object);
  const merged = mergeObjects(given, reader);
  const results = evaluateAssertions(merged.objects, exercise.assertions, {diagnostics});
  return {results, diagnostics, objects: merged.objects, replaced: merged.replaced, readerObjects: reader.length};
}
