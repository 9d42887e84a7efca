/**
 * The summary table, diffs, JUnit XML, JSON and the progress line.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/verify
 */
import {describe, expect, it} from '@jest/globals';
import {countCases, formatValue, Progress, renderDiff, renderJson, renderJUnit, renderSummary, xmlEscape, type ExampleResult, type RunResult} from '../index';

const passing: ExampleResult = {
  id: 'rbac-dev-user-pods',
  title: 'dev-user can list pods',
  status: 'passed',
  durationMs: 1234,
  exclusive: false,
  namespaces: [{default: 'ksn-ab12c-default'}],
  steps: [
    {index: 1, kind: 'apply', label: 'kubectl apply -f role.yaml', tier: 'api', status: 'passed', durationMs: 10},
    {
      index: 2,
      kind: 'exec',
      label: 'kubectl exec p -- whoami',
      tier: 'runtime',
      status: 'skipped',
      reason: 'runtime tier: the local control plane has no nodes',
      durationMs: 0,
    },
    {
      index: 3,
      kind: 'reach',
      label: 'reach a -> b:80 => connected',
      tier: 'runtime',
      status: 'skipped',
      reason: 'runtime tier: the local control plane has no nodes',
      durationMs: 0,
    },
    {
      index: 4,
      kind: 'exercise',
      label: 'exercise exercise.yaml',
      tier: 'api',
      status: 'passed',
      skippedParts: ['2 reach assertion(s) not tried as real traffic: no nodes'],
      durationMs: 5,
    },
  ],
};

const failing: ExampleResult = {
  id: 'netpol-db-policy',
  title: 'db-policy <only> api & "db"',
  status: 'failed',
  durationMs: 2000,
  exclusive: true,
  namespaces: [],
  steps: [
    {
      index: 1,
      name: 'check-policy',
      kind: 'object',
      label: 'object NetworkPolicy default/db-policy',
      tier: 'api',
      status: 'failed',
      reason: 'the live NetworkPolicy db-policy does not match after 2 s',
      diffs: [
        {path: 'spec.policyTypes', expected: 'Egress', actual: ['Ingress']},
        {path: 'spec.podSelector.matchLabels.role', expected: 'db', actual: undefined},
      ],
      durationMs: 2000,
    },
    {index: 2, kind: 'canI', label: 'can-i list pods', tier: 'api', status: 'skipped', reason: 'an earlier step failed (step 1: object)', durationMs: 0},
  ],
};

const broken: ExampleResult = {
  id: 'bad-steps',
  title: 'bad-steps',
  status: 'failed',
  durationMs: 0,
  exclusive: false,
  namespaces: [],
  steps: [],
  error: 'examples/bad-steps/steps.yaml: title is required',
};

const result: RunResult = {
  runId: 'r1',
  cluster: 'local',
  tier: 'api',
  examples: [passing, failing, broken],
  checks: [
    {suite: 'discovery', name: 'the pages embed every example', status: 'passed'},
    {suite: 'leftovers', name: 'nothing the run created remains', status: 'failed', reason: '1 object(s)', details: 'namespace ksn-x-default'},
  ],
  interrupted: false,
  startupMs: 3000,
  durationMs: 10_000,
};

describe('counting', () => {
  it('counts steps, example errors and checks as test cases', () => {
    // steps: 2 passed + 2 skipped + 1 failed + 1 skipped; example error: 1 failed; checks: 1 passed + 1 failed
    expect(countCases(result)).toEqual({passed: 3, failed: 3, skipped: 3});
  });
});

describe('renderDiff and formatValue', () => {
  it('shows path, expected and actual in columns, "(missing)" for an absent field', () => {
    const text = renderDiff(failing.steps[0].diffs!, '');
    expect(text.split('\n')).toEqual([
      'path                               expected  actual',
      'spec.policyTypes                   Egress    [Ingress]',
      'spec.podSelector.matchLabels.role  db        (missing)',
    ]);
  });

  it('quotes strings that would read as another type, and shortens long values', () => {
    expect(formatValue('8080')).toBe('"8080"');
    expect(formatValue(8080)).toBe('8080');
    expect(formatValue('true')).toBe('"true"');
    expect(formatValue(null)).toBe('null');
    expect(formatValue('x'.repeat(100))).toHaveLength(60);
  });
});

describe('renderSummary', () => {
  const text = renderSummary(result);

  it('has a row per example with steps run/skipped, result and time', () => {
    expect(text).toMatch(/^Example\s+Steps\s+Result\s+Time$/m);
    expect(text).toMatch(/^rbac-dev-user-pods\s+2 run, 2 skipped\s+PASS\s+1\.2 s$/m);
    expect(text).toMatch(/^netpol-db-policy \*\s+1 run, 1 skipped\s+FAIL\s+2\.0 s$/m);
    expect(text).toContain('* ran alone: it creates cluster-scoped objects');
  });

  it('shows every failure with its reason and diff', () => {
    expect(text).toContain('step 1 (check-policy): object NetworkPolicy default/db-policy');
    expect(text).toMatch(/spec\.policyTypes\s+Egress\s+\[Ingress\]/);
    expect(text).toContain('examples/bad-steps/steps.yaml: title is required');
  });

  it('lists skipped steps with their reasons, grouped', () => {
    expect(text).toContain('rbac-dev-user-pods: steps 2-3: runtime tier: the local control plane has no nodes');
    expect(text).toContain('netpol-db-policy: step 2: an earlier step failed (step 1: object)');
    expect(text).toContain('rbac-dev-user-pods: part of step 4: 2 reach assertion(s) not tried as real traffic: no nodes');
  });

  it('ends with the totals', () => {
    expect(text).toContain('steps run: api 3 in 2 example(s), runtime 0 in 0 example(s); skipped: api 1, runtime 2');
    expect(text.trim().split('\n').pop()).toBe('tests: 3 passed, 3 failed, 3 skipped');
  });
});

describe('renderJUnit', () => {
  const xml = renderJUnit(result);

  it('is a testsuites document whose counts match the cases', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml).toMatch(/<testsuites name="verify-examples \(local, tier api\)" tests="9" failures="3" errors="0" skipped="3" time="10.000">/);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(9);
    expect((xml.match(/<failure /g) ?? []).length).toBe(3);
    expect((xml.match(/<skipped /g) ?? []).length).toBe(3);
    // Balanced elements
    expect((xml.match(/<testsuite /g) ?? []).length).toBe((xml.match(/<\/testsuite>/g) ?? []).length);
  });

  it('puts the reason in skipped and the diff in failure, escaped', () => {
    expect(xml).toContain('<skipped message="runtime tier: the local control plane has no nodes"/>');
    expect(xml).toMatch(/<failure message="the live NetworkPolicy db-policy does not match after 2 s">[^<]*spec\.policyTypes\s+Egress\s+\[Ingress\]/);
    expect(xml).toContain('<testsuite name="leftovers"');
    expect(xml).toContain('<system-out>skipped: 2 reach assertion(s) not tried as real traffic: no nodes</system-out>');
    expect(xmlEscape('a<b>&"\'\u0001')).toBe('a&lt;b&gt;&amp;&quot;&apos;');
  });
});

describe('renderJson', () => {
  it('has the counts run-tests.mjs reads, the examples and the duration', () => {
    const json = renderJson(result);
    expect(json).toMatchObject({passed: 3, failed: 3, skipped: 3, durationSeconds: 10, startupSeconds: 3, cluster: 'local', tier: 'api'});
    const examples = json.examples as {id: string; steps: {durationSeconds: number}[]}[];
    expect(examples.map((e) => e.id)).toEqual(['rbac-dev-user-pods', 'netpol-db-policy', 'bad-steps']);
    expect(examples[0].steps[0].durationSeconds).toBe(0.01);
    expect(JSON.parse(JSON.stringify(json))).toMatchObject({
      totals: {examples: {passed: 1, failed: 2, skipped: 0}, steps: {api: {run: 3}, runtime: {skipped: 2}}},
    });
  });
});

describe('Progress', () => {
  const sink = (isTTY: boolean) => {
    const writes: string[] = [];
    return {writes, sink: {isTTY, columns: 80, write: (t: string) => writes.push(t)}};
  };

  it('without a TTY: one plain line per finished example', () => {
    const {writes, sink: s} = sink(false);
    const p = new Progress(3, s);
    p.start('a');
    p.finish({...passing, id: 'a'});
    p.finish({...failing, id: 'b'});
    p.end();
    expect(writes).toEqual(['[1/3] PASS a (2 steps, 1.2 s)\n', '[2/3] FAIL b (1 step, 2.0 s)\n']);
  });

  it('on a TTY: a line rewritten in place with done/total and the running examples; failures stay', () => {
    const {writes, sink: s} = sink(true);
    const p = new Progress(2, s);
    p.start('a');
    p.start('b');
    expect(writes.at(-1)).toBe('\r\x1b[K[0/2] running: a, b');
    p.finish({...passing, id: 'a'});
    expect(writes.at(-1)).toBe('\r\x1b[K[1/2] running: b');
    p.finish({...failing, id: 'b'});
    expect(writes).toContain('[2/2] FAIL b (1 step, 2.0 s)\n');
    p.end();
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });
});
