/**
 * The verifier creates ClusterRoles and ClusterRoleBindings and deletes namespaces: it must never
 * touch a real cluster by accident. Two holes were found by probing and are closed here:
 *
 *   (a) the context was checked once, then every kubectl call re-read the user's kubeconfig, so
 *       `kubectl config use-context prod` during a run sent the run to prod. Now the checked
 *       context is written, flattened (credentials embedded), as the only context of a kubeconfig
 *       in the run's work folder (writeRunKubeconfig), and kubectl and the API client use only it.
 *   (b) only the name was checked, so `kind-prod-eks` or `ksn-local` pointing at a foreign server
 *       passed. Now the server counts too (checkTarget):
 *         kind-<name>  the server must be a loopback address (kind publishes the API server on
 *                      127.0.0.1; sigs.k8s.io/kind pkg/cluster/internal/providers/docker)
 *         ksn-local    loopback, and the server and CA must equal those of the running local control
 *                      plane (its state file, scripts/control-plane/cli.ts `up`)
 *         anything else, or a name that fails these, only with --allow-context <that name>
 *   (c) a kubectl step could still name another cluster itself (--server, --kubeconfig) or
 *       rewrite the run's kubeconfig (`kubectl config set-cluster`): kubectlStepProblem
 *       refuses such a step when its example is loaded (example.ts), before anything runs.
 *
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/verify/__tests__/safety
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {isIP} from 'node:net';
import {join} from 'node:path';
import {GO_MOD} from '../control-plane/build';
import {cacheLayout, readPins} from '../control-plane/pins';
import {readKubeconfig, renderFlatKubeconfig, type KubeCredentials} from './kubeconfig';
import {kubectlVerb} from './rewrite';

/** Context name of the local control plane (scripts/control-plane/harness.ts writes it). */
export const LOCAL_CONTEXT = 'ksn-local';

/** File name of the run's one-context kubeconfig inside the run's work folder. */
export const RUN_KUBECONFIG = 'run.kubeconfig';

export type SafetyVerdict = {ok: true; why: string} | {ok: false; why: string};

/** What the local control plane's state file says about the running API server. */
export interface LocalControlPlane {
  server: string;
  ca?: Buffer;
}

const KIND_CONTEXT = /^kind-[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** True for https://127.x.x.x, https://[::1] and https://localhost (any port). */
export function isLoopbackServer(server: string): boolean {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

const allowHint = (context: string) => `If it is a throw-away cluster, pass --allow-context ${context}`;

/**
 * May the verifier run against this context? Checks the name and where it points (see the top of
 * this file). `local` is the running local control plane, when there is one.
 */
export function checkTarget(
  target: Pick<KubeCredentials, 'contextName' | 'server' | 'ca'>,
  options: {allowContext?: string; local?: LocalControlPlane} = {},
): SafetyVerdict {
  const {contextName: context, server} = target;
  if (options.allowContext !== undefined) {
    if (options.allowContext === context) return {ok: true, why: `context "${context}" (${server}) allowed by --allow-context`};
    return {
      ok: false,
      why: `the current context is "${context}", but --allow-context names "${options.allowContext}"; switch contexts (kubectl config use-context ${options.allowContext}) or name the current one`,
    };
  }
  if (KIND_CONTEXT.test(context)) {
    if (isLoopbackServer(server)) return {ok: true, why: `"${context}" is a kind cluster on ${server}`};
    return {
      ok: false,
      why: `refusing to run against context "${context}": it is named like a kind cluster but its server ${server} is not a loopback address, where kind publishes its API server. ${allowHint(context)}`,
    };
  }
  if (context === LOCAL_CONTEXT) {
    if (!isLoopbackServer(server))
      return {
        ok: false,
        why: `refusing to run against context "${context}": its server ${server} is not a loopback address, so it is not the local control plane. ${allowHint(context)}`,
      };
    if (!options.local)
      return {
        ok: false,
        why: `refusing to run against context "${context}": no local control plane is running (npm run control-plane -- status), so ${server} is not it. ${allowHint(context)}`,
      };
    if (options.local.server.replace(/\/+$/, '') !== server)
      return {
        ok: false,
        why: `refusing to run against context "${context}": its server ${server} is not the running local control plane's (${options.local.server}). ${allowHint(context)}`,
      };
    if (!options.local.ca || !target.ca || !options.local.ca.equals(target.ca))
      return {ok: false, why: `refusing to run against context "${context}": its CA is not the running local control plane's CA. ${allowHint(context)}`};
    return {ok: true, why: `"${context}" is the running local control plane at ${server}`};
  }
  return {
    ok: false,
    why: `refusing to run against context "${context}": it is not obviously a test cluster (kind-* or ${LOCAL_CONTEXT} on a loopback address), and the verifier creates ClusterRoles and ClusterRoleBindings and deletes namespaces. ${allowHint(context)}`,
  };
}

/** Where `npm run control-plane -- up` records the running control plane (scripts/control-plane/cli.ts). */
export function localStatePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheLayout(readPins(readFileSync(GO_MOD, 'utf8')), env).run, 'state.json');
}

/** The running local control plane's server and CA, from its state file, or undefined if none runs. */
export function readLocalControlPlane(statePath: string): LocalControlPlane | undefined {
  let state: {server?: unknown; kubeconfig?: unknown};
  try {
    state = JSON.parse(readFileSync(statePath, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof state.server !== 'string' || typeof state.kubeconfig !== 'string') return undefined;
  let ca: Buffer | undefined;
  try {
    ca = readKubeconfig(state.kubeconfig).ca;
  } catch {
    ca = undefined;
  }
  return {server: state.server, ca};
}

/**
 * Writes the checked context as the only context of a flattened kubeconfig (credentials embedded,
 * `kubectl config view --flatten --minify` in effect) to <workDir>/run.kubeconfig, mode 0600.
 * Every kubectl call and the API client of the run use this file and nothing else.
 */
export function writeRunKubeconfig(credentials: KubeCredentials, workDir: string): string {
  const file = join(workDir, RUN_KUBECONFIG);
  writeFileSync(file, renderFlatKubeconfig(credentials), {mode: 0o600});
  return file;
}

/**
 * kubectl's global flags that point a command at another cluster (kubectl options). The others
 * that select a context, cluster or user (--context, --cluster, --user) can only name what the
 * one-context run kubeconfig holds, and --user is also a subject flag of `create rolebinding`.
 */
export const CONNECTION_FLAGS = ['--kubeconfig', '--server', '-s'] as const;

/**
 * Why a kubectl step (its words, without "kubectl") may not run under the guard, or undefined:
 * the `config` subcommand, which edits the run's kubeconfig, or a flag that points the command at
 * another cluster (before `--`, after which the words belong to the command of an exec).
 */
export function kubectlStepProblem(words: string[]): string | undefined {
  if (kubectlVerb(words) === 'config')
    return "kubectl config steps are not run: they would change the run's own kubeconfig, which points at the checked cluster";
  for (const w of words) {
    if (w === '--') break;
    const flag = CONNECTION_FLAGS.find((f) => w === f || w.startsWith(`${f}=`) || (f === '-s' && /^-s\S/.test(w)));
    if (flag) return `kubectl steps may not choose the cluster (${flag}): the verifier runs them against the cluster it checked, with the run's own kubeconfig`;
  }
  return undefined;
}
