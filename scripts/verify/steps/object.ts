/**
 * An `object:` step (examples/README.md): the live object partially matches `matches` (src/core
 * matchPartial, as an exercise's object assertion), polled until it does or timeoutSeconds
 * (default 20) pass; the failure is a diff: path, expected, actual.
 */
import {matchPartial, type ObjectQuestion} from '../../../src/core';
import {apiVersionOf} from '../kinds';
import {CLUSTER_SCOPED, type NamespaceMap, rewriteExpected} from '../rewrite';
import {sleep} from '../runtime';
import {StepFailure, type Session} from '../session';
import type {Diff} from '../types';

type Rec = Record<string, unknown>;

/** An `object:` step: the live object partially matches `matches`, polled until it does or the timeout passes. */
export async function objectStep(session: Session, ref: ObjectQuestion, matches: Rec, timeoutSeconds: number | undefined, map: NamespaceMap): Promise<string> {
  const {kind} = ref;
  const apiVersion = apiVersionOf(ref);
  if (!apiVersion)
    throw new StepFailure(`object: ${kind} is not a kind the verifier knows; write its apiVersion: object: {apiVersion: <group/version>, kind: ${kind}, ...}`);
  const expected = rewriteExpected(matches, map, kind);
  const namespaced = !CLUSTER_SCOPED.has(kind);
  const shownNs = ref.namespace ?? (namespaced ? 'default' : undefined);
  const ns = shownNs === undefined ? undefined : map.map(shownNs);
  const name = kind === 'Namespace' ? map.map(ref.name) : ref.name;
  const seconds = timeoutSeconds ?? session.ctx.timeouts.assertSeconds;
  const deadline = Date.now() + seconds * 1000;
  let last: Diff[];
  for (;;) {
    const live = await session.client.get(apiVersion, kind, name, ns, session.signal);
    if (live) {
      const mismatches = matchPartial(live, expected);
      if (mismatches.length === 0) return 'matches';
      last = mismatches.map((d) => ({path: d.path, expected: map.reverseValue(d.expected), actual: map.reverseValue(d.actual), code: d.code}));
    } else {
      last = [{path: '', expected: `${kind} ${shownNs ? `${shownNs}/` : ''}${ref.name}`, actual: null, code: 'OBJECT_NOT_FOUND'}];
    }
    if (Date.now() > deadline) break;
    await sleep(250, session.signal);
  }
  throw new StepFailure(`the live ${kind} ${ref.name} does not match after ${seconds} s`, undefined, last);
}
