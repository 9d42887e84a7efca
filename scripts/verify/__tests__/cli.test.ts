/**
 * scripts/verify-examples.ts as a user runs it, where no cluster is needed: usage, bad options,
 * and --cluster current refusing a context that is not a test cluster (before touching it).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/verify/__tests__/cli
 */
import {describe, expect, it} from '@jest/globals';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const FIXTURES = join(process.cwd(), 'scripts', 'verify', '__fixtures__', 'examples');

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/verify-examples.ts', ...args], {
    encoding: 'utf8',
    env: {...process.env, KSN_VERIFY_EXAMPLES_DIR: FIXTURES, ...env},
    timeout: 60_000,
  });
  return {status: r.status, stdout: r.stdout, stderr: r.stderr};
}

/** A kubeconfig for a cluster nobody should run the verifier against. */
function kubeconfig(dir: string, context: string): string {
  const file = join(dir, 'config');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
      'users: [{name: u, user: {token: abc}}]',
      `contexts: [{name: "${context}", context: {cluster: c, user: u}}]`,
      `current-context: "${context}"`,
    ].join('\n'),
  );
  return file;
}

describe('verify-examples CLI', () => {
  it('--help prints the usage and exits 0', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run verify -- \[options\]/);
    for (const option of [
      '--cluster local|kind|current',
      '--tier api|runtime|all',
      '--filter',
      '--parallel N',
      '--report',
      '--json',
      '--keep',
      '--allow-context',
    ])
      expect(r.stdout).toContain(option);
  });

  it('a bad option exits 2 with the reason and the usage', () => {
    const r = cli(['--cluster', 'prod']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^--cluster must be local, kind or current, not "prod"\n\nusage:/);
  });

  it('a filter that matches nothing exits 2 and lists the ids', () => {
    const r = cli(['--filter', 'no-such-example']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      '--filter no-such-example matches no example (ids: accepted-error, failing-assert, ok-cluster-scoped, ok-namespaced, wrong-passes)',
    );
  });

  it('--cluster current refuses a context that is not a test cluster, reports it and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-verify-cli-'));
    try {
      const out = join(dir, 'out.json');
      const r = cli(['--cluster', 'current', '--json', out], {KUBECONFIG: kubeconfig(dir, 'gke_prod_main')});
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('refusing to run against context "gke_prod_main": it is not obviously a test cluster');
      // One message, once: the examples point at the check instead of repeating it.
      expect(r.stdout.split('refusing to run against context').length - 1).toBe(1);
      expect(r.stdout).toContain('--allow-context gke_prod_main');
      const json = JSON.parse(readFileSync(out, 'utf8'));
      expect(json).toMatchObject({failed: 1, cluster: 'current'});
      // Nothing ran, and every example says why.
      expect(json.examples.map((e: {status: string}) => e.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
      expect(json.examples[0].steps[0].reason).toBe('not run: the cluster did not start (see the check "cluster: start current")');
      expect(json.checks).toContainEqual(expect.objectContaining({suite: 'cluster', status: 'failed'}));
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  }, 60_000);

  it('--allow-context must name the current context', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-verify-cli-'));
    try {
      const r = cli(['--cluster', 'current', '--allow-context', 'lab'], {KUBECONFIG: kubeconfig(dir, 'prod')});
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('the current context is "prod", but --allow-context names "lab"');
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  }, 60_000);

  it('a cluster that is down is a clear failure, not a hang', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-verify-cli-'));
    try {
      const r = cli(['--cluster', 'current', '--allow-context', 'down'], {KUBECONFIG: kubeconfig(dir, 'down')});
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/FAIL cluster: start current \(cannot reach the API server at https:\/\/127\.0\.0\.1:1: ECONNREFUSED\)/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  }, 60_000);
});
