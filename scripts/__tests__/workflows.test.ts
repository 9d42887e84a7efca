/**
 * The GitHub Actions workflows (.github/workflows): they cannot run here, so what the kind job,
 * the pull-request report and the Pages deploy depend on is checked as data.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/__tests__/workflows
 */
import {describe, expect, it} from '@jest/globals';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {load} from 'js-yaml';
import {KIND_CONFIG, MIN_KIND_VERSION, parseKindVersion} from '../verify/index';

type Step = {name?: string; uses?: string; run?: string; if?: string; shell?: string; with?: Record<string, unknown>; env?: Record<string, string>};
type Job = {steps: Step[]; if?: string; needs?: string | string[]; env?: Record<string, string>; 'timeout-minutes'?: number};
type Workflow = {name: string; on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job>};

const DIR = join(process.cwd(), '.github', 'workflows');
const workflows: Record<string, Workflow> = Object.fromEntries(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => [f, load(readFileSync(join(DIR, f), 'utf8')) as Workflow]),
);
const allSteps = Object.entries(workflows).flatMap(([file, w]) => Object.entries(w.jobs).flatMap(([job, j]) => j.steps.map((s) => ({file, job, step: s}))));
const ci = workflows['ci.yml'];
const kindJob = ci.jobs.kind;
const stepUsing = (job: Job, action: string) => job.steps.find((s) => s.uses?.startsWith(`${action}@`));

/** Majors that run on Node 24 (each action's release notes: `runs.using: node24`). */
const NODE24_MAJORS: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/setup-go': 6,
  'actions/cache': 5,
  'actions/upload-artifact': 6,
  'actions/configure-pages': 6,
  'actions/upload-pages-artifact': 5,
  'actions/deploy-pages': 5,
};

describe('actions and Node', () => {
  it.each(allSteps.filter((s) => s.step.uses?.startsWith('actions/')).map((s) => [s.step.uses as string, `${s.file} ${s.job}`]))(
    '%s (%s) is a Node 24 major',
    (uses) => {
      const [name, ref] = uses.split('@');
      expect(Object.keys(NODE24_MAJORS)).toContain(name);
      expect(Number(/^v(\d+)/.exec(ref)?.[1])).toBeGreaterThanOrEqual(NODE24_MAJORS[name]);
    },
  );

  it.each(allSteps.filter((s) => s.step.uses?.startsWith('actions/setup-node@')).map((s) => [`${s.file} ${s.job}`, s.step]))(
    '%s sets up Node 22 or 24 (20 is end of life)',
    (_where, step) => {
      expect([22, 24]).toContain(Number((step as Step).with?.['node-version']));
    },
  );
});

describe('the kind job', () => {
  const image = /image: kindest\/node:(v[\d.]+)@sha256:/.exec(readFileSync(KIND_CONFIG, 'utf8'))?.[1];

  it("installs a kind the verifier accepts, and kubectl of the node's version (kind-action defaults to 1.35)", () => {
    const action = stepUsing(kindJob, 'helm/kind-action');
    expect(action?.with).toMatchObject({install_only: true});
    const [major, minor, patch] = parseKindVersion(String(action?.with?.version)) ?? [0, 0, 0];
    const [minMajor, minMinor, minPatch] = MIN_KIND_VERSION;
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(minMajor * 1e6 + minMinor * 1e3 + minPatch);
    expect(image).toBe('v1.36.1');
    expect(action?.with?.kubectl_version).toBe(image);
    expect(kindJob.env?.KUBERNETES_VERSION).toBe(image);
    expect(kindJob.steps.some((s) => s.run?.includes('kubectl version --client') && s.run.includes('$KUBERNETES_VERSION') && s.run.includes('exit 1'))).toBe(
      true,
    );
  });

  it('runs every tier on kind with --parallel 2, keeps the cluster on failure, writes JUnit, and fails with the verifier', () => {
    const verify = kindJob.steps.find((s) => s.run?.includes('npm run verify'));
    const words = String(verify?.run).split(/\s+/);
    for (const [flag, value] of [
      ['--cluster', 'kind'],
      ['--tier', 'all'],
      ['--parallel', '2'],
      ['--report', 'reports/verify-kind-junit.xml'],
    ])
      expect(words[words.indexOf(flag) + 1]).toBe(value);
    expect(words).toContain('--keep-on-failure');
    if (verify?.run?.includes('|')) expect(verify.shell).toBe('bash'); // pipefail only with an explicit bash shell
  });

  it('collects kind logs, events and pods on failure and uploads them with the JUnit report', () => {
    const diag = kindJob.steps.find((s) => s.if === 'failure()' && s.run?.includes('kind export logs'));
    expect(diag?.run).toMatch(/kind export logs \S+ --name ksn-verify/);
    expect(diag?.run).toMatch(/get events -A/);
    expect(diag?.run).toMatch(/describe pods -A/);
    const upload = kindJob.steps.find((s) => s.if === 'failure()' && s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path)).toContain('reports/kind/');
    expect(String(upload?.with?.path)).toContain('reports/verify-kind-junit.xml');
    expect(kindJob.steps.indexOf(diag as Step)).toBeLessThan(kindJob.steps.indexOf(upload as Step));
  });
});

describe('pull requests', () => {
  it('CI uploads both JUnit reports and the built site', () => {
    const names = Object.values(ci.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@')).map((s) => s.with?.name));
    expect(names).toEqual(expect.arrayContaining(['verify-local-junit', 'verify-kind-junit', 'site']));
  });

  it('report.yml shows those reports as checks of the pull request, also for forks (workflow_run)', () => {
    const report = workflows['report.yml'];
    expect(report.on.workflow_run).toEqual({workflows: [ci.name], types: ['completed']});
    expect(report.permissions).toMatchObject({checks: 'write', actions: 'read'});
    const step = report.jobs.examples.steps.find((s) => s.uses?.startsWith('dorny/test-reporter@'));
    expect(step?.with).toMatchObject({artifact: '/verify-(.*)-junit/', reporter: 'java-junit'});
  });
});

describe('Pages deploy', () => {
  const deploy = workflows['deploy.yml'];

  it('runs only after CI passed on a push to main, and deploys exactly that commit', () => {
    expect(Object.keys(deploy.on)).toEqual(['workflow_run']);
    expect(deploy.on.workflow_run).toEqual({workflows: [ci.name], types: ['completed'], branches: ['main']});
    expect(deploy.jobs.build.if).toBe("github.event.workflow_run.conclusion == 'success' && github.event.workflow_run.event == 'push'");
    expect(stepUsing(deploy.jobs.build, 'actions/checkout')?.with?.ref).toBe('${{ github.event.workflow_run.head_sha }}');
    expect(deploy.jobs.deploy.needs).toBe('build');
  });

  it('builds for this repository (or a fork) and checks every asset and link before upload', () => {
    expect(deploy.jobs.build.env?.KSN_PAGES_REPOSITORY).toBe('${{ github.repository }}');
    const steps = deploy.jobs.build.steps;
    const build = steps.findIndex((s) => s.run === 'npm run build');
    const check = steps.findIndex((s) => s.run === 'npx tsx scripts/check-built-site.ts build');
    const upload = steps.findIndex((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(build).toBeGreaterThan(-1);
    expect([build < check, check < upload]).toEqual([true, true]);
  });
});
