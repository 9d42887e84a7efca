/**
 * The kind backend: a throw-away kind cluster (https://kind.sigs.k8s.io) for the runtime tier.
 *
 *   kind version                      kind >= 0.32.0 (the node image of kind-config.yaml is built for it)
 *   kind get clusters                 refuse if a cluster named ksn-verify is already there (kept by
 *                                     an earlier run?) instead of deleting it
 *   kind create cluster --name ksn-verify --config scripts/verify/kind-config.yaml
 *        --kubeconfig <run dir>/kind-kubeconfig --wait 180s
 *   then prepareKindCluster, before any example (kind's --wait exits 0 even when the node never
 *   became Ready, and kindnet lets all traffic through when its policy controller does not start):
 *     docker exec -i <node> sh -c 'mkdir -p /etc/containerd/certs.d/<host> && cat > .../hosts.toml'
 *                                     for every host of kind-registries.yaml (Docker Hub through a
 *                                     pull-through mirror, the examples' private registries fail
 *                                     fast); containerd rereads these files on every pull
 *                                     (containerd docs/hosts.md), no restart needed
 *     kubectl wait --for=condition=Ready node --all
 *     kubectl -n kube-system rollout status ds/kindnet
 *     the deny-all canary (canaryManifest): a client reaches a server, then a deny-all ingress
 *     NetworkPolicy must block it; otherwise the run stops here
 *   ... the run ...
 *   kind delete cluster --name ksn-verify --kubeconfig <run dir>/kind-kubeconfig
 *                                     (not with --keep, nor with --keep-on-failure after a failure)
 *
 * The name is fixed so that a failed CI job can collect `kind export logs --name ksn-verify`.
 * The kubeconfig goes to a file of the run, so the user's ~/.kube/config is left alone. The
 * command runner is injected, so the unit tests check the commands without Docker.
 * Reproduce by hand: kind create cluster --name ksn-try --config scripts/verify/kind-config.yaml
 */
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {load} from 'js-yaml';
import type {CommandRunner, RunOptions} from './processes';

const HERE = dirname(fileURLToPath(import.meta.url));
export const KIND_CONFIG = join(HERE, 'kind-config.yaml');
/** hosts.toml per registry host (containerd docs/hosts.md), copied onto every node. */
export const KIND_REGISTRIES = join(HERE, 'kind-registries.yaml');
/**
 * kind v0.32.0 is the release the pinned node image was built for: its release notes list
 * kindest/node:v1.36.1@sha256:3489c767... and say an image is only guaranteed with the release
 * that built it, by digest (also pkg/apis/config/defaults/image.go at tag v0.32.0).
 */
export const MIN_KIND_VERSION = [0, 32, 0] as const;
export const KIND_CLUSTER_NAME = 'ksn-verify';
export const CANARY_NAMESPACE = 'ksn-canary';
/** The image the NetworkPolicy examples use, so the canary pulls nothing extra. */
export const CANARY_IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.53';

export interface KindPlan {
  name: string;
  config: string;
  kubeconfig: string;
  waitSeconds: number;
}

export function kindPlan(runDir: string, config = KIND_CONFIG, name = KIND_CLUSTER_NAME): KindPlan {
  return {name, config, kubeconfig: join(runDir, 'kind-kubeconfig'), waitSeconds: 180};
}

export function createArgs(plan: KindPlan): string[] {
  return ['create', 'cluster', '--name', plan.name, '--config', plan.config, '--kubeconfig', plan.kubeconfig, '--wait', `${plan.waitSeconds}s`];
}

export function deleteArgs(plan: KindPlan): string[] {
  return ['delete', 'cluster', '--name', plan.name, '--kubeconfig', plan.kubeconfig];
}

export function contextOf(plan: KindPlan): string {
  return `kind-${plan.name}`;
}

/** "kind v0.32.0 go1.24.6 linux/amd64" -> [0, 32, 0] */
export function parseKindVersion(text: string): number[] | undefined {
  const m = /\bv?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function atLeast(v: number[], min: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export class KindError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KindError';
  }
}

export interface KindCluster {
  plan: KindPlan;
  context: string;
  /** Deletes the cluster (idempotent). */
  delete(): Promise<void>;
}

/** Creates the cluster; on failure deletes what was made and throws KindError with kind's message. */
export async function createKindCluster(
  run: CommandRunner,
  plan: KindPlan,
  options: {log?: (line: string) => void; signal?: AbortSignal} = {},
): Promise<KindCluster> {
  const log = options.log ?? (() => {});
  let version;
  try {
    version = await run('kind', ['version'], {timeoutMs: 30_000, signal: options.signal});
  } catch (e) {
    throw new KindError(
      `kind is not available (${(e as Error).message}): install kind >= ${MIN_KIND_VERSION.join('.')} (https://kind.sigs.k8s.io/docs/user/quick-start/#installation) and Docker`,
    );
  }
  const v = parseKindVersion(version.stdout + version.stderr);
  if (version.code !== 0 || !v) throw new KindError(`kind version failed: ${tail(version.stderr || version.stdout, 3)}`);
  if (!atLeast(v, MIN_KIND_VERSION)) {
    throw new KindError(
      `kind ${v.join('.')} is too old: kind-config.yaml pins a node image built for kind v${MIN_KIND_VERSION.join('.')}; install kind >= ${MIN_KIND_VERSION.join('.')}`,
    );
  }
  const existing = await run('kind', ['get', 'clusters'], {timeoutMs: 30_000, signal: options.signal});
  if (existing.code !== 0) throw new KindError(`kind get clusters failed: ${tail(existing.stderr, 3)}`);
  if (existing.stdout.split('\n').some((l) => l.trim() === plan.name)) {
    throw new KindError(
      `a kind cluster named ${plan.name} already exists (kept by an earlier run?); look at it with kind export logs --name ${plan.name}, then delete it: kind delete cluster --name ${plan.name}`,
    );
  }
  let deleted: Promise<void> | null = null;
  const cluster: KindCluster = {
    plan,
    context: contextOf(plan),
    delete: () =>
      (deleted ??= (async () => {
        log(`deleting kind cluster ${plan.name}`);
        const r = await run('kind', deleteArgs(plan), {timeoutMs: 180_000});
        if (r.code !== 0) throw new KindError(`kind delete cluster --name ${plan.name} failed: ${tail(r.stderr)}`);
      })()),
  };
  log(`creating kind cluster ${plan.name} (${plan.config})`);
  let created;
  try {
    created = await run('kind', createArgs(plan), {
      timeoutMs: (plan.waitSeconds + 420) * 1000,
      signal: options.signal,
      onStderr: (s) =>
        s
          .split('\n')
          .filter((l) => l.trim())
          .forEach((l) => log(`kind: ${l.trim()}`)),
    });
  } catch (e) {
    await cluster.delete().catch(() => {});
    throw e;
  }
  if (created.code !== 0) {
    await cluster.delete().catch(() => {});
    throw new KindError(`kind create cluster failed (exit ${created.code ?? created.signal}):\n${tail(created.stderr)}`);
  }
  return cluster;
}

/** Registry host -> hosts.toml text, from kind-registries.yaml. */
export function registryHosts(file = KIND_REGISTRIES): Map<string, string> {
  const data = load(readFileSync(file, 'utf8'));
  if (typeof data !== 'object' || data === null) throw new KindError(`${file}: expected a mapping of registry host to hosts.toml text`);
  const out = new Map<string, string>();
  for (const [host, toml] of Object.entries(data)) {
    if (!/^[a-z0-9.-]+(:\d+)?$/.test(host) || typeof toml !== 'string')
      throw new KindError(`${file}: "${host}" must be a registry host (name[:port]) with hosts.toml text`);
    out.set(host, toml);
  }
  return out;
}

/** The canary: its namespace, a server and a client pod, and a deny-all ingress policy. */
export function canaryManifest(): {namespace: string; pods: string; denyAll: string} {
  const pod = (name: string, args: string[]) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      `metadata: {name: ${name}, namespace: ${CANARY_NAMESPACE}, labels: {app: ${name}}}`,
      'spec:',
      '  terminationGracePeriodSeconds: 0',
      `  containers: [{name: agnhost, image: ${CANARY_IMAGE}, args: [${args.join(', ')}]}]`,
    ].join('\n');
  return {
    namespace: `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${CANARY_NAMESPACE}}\n`,
    pods: [pod('server', ['netexec', '--http-port=8080']), pod('client', ['pause'])].join('\n---\n') + '\n',
    denyAll: [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      `metadata: {name: deny-all, namespace: ${CANARY_NAMESPACE}}`,
      'spec: {podSelector: {}, policyTypes: [Ingress]}',
      '',
    ].join('\n'),
  };
}

export interface PrepareOptions {
  /** kubectl binary, and the run's one-context kubeconfig (safety.ts) passed to every call. */
  kubectl: string;
  kubeconfig: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** Pause between probes (tests pass 0). */
  probeIntervalMs?: number;
  /** Probes before giving up: reaching the server before the policy, blocking after it. */
  connectAttempts?: number;
  blockAttempts?: number;
}

/**
 * Makes a fresh kind cluster fit for the runtime tier, or throws KindError saying what is wrong:
 * registry hosts on every node, every node Ready, kindnet rolled out, and a deny-all canary that
 * blocks (a canary that never connected in the first place proves nothing, so that fails too).
 */
export async function prepareKindCluster(run: CommandRunner, plan: KindPlan, options: PrepareOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const interval = options.probeIntervalMs ?? 2_000;
  const base: RunOptions = {signal: options.signal};
  const kubectl = (args: string[], extra: RunOptions = {}) =>
    run(options.kubectl, ['--kubeconfig', options.kubeconfig, ...args], {timeoutMs: 300_000, ...base, ...extra});
  const must = async (what: string, args: string[], extra: RunOptions = {}) => {
    const r = await kubectl(args, extra);
    if (r.code !== 0) throw new KindError(`${what}: kubectl ${args.join(' ')} failed (exit ${r.code ?? r.signal}):\n${tail(r.stderr || r.stdout)}`);
    return r;
  };

  const nodes = await run('kind', ['get', 'nodes', '--name', plan.name], {timeoutMs: 30_000, ...base});
  const nodeNames = nodes.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (nodes.code !== 0 || nodeNames.length === 0) throw new KindError(`kind get nodes --name ${plan.name} found no node: ${tail(nodes.stderr, 3)}`);
  for (const node of nodeNames) {
    for (const [host, toml] of registryHosts()) {
      const dir = `/etc/containerd/certs.d/${host}`;
      const r = await run('docker', ['exec', '-i', node, 'sh', '-c', `mkdir -p '${dir}' && cat > '${dir}/hosts.toml'`], {
        timeoutMs: 30_000,
        input: toml,
        ...base,
      });
      if (r.code !== 0) throw new KindError(`writing ${dir}/hosts.toml on ${node} failed: ${tail(r.stderr, 3)}`);
    }
  }
  log(`registry hosts on ${nodeNames.length} node(s): ${[...registryHosts().keys()].join(', ')}`);

  // kind create --wait returns 0 even when the node never became Ready: ask the API server.
  await must('a node is not Ready', ['wait', '--for=condition=Ready', 'node', '--all', '--timeout=180s']);
  await must('kindnet (the CNI and NetworkPolicy enforcer) did not roll out', ['-n', 'kube-system', 'rollout', 'status', 'ds/kindnet', '--timeout=180s']);
  log('nodes Ready, kindnet rolled out; deny-all canary');

  const canary = canaryManifest();
  await must('the canary namespace could not be created', ['apply', '-f', '-'], {input: canary.namespace});
  // The ServiceAccount admission plugin rejects pods until the namespace's `default`
  // ServiceAccount exists, which the controller manager creates a moment after the namespace.
  for (let attempt = 1; ; attempt++) {
    const r = await kubectl(['apply', '-f', '-'], {input: canary.pods});
    if (r.code === 0) break;
    const text = `${r.stderr}${r.stdout}`;
    if (attempt >= (options.connectAttempts ?? 15) || !/service ?account/i.test(text))
      throw new KindError(`the canary could not be created: kubectl apply -f - failed (exit ${r.code ?? r.signal}):\n${tail(text)}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  await must('the canary pods did not become Ready', ['-n', CANARY_NAMESPACE, 'wait', '--for=condition=Ready', 'pod', '--all', '--timeout=240s']);
  const ip = (await must('the canary server has no IP', ['-n', CANARY_NAMESPACE, 'get', 'pod', 'server', '-o', 'jsonpath={.status.podIP}'])).stdout.trim();
  if (!ip) throw new KindError('the canary server has no IP');
  const probe = async (): Promise<{connected: boolean; detail: string}> => {
    const r = await kubectl(['-n', CANARY_NAMESPACE, 'exec', 'client', '--', '/agnhost', 'connect', `${ip}:8080`, '--timeout=3s', '--protocol=tcp'], {
      timeoutMs: 30_000,
    });
    const detail = `${r.stdout}${r.stderr}`.trim();
    if (r.code === 0) return {connected: true, detail: 'connected'};
    if (/^(TIMEOUT|REFUSED|OTHER)\b/m.test(detail)) return {connected: false, detail};
    throw new KindError(`the canary probe did not run: ${tail(detail, 3)}`);
  };
  const pause = () => new Promise((r) => setTimeout(r, interval));

  let reached = false;
  let last = '';
  for (let i = 0; i < (options.connectAttempts ?? 15) && !reached; i++) {
    if (i) await pause();
    const p = await probe();
    reached = p.connected;
    last = p.detail;
  }
  if (!reached)
    throw new KindError(
      `the canary client cannot reach the server before any NetworkPolicy (${last}): pod networking is broken, so a blocked connection would prove nothing`,
    );

  await must('the deny-all policy could not be applied', ['apply', '-f', '-'], {input: canary.denyAll});
  let blockedInARow = 0;
  for (let i = 0; i < (options.blockAttempts ?? 30) && blockedInARow < 2; i++) {
    if (i) await pause();
    const p = await probe();
    blockedInARow = p.connected ? 0 : blockedInARow + 1;
    last = p.detail;
  }
  if (blockedInARow < 2) {
    throw new KindError(
      `kindnet fails open: a deny-all NetworkPolicy in ${CANARY_NAMESPACE} did not block the canary's traffic (last probe: ${last}); the NetworkPolicy examples would prove nothing. Look at: kubectl -n kube-system logs ds/kindnet`,
    );
  }
  log(`deny-all canary blocked (${last}); removing it`);
  await must('the canary could not be removed', ['delete', 'namespace', CANARY_NAMESPACE, '--wait=false']);
}
