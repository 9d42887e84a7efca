/**
 * The steps that write a file of the example (examples/README.md):
 *   apply        server-side apply (field manager ksn-verify, strict field validation, conflicts
 *                forced as a reader's client-side `kubectl apply` would overwrite them) of every
 *                object of the rewritten file; errors of all objects are collected, as kubectl does
 *   expectError  the same apply must be rejected, with `contains` in the server's message; a file
 *                the server accepts fails the step (expected outcomes are checked both ways)
 *   delete       DELETE of every object of the file, then wait until they are gone
 */
import {CLUSTER_SCOPED, type NamespaceMap} from '../rewrite';
import {isAbortError, KubeApiError} from '../kube-client';
import {sleep} from '../runtime';
import {refText, StepFailure, type Session} from '../session';

type Rec = Record<string, unknown>;

export async function applyStep(session: Session, file: string, map: NamespaceMap): Promise<string> {
  const {applied, errors} = await session.applyObjects(session.rewritten(file, map), map);
  if (errors.length)
    throw new StepFailure(`the API server rejected ${errors.length} object(s) of ${file}`, errors.map((e) => `${e.object}: ${e.message}`).join('\n'));
  return `${applied.length} object(s) applied`;
}

export async function expectErrorStep(session: Session, file: string, contains: string, map: NamespaceMap): Promise<string> {
  const m = session.manifest(file);
  if (m.error) {
    if (m.error.includes(contains)) return `rejected: ${m.error}`;
    throw new StepFailure(`${file} does not parse, and the message does not contain "${contains}"`, m.error);
  }
  const {errors} = await session.applyObjects(session.rewritten(file, map), map);
  if (errors.length === 0)
    throw new StepFailure(`expected the API server to reject ${file} with a message containing "${contains}", but it accepted every object`);
  const hit = errors.find((e) => e.message.includes(contains));
  if (!hit)
    throw new StepFailure(`the API server rejected ${file}, but no message contains "${contains}"`, errors.map((e) => `${e.object}: ${e.message}`).join('\n'));
  return `rejected: ${hit.message}`;
}

export async function deleteStep(session: Session, file: string, map: NamespaceMap): Promise<string> {
  session.writes++;
  const objects = session.rewritten(file, map);
  const missing: string[] = [];
  for (const o of objects) {
    const meta = o.metadata as Rec;
    const ns = CLUSTER_SCOPED.has(String(o.kind)) ? undefined : String(meta.namespace);
    try {
      if (!(await session.client.delete(String(o.apiVersion), String(o.kind), String(meta.name), ns, {signal: session.signal}))) missing.push(refText(o, map));
    } catch (e) {
      if (isAbortError(e) || !(e instanceof KubeApiError)) throw e;
      throw new StepFailure(`deleting ${refText(o, map)} failed: ${map.reverseText(e.message)}`);
    }
  }
  // kubectl delete waits until the objects are gone (--wait=true): a later apply of the same name must create, not update.
  const deadline = Date.now() + session.ctx.timeouts.podReadySeconds * 1000;
  for (const o of objects) {
    const meta = o.metadata as Rec;
    const ns = CLUSTER_SCOPED.has(String(o.kind)) ? undefined : String(meta.namespace);
    while (await session.client.get(String(o.apiVersion), String(o.kind), String(meta.name), ns, session.signal)) {
      if (Date.now() > deadline) throw new StepFailure(`${refText(o, map)} was still there ${session.ctx.timeouts.podReadySeconds} s after its deletion`);
      await sleep(250, session.signal);
    }
  }
  if (missing.length) throw new StepFailure(`not found (kubectl delete fails the same way): ${missing.join(', ')}`);
  return `${objects.length} object(s) deleted`;
}
