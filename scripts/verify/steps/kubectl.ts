/**
 * A `kubectl:` step (examples/README.md): the cluster's kubectl in the example's namespace, no
 * shell; exit 0 and stdout matching expectOutput, or with expectFailure a non-zero exit and
 * stdout+stderr matching it; a read-only command (get, describe, auth, api-resources) after a
 * write first waits for the RBAC sentinel (Session.settleRbac), then runs once.
 */
import {isReadOnlyKubectl, type Step} from '../../../src/core';
import {kubectlWords} from '../example';
import {kubectlVerb, type NamespaceMap, RUN_LABEL, rewriteKubectlArgs} from '../rewrite';
import {outputMatches, StepFailure, tail, type Session} from '../session';

export async function kubectlStep(
  session: Session,
  step: Step & {kubectl: string; expectOutput?: string; expectFailure?: boolean},
  map: NamespaceMap,
  dir: string,
): Promise<string> {
  const words = kubectlWords(step) ?? [];
  const rewritten = rewriteKubectlArgs(words, map);
  const verb = kubectlVerb(words) ?? '';
  const readOnly = isReadOnlyKubectl(verb, words[words.indexOf(verb) + 1], words);
  if (!readOnly) session.writes++;
  // A read after writes (kubectl auth can-i above all) waits for the authorizer to have seen
  // them (settleRbac), then runs once: its output is the verdict.
  else await session.settleRbac();
  const run = session.kubectl(dir);
  {
    const r = await run(rewritten.args, {timeoutMs: session.ctx.timeouts.kubectlSeconds * 1000});
    const stdout = map.reverseText(r.stdout);
    const stderr = map.reverseText(r.stderr);
    const shown = `$ kubectl ${step.kubectl}\n${tail(`${stdout}${stderr ? `\n${stderr}` : ''}`)}`;
    let problem: string | undefined;
    if (r.timedOut) problem = `kubectl did not finish within ${session.ctx.timeouts.kubectlSeconds} s`;
    else if (step.expectFailure && r.code === 0) problem = 'expected kubectl to fail (expectFailure: true), but it exited 0';
    else if (!step.expectFailure && r.code !== 0) problem = `kubectl exited ${r.code ?? r.signal}`;
    else if (step.expectOutput !== undefined && !outputMatches(step.expectOutput, step.expectFailure ? `${stdout}${stderr}` : stdout)) {
      problem = `the output does not match /${step.expectOutput}/`;
    }
    if (!problem) {
      for (const c of rewritten.creates) await labelCreated(session, c.kind, c.name, map);
      if (['create', 'apply', 'replace'].includes(verb) && !words.some((w) => w.startsWith('--dry-run') && w !== '--dry-run=none')) {
        for (const f of rewritten.files) {
          const m = session.example.manifests.get(f);
          for (const o of m?.objects ?? []) session.track(session.rewrite(o, map), map);
        }
      }
      return tail(stdout || stderr, 3);
    }
    throw new StepFailure(problem, shown);
  }
}

/** An object `kubectl create <kind> <name>` made: labelled like the rest, and tracked. */
async function labelCreated(session: Session, kind: 'Namespace' | 'ClusterRole' | 'ClusterRoleBinding', name: string, map: NamespaceMap): Promise<void> {
  const apiVersion = kind === 'Namespace' ? 'v1' : 'rbac.authorization.k8s.io/v1';
  if (kind !== 'Namespace') {
    const t = {apiVersion, kind, name, set: map.setId};
    session.tracked.set(`${kind}/${name}`, t);
    session.everTracked.set(`${kind}/${name}`, t);
  }
  await session.client.mergePatch(apiVersion, kind, name, undefined, {metadata: {labels: {[RUN_LABEL]: session.ctx.runId}}}, session.signal);
  if (kind === 'Namespace') await session.ensureServiceAccount(name);
}
