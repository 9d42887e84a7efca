/**
 * The runtime tier: steps that need nodes (kind, or a current cluster with nodes).
 *
 * - exec: `kubectl exec` into a container once its pod is Ready.
 * - reach: a real connection from one pod to another, made from inside the source pod with a
 *   tool of its image:
 *     registry.k8s.io/e2e-test-images/agnhost (what the site's NetworkPolicy examples run, and
 *     what Kubernetes' own NetworkPolicy e2e tests use):
 *         /agnhost connect <ip>:<port> --timeout=3s --protocol=tcp
 *       exit 0 = connected; "TIMEOUT", "REFUSED" or "OTHER" (no route) on stderr = blocked
 *     any other image: sh -c 'nc -z -w 3 <ip> <port>' (busybox, alpine); exit 0 = connected
 *   The destination is a pod (its status.podIP, once Ready) or, when no pod has that name, a
 *   Service (its clusterIP, once an EndpointSlice lists a ready endpoint).
 *   NetworkPolicy enforcement is asynchronous: the probe is repeated until it gives the expected
 *   answer or the deadline passes; "blocked" must be seen twice in a row, "connected" once (a
 *   connection that got through proves the path is open).
 */
import type {KubeClient, KubeObject} from './kube-client';
import {spawnCommand, type CommandResult} from './processes';
import {setTimeout as delay} from 'node:timers/promises';
import {isRecord} from '../../src/core';

type Rec = Record<string, unknown>;

/** Waits, or rejects with an AbortError as soon as the signal aborts (Ctrl-C). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, {signal});
}

const STUCK = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** One line about a pod's state, for messages. */
export function describePod(pod: KubeObject | undefined): string {
  if (!pod) return 'no such pod';
  const status = (isRecord(pod.status) ? pod.status : {}) as Rec;
  const parts = [`phase ${String(status.phase ?? 'unknown')}`];
  for (const c of (Array.isArray(status.containerStatuses) ? status.containerStatuses : []) as Rec[]) {
    const state = isRecord(c.state) ? c.state : {};
    const [name, detail] = Object.entries(state)[0] ?? ['unknown', {}];
    const reason = isRecord(detail) && detail.reason ? ` (${String(detail.reason)}${detail.message ? `: ${String(detail.message).slice(0, 160)}` : ''})` : '';
    parts.push(`${String(c.name)} ${name}${reason}`);
  }
  const scheduled = (Array.isArray(status.conditions) ? status.conditions : []).find((c) => isRecord(c) && c.type === 'PodScheduled') as Rec | undefined;
  if (scheduled && scheduled.status === 'False') parts.push(`not scheduled: ${String(scheduled.message ?? scheduled.reason ?? '')}`);
  return parts.join(', ');
}

function isReady(pod: KubeObject): boolean {
  const status = isRecord(pod.status) ? pod.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  return status.phase === 'Running' && conditions.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
}

function stuckReason(pod: KubeObject): string | undefined {
  const status = isRecord(pod.status) ? pod.status : {};
  for (const c of (Array.isArray(status.containerStatuses) ? status.containerStatuses : []) as Rec[]) {
    const waiting = isRecord(c.state) && isRecord(c.state.waiting) ? c.state.waiting : undefined;
    if (waiting && STUCK.has(String(waiting.reason))) return String(waiting.reason);
  }
  return undefined;
}

/** Waits until the pod is Running and Ready; a clear error with its state otherwise. */
export async function waitPodReady(client: KubeClient, namespace: string, name: string, timeoutMs: number, signal?: AbortSignal): Promise<KubeObject> {
  const deadline = Date.now() + timeoutMs;
  let pod: KubeObject | undefined;
  let stuckSince: number | undefined;
  for (;;) {
    pod = await client.get('v1', 'Pod', name, namespace, signal);
    if (pod && isReady(pod)) return pod;
    const status = pod && isRecord(pod.status) ? pod.status : {};
    if (pod && (status.phase === 'Succeeded' || status.phase === 'Failed'))
      throw new Error(`pod ${name} ended (${describePod(pod)}) and will not become Ready`);
    const stuck = pod ? stuckReason(pod) : undefined;
    stuckSince = stuck ? (stuckSince ?? Date.now()) : undefined;
    // Image pulls retry with back-off; give a pull a minute before calling it stuck.
    if (stuck && stuckSince !== undefined && Date.now() - stuckSince > 60_000) throw new Error(`pod ${name} is stuck: ${describePod(pod)}`);
    if (Date.now() > deadline) throw new Error(`pod ${name} was not Ready within ${Math.round(timeoutMs / 1000)} s: ${describePod(pod)}`);
    await sleep(1000, signal);
  }
}

export interface KubectlRunner {
  (args: string[], options?: {timeoutMs?: number}): Promise<CommandResult>;
}

/** kubectl with the cluster's kubeconfig, tracked so Ctrl-C stops it. */
export function kubectlRunner(kubectl: string, kubeconfig: string, cacheDir: string, cwd: string, signal?: AbortSignal): KubectlRunner {
  return (args, options = {}) =>
    spawnCommand(kubectl, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], {
      cwd,
      env: {...process.env, KUBECONFIG: kubeconfig},
      timeoutMs: options.timeoutMs ?? 60_000,
      signal,
    });
}

export interface Endpoint {
  namespace: string;
  name: string;
}

export function parseEnd(end: string): Endpoint {
  const slash = end.indexOf('/');
  if (slash <= 0) throw new Error(`"${end}" is not <namespace>/<pod>`);
  return {namespace: end.slice(0, slash), name: end.slice(slash + 1)};
}

/** The address of a destination: a Ready pod's IP, or a Service's clusterIP once it has a ready endpoint. */
export async function destinationAddress(client: KubeClient, end: Endpoint, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const pod = await client.get('v1', 'Pod', end.name, end.namespace, signal);
  if (pod) {
    const ready = await waitPodReady(client, end.namespace, end.name, timeoutMs, signal);
    const ip = isRecord(ready.status) ? ready.status.podIP : undefined;
    if (typeof ip !== 'string' || !ip) throw new Error(`pod ${end.name} is Ready but has no IP`);
    return ip;
  }
  const service = await client.get('v1', 'Service', end.name, end.namespace, signal);
  if (!service) throw new Error(`no pod or service named ${end.name}`);
  const ip = isRecord(service.spec) ? service.spec.clusterIP : undefined;
  if (typeof ip !== 'string' || !ip || ip === 'None') throw new Error(`service ${end.name} has no cluster IP`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const slices = await client.list('discovery.k8s.io/v1', 'EndpointSlice', {
      namespace: end.namespace,
      labelSelector: `kubernetes.io/service-name=${end.name}`,
      signal,
    });
    const ready = slices.some(
      (s) => Array.isArray(s.endpoints) && s.endpoints.some((e) => isRecord(e) && (!isRecord(e.conditions) || e.conditions.ready !== false)),
    );
    if (ready) return ip;
    if (Date.now() > deadline) throw new Error(`service ${end.name} has no ready endpoint after ${Math.round(timeoutMs / 1000)} s`);
    await sleep(1000, signal);
  }
}

export type ProbeOutcome = {kind: 'connected'} | {kind: 'blocked'; detail: string} | {kind: 'error'; detail: string};

/** The command that tests one connection from inside a container of `image`. */
export function probeCommand(image: string, ip: string, port: number, protocol: string): string[] {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  if (/(^|\/)agnhost(:|@|$)/.test(image)) return ['/agnhost', 'connect', `${host}:${port}`, '--timeout=3s', `--protocol=${protocol.toLowerCase()}`];
  return ['sh', '-c', `nc -z ${protocol.toUpperCase() === 'UDP' ? '-u ' : ''}-w 3 ${ip} ${port}`];
}

export function classifyProbe(image: string, result: CommandResult): ProbeOutcome {
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.code === 0) return {kind: 'connected'};
  if (result.timedOut) return {kind: 'error', detail: 'kubectl exec did not return in time'};
  if (/(^|\/)agnhost(:|@|$)/.test(image)) {
    // agnhost connect's fixed prefixes (test/images/agnhost/connect): TIMEOUT, REFUSED, OTHER (a
    // network error such as "no route to host", what a policy that rejects with ICMP causes).
    if (/^(TIMEOUT|REFUSED|OTHER)\b/m.test(output)) return {kind: 'blocked', detail: output.split('\n').pop() ?? output};
    return {kind: 'error', detail: output || `exit ${result.code}`};
  }
  // nc prints nothing on a timeout; kubectl's own failures start with "error:" or "Error from server".
  if (/^(error:|Error from server)/m.test(output) || /executable file not found|not found in \$PATH|OCI runtime exec failed/.test(output))
    return {kind: 'error', detail: output};
  return {kind: 'blocked', detail: output || `nc exit ${result.code}`};
}
