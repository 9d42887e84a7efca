/**
 * An exercise step (examples/README.md, exercise.yaml): the same assertions the browser checker
 * runs, judged by the same code (src/core evaluateAssertions) against live objects.
 *
 * For the reference solution, the deliberately wrong answer, then the extra right and wrong
 * answers (`solutions:`, `wrongs:`), each in a fresh namespace set:
 *   1. cluster-scoped objects made so far by this example are deleted (answers re-create them
 *      under the same names, and a leftover grant would answer for the next answer);
 *   2. `given` is applied; then the answer. An answer object with the kind, namespace and name of a
 *      given object replaces it (delete, wait until gone, apply), as the browser merges a reader's
 *      YAML over the given objects (a later object replaces an earlier one) and as a reader
 *      recreates a pod whose spec cannot be updated in place;
 *   3. the live objects of every kind involved are read back: namespaced kinds from the set's
 *      namespaces, cluster-scoped ones that the set created, the set's Namespaces;
 *   4. evaluateAssertions judges them; `valid: true` gets the server's answers as diagnostics
 *      (a rejected object is an error);
 *   5. every canI assertion is also asked of the API server (see Session.askServer): the checker's
 *      verdict must equal the cluster's. A `valid` assertion's checker verdict (the core's
 *      validateManifests on the answer's text, as in the browser) must equal whether the API
 *      server took every object. In the runtime tier every reach assertion is also tried with a
 *      real connection, and every securityContext assertion about runAsUser with `id -u` in the
 *      running container, with the same requirement.
 * Every right answer must pass every assertion; every wrong answer must fail at least one (proof
 * the checks can fail). Either way a checker/cluster disagreement fails the step.
 */
import {evaluateAssertions, exerciseAnswers, mergeObjects, validateManifests, type AssertionResult, type ExerciseFile} from '../../src/core';
import type {KubeObject} from './kube-client';
import {KNOWN_KINDS} from './kinds';
import {CLUSTER_SCOPED, type NamespaceMap, rewriteAssertion} from './rewrite';
import {refText, StepFailure, StepSkip, type Session} from './session';
import {execStep} from './steps/exec';
import {reachStep} from './steps/reach';
import type {AssertionOutcome, Diff, VerifierDiagnostic} from './types';

type Rec = Record<string, unknown>;

const RBAC_KINDS = ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];

export interface AnswerReport {
  /** solution/wrong, or solutions[i]/wrongs[i] for the exercise's extra answers. */
  answer: string;
  file: string;
  results: AssertionResult[];
  /** canI/reach assertions where the checker and the cluster disagree. */
  disagreements: {id: string; checker: boolean; cluster: boolean; detail: string}[];
  rejected: string[];
}

/** The kinds whose live objects the assertions may look at. */
export function kindsInvolved(exercise: ExerciseFile, objects: Rec[]): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const o of objects) if (typeof o.kind === 'string' && typeof o.apiVersion === 'string') kinds.set(o.kind, o.apiVersion);
  const add = (kind: string, apiVersion?: string) => {
    if (kinds.has(kind)) return;
    const v = apiVersion ?? KNOWN_KINDS[kind];
    if (v) kinds.set(kind, v);
  };
  for (const a of exercise.assertions) {
    if ('object' in a) add(a.object.kind, a.object.apiVersion);
    if ('absent' in a) add(a.absent.kind);
    if ('securityContext' in a) add('Pod');
    if ('reach' in a) ['Pod', 'NetworkPolicy', 'Namespace'].forEach((k) => add(k));
    if ('canI' in a) RBAC_KINDS.forEach((k) => add(k));
  }
  return kinds;
}

async function readLive(session: Session, map: NamespaceMap, kinds: Map<string, string>): Promise<KubeObject[]> {
  const client = session.client;
  const out: KubeObject[] = [];
  for (const [kind, apiVersion] of kinds) {
    if (kind === 'Namespace') {
      for (const ns of map.mappedNames()) {
        const live = await client.get('v1', 'Namespace', ns, undefined, session.signal);
        if (live) out.push(live);
      }
    } else if (CLUSTER_SCOPED.has(kind)) {
      for (const t of session.tracked.values()) {
        if (t.kind !== kind || t.set !== map.setId) continue;
        const live = await client.get(t.apiVersion, t.kind, t.name, undefined, session.signal);
        if (live) out.push(live);
      }
    } else {
      for (const ns of map.mappedNames()) {
        try {
          out.push(...(await client.list(apiVersion, kind, {namespace: ns, signal: session.signal})));
        } catch (e) {
          if ((e as {status?: number}).status !== 404) throw e;
        }
      }
    }
  }
  return out;
}

function diffsOf(result: AssertionResult, map: NamespaceMap): Diff[] {
  return result.failures.map((f) => ({path: f.path, expected: map.reverseValue(f.expected), actual: map.reverseValue(f.actual), code: f.code}));
}

async function runAnswer(
  session: Session,
  exercise: ExerciseFile,
  answer: string,
  file: string,
  runtime: boolean,
): Promise<{report: AnswerReport; map: NamespaceMap}> {
  await session.deleteClusterScoped(session.signal);
  const {map, dir} = session.newSet();
  const givenManifest = exercise.given ? session.manifest(exercise.given) : undefined;
  const answerManifest = session.manifest(file);
  await session.createNamespaces(
    map,
    [givenManifest, answerManifest].filter((m): m is NonNullable<typeof m> => !!m),
  );

  const given = exercise.given ? session.rewritten(exercise.given, map) : [];
  if (given.length) {
    const g = await session.applyObjects(given, map);
    if (g.errors.length)
      throw new StepFailure(`the exercise's given objects (${exercise.given}) were rejected`, g.errors.map((e) => `${e.object}: ${e.message}`).join('\n'));
  }
  const diagnostics: VerifierDiagnostic[] = [];
  const rejected: string[] = [];
  let answerObjects: Rec[] = [];
  if (answerManifest.error) {
    diagnostics.push({code: 'YAML_SYNTAX', severity: 'error', params: {message: answerManifest.error}});
    rejected.push(answerManifest.error);
  } else {
    answerObjects = session.rewritten(file, map);
    // The same rule the browser checker applies (src/core mergeObjects): an answer object with the
    // kind, namespace and name of a given object replaces it.
    const replacing = new Set(mergeObjects(given, answerObjects, map.map('default')).replacements.map((r) => r.by));
    for (const o of answerObjects) {
      if (replacing.has(o)) {
        const meta = o.metadata as Rec;
        const ns = CLUSTER_SCOPED.has(String(o.kind)) ? undefined : String(meta.namespace);
        // No grace period: nothing here waits for a container to stop, only for the name to be free.
        await session.client.delete(String(o.apiVersion), String(o.kind), String(meta.name), ns, {gracePeriodSeconds: 0, signal: session.signal});
        await session.api.waitGone(
          String(o.apiVersion),
          String(o.kind),
          String(meta.name),
          ns,
          session.ctx.timeouts.podReadySeconds * 1000,
          () => new StepFailure(`${refText(o, map)} of the given objects was still there ${session.ctx.timeouts.podReadySeconds} s after its deletion`),
          session.signal,
        );
      }
      const {errors} = await session.applyObjects([o], map);
      for (const e of errors) {
        diagnostics.push({code: 'SERVER_REJECTED', severity: 'error', params: {object: e.object, message: e.message}});
        rejected.push(`${e.object}: ${e.message}`);
      }
    }
  }

  const live = await readLive(session, map, kindsInvolved(exercise, [...given, ...answerObjects]));
  const assertions = exercise.assertions.map((a) => rewriteAssertion(a, map));
  const results = evaluateAssertions(live, assertions, {defaultNamespace: map.map('default'), diagnostics});
  const disagreements: AnswerReport['disagreements'] = [];
  // The checker judges `valid` with the core's validator on the reader's text; the cluster, by
  // whether the API server took every object. They must agree too.
  const checkerErrors = exercise.assertions.some((a) => 'valid' in a) ? validateManifests(answerManifest.text).filter((d) => d.severity === 'error') : [];
  for (let i = 0; i < assertions.length; i++) {
    const a = assertions[i];
    const r = results[i];
    if ('valid' in a) {
      const checker = checkerErrors.length === 0;
      const cluster = rejected.length === 0;
      if (checker !== cluster) {
        const said = checkerErrors.map((d) => `${d.code}${d.path ? ` at ${d.path}` : ''}${d.line ? ` (line ${d.line})` : ''}`).join(', ');
        disagreements.push({
          id: a.id,
          checker,
          cluster,
          detail: `checker: ${checker ? 'no error' : said}; API server: ${cluster ? 'accepted every object' : rejected.join(' | ')}`,
        });
      }
    }
    if ('canI' in a && r.detail && 'canI' in r.detail) {
      const checker = r.detail.canI.allowed;
      await session.settleRbac();
      const server = await session.askServer(a.canI);
      if (server.allowed !== checker) {
        disagreements.push({
          id: a.id,
          checker,
          cluster: server.allowed,
          detail: `checker: ${map.reverseText(r.detail.canI.reason)}; API server: ${map.reverseText(server.reason)}`,
        });
      }
    }
    const original = exercise.assertions[i];
    if ('reach' in original && runtime && r.detail && 'reach' in r.detail) {
      const checker = r.detail.reach.allowed;
      try {
        await reachStep(session, original.reach, checker, map, dir);
      } catch (e) {
        if (e instanceof StepSkip) continue;
        if (!(e instanceof StepFailure)) throw e;
        disagreements.push({id: a.id, checker, cluster: !checker, detail: e.reason});
      }
    }
    // The user the checker says the container runs as (an assertion that passes), asked of the
    // running container (`id -u`):
    // the spec can say one thing and the process be another. Without runAsUser the image decides;
    // every image of the examples runs as root (uid 0).
    // Only a verdict that passes claims something about the running process.
    if ('securityContext' in a && runtime && r.passed && r.detail && 'securityContext' in r.detail && 'runAsUser' in (a.expect as Rec)) {
      const said = r.detail.securityContext.effective.runAsUser;
      const checker = typeof said === 'number' ? said : 0;
      const target = a.securityContext;
      try {
        const out = await execStep(
          session,
          {exec: {pod: `${target.namespace ?? map.map('default')}/${target.pod}`, container: target.container, command: ['id', '-u']}, expectOutput: '^\\d+$'},
          map,
          dir,
        );
        const uid = Number(out.trim().split('\n').pop());
        if (uid !== checker)
          disagreements.push({
            id: a.id,
            checker: true,
            cluster: false,
            detail: `the checker says the container runs as ${checker}; in the running container \`id -u\` prints ${uid}`,
          });
      } catch (e) {
        if (!(e instanceof StepFailure)) throw e;
        disagreements.push({id: a.id, checker: true, cluster: false, detail: `id -u in the running container: ${e.reason}`});
      }
    }
  }
  return {report: {answer, file, results, disagreements, rejected}, map};
}

/** Runs an exercise (see the file comment); returns a summary line, throws StepFailure with every detail. */
export async function runExercise(
  session: Session,
  exercise: ExerciseFile,
  options: {runtime: boolean},
): Promise<{summary: string; outcomes: AssertionOutcome[]}> {
  const outcomes: AssertionOutcome[] = [];
  const problems: string[] = [];
  const details: string[] = [];
  const diffs: Diff[] = [];
  // The reference solution and wrong answer, then the extra ones (exercise.yaml solutions:/wrongs:).
  const counters = {solution: 0, wrong: 0};
  for (const {file, right} of exerciseAnswers(exercise)) {
    const kind = right ? 'solution' : 'wrong';
    const answer = counters[kind]++ === 0 ? kind : `${kind}s[${counters[kind] - 2}]`;
    const {report, map} = await runAnswer(session, exercise, answer, file, options.runtime);
    for (const r of report.results) {
      const d = report.disagreements.find((x) => x.id === r.id);
      outcomes.push({answer, id: r.id, passed: r.passed, diffs: diffsOf(r, map), ...(d ? {checker: d.checker, server: d.cluster} : {})});
    }
    for (const d of report.disagreements) {
      const words = exercise.assertions.find((x) => x.id === d.id && 'valid' in x) ? ['valid', 'rejected'] : ['allowed', 'denied'];
      problems.push(
        `${answer} ${report.file}: assertion ${d.id}: the checker says ${d.checker ? words[0] : words[1]}, the cluster says ${d.cluster ? words[0] : words[1]}`,
      );
      details.push(`${d.id} (${answer}): ${d.detail}`);
    }
    const failed = report.results.filter((r) => !r.passed);
    if (right && failed.length) {
      problems.push(`the solution ${report.file} fails ${failed.length} assertion(s): ${failed.map((r) => r.id).join(', ')}`);
      for (const r of failed) diffs.push(...diffsOf(r, map).map((x) => ({...x, path: `${r.id}: ${x.path || '(object)'}`})));
      if (report.rejected.length) details.push(`rejected by the API server:\n${report.rejected.join('\n')}`);
    }
    if (!right && failed.length === 0) {
      problems.push(`the wrong answer ${report.file} passes every assertion: the checks cannot tell it from a right answer`);
    }
    if (!session.ctx.keep) {
      await session.deleteClusterScoped(session.signal, map.setId);
      await session.deleteNamespaces(map, session.signal);
    }
  }
  if (problems.length) throw new StepFailure(problems.join('; '), details.join('\n') || undefined, diffs.length ? diffs : undefined);
  const wrongFailed = outcomes.filter((o) => o.answer === 'wrong' && !o.passed).map((o) => o.id);
  const extra = (exercise.solutions?.length ?? 0) + (exercise.wrongs?.length ?? 0);
  const canIs = exercise.assertions.filter((a) => 'canI' in a).length;
  const reaches = exercise.assertions.filter((a) => 'reach' in a).length;
  const valids = exercise.assertions.some((a) => 'valid' in a);
  const crossChecks = [
    canIs ? `${canIs} can-i verdict(s) equal the API server's` : '',
    valids ? "validation verdicts equal the API server's" : '',
    reaches
      ? options.runtime
        ? `${reaches} reach verdict(s) equal real traffic`
        : `${reaches} reach verdict(s) not tried as real traffic (see the skipped steps)`
      : '',
  ].filter(Boolean);
  return {
    summary: `solution passes ${exercise.assertions.length} assertion(s); wrong fails ${wrongFailed.join(', ')}${extra ? `; ${exercise.solutions?.length ?? 0} more right answer(s) pass, ${exercise.wrongs?.length ?? 0} more wrong answer(s) fail` : ''}${crossChecks.length ? `; ${crossChecks.join('; ')}` : ''}`,
    outcomes,
  };
}
