/**
 * The example verifier's runner against the control plane of the jest global setup, on the
 * fixture examples in scripts/verify/__fixtures__/examples (see the README there): what must pass
 * passes, what must fail fails with the reason and diff a reader needs, expected outcomes are
 * checked both ways, and nothing the run created remains.
 *
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects cluster -- test/cluster/verify.test.ts
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {
  DEFAULT_TIMEOUTS,
  KubeClient,
  LOCAL_NO_NODES,
  RUN_LABEL,
  leftoverCheck,
  loadExamples,
  readKubeconfig,
  renderJUnit,
  renderSummary,
  runExamples,
  type CheckResult,
  type Created,
  type ExampleResult,
  type RunContextWithCleanup,
  type RunResult,
} from '../../scripts/verify';
import {start} from '../../scripts/control-plane/harness';
import {cluster, clusterSkipReason} from './support';

const FIXTURES = join(process.cwd(), 'scripts', 'verify', '__fixtures__', 'examples');
const INTERRUPT = join(process.cwd(), 'scripts', 'verify', '__fixtures__', 'interrupt');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Resolves with 'timeout' after ms, without keeping jest alive afterwards. */
const timeout = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());

/** Command lines of running kubectl processes that mention `text`. */
function kubectlProcesses(text: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'args'], {encoding: 'utf8'});
  return ps.stdout.split('\n').filter((l) => l.includes('kubectl') && l.includes(text) && !l.includes('ps -eo'));
}
const skip = clusterSkipReason();

(skip ? describe.skip : describe)(skip ? `example verifier (skipped: ${skip})` : 'example verifier on the local control plane', () => {
  let client: KubeClient;
  let workDir: string;
  let results: Map<string, ExampleResult>;
  let leftovers: CheckResult;
  const runId = `t${Date.now().toString(36).slice(-4)}`;
  const order: string[] = [];
  const running = new Set<string>();
  const overlaps: string[] = [];

  beforeAll(async () => {
    const c = cluster();
    client = new KubeClient(readKubeconfig(c.kubeconfig));
    workDir = mkdtempSync(join(tmpdir(), 'ksn-verify-test-'));
    const examples = loadExamples(FIXTURES);
    expect(examples.map((e) => e.id)).toEqual(['accepted-error', 'failing-assert', 'ok-cluster-scoped', 'ok-namespaced', 'wrong-passes']);
    const ctx: RunContextWithCleanup = {
      cluster: {client, kubectl: c.kubectl, kubeconfig: c.kubeconfig, noRuntimeReason: LOCAL_NO_NODES, serviceAccounts: c.controllerManager},
      runId,
      tier: 'api',
      keep: false,
      signal: new AbortController().signal,
      workDir,
      timeouts: DEFAULT_TIMEOUTS,
      cleanupOnAbort: true,
    };
    const created: Created = {namespaces: new Set(), objects: new Map()};
    const list = await runExamples(
      examples,
      ctx,
      4,
      {
        onStart: (e) => {
          order.push(e.id);
          if (e.exclusive && running.size) overlaps.push(`${e.id} started beside ${[...running].join(', ')}`);
          for (const r of running) if (examples.find((x) => x.id === r)?.exclusive) overlaps.push(`${e.id} started beside exclusive ${r}`);
          running.add(e.id);
        },
        onFinish: (r) => running.delete(r.id),
      },
      created,
    );
    results = new Map(list.map((r) => [r.id, r]));
    leftovers = await leftoverCheck(client, runId, created, 60_000);
    const summary: RunResult = {runId, cluster: 'local', tier: 'api', examples: list, checks: [leftovers], interrupted: false, startupMs: 0, durationMs: 0};
    // On failure of this suite, the report is the first thing to read.
    process.stderr.write(`${renderSummary(summary)}\n`);
    expect(renderJUnit(summary)).toContain('<testsuite name="example ok-namespaced"');
  }, 180_000);

  afterAll(() => {
    client?.close();
    if (workDir) rmSync(workDir, {recursive: true, force: true});
  });

  it('passes an example of namespaced objects: every step kind of the api tier', () => {
    const r = results.get('ok-namespaced')!;
    const failures = r.steps.filter((s) => s.status === 'failed').map((s) => `step ${s.index} ${s.label}: ${s.reason}\n${s.details ?? ''}`);
    expect(failures).toEqual([]);
    expect(r.status).toBe('passed');
    expect(r.error).toBeUndefined();
    expect(r.steps.filter((s) => s.status === 'passed').map((s) => s.kind)).toEqual(
      expect.arrayContaining(['apply', 'kubectl', 'canI', 'token', 'object', 'expectError', 'delete', 'exercise']),
    );
  });

  it("runs it in namespaces of its own and shows the page's names in output", () => {
    const r = results.get('ok-namespaced')!;
    const steps = r.namespaces[0];
    expect(steps.default).toMatch(/^ksn-[a-z0-9]{5}-default$/);
    expect(steps.other).toMatch(/^ksn-[a-z0-9]{5}-other$/);
    // two more sets: the exercise's solution and wrong answer
    expect(r.namespaces).toHaveLength(3);
    expect(new Set(r.namespaces.map((n) => n.default)).size).toBe(3);
    const token = r.steps.find((s) => s.kind === 'token')!;
    expect(token.reason).toMatch(/^JWT for system:serviceaccount:default:robot, expires /);
  });

  it('skips the runtime step with its reason, not silently', () => {
    const exec = results.get('ok-namespaced')!.steps.find((s) => s.kind === 'exec')!;
    expect(exec).toMatchObject({status: 'skipped', tier: 'runtime', reason: `runtime tier: ${LOCAL_NO_NODES}`});
  });

  it("proves the exercise both ways: the solution passes, the wrong answer fails, can-i verdicts equal the server's", () => {
    const step = results.get('ok-namespaced')!.steps.find((s) => s.kind === 'exercise')!;
    expect(step.status).toBe('passed');
    expect(step.reason).toMatch(/wrong fails robot-reads-configmaps/);
    expect(step.reason).toMatch(/2 can-i verdict\(s\) equal the API server's; validation verdicts equal the API server's/);
    const wrong = step.assertions!.filter((a) => a.answer === 'wrong' && !a.passed).map((a) => a.id);
    expect(wrong).toEqual(['robot-reads-configmaps']);
  });

  it('runs an example with cluster-scoped objects alone, and passes it', () => {
    const r = results.get('ok-cluster-scoped')!;
    expect(r.steps.filter((s) => s.status === 'failed').map((s) => `${s.label}: ${s.reason} ${s.details ?? ''}`)).toEqual([]);
    expect(r).toMatchObject({status: 'passed', exclusive: true});
    expect(order[0]).toBe('ok-cluster-scoped');
    expect(overlaps).toEqual([]);
  });

  it('reports a failed object step as failed, with path, expected and actual; the check after it still runs', () => {
    const r = results.get('failing-assert')!;
    expect(r.status).toBe('failed');
    const step = r.steps.find((s) => s.name === 'wrong-verbs')!;
    expect(step.status).toBe('failed');
    expect(step.reason).toMatch(/does not match after 1 s/);
    expect(step.diffs).toEqual([{path: 'rules[0].verbs', expected: 'delete', actual: ['list'], code: 'ITEM_MISSING'}]);
    expect(r.steps.find((s) => s.name === 'still-runs')!.status).toBe('passed');
  });

  it('fails an expectError whose file the API server accepts', () => {
    const r = results.get('accepted-error')!;
    expect(r.status).toBe('failed');
    const step = r.steps.find((s) => s.name === 'not-rejected')!;
    expect(step.status).toBe('failed');
    expect(step.reason).toBe('expected the API server to reject role.yaml with a message containing "Unsupported value", but it accepted every object');
    // The apply changed the cluster, so the steps after it do not run, and say why.
    expect(r.steps.find((s) => s.name === 'after')).toMatchObject({
      status: 'skipped',
      reason: 'an earlier step failed (step 1: kubectl apply -f role.yaml => rejected ("Unsupported value"))',
    });
  });

  it('fails an exercise whose wrong answer passes every assertion', () => {
    const step = results.get('wrong-passes')!.steps[0];
    expect(step.status).toBe('failed');
    expect(step.reason).toBe('the wrong answer wrong.yaml passes every assertion: the checks cannot tell it from a right answer');
  });

  it('leaves nothing behind', async () => {
    expect(leftovers.details ?? '').toBe('');
    expect(leftovers.status).toBe('passed');
    const labelled = await client.list('v1', 'Namespace', {labelSelector: `${RUN_LABEL}=${runId}`});
    expect(labelled.map((n) => (n.metadata as {name: string}).name)).toEqual([]);
    expect(await client.get('rbac.authorization.k8s.io/v1', 'ClusterRole', 'ksn-fixture-node-reader', undefined)).toBeUndefined();
  });
});

(skip ? describe.skip : describe)(skip ? `verify-examples CLI (skipped: ${skip})` : 'verify-examples CLI on the local control plane', () => {
  it('stops cleanly on SIGINT: the running kubectl is killed, the objects are deleted, exit 130', async () => {
    const c = cluster();
    const client = new KubeClient(readKubeconfig(c.kubeconfig));
    const dir = mkdtempSync(join(tmpdir(), 'ksn-verify-cli-'));
    const out = join(dir, 'out.json');
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'scripts/verify-examples.ts', '--cluster', 'current', '--allow-context', 'ksn-local', '--json', out],
        {
          env: {...process.env, KUBECONFIG: c.kubeconfig, KSN_KUBECTL: c.kubectl, KSN_VERIFY_EXAMPLES_DIR: INTERRUPT},
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

      // Wait until the example's objects exist and its `kubectl wait` runs.
      const deadline = Date.now() + 60_000;
      while (
        !(
          kubectlProcesses('ksn-interrupt-sleeper').length &&
          (await client.get('rbac.authorization.k8s.io/v1', 'ClusterRole', 'ksn-fixture-interrupt', undefined))
        )
      ) {
        if (Date.now() > deadline) throw new Error(`the fixture never reached its kubectl wait step:\n${output}`);
        await sleep(200);
      }
      child.kill('SIGINT');
      const code = await Promise.race([exited, timeout(60_000)]);
      expect({code, output: code === 130 ? '' : output}).toEqual({code: 130, output: ''});
      expect(output).toContain('SIGINT: stopping kubectl processes, cleaning up');

      expect(kubectlProcesses('ksn-interrupt-sleeper')).toEqual([]);
      expect(await client.get('rbac.authorization.k8s.io/v1', 'ClusterRole', 'ksn-fixture-interrupt', undefined)).toBeUndefined();
      expect(existsSync(out)).toBe(true);
      const report = JSON.parse(readFileSync(out, 'utf8')) as {
        interrupted: boolean;
        runId: string;
        examples: {steps: {status: string; reason?: string}[]; namespaces: Record<string, string>[]}[];
      };
      expect(report.interrupted).toBe(true);
      expect(report.examples[0].steps.map((s) => s.status)).toEqual(['passed', 'skipped', 'skipped']);
      expect(report.examples[0].steps[1].reason).toBe('interrupted');
      // Namespaces were deleted: gone, or on their way out.
      const names = Object.values(report.examples[0].namespaces[0]);
      expect(names.length).toBe(2);
      for (const name of names) {
        const ns = await client.get('v1', 'Namespace', name, undefined);
        expect(ns === undefined || (ns.status as {phase?: string}).phase === 'Terminating').toBe(true);
      }
      const labelled = await client.list('v1', 'Namespace', {labelSelector: `${RUN_LABEL}=${report.runId}`});
      expect(labelled.filter((n) => (n.status as {phase?: string}).phase !== 'Terminating')).toEqual([]);
    } finally {
      client.close();
      rmSync(dir, {recursive: true, force: true});
    }
  }, 150_000);

  it('reports a cluster that goes down mid-run clearly, starts no further example, and exits 1', async () => {
    // A control plane of its own: this test kills its API server.
    const cp = await start({});
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'scripts/verify-examples.ts', '--cluster', 'current', '--allow-context', 'ksn-local', '--parallel', '1'],
        {
          env: {...process.env, KUBECONFIG: cp.kubeconfig, KSN_KUBECTL: cp.kubectl, KSN_VERIFY_EXAMPLES_DIR: FIXTURES},
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // The first example (ok-cluster-scoped, it runs alone) has made its ClusterRole: kill the server.
      const client = new KubeClient(readKubeconfig(cp.kubeconfig));
      const deadline = Date.now() + 60_000;
      while (!(await client.get('rbac.authorization.k8s.io/v1', 'ClusterRole', 'ksn-fixture-node-reader', undefined).catch(() => undefined))) {
        if (Date.now() > deadline) throw new Error(`the run never created its first object:\n${output}`);
        await sleep(100);
      }
      client.close();
      process.kill(cp.pids['kube-apiserver'], 'SIGKILL');
      const code = await Promise.race([exited, timeout(60_000)]);
      expect({code, output: code === 1 ? '' : output}).toEqual({code: 1, output: ''});
      expect(output).toMatch(/FAIL cluster: the API server answers until the end \(cannot reach the API server at https:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\)/);
      expect(output).toMatch(/not run: the API server stopped answering/);
      expect(output).toMatch(
        /SKIP leftovers: nothing the run created remains \(the API server stopped answering; objects carry the label ksn\.dev\/verify-run=/,
      );
    } finally {
      await cp.stop();
    }
  }, 150_000);
});
