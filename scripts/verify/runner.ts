/**
 * Runs examples on a cluster: scheduling, tiers, the per-example cleanup and the leftover check.
 *
 * Scheduling: up to `parallel` examples at a time (most of a run is waiting on the API server).
 * An example that creates cluster-scoped objects (example.ts, exclusiveReason) runs alone: its
 * ClusterRoles and ClusterRoleBindings keep the names the page shows (so `kubectl describe
 * clusterrole node-admin` prints what the reader sees), and their grants hold in every
 * namespace, so an example asking "can michelle list nodes?" must not run beside one that grants
 * it. Those examples run first, one by one; then the others in parallel.
 *
 * Tiers: a runtime step runs only when the cluster has nodes and the tier is `runtime` or `all`;
 * otherwise it is skipped with the reason. `--tier runtime` runs only examples with runtime
 * steps (their api steps too: they create what the runtime steps look at).
 *
 * After a failed apply, delete, expectError or state-changing kubectl step, the example's later
 * steps are skipped (they would only report the same failure again); after a failed check
 * (object, canI, token, a read-only kubectl, exec, reach, exercise) the next steps still run.
 *
 * Cleanup always runs (finally), unless --keep: the example's namespaces (every set) and the
 * cluster-scoped objects it created. The leftover check then lists namespaces, ClusterRoles and
 * ClusterRoleBindings with this run's label, every namespace name the run mapped, and every
 * cluster-scoped object it created; anything still there fails the run.
 */
import {isReadOnlyKubectl, stepKind, type Step} from '../../src/core';
import type {Example} from './example';
import {kubectlWords} from './example';
import {runExercise} from './exercise';
import {isAbortError, type KubeClient} from './kube-client';
import {kubectlVerb, RUN_LABEL} from './rewrite';
import {sleep} from './runtime';
import {Session, StepFailure, StepSkip, stepLabel, tierOf, type RunContext, type Tracked} from './session';
import {applyStep, deleteStep, expectErrorStep} from './steps/apply';
import {canIStep} from './steps/can-i';
import {execStep} from './steps/exec';
import {kubectlStep} from './steps/kubectl';
import {objectStep} from './steps/object';
import {reachStep} from './steps/reach';
import {tokenStep} from './steps/token';
import type {CheckResult, ExampleResult, StepResult} from './types';

export interface RunHooks {
  onStart?: (example: Example) => void;
  onFinish?: (result: ExampleResult) => void;
  /** The API server stopped answering; no further example starts. */
  onClusterDown?: (message: string) => void;
}

export interface RunContextWithCleanup extends RunContext {
  /** After Ctrl-C: clean up objects (current cluster) or not (a cluster about to be thrown away). */
  cleanupOnAbort: boolean;
}

/** What the leftover check must find gone. */
export interface Created {
  namespaces: Set<string>;
  objects: Map<string, Tracked>;
}

/** Whether later steps may still run after this step failed. */
export function checkOnly(step: Step): boolean {
  const kind = stepKind(step);
  if (['object', 'canI', 'token', 'exec', 'reach', 'exercise'].includes(kind)) return true;
  if (kind === 'kubectl') {
    const words = kubectlWords(step) ?? [];
    const verb = kubectlVerb(words) ?? '';
    return isReadOnlyKubectl(verb, words[words.indexOf(verb) + 1], words);
  }
  return false;
}

/** Why a step of this tier does not run here, or undefined. */
export function skipReason(tier: 'api' | 'runtime', ctx: Pick<RunContext, 'tier' | 'cluster'>): string | undefined {
  if (tier !== 'runtime') return undefined;
  if (ctx.cluster.noRuntimeReason) return `runtime tier: ${ctx.cluster.noRuntimeReason}`;
  if (ctx.tier === 'api') return 'runtime tier not selected (--tier api)';
  return undefined;
}

/** Skipped results, with the reason, for the example's steps from index `from` (0-based) on. */
export function skippedSteps(example: Example, reason: string, from = 0): StepResult[] {
  return example.steps.slice(from).map((step, i) => ({
    index: from + i + 1,
    name: step.name,
    kind: stepKind(step),
    label: stepLabel(step),
    tier: tierOf(step, example),
    status: 'skipped',
    reason,
    durationMs: 0,
  }));
}

export async function runExample(example: Example, ctx: RunContextWithCleanup, created: Created): Promise<ExampleResult> {
  const started = Date.now();
  const result: ExampleResult = {
    id: example.id,
    title: example.title,
    status: 'passed',
    durationMs: 0,
    steps: [],
    exclusive: !!example.exclusive,
    namespaces: [],
  };
  if (example.error) {
    return {...result, status: 'failed', error: example.error, durationMs: Date.now() - started};
  }
  if (ctx.tier === 'runtime' && !example.tiers.has('runtime')) {
    return {...result, status: 'skipped', steps: skippedSteps(example, 'no runtime step (--tier runtime)'), durationMs: Date.now() - started};
  }
  const session = new Session(ctx, example);
  let stoppedBy: string | undefined;
  try {
    const {map, dir} = session.newSet();
    const declaredByKubectl = new Set<string>();
    for (const step of example.steps) {
      const words = kubectlWords(step);
      if (words && words[0] === 'create' && ['namespace', 'ns'].includes(words[1] ?? '') && words[2]) declaredByKubectl.add(words[2]);
    }
    try {
      await session.createNamespaces(map, [...example.manifests.values()], declaredByKubectl);
    } catch (e) {
      if (isAbortError(e)) throw e;
      throw new Error(`could not create the example's namespaces: ${(e as Error).message}`, {cause: e});
    }
    for (let i = 0; i < example.steps.length; i++) {
      const step = example.steps[i];
      const tier = tierOf(step, example);
      const base = {index: i + 1, name: step.name, kind: stepKind(step), label: stepLabel(step), tier};
      const skip = stoppedBy ?? skipReason(tier, ctx);
      if (skip) {
        result.steps.push({...base, status: 'skipped', reason: skip, durationMs: 0});
        continue;
      }
      const t0 = Date.now();
      try {
        let reason: string;
        let assertions;
        let skippedParts: string[] | undefined;
        if ('apply' in step) reason = await applyStep(session, step.apply, map);
        else if ('expectError' in step) reason = await expectErrorStep(session, step.expectError, step.contains, map);
        else if ('object' in step) reason = await objectStep(session, step.object, step.matches, step.timeoutSeconds, map);
        else if ('kubectl' in step) reason = await kubectlStep(session, step, map, dir);
        else if ('canI' in step) reason = await canIStep(session, step.canI, step.expect, map);
        else if ('token' in step) reason = await tokenStep(session, step.token, map, dir);
        else if ('exec' in step) reason = await execStep(session, step, map, dir);
        else if ('reach' in step) reason = await reachStep(session, step.reach, step.expect, map, dir);
        else if ('delete' in step) reason = await deleteStep(session, step.delete, map);
        else if ('exercise' in step) {
          const exercise = example.exercises.get(step.exercise);
          if (!exercise) throw new StepFailure(`${step.exercise} was not loaded`);
          const noRuntime = skipReason('runtime', ctx);
          const r = await runExercise(session, exercise, {runtime: !noRuntime});
          const reaches = exercise.assertions.filter((a) => 'reach' in a).length;
          if (noRuntime && reaches)
            skippedParts = [
              `${reaches} reach assertion(s) of ${step.exercise} not tried as real traffic (the checker's verdicts still come from the live NetworkPolicies): ${noRuntime}`,
            ];
          reason = r.summary;
          assertions = r.outcomes;
        } else throw new StepFailure(`unknown step kind: ${Object.keys(step).join(', ')}`);
        result.steps.push({...base, status: 'passed', reason, assertions, skippedParts, durationMs: Date.now() - t0});
      } catch (e) {
        if (isAbortError(e)) throw e;
        if (e instanceof StepSkip) {
          result.steps.push({...base, status: 'skipped', reason: e.reason, durationMs: Date.now() - t0});
          continue;
        }
        const failure = e instanceof StepFailure ? e : new StepFailure((e as Error).message ?? String(e));
        result.steps.push({...base, status: 'failed', reason: failure.reason, details: failure.details, diffs: failure.diffs, durationMs: Date.now() - t0});
        if (!checkOnly(step)) stoppedBy = `an earlier step failed (step ${i + 1}: ${base.label})`;
      }
    }
  } catch (e) {
    if (isAbortError(e)) {
      result.error = 'interrupted';
      result.steps.push(...skippedSteps(example, 'interrupted', result.steps.length));
    } else {
      result.error = (e as Error).message;
    }
  } finally {
    for (const map of session.sets) {
      for (const ns of map.mappedNames()) created.namespaces.add(ns);
      // The report lists the example's own sets; the sentinels' sets are the verifier's.
      if (!session.sentinelSets.has(map)) result.namespaces.push(Object.fromEntries(map.entries()));
    }
    for (const [k, t] of session.everTracked) created.objects.set(k, t);
    if (!ctx.keep && (!ctx.signal.aborted || ctx.cleanupOnAbort)) {
      const problems = await session.cleanup(undefined).catch((e: Error) => [e.message]);
      // After Ctrl-C a throw-away cluster may already be gone: its cleanup errors mean nothing.
      const thrownAway = ctx.signal.aborted && !ctx.cleanupOnAbort;
      if (problems.length && !thrownAway) result.error = [result.error, `cleanup: ${problems.join('; ')}`].filter(Boolean).join('; ');
    }
  }
  result.durationMs = Date.now() - started;
  const statuses = result.steps.map((s) => s.status);
  const interrupted = result.error === 'interrupted';
  if (statuses.includes('failed') || (result.error && !interrupted)) result.status = 'failed';
  else if (interrupted || (statuses.length > 0 && statuses.every((s) => s === 'skipped'))) result.status = 'skipped';
  else result.status = 'passed';
  return result;
}

/**
 * Runs `run` on every item, at most `parallel` at a time; an exclusive item runs with nothing
 * beside it. Exclusive items go first. Stops starting new items once `signal` is aborted.
 */
export async function schedule<T>(
  items: T[],
  parallel: number,
  isExclusive: (item: T) => boolean,
  run: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const queue = [...items.filter(isExclusive), ...items.filter((i) => !isExclusive(i))];
  let active = 0;
  let exclusiveActive = false;
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (queue.length && !signal?.aborted) {
        const next = queue[0];
        const exclusive = isExclusive(next);
        if (exclusiveActive || (exclusive && active > 0) || active >= Math.max(1, parallel)) break;
        queue.shift();
        active++;
        if (exclusive) exclusiveActive = true;
        void run(next)
          .catch(() => {})
          .then(() => {
            active--;
            if (exclusive) exclusiveActive = false;
            pump();
          });
      }
      if (active === 0 && (queue.length === 0 || signal?.aborted)) resolve();
    };
    pump();
  });
}

function mentionsUnreachable(r: ExampleResult): boolean {
  const texts = [r.error ?? '', ...r.steps.map((s) => s.reason ?? '')];
  return texts.some((t) => /cannot reach the API server|no answer from/.test(t));
}

/**
 * Runs examples (see the file comment); results in the order of `examples`. When an example
 * could not reach the API server and the server does not answer a version request either, no
 * further example starts: each is reported as not run, with the reason (hooks.onClusterDown).
 */
export async function runExamples(
  examples: Example[],
  ctx: RunContextWithCleanup,
  parallel: number,
  hooks: RunHooks = {},
  created: Created = {namespaces: new Set(), objects: new Map()},
): Promise<ExampleResult[]> {
  const results = new Map<string, ExampleResult>();
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  ctx.signal.addEventListener('abort', onAbort, {once: true});
  if (ctx.signal.aborted) stop.abort();
  let down: string | undefined;
  await schedule(
    examples,
    parallel,
    (e) => !!e.exclusive,
    async (next) => {
      hooks.onStart?.(next);
      const r = await runExample(next, ctx, created).catch(
        (e: Error): ExampleResult => ({
          id: next.id,
          title: next.title,
          status: 'failed',
          durationMs: 0,
          steps: [],
          error: e.message,
          exclusive: !!next.exclusive,
          namespaces: [],
        }),
      );
      results.set(next.id, r);
      hooks.onFinish?.(r);
      if (!down && !ctx.signal.aborted && mentionsUnreachable(r)) {
        try {
          await ctx.cluster.client.version();
        } catch (e) {
          down = (e as Error).message;
          hooks.onClusterDown?.(down);
          stop.abort();
        }
      }
    },
    stop.signal,
  );
  ctx.signal.removeEventListener('abort', onAbort);
  const notRun = down ? `not run: the API server stopped answering (${down})` : 'interrupted before this example started';
  return examples.map(
    (e) =>
      results.get(e.id) ?? {
        id: e.id,
        title: e.title,
        status: 'skipped',
        durationMs: 0,
        steps: skippedSteps(e, notRun),
        exclusive: !!e.exclusive,
        namespaces: [],
      },
  );
}

/**
 * Fails if anything the run created is still there. Namespaces being deleted are waited for
 * (their pods and objects go first) up to `timeoutMs`.
 */
export async function leftoverCheck(client: KubeClient, runId: string, created: Created, timeoutMs = 90_000): Promise<CheckResult> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let remaining: string[];
  for (;;) {
    remaining = [];
    const namespaces = await client.list('v1', 'Namespace');
    for (const ns of namespaces) {
      const meta = (ns.metadata ?? {}) as {name?: string; labels?: Record<string, string>};
      if (meta.labels?.[RUN_LABEL] === runId || created.namespaces.has(String(meta.name))) {
        const phase = (ns.status as {phase?: string} | undefined)?.phase;
        remaining.push(`namespace ${meta.name}${phase === 'Terminating' ? ' (Terminating)' : ''}`);
      }
    }
    for (const kind of ['ClusterRole', 'ClusterRoleBinding']) {
      for (const o of await client.list('rbac.authorization.k8s.io/v1', kind, {labelSelector: `${RUN_LABEL}=${runId}`}))
        remaining.push(`${kind} ${String((o.metadata as {name?: string}).name)}`);
    }
    for (const t of created.objects.values()) {
      const label = `${t.kind} ${t.name}`;
      if (remaining.includes(label)) continue;
      if (await client.get(t.apiVersion, t.kind, t.name, undefined).catch(() => undefined)) remaining.push(label);
    }
    const onlyTerminating = remaining.length > 0 && remaining.every((r) => r.endsWith('(Terminating)'));
    if (remaining.length === 0 || !onlyTerminating || Date.now() > deadline) break;
    await sleep(1000);
  }
  const checked = `${created.namespaces.size} namespace(s), ${created.objects.size} cluster-scoped object(s) and everything labelled ${RUN_LABEL}=${runId}, in ${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (remaining.length === 0) return {suite: 'leftovers', name: 'nothing the run created remains', status: 'passed', reason: `checked ${checked}`};
  return {
    suite: 'leftovers',
    name: 'nothing the run created remains',
    status: 'failed',
    reason: `${remaining.length} object(s) the run created are still there`,
    details: `${remaining.join('\n')}\n(remove with: kubectl delete ns,clusterroles,clusterrolebindings -l ${RUN_LABEL}=${runId})`,
  };
}
