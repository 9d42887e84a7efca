/**
 * Helpers for tests that run against the local control plane started by global-setup.ts (one per
 * jest run). Each test file works in namespaces of its own, made with createNamespace().
 *
 * Usage (in a test/cluster/*.test.ts file):
 *   import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
 *   import {clusterSkipReason, createNamespace, deleteNamespace, kubectl} from './support';
 *
 *   const skip = clusterSkipReason();
 *   (skip ? describe.skip : describe)(skip ? `my suite (skipped: ${skip})` : 'my suite', () => {
 *     let ns = '';
 *     beforeAll(async () => (ns = await createNamespace('my-suite')));
 *     afterAll(() => deleteNamespace(ns));
 *     it('lists pods', () => {
 *       const r = kubectl(['get', 'pods'], {namespace: ns});
 *       expect(r.status).toBe(0);
 *     });
 *   });
 *
 * kubectl() is synchronous (spawnSync) on purpose: tests read top to bottom, and a hung call ends
 * at its timeout with status -1 instead of hanging the run. The control plane is reached through
 * the environment global-setup exports: KSN_KUBECONFIG, KSN_KUBECTL, KSN_SERVER,
 * KSN_CONTROLLER_MANAGER ('1' or '0'), and KSN_CLUSTER_SKIP (the reason, when skipped).
 * No jest import here, so scripts may use these helpers too.
 */
import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {nodeUnavailable} from '../../scripts/control-plane/node';

export interface Cluster {
  /** https://127.0.0.1:PORT */
  server: string;
  /** Admin kubeconfig (system:masters). */
  kubeconfig: string;
  /** kubectl of the same version as the server. */
  kubectl: string;
  /** False when running from KUBEBUILDER_ASSETS without kube-controller-manager: no Deployments' Pods. */
  controllerManager: boolean;
  /** e.g. 'v1.36.3' */
  version: string;
}

/** Why the cluster suites are skipped in this run, or null when the control plane is up. */
export function clusterSkipReason(): string | null {
  return process.env.KSN_CLUSTER_SKIP || null;
}

/**
 * Why suites that start the local node (node.test.ts, netpol-differential.test.ts) do not run, or
 * null. KSN_VERIFY_TIER=api asks for the api tier explicitly (GitHub's test job, where the kind
 * job is the runtime proof): the one way to leave the node out under CI=true, and it says so.
 * Any other reason under CI=true throws.
 */
export function nodeSkipReason(): string | null {
  const asked = process.env.KSN_VERIFY_TIER === 'api' ? 'KSN_VERIFY_TIER=api: the runtime tier was not asked for' : null;
  const why = clusterSkipReason() || asked || nodeUnavailable();
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  if (why && ci && !asked) throw new Error(`CI=true requires the local node, and it cannot run here: ${why}`);
  return why;
}

/** The control plane of this jest run; throws a clear error outside the `cluster` jest project. */
export function cluster(): Cluster {
  const {KSN_SERVER, KSN_KUBECONFIG, KSN_KUBECTL} = process.env;
  if (!KSN_SERVER || !KSN_KUBECONFIG || !KSN_KUBECTL) {
    throw new Error(
      clusterSkipReason() ??
        'no control plane in this process: run the test through the jest project "cluster" (its global setup starts one), e.g. ' +
          'node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects cluster',
    );
  }
  return {
    server: KSN_SERVER,
    kubeconfig: KSN_KUBECONFIG,
    kubectl: KSN_KUBECTL,
    controllerManager: process.env.KSN_CONTROLLER_MANAGER !== '0',
    version: process.env.KSN_K8S_VERSION ?? '',
  };
}

export interface KubectlResult {
  /** Exit code; -1 when kubectl could not run or hit the timeout (the reason is in stderr). */
  status: number;
  stdout: string;
  stderr: string;
}

export interface KubectlOptions {
  /** Text for stdin, e.g. a manifest for `apply -f -`. */
  input?: string;
  /** Adds `--namespace <ns>`. */
  namespace?: string;
  /** Default 60 s. */
  timeoutMs?: number;
}

/** Runs the control plane's kubectl with its admin kubeconfig. Never throws for a non-zero exit. */
export function kubectl(args: string[], opts: KubectlOptions = {}): KubectlResult {
  const c = cluster();
  const fullArgs = opts.namespace ? ['--namespace', opts.namespace, ...args] : args;
  const timeout = opts.timeoutMs ?? 60_000;
  const r = spawnSync(c.kubectl, fullArgs, {
    input: opts.input,
    encoding: 'utf8',
    timeout,
    env: {...process.env, KUBECONFIG: c.kubeconfig},
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) {
    const why = (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `timed out after ${timeout} ms` : r.error.message;
    return {status: -1, stdout: r.stdout ?? '', stderr: `kubectl ${fullArgs.join(' ')}: ${why}\n${r.stderr ?? ''}`};
  }
  return {status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr};
}

/** kubectl with `-o json`, parsed; throws with kubectl's stderr when it fails. */
export function kubectlJson<T = any>(args: string[], opts: KubectlOptions = {}): T {
  const r = kubectl([...args, '-o', 'json'], opts);
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * Polls fn until it returns something other than undefined/null/false, and returns that. Throws
 * after timeoutMs naming what was awaited and the last error fn threw, if any.
 */
export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  {timeoutMs = 30_000, intervalMs = 200} = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `; last error: ${lastError}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Creates a namespace named `<prefix>-<random>` and waits until its `default` ServiceAccount
 * exists (the ServiceAccount admission plugin refuses Pods before that). Without
 * kube-controller-manager the ServiceAccount is created here.
 */
export async function createNamespace(prefix: string): Promise<string> {
  if (!DNS_LABEL.test(prefix) || prefix.length > 56) {
    throw new Error(`namespace prefix "${prefix}" must be a DNS label (lower-case letters, digits, '-') of at most 56 characters`);
  }
  const name = `${prefix}-${randomBytes(4).toString('hex').slice(0, 6)}`;
  const r = kubectl(['create', 'namespace', name]);
  if (r.status !== 0) throw new Error(`could not create namespace ${name}: ${r.stderr.trim()}`);
  if (!cluster().controllerManager) {
    const sa = kubectl(['create', 'serviceaccount', 'default'], {namespace: name});
    if (sa.status !== 0 && !/AlreadyExists/.test(sa.stderr)) throw new Error(`could not create the default ServiceAccount in ${name}: ${sa.stderr.trim()}`);
  }
  await waitFor(`the default ServiceAccount in namespace ${name}`, () => kubectl(['get', 'serviceaccount', 'default'], {namespace: name}).status === 0, {
    timeoutMs: 30_000,
  });
  return name;
}

/** Deletes a namespace without waiting for its contents to go (the cluster is thrown away anyway). */
export async function deleteNamespace(name: string): Promise<void> {
  if (!name) return;
  const r = kubectl(['delete', 'namespace', name, '--wait=false', '--ignore-not-found']);
  if (r.status !== 0) throw new Error(`could not delete namespace ${name}: ${r.stderr.trim()}`);
}
