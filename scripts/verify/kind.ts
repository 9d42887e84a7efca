/**
 * The kind backend: a throw-away kind cluster (https://kind.sigs.k8s.io) for the runtime tier.
 *
 *   kind version                                   kind >= 0.24 (NetworkPolicy enforced by kindnet)
 *   kind create cluster --name ksn-verify-<run> --config scripts/verify/kind-config.yaml
 *        --kubeconfig <run dir>/kubeconfig --wait 180s
 *   ... the run ...
 *   kind delete cluster --name ksn-verify-<run> --kubeconfig <run dir>/kubeconfig   (not with --keep)
 *
 * The kubeconfig goes to a file of the run, so the user's ~/.kube/config is left alone. The
 * command runner is injected, so the unit tests check the commands without Docker.
 */
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {CommandRunner} from './processes';

export const KIND_CONFIG = join(dirname(fileURLToPath(import.meta.url)), 'kind-config.yaml');
export const MIN_KIND_VERSION = [0, 24, 0] as const;

export interface KindPlan {
  name: string;
  config: string;
  kubeconfig: string;
  waitSeconds: number;
}

export function kindPlan(runId: string, runDir: string, config = KIND_CONFIG): KindPlan {
  return {name: `ksn-verify-${runId}`, config, kubeconfig: join(runDir, 'kind-kubeconfig'), waitSeconds: 180};
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
export async function createKindCluster(run: CommandRunner, plan: KindPlan, options: {log?: (line: string) => void; signal?: AbortSignal} = {}): Promise<KindCluster> {
  const log = options.log ?? (() => {});
  let version;
  try {
    version = await run('kind', ['version'], {timeoutMs: 30_000, signal: options.signal});
  } catch (e) {
    throw new KindError(`kind is not available (${(e as Error).message}): install kind >= ${MIN_KIND_VERSION.join('.')} (https://kind.sigs.k8s.io/docs/user/quick-start/#installation) and Docker`);
  }
  const v = parseKindVersion(version.stdout + version.stderr);
  if (version.code !== 0 || !v) throw new KindError(`kind version failed: ${tail(version.stderr || version.stdout, 3)}`);
  if (!atLeast(v, MIN_KIND_VERSION)) throw new KindError(`kind ${v.join('.')} is too old: NetworkPolicy is enforced by kind's default CNI from ${MIN_KIND_VERSION.join('.')} on`);
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
    created = await run('kind', createArgs(plan), {timeoutMs: (plan.waitSeconds + 420) * 1000, signal: options.signal, onStderr: (s) => s.split('\n').filter((l) => l.trim()).forEach((l) => log(`kind: ${l.trim()}`))});
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
