/**
 * Every example folder is well-formed, every file it names exists, every reference from a page
 * resolves, and every example is shown on some page (no orphans that nobody reads).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects content
 */
import {describe, expect, it} from '@jest/globals';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {exerciseAnswers, parseExerciseFile, parseStepFile, type Step} from '../../src/core';
import {resolveExampleText} from '../../src/plugins/remark-embed-examples';
import {EXAMPLES_ROOT, componentExampleIdsOf, exampleRefsOf, listExampleIds, listPages} from '../../scripts/lib/site-content';

const ids = listExampleIds();
const pages = [...listPages('ko'), ...listPages('en')];
const embedded = new Set(pages.flatMap((p) => [...exampleRefsOf(p.text).map((r) => r.split(/[/#]/)[0]), ...componentExampleIdsOf(p.text)]));

/** The files of its own folder that a step names. */
function filesOf(step: Step): string[] {
  if ('apply' in step) return [step.apply];
  if ('delete' in step) return [step.delete];
  if ('expectError' in step) return [step.expectError];
  if ('exercise' in step) return [step.exercise];
  return [];
}

describe('example folders', () => {
  it('exist', () => {
    expect(ids.length).toBeGreaterThan(0);
  });

  it.each(ids.map((id) => [id]))('%s: steps.yaml is valid and names only files of its folder', (id) => {
    const dir = join(EXAMPLES_ROOT, id);
    expect(existsSync(join(dir, 'steps.yaml')) ? 'present' : `add examples/${id}/steps.yaml (see examples/README.md)`).toBe('present');
    const file = parseStepFile(readFileSync(join(dir, 'steps.yaml'), 'utf8'), `examples/${id}/steps.yaml`);
    const missing = file.steps.flatMap(filesOf).filter((f) => !existsSync(join(dir, f)));
    expect(missing).toEqual([]);
  });

  it.each(ids.map((id) => [id]))('%s: is shown on a page', (id) => {
    expect({id, shown: embedded.has(id) ? 'yes' : 'no: embed one of its files with example="<id>/<file>" on a page, or delete the folder'}).toEqual({
      id,
      shown: 'yes',
    });
  });

  const exercises = ids.filter((id) => existsSync(join(EXAMPLES_ROOT, id, 'exercise.yaml')));
  it.each(exercises.map((id) => [id]))('%s: exercise.yaml is valid, its files exist and the steps run it', (id) => {
    const dir = join(EXAMPLES_ROOT, id);
    const exercise = parseExerciseFile(readFileSync(join(dir, 'exercise.yaml'), 'utf8'), `examples/${id}/exercise.yaml`);
    const named = [exercise.given, exercise.start, ...exerciseAnswers(exercise).map((a) => a.file)].filter((f): f is string => typeof f === 'string');
    expect(named.filter((f) => !existsSync(join(dir, f)))).toEqual([]);
    const steps = parseStepFile(readFileSync(join(dir, 'steps.yaml'), 'utf8')).steps;
    expect(steps.some((s) => 'exercise' in s && s.exercise === 'exercise.yaml') ? 'runs it' : 'add `- exercise: exercise.yaml` to steps.yaml').toBe('runs it');
    const texts = exerciseAnswers(exercise).map((a) => readFileSync(join(dir, a.file), 'utf8'));
    expect(texts.filter((t, i) => texts.indexOf(t) !== i)).toEqual([]);
  });

  it.each(ids.map((id) => [id]))('%s: holds only files that something uses', (id) => {
    const dir = join(EXAMPLES_ROOT, id);
    const steps = parseStepFile(readFileSync(join(dir, 'steps.yaml'), 'utf8')).steps;
    const used = new Set(['steps.yaml', ...steps.flatMap(filesOf)]);
    if (existsSync(join(dir, 'exercise.yaml'))) {
      const e = parseExerciseFile(readFileSync(join(dir, 'exercise.yaml'), 'utf8'));
      [e.given, e.start, ...exerciseAnswers(e).map((a) => a.file)].forEach((f) => f && used.add(f));
    }
    for (const page of pages) for (const ref of exampleRefsOf(page.text)) if (ref.startsWith(`${id}/`)) used.add(ref.slice(id.length + 1));
    expect(readdirSync(dir).filter((f) => !used.has(f))).toEqual([]);
  });
});

describe.each(pages.map((p) => [`${p.locale}:${p.path}`, p] as const))('%s example references', (_name, page) => {
  it('all resolve to a file or a step with a command', () => {
    const problems = exampleRefsOf(page.text).flatMap((ref) => {
      const meta = `example="${ref}"`;
      try {
        const resolved = resolveExampleText(meta, EXAMPLES_ROOT);
        return resolved && resolved.text.trim() ? [] : [`${ref}: resolves to nothing`];
      } catch (error) {
        return [`${ref}: ${(error as Error).message}`];
      }
    });
    expect(problems).toEqual([]);
  });
});
