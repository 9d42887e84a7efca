/**
 * Where the examples run (--cluster):
 *   local    the local control plane (scripts/control-plane/harness.ts), started here and stopped at
 *            the end, on errors and on Ctrl-C; with `node` (any tier but api) one real node too
 *            (scripts/control-plane/node.ts): pods run, NetworkPolicy is enforced by kube-router.
 *   kind     a kind cluster made from scripts/verify/kind-config.yaml (kind.ts), deleted at the end
 *            unless --keep. kubectl comes from PATH (or KSN_KUBECTL).
 *   current  the current context of $KUBECONFIG or ~/.kube/config, if safety.ts allows it.
 *            kubectl from KSN_KUBECTL or PATH.
 * Every backend says whether runtime steps can run (a Ready node) and whether the `default`
 * ServiceAccount controller runs (pods need it to be admitted).
 */
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {KubeClient} from './kube-client';
import {createKindCluster, kindPlan, type KindCluster} from './kind';
import {currentContextName, defaultKubeconfigPath, readKubeconfig} from './kubeconfig';
import type {ClusterKind} from './options';
import {spawnCommand, type CommandRunner} from './processes';
import {checkContext} from './safety';
import {sleep} from './runtime';

export interface Backend {
  kind: ClusterKind;
  kubeconfig: string;
  kubectl: string;
  context: string;
  /** The cluster goes away at stop(): after Ctrl-C its objects need no cleanup. */
  disposable: boolean;
  /** What runtime steps cannot run here, if so. */
  noRuntimeReason?: string;
  startupMs: number;
  version?: string;
  /** Images built for the run in place of the pages' (local node): listed in the report. */
  images?: {ref: string; builtFrom: string; registry: string}[];
  /** Stops what start made (idempotent). With --keep, a kind cluster stays. */
  stop(): Promise<void>;
}

export interface BackendOptions {
  cluster: ClusterKind;
  runId: string;
  keep: boolean;
  allowContext?: string;
  /** local: start a node (runtime steps can run). */
  node?: boolean;
  log: (line: string) => void;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  runner?: CommandRunner;
}

export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

export const LOCAL_NO_NODES = 'the local control plane was started without a node (--tier api)';

/** Why runtime steps cannot run on this cluster (no Ready node), or undefined. */
export async function detectNoRuntime(client: KubeClient, signal?: AbortSignal): Promise<string | undefined> {
  const nodes = await client.list('v1', 'Node', {signal});
  const ready = nodes.filter((n) => {
    const conditions = ((n.status as {conditions?: {type: string; status: string}[]} | undefined)?.conditions ?? []);
    const unschedulable = (n.spec as {unschedulable?: boolean} | undefined)?.unschedulable === true;
    return !unschedulable && conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  });
  if (nodes.length === 0) return 'the cluster has no nodes';
  if (ready.length === 0) return `none of the cluster's ${nodes.length} node(s) is Ready and schedulable`;
  return undefined;
}

/** Whether a controller fills namespaces with their `default` ServiceAccount. */
export async function detectServiceAccounts(client: KubeClient, signal?: AbortSignal, waitMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await client.get('v1', 'ServiceAccount', 'default', 'default', signal)) return true;
    if (Date.now() > deadline) return false;
    await sleep(500, signal);
  }
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const started = Date.now();
  const env = options.env ?? process.env;
  if (options.cluster === 'local') {
    const harness = await import('../control-plane/harness');
    let cp;
    try {
      cp = await harness.start({log: (l) => options.log(`control plane: ${l}`), signal: options.signal, node: options.node});
    } catch (e) {
      if (e instanceof harness.ToolchainMissingError || e instanceof harness.NodeUnavailableError) throw new BackendError(`cannot start the local control plane: ${e.message}`);
      throw e;
    }
    return {
      kind: 'local',
      kubeconfig: cp.kubeconfig,
      kubectl: cp.kubectl,
      context: 'ksn-local',
      disposable: true,
      noRuntimeReason: cp.node ? undefined : LOCAL_NO_NODES,
      startupMs: Date.now() - started,
      version: cp.version,
      images: cp.node?.images,
      stop: () => cp.stop(),
    };
  }
  if (options.cluster === 'kind') {
    const runDir = mkdtempSync(join(tmpdir(), 'ksn-verify-kind-'));
    const plan = kindPlan(options.runId, runDir);
    const cluster: KindCluster = await createKindCluster(options.runner ?? spawnCommand, plan, {log: options.log, signal: options.signal});
    return {
      kind: 'kind',
      kubeconfig: plan.kubeconfig,
      kubectl: env.KSN_KUBECTL ?? 'kubectl',
      context: cluster.context,
      disposable: !options.keep,
      startupMs: Date.now() - started,
      stop: async () => {
        if (options.keep) {
          options.log(`--keep: kind cluster ${plan.name} stays (kubeconfig ${plan.kubeconfig}); delete it with: kind delete cluster --name ${plan.name}`);
          return;
        }
        await cluster.delete();
      },
    };
  }
  const kubeconfig = defaultKubeconfigPath(env);
  const context = currentContextName(kubeconfig);
  const verdict = checkContext(context, options.allowContext);
  if (!verdict.ok) throw new BackendError(verdict.why);
  options.log(`using context ${context} of ${kubeconfig}: ${verdict.why}`);
  readKubeconfig(kubeconfig); // credentials readable, or a clear error now
  return {kind: 'current', kubeconfig, kubectl: env.KSN_KUBECTL ?? 'kubectl', context, disposable: false, startupMs: Date.now() - started, stop: async () => {}};
}

export function clientFor(backend: Backend): KubeClient {
  return new KubeClient(readKubeconfig(backend.kubeconfig));
}
