/**
 * An `exec:` step (runtime tier, examples/README.md): the pod is Ready, then `kubectl exec`;
 * exit 0 and stdout matching expectOutput, or with expectFailure the command itself failing.
 */
import {isAbortError} from '../kube-client';
import type {NamespaceMap} from '../rewrite';
import {parseEnd, waitPodReady} from '../runtime';
import {outputMatches, StepFailure, tail, type Session} from '../session';

export async function execStep(
  session: Session,
  step: {exec: {pod: string; container?: string; command: string[]}; expectOutput: string; expectFailure?: boolean},
  map: NamespaceMap,
  dir: string,
): Promise<string> {
  const {namespace, name} = parseEnd(step.exec.pod.includes('/') ? step.exec.pod : `default/${step.exec.pod}`);
  const ns = map.map(namespace);
  try {
    await waitPodReady(session.client, ns, name, session.ctx.timeouts.podReadySeconds * 1000, session.signal);
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new StepFailure(map.reverseText((e as Error).message));
  }
  const args = ['--namespace', ns, 'exec', name, ...(step.exec.container ? ['-c', step.exec.container] : []), '--', ...step.exec.command];
  const r = await session.kubectl(dir)(args, {timeoutMs: session.ctx.timeouts.kubectlSeconds * 1000});
  const out = map.reverseText(r.stdout);
  const shown = `$ kubectl exec ${step.exec.pod}${step.exec.container ? ` -c ${step.exec.container}` : ''} -- ${step.exec.command.join(' ')}\n${tail(`${out}${r.stderr ? `\n${map.reverseText(r.stderr)}` : ''}`)}`;
  if (step.expectFailure) {
    // The command must run and fail (a denied operation), not kubectl exec itself.
    const both = `${out}${map.reverseText(r.stderr)}`;
    if (r.code === 0) throw new StepFailure('expected the command to fail (expectFailure: true), but it exited 0', shown);
    if (/^error: |Error from server|OCI runtime exec failed|executable file not found/m.test(r.stderr))
      throw new StepFailure('kubectl exec itself failed, so the command never ran', shown);
    if (!outputMatches(step.expectOutput, both)) throw new StepFailure(`the output does not match /${step.expectOutput}/`, shown);
    return tail(both, 2);
  }
  if (r.code !== 0) throw new StepFailure(`the command exited ${r.code ?? r.signal}`, shown);
  if (!outputMatches(step.expectOutput, out)) throw new StepFailure(`the output does not match /${step.expectOutput}/`, shown);
  return tail(out, 2);
}
