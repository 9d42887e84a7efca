/**
 * One judgement of <ManifestChecker>: the reader's text parsed and validated, merged with the
 * exercise's given objects, every assertion judged. Runs on the real exercise folders.
 */
import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parseExerciseFile} from '../../../core';
import {checkExercise, objectsOf} from '../check-exercise';

const dir = (id: string) => join(process.cwd(), 'examples', id);
const read = (id: string, file: string) => readFileSync(join(dir(id), file), 'utf8');

describe('checkExercise', () => {
  const id = 'sa-dashboard-deployment';
  const exercise = parseExerciseFile(read(id, 'exercise.yaml'));
  const given = objectsOf(read(id, exercise.given!));

  it("passes the reference answer only together with the lab's given objects", () => {
    const withGiven = checkExercise(read(id, exercise.solution), exercise, given);
    expect(withGiven.results.filter((r) => !r.passed).map((r) => r.id)).toEqual([]);
    // The can-i check needs the lab's RBAC, which only the given objects have.
    const alone = checkExercise(read(id, exercise.solution), exercise, []);
    expect(alone.results.filter((r) => !r.passed).map((r) => r.id)).toEqual(['dashboard-sa-can-list-pods']);
  });

  it("says which of the lab's objects the reader's text replaces", () => {
    expect(checkExercise(read(id, exercise.solution), exercise, given).replaced).toEqual([]);
    const withSa = `${read(id, exercise.solution)}---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: dashboard-sa\n`;
    const result = checkExercise(withSa, exercise, given);
    expect(result.replaced).toEqual(['ServiceAccount default/dashboard-sa']);
    expect(result.objects.filter((o) => o.kind === 'ServiceAccount')).toHaveLength(1);
  });

  it('fails the wrong answer with a diagnostic at the line of the misplaced field', () => {
    const wrong = read(id, exercise.wrong);
    const result = checkExercise(wrong, exercise, given);
    const line = wrong.split('\n').findIndex((l) => /^\s*serviceAccountName:/.test(l)) + 1;
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line])).toEqual([['UNKNOWN_FIELD', line]]);
    expect(result.results.find((r) => r.id === 'no-errors')!.passed).toBe(false);
    expect(result.results.find((r) => r.id === 'template-uses-dashboard-sa')!.failures).toMatchObject([
      {path: 'spec.template.spec.serviceAccountName', expected: 'dashboard-sa', code: 'MISSING'},
    ]);
  });

  it('judges an empty editor without throwing: nothing is there yet', () => {
    const result = checkExercise('', exercise, given);
    expect(result.readerObjects).toBe(0);
    expect(result.results.find((r) => r.id === 'template-uses-dashboard-sa')!.passed).toBe(false);
  });

  it('lists diagnostics in line order, without duplicates', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers: []\n  bogus: 1\n';
    const lines = checkExercise(text, exercise, given).diagnostics.map((d) => d.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    const keys = checkExercise(text, exercise, given).diagnostics.map((d) => `${d.code}@${d.line}:${d.column}:${d.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThan(1);
  });
});
