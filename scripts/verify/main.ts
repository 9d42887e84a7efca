/**
 * A whole verify run, as scripts/verify-examples.ts starts it: discovery, the cluster backend,
 * the examples, the leftover check, the reports; Ctrl-C handling included.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {EXAMPLES_ROOT, listPages} from '../lib/site-content';
import {clientFor, detectNoRuntime, detectServiceAccounts, startBackend, type Backend} from './backends';
import {discover, type DiscoveryProblem} from './discovery';
import {loadExamples, type Example} from './example';
import type {KubeClient} from './kube-client';
import {selectExamples, UsageError, type Options} from './options';
import {killAll} from './processes';
import {Progress, renderJson, renderJUnit, renderSummary, failed} from './report';
import {newSetId, RUN_LABEL} from './rewrite';
import {leftoverCheck, runExamples, skippedSteps, type Created} from './runner';
import {DEFAULT_TIMEOUTS} from './session';
import {policyCanary} from './policy-sentinel';
import {kubectlRunner} from './runtime';
import type {CheckResult, ExampleResult, RunResult} from './types';

export interface Io {
  out: (text: string) => void;
  err: {isTTY?: boolean; columns?: number; write(text: string): unknown};
}

export const EXIT = {ok: 0, failed: 1, usage: 2, interrupted: 130} as const;

function discoveryChecks(problems: DiscoveryProblem[], selected: Example[], filtered: boolean, counts: {fences: number; references: number}): CheckResult[] {
  const ids = new Set(selected.map((e) => e.id));
  const relevant = filtered ? problems.filter((p) => p.example !== undefined && ids.has(p.example)) : problems;
  const checks: CheckResult[] = relevant.map((p) => ({suite: 'discovery', name: p.where, status: 'failed', reason: p.message}));
  if (checks.length === 0) {
    checks.push({
      suite: 'discovery',
      name: 'the pages embed every example',
      status: 'passed',
      reason: `${counts.fences} checked fence(s), ${counts.references} reference(s)`,
    });
  }
  if (filtered && problems.length > relevant.length) {
    checks.push({
      suite: 'discovery',
      name: 'pages and examples outside --filter',
      status: 'skipped',
      reason: `${problems.length - relevant.length} problem(s) concern other pages or examples: run without --filter to check them`,
    });
  }
  return checks;
}

function writeReports(result: RunResult, options: Options, io: Io): void {
  for (const [file, text] of [
    [options.report, () => renderJUnit(result)],
    [options.json, () => `${JSON.stringify(renderJson(result), null, 2)}\n`],
  ] as const) {
    if (!file) continue;
    const path = resolve(file);
    mkdirSync(dirname(path), {recursive: true});
    writeFileSync(path, text());
    io.err.write(`wrote ${path}\n`);
  }
}

/**
 * The JUnit report as it stands, rewritten after each example: a job killed by its timeout still
 * leaves a report of what ran (the final report replaces it).
 */
function writeJUnitSoFar(result: RunResult, finished: ExampleResult[], options: Options, started: number): void {
  if (!options.report) return;
  const path = resolve(options.report);
  mkdirSync(dirname(path), {recursive: true});
  writeFileSync(path, renderJUnit({...result, examples: [...finished], durationMs: Date.now() - started}));
}

function notRun(example: Example, reason: string): ExampleResult {
  return {
    id: example.id,
    title: example.title,
    status: 'skipped',
    durationMs: 0,
    exclusive: !!example.exclusive,
    namespaces: [],
    steps: skippedSteps(example, reason),
  };
}

/**
 * The runtime rule: a run that asked for the runtime tier (--tier runtime|all, which --cluster kind
 * implies) fails when any runtime step was skipped, or when no runtime step ran at all, whatever the
 * cluster said about its nodes. A green run then always means real pods and real traffic.
 */
export function runtimeCheck(result: Pick<RunResult, 'examples' | 'tier' | 'interrupted'>): CheckResult | undefined {
  if (result.tier === 'api' || result.interrupted) return undefined;
  const steps = result.examples.flatMap((e) => e.steps.map((s) => ({example: e.id, ...s})));
  const runtime = steps.filter((s) => s.tier === 'runtime');
  const ran = runtime.filter((s) => s.status === 'passed' || s.status === 'failed');
  const skipped = runtime.filter((s) => s.status === 'skipped');
  const name = `every runtime step ran (--tier ${result.tier})`;
  if (skipped.length) {
    const first = skipped
      .slice(0, 3)
      .map((s) => `${s.example} step ${s.index}: ${s.reason ?? 'skipped'}`)
      .join('; ');
    return {suite: 'runtime', name, status: 'failed', reason: `${skipped.length} runtime step(s) skipped, e.g. ${first}`};
  }
  if (ran.length === 0 && result.examples.length > 0) {
    const hasRuntime = result.examples.some((e) => e.steps.some((s) => s.tier === 'runtime'));
    if (hasRuntime || result.tier === 'runtime') return {suite: 'runtime', name, status: 'failed', reason: 'no runtime step ran: nothing was proven on a node'};
  }
  return {suite: 'runtime', name, status: 'passed', reason: `${ran.length} runtime step(s) ran, none skipped`};
}

export async function verify(options: Options, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = Date.now();
  if (options.cluster === 'local' && !options.tierGiven) {
    const {nodeUnavailable} = await import('../control-plane/node');
    const why = nodeUnavailable();
    options.tier = why ? 'api' : 'all';
    if (why) io.err.write(`runtime tier not run: ${why} (--tier api; the runtime tier needs a node)\n`);
  }
  const runId = newSetId();
  // KSN_VERIFY_EXAMPLES_DIR: another folder of example folders (the verifier's own tests use it);
  // the docs do not show those, so the page checks are skipped, with that reason.
  const otherRoot = env.KSN_VERIFY_EXAMPLES_DIR ? resolve(env.KSN_VERIFY_EXAMPLES_DIR) : undefined;
  const all = loadExamples(otherRoot ?? EXAMPLES_ROOT);
  if (all.length === 0) throw new UsageError(`no example folder in ${otherRoot ?? EXAMPLES_ROOT}`);
  const {selected, unmatched} = selectExamples(all, options.filter);
  if (unmatched.length) throw new UsageError(`--filter ${unmatched.join(', ')} matches no example (ids: ${all.map((e) => e.id).join(', ')})`);
  let checks: CheckResult[];
  if (otherRoot) {
    checks = [
      {
        suite: 'discovery',
        name: 'the pages embed every example, in both locales',
        status: 'skipped',
        reason: `KSN_VERIFY_EXAMPLES_DIR=${otherRoot}: the docs do not show these examples`,
      },
    ];
  } else {
    const found = discover([...listPages('ko'), ...listPages('en')], all);
    checks = discoveryChecks(found.problems, selected, options.filter.length > 0, found);
  }
  const result: RunResult = {
    runId,
    cluster: options.cluster,
    tier: options.tier,
    examples: [],
    checks,
    interrupted: false,
    startupMs: 0,
    durationMs: 0,
  };
  const progress = new Progress(selected.length, io.err);
  const log = (line: string) => progress.log(line);
  if (options.keep && options.filter.length === 0)
    log('--keep without --filter: cluster-scoped objects left by one example can change the answers of later ones');
  if (options.keep && options.cluster === 'local') {
    log(
      '--keep on the local control plane: it stops when the run ends, objects and all. To look at them afterwards: eval "$(npm run -s control-plane -- up)", then npm run verify -- --cluster current --keep',
    );
  }

  const abort = new AbortController();
  let interruptedBy: string | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interruptedBy) {
      io.err.write(`\n${sig} again: exiting now, without cleanup (objects carry the label ${RUN_LABEL}=${runId})\n`);
      void killAll(0).finally(() => process.exit(EXIT.interrupted));
      return;
    }
    interruptedBy = sig;
    result.interrupted = true;
    io.err.write(`\n${sig}: stopping kubectl processes, cleaning up, stopping the cluster (press Ctrl-C again to exit at once)\n`);
    abort.abort();
    void killAll();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const workDir = mkdtempSync(join(tmpdir(), `ksn-verify-${runId}-`));
  let backend: Backend | undefined;
  let client: KubeClient | undefined;
  try {
    log(`verify run ${runId}: ${selected.length} example(s) on ${options.cluster}, tier ${options.tier}, parallel ${options.parallel}`);
    const t0 = Date.now();
    try {
      backend = await startBackend({
        cluster: options.cluster,
        runId,
        keep: options.keep,
        keepOnFailure: options.keepOnFailure,
        allowContext: options.allowContext,
        node: options.tier !== 'api',
        workDir,
        log,
        signal: abort.signal,
        env,
      });
      result.images = backend.images;
      client = clientFor(backend);
      const version = await client.version(abort.signal);
      const noRuntimeReason = backend.noRuntimeReason ?? (await detectNoRuntime(client, abort.signal));
      const serviceAccounts = await detectServiceAccounts(client, abort.signal, backend.kind === 'local' ? 20_000 : 60_000);
      result.startupMs = Date.now() - t0;
      log(
        `cluster ready in ${(result.startupMs / 1000).toFixed(1)} s: ${version.gitVersion} at ${client.credentials.server} (context ${backend.context})${noRuntimeReason ? `; runtime steps skipped: ${noRuntimeReason}` : ''}`,
      );
      if (options.tier !== 'api' && !noRuntimeReason) {
        // The NetworkPolicy canary (policy-sentinel.ts): a deny-all must block, or nothing here
        // could tell an open cluster from an enforced policy.
        try {
          const ms = await policyCanary(
            client,
            kubectlRunner(backend.kubectl, backend.kubeconfig, join(workDir, 'kubectl-cache'), workDir, abort.signal),
            `ksn-canary-${runId}`,
            {[RUN_LABEL]: runId},
            90_000,
            abort.signal,
          );
          result.checks.push({
            suite: 'cluster',
            name: 'NetworkPolicy is enforced (a deny-all canary blocks)',
            status: 'passed',
            reason: `blocked ${(ms / 1000).toFixed(1)} s after the policy was created`,
          });
        } catch (e) {
          if (abort.signal.aborted) throw e;
          throw new Error(`policy is not enforced on this cluster: ${(e as Error).message}`, {cause: e});
        }
      }
      const created: Created = {namespaces: new Set(), objects: new Map()};
      const finished: ExampleResult[] = [];
      writeJUnitSoFar(result, finished, options, started);
      result.examples = await runExamples(
        selected,
        {
          cluster: {client, kubectl: backend.kubectl, kubeconfig: backend.kubeconfig, noRuntimeReason, serviceAccounts},
          runId,
          tier: options.tier,
          keep: options.keep,
          signal: abort.signal,
          workDir,
          timeouts: DEFAULT_TIMEOUTS,
          cleanupOnAbort: !backend.disposable,
        },
        options.parallel,
        {
          onStart: (e) => progress.start(e.id),
          onFinish: (r) => {
            progress.finish(r);
            finished.push(r);
            writeJUnitSoFar(result, finished, options, started);
          },
          onClusterDown: (message) => {
            log(`the API server stopped answering (${message}): no further example starts`);
            result.checks.push({suite: 'cluster', name: 'the API server answers until the end', status: 'failed', reason: message});
          },
        },
        created,
      );
      progress.end();
      if (abort.signal.aborted) {
        result.checks.push({
          suite: 'leftovers',
          name: 'nothing the run created remains',
          status: 'skipped',
          reason: `interrupted${backend.disposable ? ': the cluster is thrown away' : `: objects carry the label ${RUN_LABEL}=${runId}`}`,
        });
      } else if (result.checks.some((k) => k.suite === 'cluster' && k.status === 'failed')) {
        result.checks.push({
          suite: 'leftovers',
          name: 'nothing the run created remains',
          status: 'skipped',
          reason: `the API server stopped answering; objects carry the label ${RUN_LABEL}=${runId}`,
        });
      } else if (options.keep) {
        result.checks.push({
          suite: 'leftovers',
          name: 'nothing the run created remains',
          status: 'skipped',
          reason: `--keep leaves the objects: kubectl get ns,clusterroles,clusterrolebindings -l ${RUN_LABEL}=${runId}`,
        });
      } else {
        result.checks.push(await leftoverCheck(client, runId, created));
      }
    } catch (e) {
      progress.end();
      const why = abort.signal.aborted ? 'interrupted' : (e as Error).message;
      result.checks.push({suite: 'cluster', name: `start ${options.cluster}`, status: abort.signal.aborted ? 'skipped' : 'failed', reason: why});
      // The reason is in the cluster check above, once; the examples only point at it.
      if (result.examples.length === 0)
        result.examples = selected.map((ex) => notRun(ex, `not run: the cluster did not start (see the check "cluster: start ${options.cluster}")`));
    }
  } finally {
    client?.close();
    if (backend) {
      try {
        await backend.stop(failed(result));
      } catch (e) {
        result.checks.push({suite: 'cluster', name: `stop ${options.cluster}`, status: 'failed', reason: (e as Error).message});
      }
    }
    rmSync(workDir, {recursive: true, force: true});
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const rc = runtimeCheck(result);
  if (rc && !result.checks.some((k) => k.suite === 'cluster' && k.status === 'failed')) result.checks.push(rc);
  result.durationMs = Date.now() - started;
  io.out(`\n${renderSummary(result)}\n`);
  writeReports(result, options, io);
  if (result.interrupted) return EXIT.interrupted;
  return failed(result) ? EXIT.failed : EXIT.ok;
}
