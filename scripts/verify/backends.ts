/**
 * Where the examples run (--cluster):
 *   local    the local control plane (scripts/control-plane/harness.ts), started here and stopped at
 *            the end, on errors and on Ctrl-C; with `node` (any tier but api) one real node too
 *            (scripts/control-plane/node.ts): pods run, NetworkPolicy is enforced by kube-router.
 *   kind     a kind cluster made from scripts/verify/kind-config.yaml (kind.ts), checked Ready,
 *            kindnet rolled out and a deny-all canary blocked before any example; deleted at the
 *            end unless --keep (or --keep-on-failure and the run failed). kubectl comes from PATH
 *            (or KSN_KUBECTL).
 *   current  the current context of $KUBECONFIG or ~/.kube/config, if safety.ts allows it.
 *            kubectl from KSN_KUBECTL or PATH.
 * Whatever the backend, its context passes safety.ts's checkTarget (name and server) and is then
 * written as the only context of <work dir>/run.kubeconfig: Backend.kubeconfig is that file, and
 * every kubectl call and the API client of the run use it and nothing else.
 * Every backend says whether runtime steps can run (a Ready node) and whether the `default`
 * ServiceAccount controller runs (pods need it to be admitted).
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {KubeClient} from './kube-client';
import {createKindCluster, kindPlan, prepareKindCluster, type KindCluster} from './kind';
import {currentContextName, defaultKubeconfigPath, readKubeconfig, type KubeCredentials} from './kubeconfig';
import type {ClusterKind} from './options';
import {spawnCommand, type CommandRunner} from './processes';
import {checkTarget, LOCAL_CONTEXT, localStatePath, readLocalControlPlane, writeRunKubeconfig, type LocalControlPlane} from './safety';
import {sleep} from './runtime';

export interface Backend {
  kind: ClusterKind;
  /** The run's own one-context kubeconfig (safety.ts writeRunKubeconfig): use it for every call. */
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
  /**
   * Stops what start made (idempotent). With --keep, a kind cluster stays; with --keep-on-failure
   * it stays when `failed` is true.
   */
  stop(failed?: boolean): Promise<void>;
}

export interface BackendOptions {
  cluster: ClusterKind;
  runId: string;
  keep: boolean;
  /** kind: leave the cluster when the run failed (for kind export logs). */
  keepOnFailure?: boolean;
  allowContext?: string;
  /** local: start a node (runtime steps can run). */
  node?: boolean;
  /** The run's work folder, where run.kubeconfig goes; a folder of its own (removed at stop) if unset. */
  workDir?: string;
  /** The local control plane's state file (tests); default safety.ts localStatePath(env). */
  localStatePath?: string;
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

/** The guard refused the context (safety.ts): nothing was sent to its server. */
export class RefusedContextError extends BackendError {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedContextError';
  }
}

export const LOCAL_NO_NODES = 'the local control plane was started without a node (--tier api)';

/** Why runtime steps cannot run on this cluster (no Ready node), or undefined. */
export async function detectNoRuntime(client: KubeClient, signal?: AbortSignal): Promise<string | undefined> {
  const nodes = await client.list('v1', 'Node', {signal});
  const ready = nodes.filter((n) => {
    const conditions = (n.status as {conditions?: {type: string; status: string}[]} | undefined)?.conditions ?? [];
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

/** Checks the target (safety.ts) and writes the run's one-context kubeconfig; throws RefusedContextError. */
function pinContext(
  credentials: KubeCredentials,
  workDir: string,
  log: (line: string) => void,
  options: {allowContext?: string; local?: LocalControlPlane},
  source: string,
): string {
  const verdict = checkTarget(credentials, options);
  if (!verdict.ok) throw new RefusedContextError(verdict.why);
  const file = writeRunKubeconfig(credentials, workDir);
  log(`using context ${credentials.contextName} of ${source} (${verdict.why}); the run uses only ${file}`);
  return file;
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const ownDir = options.workDir ? undefined : mkdtempSync(join(tmpdir(), `ksn-verify-${options.runId}-`));
  const workDir = options.workDir ?? (ownDir as string);
  const dropOwnDir = () => ownDir && rmSync(ownDir, {recursive: true, force: true});
  try {
    return await startIn(options, env, workDir, started, dropOwnDir);
  } catch (e) {
    dropOwnDir();
    throw e;
  }
}

async function startIn(options: BackendOptions, env: NodeJS.ProcessEnv, workDir: string, started: number, dropOwnDir: () => void): Promise<Backend> {
  if (options.cluster === 'local') {
    const harness = await import('../control-plane/harness');
    let cp;
    try {
      cp = await harness.start({log: (l) => options.log(`control plane: ${l}`), signal: options.signal, node: options.node});
    } catch (e) {
      if (e instanceof harness.ToolchainMissingError || e instanceof harness.NodeUnavailableError)
        throw new BackendError(`cannot start the local control plane: ${e.message}`);
      throw e;
    }
    let kubeconfig: string;
    try {
      const credentials = readKubeconfig(cp.kubeconfig, LOCAL_CONTEXT);
      // The control plane this run started is the local one: its server and CA must be in the file.
      kubeconfig = pinContext(credentials, workDir, options.log, {local: {server: cp.server, ca: credentials.ca}}, cp.kubeconfig);
    } catch (e) {
      await cp.stop();
      throw e;
    }
    return {
      kind: 'local',
      kubeconfig,
      kubectl: cp.kubectl,
      context: LOCAL_CONTEXT,
      disposable: true,
      noRuntimeReason: cp.node ? undefined : LOCAL_NO_NODES,
      startupMs: Date.now() - started,
      version: cp.version,
      images: cp.node?.images,
      stop: async () => {
        await cp.stop();
        dropOwnDir();
      },
    };
  }
  if (options.cluster === 'kind') {
    const runDir = mkdtempSync(join(tmpdir(), 'ksn-verify-kind-'));
    const plan = kindPlan(runDir);
    const run = options.runner ?? spawnCommand;
    const kubectl = env.KSN_KUBECTL ?? 'kubectl';
    // kind's own kubeconfig lives in runDir: removed with the cluster, kept with it.
    const dropRunDir = () => rmSync(runDir, {recursive: true, force: true});
    let cluster: KindCluster;
    try {
      cluster = await createKindCluster(run, plan, {log: options.log, signal: options.signal});
    } catch (e) {
      dropRunDir();
      throw e;
    }
    const keepFor = (failed: boolean) => options.keep || (failed && options.keepOnFailure);
    let kubeconfig: string;
    try {
      kubeconfig = pinContext(readKubeconfig(plan.kubeconfig, cluster.context), workDir, options.log, {}, plan.kubeconfig);
      await prepareKindCluster(run, plan, {kubectl, kubeconfig, log: options.log, signal: options.signal});
    } catch (e) {
      if (keepFor(true))
        options.log(
          `kind cluster ${plan.name} stays for diagnosis (kubeconfig ${plan.kubeconfig}): kind export logs --name ${plan.name}; kind delete cluster --name ${plan.name}`,
        );
      else await cluster.delete().then(dropRunDir, () => {});
      throw e;
    }
    return {
      kind: 'kind',
      kubeconfig,
      kubectl,
      context: cluster.context,
      disposable: !options.keep,
      startupMs: Date.now() - started,
      stop: async (failed = false) => {
        dropOwnDir();
        if (keepFor(failed)) {
          options.log(
            `${options.keep ? '--keep' : '--keep-on-failure'}: kind cluster ${plan.name} stays (kubeconfig ${plan.kubeconfig}); logs: kind export logs --name ${plan.name}; delete it with: kind delete cluster --name ${plan.name}`,
          );
          return;
        }
        await cluster.delete();
        dropRunDir();
      },
    };
  }
  const source = defaultKubeconfigPath(env);
  const context = currentContextName(source);
  // A name that is neither kind-* nor ksn-local is refused before its credentials are even read.
  const nameOnly = checkTarget({contextName: context, server: ''}, {allowContext: options.allowContext});
  if (!nameOnly.ok && (options.allowContext !== undefined || (!/^kind-/.test(context) && context !== LOCAL_CONTEXT)))
    throw new RefusedContextError(nameOnly.why);
  const credentials = readKubeconfig(source, context);
  let local: LocalControlPlane | undefined;
  if (context === LOCAL_CONTEXT && options.allowContext === undefined) {
    let statePath = options.localStatePath;
    try {
      statePath ??= localStatePath(env);
    } catch (e) {
      options.log(`cannot locate the local control plane's state file (${(e as Error).message}): treating it as not running`);
    }
    local = statePath ? readLocalControlPlane(statePath) : undefined;
  }
  const kubeconfig = pinContext(credentials, workDir, options.log, {allowContext: options.allowContext, local}, source);
  return {
    kind: 'current',
    kubeconfig,
    kubectl: env.KSN_KUBECTL ?? 'kubectl',
    context,
    disposable: false,
    startupMs: Date.now() - started,
    stop: async () => dropOwnDir(),
  };
}

export function clientFor(backend: Backend): KubeClient {
  return new KubeClient(readKubeconfig(backend.kubeconfig));
}
