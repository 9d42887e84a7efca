/**
 * Discovery: which examples the pages show, and every rule the pages must keep.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/verify
 */
import {describe, expect, it} from '@jest/globals';
import {discover, parseManifest, type PageInput} from '../index';
import type {Step} from '../../../src/core';

function example(id: string, files: string[], steps: Step[] = [{apply: files[0] ?? 'x.yaml'}]) {
  return {id, steps, manifests: new Map(files.map((f) => [f, parseManifest(f, 'kind: Pod')])), error: undefined};
}

const examples = [
  example(
    'rbac-a',
    ['role.yaml'],
    [
      {apply: 'role.yaml'},
      {name: 'can-list', kubectl: 'auth can-i list pods', expectOutput: 'yes'},
      {name: 'check', object: {kind: 'Role', name: 'developer'}, matches: {}},
    ],
  ),
  example('netpol-b', ['policy.yaml']),
];

const page = (locale: 'ko' | 'en', text: string, path = 'topic/page.mdx'): PageInput => ({locale, path, text});
const both = (text: string, path?: string) => [page('ko', text, path), page('en', text, path)];

const GOOD = [
  '# t',
  '',
  '```yaml example="rbac-a/role.yaml"',
  '```',
  '',
  '```bash example="rbac-a#can-list"',
  '```',
  '',
  '<ExerciseChecker exercise="netpol-b" />',
  '',
].join('\n');

describe('discover', () => {
  it('accepts pages that embed every example the same way in both locales', () => {
    const d = discover(both(GOOD), examples);
    expect(d.problems).toEqual([]);
    expect([...d.shown].sort()).toEqual(['netpol-b', 'rbac-a']);
    expect(d.fences).toBe(4);
    expect(d.references).toBe(6);
  });

  it('fails a yaml/bash/sh/shell/console block that is neither an example nor norun, with file:line', () => {
    const text = `${GOOD}\n\`\`\`console\n$ kubectl get pods\n\`\`\`\n`;
    const d = discover(both(text), examples);
    expect(d.problems).toHaveLength(2);
    expect(d.problems[0].where).toBe('docs/topic/page.mdx:11');
    expect(d.problems[1].where).toBe('i18n/en/docusaurus-plugin-content-docs/current/topic/page.mdx:11');
    expect(d.problems[0].message).toMatch(/neither an example nor marked not runnable/);
  });

  it('accepts norun with a reason and ignores languages that are not checked', () => {
    const text = `${GOOD}\n\`\`\`yaml norun="a fragment of a Pod spec"\nrunAsUser: 1\n\`\`\`\n\n\`\`\`text\nanything\n\`\`\`\n`;
    expect(discover(both(text), examples).problems).toEqual([]);
  });

  it('reports a norun without a real reason and malformed references', () => {
    const text = `${GOOD}\n\`\`\`yaml norun="x"\n\`\`\`\n\n\`\`\`yaml example="rbac-a"\n\`\`\`\n`;
    const messages = discover([page('ko', text)], examples).problems.map((p) => p.message);
    expect(messages.some((m) => /norun needs a reason/.test(m))).toBe(true);
    expect(messages.some((m) => /bad example reference/.test(m))).toBe(true);
  });

  it('reports references to a missing folder, file or step, and steps without a command', () => {
    const text = [
      '```yaml example="nope/x.yaml"',
      '```',
      '```yaml example="rbac-a/missing.yaml"',
      '```',
      '```bash example="rbac-a#no-such-step"',
      '```',
      '```bash example="rbac-a#check"',
      '```',
      '<X example="ghost" />',
      GOOD,
    ].join('\n');
    const messages = discover(both(text), examples).problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/there is no folder examples\/nope/),
        expect.stringMatching(/has no file missing.yaml/),
        expect.stringMatching(/has no step named no-such-step/),
        expect.stringMatching(/has no command to show/),
        expect.stringMatching(/names example\/exercise "ghost"/),
      ]),
    );
  });

  it('fails an example folder that no page shows', () => {
    const d = discover(both('```yaml example="rbac-a/role.yaml"\n```\n'), examples);
    expect(d.problems).toEqual([{where: 'examples/netpol-b', example: 'netpol-b', message: expect.stringMatching(/no page shows this example/)}]);
  });
});
