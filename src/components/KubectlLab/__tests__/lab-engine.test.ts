/**
 * The terminal's side of the lab (../lab-engine.ts and the starting objects of
 * ../KubectlLabTerminal.tsx): a lab starts from an exercise's given and starting objects, Tab
 * completion turns the core's candidates into what the input line shows, and "Check" on the
 * lab's objects gives the exercise's verdict (the same assertions as the checker).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit --testPathPatterns lab-engine
 */
import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {evaluateAssertions, parseExerciseFile, parseManifests} from '../../../core';
import {commonPrefix, completeLine, newLab, ANSWER_FILE} from '../lab-engine';

const EXAMPLES = join(process.cwd(), 'examples');
const read = (id: string, file: string) => readFileSync(join(EXAMPLES, id, file), 'utf8');
const objectsOf = (text: string) => parseManifests(text).objects.map((o) => o.object);

describe('Tab completion', () => {
  it('commonPrefix', () => {
    expect(commonPrefix(['describe', 'delete'])).toBe('de');
    expect(commonPrefix(['get'])).toBe('get');
    expect(commonPrefix([])).toBe('');
  });

  it('completes a command word, a kind and a name of the lab', () => {
    const lab = newLab(objectsOf(read('sa-dashboard-deployment', 'given.yaml')));
    expect(completeLine(lab, 'kubectl descr').line).toBe('kubectl describe ');
    const several = completeLine(lab, 'kubectl de');
    expect(several.candidates).toEqual(expect.arrayContaining(['delete', 'describe']));
    expect(several.line).toBe('kubectl de');
    lab.run('kubectl create serviceaccount dashboard-sa');
    expect(completeLine(lab, 'kubectl get serviceaccount dashb').line).toBe('kubectl get serviceaccount dashboard-sa ');
    expect(completeLine(lab, 'kubectl get xyzzy-nothing').candidates).toEqual([]);
  });
});

describe('a lab answers the exercise the way the checker does', () => {
  it("rbac-dev-user-pods: the page's commands pass, a Role without delete fails", () => {
    const exercise = parseExerciseFile(read('rbac-dev-user-pods', 'exercise.yaml'));
    const lab = newLab([]);
    expect(lab.run('kubectl create role developer --verb=create,list,delete --resource=pods').exitCode).toBe(0);
    expect(lab.run('kubectl create rolebinding dev-user-binding --role=developer --user=dev-user').exitCode).toBe(0);
    const verdict = (l: typeof lab) => evaluateAssertions(l.objects() as Record<string, unknown>[], exercise.assertions, {diagnostics: []});
    expect(
      verdict(lab)
        .filter((r) => !r.passed)
        .map((r) => r.id),
    ).toEqual([]);
    lab.reset();
    lab.run('kubectl create role developer --verb=create,list --resource=pods');
    lab.run('kubectl create rolebinding dev-user-binding --role=developer --user=dev-user');
    expect(
      verdict(lab)
        .filter((r) => !r.passed)
        .map((r) => r.id),
    ).toEqual(['can-delete-pods']);
  });

  it(`applies the buffer as ${ANSWER_FILE}`, () => {
    const lab = newLab([]);
    const answer = lab.run(`kubectl apply -f ${ANSWER_FILE}`, {[ANSWER_FILE]: read('sa-dashboard-sa', 'solution.yaml')});
    expect(answer).toMatchObject({exitCode: 0, stdout: 'serviceaccount/dashboard-sa created\n'});
  });
});
