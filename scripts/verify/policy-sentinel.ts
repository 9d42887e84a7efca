/**
 * Knowing when a NetworkPolicy is enforced, without retrying a check until it agrees.
 *
 * Enforcers apply policies asynchronously (kube-router re-syncs its iptables rules on every
 * NetworkPolicy, Pod or Namespace event; kindnet's controller reads the same informers). A traffic
 * check made right after a policy change could therefore see the moment before it, and a check
 * retried until it gives the expected answer proves nothing. Instead:
 *
 * - The sentinel: each example with traffic checks gets a namespace of its own holding a server
 *   (agnhost netexec, Ready only once it listens) and a client. Before a traffic check that follows
 *   a change, the sentinel's own deny-all policy is flipped (created, or deleted) and the sentinel
 *   connection is polled until it flips too. The enforcer handles events in order, so once the
 *   sentinel's later change is in force, the example's earlier changes are as well. Then the
 *   example's connection is tried ONCE and its answer is the verdict.
 * - The canary: before any example, a deny-all that must block a connection that worked a moment
 *   before. If it never blocks, the run stops: "policy is not enforced on this cluster" (kindnet
 *   fails open when its policy controller does not start).
 *
 * Only the sentinel and the canary are polled, and only for the flip they caused.
 */
import type {KubeClient, KubeObject} from './kube-client';
import {classifyProbe, probeCommand, sleep, waitPodReady, type KubectlRunner, type ProbeOutcome} from './runtime';

type Rec = Record<string, unknown>;

export const SENTINEL_IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.53';
export const SENTINEL_PORT = 8080;
const LABEL = 'ksn.dev/sentinel';

/** The sentinel's server and client pods in namespace ns. */
export function sentinelPods(ns: string, labels: Record<string, string>): Rec[] {
  const pod = (name: string, args: string[], probe: boolean): Rec => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace: ns, labels: {...labels, [LABEL]: name}},
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: 'agnhost',
          image: SENTINEL_IMAGE,
          args,
          ...(probe ? {ports: [{containerPort: SENTINEL_PORT}], readinessProbe: {tcpSocket: {port: SENTINEL_PORT}, periodSeconds: 1}} : {}),
        },
      ],
    },
  });
  return [pod('sentinel-server', ['netexec', `--http-port=${SENTINEL_PORT}`], true), pod('sentinel-client', ['pause'], false)];
}

/** Denies every ingress to the sentinel server. */
export function sentinelDeny(ns: string, labels: Record<string, string>): Rec {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {name: 'sentinel-deny', namespace: ns, labels},
    spec: {podSelector: {matchLabels: {[LABEL]: 'sentinel-server'}}, policyTypes: ['Ingress']},
  };
}

/**
 * One probe from a pod: the connection's outcome. Only a failure of `kubectl exec` itself (not an
 * answer about the connection) is tried again, at most three times.
 */
export async function probeOnce(
  run: KubectlRunner,
  from: {namespace: string; name: string; container: string; image: string},
  host: string,
  port: number,
  protocol: string,
  signal?: AbortSignal,
): Promise<{outcome: ProbeOutcome; command: string[]}> {
  const command = probeCommand(from.image, host, port, protocol);
  let outcome: ProbeOutcome = {kind: 'error', detail: 'not tried'};
  for (let attempt = 1; attempt <= 3; attempt++) {
    const r = await run(['--namespace', from.namespace, 'exec', from.name, '-c', from.container, '--', ...command], {timeoutMs: 30_000});
    outcome = classifyProbe(from.image, r);
    if (outcome.kind !== 'error') break;
    await sleep(1000, signal);
  }
  return {outcome, command};
}

export interface Sentinel {
  namespace: string;
  denied: boolean;
  serverIp: string;
}

/** Creates the sentinel pods and waits until the client reaches the server (no policy yet). */
export async function startSentinel(
  client: KubeClient,
  run: KubectlRunner,
  ns: string,
  labels: Record<string, string>,
  apply: (o: Rec) => Promise<unknown>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Sentinel> {
  for (const o of sentinelPods(ns, labels)) await apply(o);
  const server = await waitPodReady(client, ns, 'sentinel-server', timeoutMs, signal);
  await waitPodReady(client, ns, 'sentinel-client', timeoutMs, signal);
  const serverIp = String((server.status as Rec).podIP);
  const s: Sentinel = {namespace: ns, denied: false, serverIp};
  await waitFlip(run, s, 'connected', timeoutMs, signal);
  return s;
}

/** Polls the sentinel connection until it is `want` (the flip this code caused), or throws. */
export async function waitFlip(run: KubectlRunner, s: Sentinel, want: 'connected' | 'blocked', timeoutMs: number, signal?: AbortSignal): Promise<number> {
  const started = Date.now();
  let last: string;
  for (;;) {
    const {outcome} = await probeOnce(
      run,
      {namespace: s.namespace, name: 'sentinel-client', container: 'agnhost', image: SENTINEL_IMAGE},
      s.serverIp,
      SENTINEL_PORT,
      'TCP',
      signal,
    );
    if (outcome.kind === want) return Date.now() - started;
    last = outcome.kind === 'connected' ? 'connected' : `${outcome.kind}: ${outcome.detail}`;
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `the sentinel connection did not become ${want} within ${Math.round(timeoutMs / 1000)} s after its policy was ${want === 'blocked' ? 'created' : 'deleted'} (last: ${last}): NetworkPolicy is not enforced on this cluster, or not in time`,
      );
    }
    await sleep(300, signal);
  }
}

/** Flips the sentinel's policy and waits until the enforcer shows it: every earlier change is then in force. */
export async function flipSentinel(
  client: KubeClient,
  run: KubectlRunner,
  s: Sentinel,
  labels: Record<string, string>,
  apply: (o: Rec) => Promise<unknown>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<number> {
  if (s.denied) {
    await client.delete('networking.k8s.io/v1', 'NetworkPolicy', 'sentinel-deny', s.namespace, {signal});
    s.denied = false;
    return waitFlip(run, s, 'connected', timeoutMs, signal);
  }
  await apply(sentinelDeny(s.namespace, labels));
  s.denied = true;
  return waitFlip(run, s, 'blocked', timeoutMs, signal);
}

/** Whether the pod is known to listen on the port: a readiness probe (tcpSocket or httpGet) on it, and Ready. */
export function listensOn(pod: KubeObject, port: number): boolean {
  const spec = (pod.spec ?? {}) as Rec;
  const status = (pod.status ?? {}) as Rec;
  const ready = Array.isArray(status.conditions) && status.conditions.some((c) => (c as Rec).type === 'Ready' && (c as Rec).status === 'True');
  if (!ready) return false;
  for (const c of (Array.isArray(spec.containers) ? spec.containers : []) as Rec[]) {
    const probe = (c.readinessProbe ?? {}) as Rec;
    const target = ((probe.tcpSocket ?? probe.httpGet) as Rec | undefined)?.port;
    if (target === undefined) continue;
    const named = (Array.isArray(c.ports) ? c.ports : []).find((p) => (p as Rec).name === target) as Rec | undefined;
    const number = typeof target === 'number' ? target : Number(named?.containerPort ?? target);
    if (number === port) return true;
  }
  return false;
}

/**
 * The canary: two pods in a namespace of their own; the client must reach the server, then not
 * once a deny-all selects the server. Returns the milliseconds enforcement took.
 */
export async function policyCanary(
  client: KubeClient,
  run: KubectlRunner,
  ns: string,
  labels: Record<string, string>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<number> {
  await client.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns, labels}}, {fieldManager: 'ksn-verify', signal});
  try {
    const deadline = Date.now() + 30_000;
    while (!(await client.get('v1', 'ServiceAccount', 'default', ns, signal))) {
      if (Date.now() > deadline) throw new Error(`no default ServiceAccount in ${ns} after 30 s`);
      await sleep(200, signal);
    }
    const apply = (o: Rec) => client.apply(o, {fieldManager: 'ksn-verify', force: true, signal});
    const s = await startSentinel(client, run, ns, labels, apply, timeoutMs, signal);
    return await flipSentinel(client, run, s, labels, apply, timeoutMs, signal);
  } finally {
    await client.delete('v1', 'Namespace', ns, undefined, {signal}).catch(() => {});
  }
}
