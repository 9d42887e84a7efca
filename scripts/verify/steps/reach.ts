/**
 * A `reach:` step (runtime tier, examples/README.md): a real connection from inside the source
 * pod (the probe is runtime.ts), asked once after the policy sentinel (Session.settlePolicies).
 */
import type {TrafficQuestion} from '../../../src/core';
import {isAbortError, type KubeObject} from '../kube-client';
import {listensOn, probeOnce} from '../policy-sentinel';
import {type NamespaceMap, rewriteTraffic} from '../rewrite';
import {destinationAddress, parseEnd, waitPodReady} from '../runtime';
import {StepFailure, StepSkip, type Session} from '../session';

type Rec = Record<string, unknown>;

/**
 * Whether a connection gets through, asked once, after the sentinel (policy-sentinel.ts) shows
 * that every policy change before it is enforced. "Blocked" counts only toward a destination
 * known to listen on that port (a readiness probe on it, and Ready): a closed port also refuses.
 */
export async function reachStep(session: Session, q: TrafficQuestion, expect: boolean, map: NamespaceMap, dir: string): Promise<string> {
  if (typeof q.from !== 'string') throw new StepSkip(`traffic from ${q.from.ip}: the verifier can only start a connection inside a pod it can exec into`);
  if (typeof q.to !== 'string')
    throw new StepSkip(`traffic to ${q.to.ip}: nothing listens at an address outside the cluster, so a connection can neither prove nor disprove the policy`);
  const t = rewriteTraffic(q as {from: string; to: string; port: number}, map);
  const from = parseEnd(t.from as string);
  const to = parseEnd(t.to as string);
  const protocol = q.protocol ?? 'TCP';
  const readyMs = session.ctx.timeouts.podReadySeconds * 1000;
  let source: KubeObject;
  let ip: string;
  let listening: KubeObject | undefined;
  let targetPort = q.port;
  try {
    source = await waitPodReady(session.client, from.namespace, from.name, readyMs, session.signal);
    ip = await destinationAddress(session.client, to, readyMs, session.signal);
    const pod = await session.client.get('v1', 'Pod', to.name, to.namespace, session.signal);
    if (pod) listening = pod;
    else ({pod: listening, targetPort} = await serviceBackend(session, to, q.port));
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new StepFailure(map.reverseText((e as Error).message));
  }
  if (!expect && !(listening && listensOn(listening, targetPort))) {
    throw new StepFailure(
      `${q.from} -> ${q.to}:${q.port}: "blocked" cannot be proven: nothing shows that ${q.to} listens on ${targetPort}`,
      'A refused connection is also what a closed port gives. Give the destination container a readinessProbe (tcpSocket or httpGet) on that port, so Ready means listening.',
    );
  }
  await session.settlePolicies();
  const container = ((source.spec as Rec).containers as Rec[])[0];
  const image = String(container.image ?? '');
  // By name: the cluster's DNS answers (and a policy must allow egress to it on port 53).
  const host = q.dns ? (from.namespace === to.namespace ? to.name : `${to.name}.${to.namespace}`) : ip;
  const {outcome, command} = await probeOnce(
    session.kubectl(dir),
    {namespace: from.namespace, name: from.name, container: String(container.name), image},
    host,
    q.port,
    protocol,
    session.signal,
  );
  const shown = `probe: kubectl exec ${q.from} -- ${map.reverseText(command.join(' '))}`;
  const arrow = `${q.from} -> ${q.to}:${q.port}/${protocol}${q.dns ? ' (by name)' : ''}`;
  if (outcome.kind === 'error') throw new StepFailure(`${arrow}: the probe itself failed: ${map.reverseText(outcome.detail)}`, shown);
  const connected = outcome.kind === 'connected';
  if (connected !== expect) {
    throw new StepFailure(
      `${arrow}: expected ${expect ? 'connected' : 'blocked'}, got ${connected ? 'connected' : `blocked (${map.reverseText(outcome.detail)})`}`,
      shown,
      [{path: 'connected', expected: expect, actual: connected}],
    );
  }
  return connected ? `connected to ${map.reverseText(host)}:${q.port}/${protocol}` : `blocked: ${outcome.detail}`;
}

/** A Service's backing pod (from its EndpointSlices) and the pod port its `port` leads to. */
async function serviceBackend(session: Session, to: {namespace: string; name: string}, port: number): Promise<{pod?: KubeObject; targetPort: number}> {
  const service = await session.client.get('v1', 'Service', to.name, to.namespace, session.signal);
  const sp = ((((service?.spec as Rec | undefined)?.ports ?? []) as Rec[]).find((p) => p.port === port) ?? {}) as Rec;
  const slices = await session.client.list('discovery.k8s.io/v1', 'EndpointSlice', {
    namespace: to.namespace,
    labelSelector: `kubernetes.io/service-name=${to.name}`,
    signal: session.signal,
  });
  for (const slice of slices) {
    const sliceport = ((slice.ports ?? []) as Rec[]).find((p) => (sp.name === undefined ? true : p.name === sp.name));
    for (const e of (slice.endpoints ?? []) as Rec[]) {
      const ref = e.targetRef as Rec | undefined;
      if (ref?.kind !== 'Pod') continue;
      const pod = await session.client.get('v1', 'Pod', String(ref.name), to.namespace, session.signal);
      if (pod) return {pod, targetPort: Number(sliceport?.port ?? sp.targetPort ?? port)};
    }
  }
  return {targetPort: port};
}
