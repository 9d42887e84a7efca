/**
 * One example on one cluster: its namespace sets, the objects it created (ownership), the RBAC
 * and policy sentinels, and the cleanup that always runs. runner.ts schedules examples and
 * dispatches each step to its kind's file under steps/ (examples/README.md is the format):
 *   apply, expectError, delete   steps/apply.ts
 *   object                       steps/object.ts
 *   kubectl                      steps/kubectl.ts
 *   canI                         steps/can-i.ts
 *   token                        steps/token.ts
 *   exec                         steps/exec.ts (runtime)
 *   reach                        steps/reach.ts (runtime; the probe itself is runtime.ts)
 *   exercise                     exercise.ts
 *
 * expectOutput is a JavaScript regular expression without flags; it is tried on the output as
 * printed and without its final newline, so `^root$` matches "root\n" as grep would.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {isRecord, stepCommand, stepKind, stepTier, type CanIQuestion, type Step, type Tier} from '../../src/core';
import {ALWAYS_PRESENT, namespacesOf, type Example, type Manifest} from './example';
import {isAbortError, KubeApiError, type KubeClient, type KubeObject} from './kube-client';
import {KubeApi} from './kube-api';
import {CLUSTER_SCOPED, NamespaceMap, RUN_LABEL, rewriteObject} from './rewrite';
import {kubectlRunner, sleep, type KubectlRunner} from './runtime';
import {flipSentinel, startSentinel, type Sentinel} from './policy-sentinel';
import type {Diff} from './types';

type Rec = Record<string, unknown>;

export const FIELD_MANAGER = 'ksn-verify';

export interface ClusterInfo {
  client: KubeClient;
  kubectl: string;
  kubeconfig: string;
  /** Set when runtime steps cannot run here, with the reason (e.g. no nodes). */
  noRuntimeReason?: string;
  /** False when no controller creates `default` ServiceAccounts (pods then cannot be admitted). */
  serviceAccounts: boolean;
}

export interface Timeouts {
  assertSeconds: number;
  podReadySeconds: number;
  kubectlSeconds: number;
  trafficSeconds: number;
  /** How long a read-only check is retried when the answer differs (RBAC and cache lag). */
  settleSeconds: number;
}

/** kubectlSeconds: `kubectl replace --force` of a pod whose container ignores SIGTERM waits out its 30 s grace period. */
export const DEFAULT_TIMEOUTS: Timeouts = {assertSeconds: 20, podReadySeconds: 240, kubectlSeconds: 120, trafficSeconds: 60, settleSeconds: 5};

export interface RunContext {
  cluster: ClusterInfo;
  runId: string;
  tier: 'api' | 'runtime' | 'all';
  keep: boolean;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Per-run folder: kubectl's discovery cache and the rewritten manifests. */
  workDir: string;
  timeouts: Timeouts;
}

/** A step that did not pass: its one-line reason, details and diffs. */
export class StepFailure extends Error {
  constructor(
    readonly reason: string,
    readonly details?: string,
    readonly diffs?: Diff[],
  ) {
    super(reason);
    this.name = 'StepFailure';
  }
}

/** A step that cannot run here (not a failure), with its reason. */
export class StepSkip extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'StepSkip';
  }
}

export interface Tracked {
  apiVersion: string;
  kind: string;
  name: string;
  set: string;
}

export interface ApplyOutcome {
  applied: KubeObject[];
  errors: {object: string; message: string}[];
}

/** "kind name" or "kind ns/name" of an object, in the page's names. */
export function refText(o: Rec, map?: NamespaceMap): string {
  const meta = isRecord(o.metadata) ? o.metadata : {};
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  const text = `${String(o.kind ?? '?')} ${ns}${String(meta.name ?? '?')}`;
  return map ? map.reverseText(text) : text;
}

/** Regex test as documented above: the output as printed, or without its final newline. */
export function outputMatches(pattern: string, output: string): boolean {
  const re = new RegExp(pattern);
  return re.test(output) || re.test(output.replace(/\r?\n$/, ''));
}

export function tail(text: string, lines = 12): string {
  const all = text.trimEnd().split('\n');
  return (all.length > lines ? ['...', ...all.slice(-lines)] : all).join('\n');
}

export function questionText(q: CanIQuestion): string {
  return (stepCommand({canI: q, expect: true}) ?? '').replace(/^kubectl auth can-i /, '');
}

export class Session {
  readonly tracked = new Map<string, Tracked>();
  /** Every cluster-scoped object this example ever created, deleted or not (for the leftover check). */
  readonly everTracked = new Map<string, Tracked>();
  readonly sets: NamespaceMap[] = [];
  private readonly serviceAccountsSeen = new Set<string>();
  readonly client: KubeClient;

  constructor(
    readonly ctx: RunContext,
    readonly example: Example,
  ) {
    this.client = ctx.cluster.client;
  }

  get signal(): AbortSignal {
    return this.ctx.signal;
  }

  /** A fresh namespace set, with the example's manifests rewritten into it under workDir/<set>. */
  newSet(): {map: NamespaceMap; dir: string} {
    const map = new NamespaceMap();
    this.sets.push(map);
    const dir = join(this.ctx.workDir, `${this.example.id}-${map.setId}`);
    mkdirSync(dir, {recursive: true});
    // JSON documents: unambiguous under kubectl's YAML 1.1 reading (a string "yes" stays a string).
    for (const m of this.example.manifests.values()) {
      const text = m.error ? m.text : m.objects.map((o) => JSON.stringify(this.rewrite(o, map), null, 2)).join('\n---\n');
      writeFileSync(join(dir, m.name), `${text}\n`);
    }
    return {map, dir};
  }

  rewrite(o: Rec, map: NamespaceMap): Rec {
    return rewriteObject(o, map, {labels: {[RUN_LABEL]: this.ctx.runId}});
  }

  /**
   * Creates the set's copies of the namespaces the manifests use but do not declare themselves,
   * and of `default` and the other namespaces a real cluster always has.
   */
  async createNamespaces(map: NamespaceMap, manifests: Manifest[], declaredElsewhere: Set<string> = new Set()): Promise<void> {
    const {used, declared} = namespacesOf(manifests);
    used.add('default');
    for (const ns of used) {
      if ((declared.has(ns) || declaredElsewhere.has(ns)) && !ALWAYS_PRESENT.has(ns)) continue;
      const name = map.map(ns);
      try {
        await this.client.create(
          {apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels: {[RUN_LABEL]: this.ctx.runId}}},
          {fieldManager: FIELD_MANAGER, signal: this.signal},
        );
      } catch (e) {
        if (!(e instanceof KubeApiError && e.status === 409)) throw e;
      }
      await this.ensureServiceAccount(name);
    }
  }

  /** Waits (up to 20 s) for the `default` ServiceAccount a pod needs to be admitted, when the namespace exists. */
  async ensureServiceAccount(namespace: string): Promise<void> {
    if (!this.ctx.cluster.serviceAccounts || this.serviceAccountsSeen.has(namespace)) return;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (await this.client.get('v1', 'ServiceAccount', 'default', namespace, this.signal)) {
        this.serviceAccountsSeen.add(namespace);
        return;
      }
      if (!(await this.client.get('v1', 'Namespace', namespace, undefined, this.signal))) return;
      await sleep(100, this.signal);
    }
  }

  /** Remembers a cluster-scoped object this example creates, for cleanup and the leftover check. */
  track(o: Rec, map: NamespaceMap): void {
    const kind = String(o.kind ?? '');
    if (!CLUSTER_SCOPED.has(kind) || kind === 'Namespace') return;
    const name = String((o.metadata as Rec | undefined)?.name ?? '');
    const t = {apiVersion: String(o.apiVersion ?? ''), kind, name, set: map.setId};
    this.tracked.set(`${kind}/${name}`, t);
    this.everTracked.set(`${kind}/${name}`, t);
  }

  /**
   * A cluster-scoped object that exists but was not made by this run is never changed: it may be a
   * built-in (cluster-admin) or belong to someone else.
   */
  private async checkOwnership(o: Rec, map: NamespaceMap): Promise<void> {
    const kind = String(o.kind ?? '');
    if (!CLUSTER_SCOPED.has(kind) || kind === 'Namespace') return;
    const name = String((o.metadata as Rec | undefined)?.name ?? '');
    const live = await this.client.get(String(o.apiVersion ?? ''), kind, name, undefined, this.signal);
    if (!live) return;
    const owner = (live.metadata as Rec | undefined)?.labels as Rec | undefined;
    if (owner?.[RUN_LABEL] === this.ctx.runId) return;
    const hint = owner?.[RUN_LABEL] ? ` (left by verify run ${String(owner[RUN_LABEL])}: kubectl delete ${kind.toLowerCase()} -l ${RUN_LABEL})` : '';
    throw new KubeApiError(
      409,
      'NotOwned',
      `${refText(o, map)} already exists and was not created by this run; the verifier does not change objects it did not create${hint}`,
      null,
    );
  }

  /** Applies rewritten objects one by one; every object is tried, errors are collected. */
  async applyObjects(objects: Rec[], map: NamespaceMap): Promise<ApplyOutcome> {
    this.writes++;
    const out: ApplyOutcome = {applied: [], errors: []};
    for (const o of objects) {
      try {
        await this.checkOwnership(o, map);
        if (o.kind === 'Pod') await this.ensureServiceAccount(String((o.metadata as Rec).namespace));
        this.track(o, map);
        const live = await this.client.apply(o, {fieldManager: FIELD_MANAGER, force: true, signal: this.signal});
        out.applied.push(live);
        if (o.kind === 'Namespace') await this.ensureServiceAccount(String((o.metadata as Rec).name));
      } catch (e) {
        if (isAbortError(e) || !(e instanceof KubeApiError)) throw e;
        out.errors.push({object: refText(o, map), message: map.reverseText(e.message)});
      }
    }
    return out;
  }

  manifest(name: string): Manifest {
    const m = this.example.manifests.get(name);
    if (!m) throw new StepFailure(`${name} is not a file of examples/${this.example.id}`);
    return m;
  }

  rewritten(name: string, map: NamespaceMap): Rec[] {
    const m = this.manifest(name);
    if (m.error) throw new StepFailure(m.error);
    if (m.objects.length === 0) throw new StepFailure(`${name} holds no object`);
    return m.objects.map((o) => this.rewrite(o, map));
  }

  // -----------------------------------------------------------------------------------------
  // Steps

  kubectl(dir: string): KubectlRunner {
    const c = this.ctx.cluster;
    return kubectlRunner(c.kubectl, c.kubeconfig, join(this.ctx.workDir, 'kubectl-cache'), dir, this.signal);
  }

  private apiClient?: KubeApi;
  /** The client library's view of the same cluster and user (kube-api.ts), made on first use. */
  get api(): KubeApi {
    this.apiClient ??= new KubeApi(this.client.credentials, this.client);
    return this.apiClient;
  }

  /** The API server's answer to a can-i question, as `kubectl auth can-i --as` asks it. */
  async askServer(q: CanIQuestion): Promise<{allowed: boolean; reason: string}> {
    const attributes = q.nonResourceURL
      ? {nonResourceAttributes: {path: q.nonResourceURL, verb: q.verb}}
      : {resourceAttributes: {namespace: q.namespace, verb: q.verb, group: q.apiGroup ?? '', resource: q.resource, subresource: q.subresource, name: q.name}};
    let review: {status?: {allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string}};
    if (q.user === 'system:anonymous') {
      const groups = [...(q.groups ?? [])];
      if (!groups.includes('system:unauthenticated')) groups.push('system:unauthenticated');
      review = {status: await this.api.subjectAccessReview({user: q.user, groups, ...attributes})};
    } else {
      const headers: Record<string, string | string[]> = {'Impersonate-User': q.user};
      if (q.groups?.length) headers['Impersonate-Group'] = q.groups;
      review = await this.client.request('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        method: 'POST',
        headers,
        body: {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: attributes},
        signal: this.signal,
      });
    }
    const s = review.status ?? {};
    return {allowed: s.allowed === true, reason: s.reason || s.evaluationError || (s.allowed ? 'allowed' : 'no rule allows it')};
  }

  private rbacAt = 0;
  private rbacRound = 0;
  /** Namespace sets of the policy and RBAC sentinels: cleaned up like the example's, not reported as its own. */
  readonly sentinelSets = new Set<NamespaceMap>();

  /**
   * The RBAC authorizer reads Roles, RoleBindings, ClusterRoles and ClusterRoleBindings from
   * informers, so it sees a write a moment after the write returns. After any write, a sentinel
   * grant of each of the four kinds is made for a user nobody else names, and the server is asked
   * about that user until both grants answer yes: each informer has then passed the example's
   * writes, which came before. The example's own question is then asked once.
   */
  async settleRbac(): Promise<void> {
    if (this.rbacAt === this.writes) return;
    const at = this.writes;
    const round = `${this.ctx.runId}-${this.example.id.slice(0, 20)}-${++this.rbacRound}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    const user = `ksn-sentinel-${round}`;
    const labels = {[RUN_LABEL]: this.ctx.runId};
    const rbac = 'rbac.authorization.k8s.io/v1';
    if (!this.rbacMap) {
      this.rbacMap = new NamespaceMap();
      this.sets.push(this.rbacMap);
      this.sentinelSets.add(this.rbacMap);
      const ns = this.rbacMap.map('rbac');
      await this.client.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns, labels}}, {fieldManager: FIELD_MANAGER, signal: this.signal});
    }
    const ns = this.rbacMap.map('rbac');
    const name = `ksn-sentinel-${round}`.slice(0, 60);
    const objects: Rec[] = [
      {apiVersion: rbac, kind: 'Role', metadata: {name, namespace: ns, labels}, rules: [{apiGroups: [''], resources: ['configmaps'], verbs: ['get']}]},
      {
        apiVersion: rbac,
        kind: 'RoleBinding',
        metadata: {name, namespace: ns, labels},
        roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name},
        subjects: [{kind: 'User', name: user, apiGroup: 'rbac.authorization.k8s.io'}],
      },
      {apiVersion: rbac, kind: 'ClusterRole', metadata: {name, labels}, rules: [{apiGroups: [''], resources: ['nodes'], verbs: ['get']}]},
      {
        apiVersion: rbac,
        kind: 'ClusterRoleBinding',
        metadata: {name, labels},
        roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name},
        subjects: [{kind: 'User', name: user, apiGroup: 'rbac.authorization.k8s.io'}],
      },
    ];
    try {
      for (const o of objects) await this.client.apply(o, {fieldManager: FIELD_MANAGER, force: true, signal: this.signal});
      const deadline = Date.now() + 30_000;
      for (;;) {
        const viaRole = await this.askServer({user, verb: 'get', resource: 'configmaps', namespace: ns});
        const viaClusterRole = viaRole.allowed && (await this.askServer({user, verb: 'get', resource: 'nodes'}));
        if (viaClusterRole && viaClusterRole.allowed) break;
        if (Date.now() > deadline)
          throw new StepFailure('the RBAC sentinel was not authorized within 30 s of its grants: the authorizer does not see new bindings');
        await sleep(50, this.signal);
      }
    } finally {
      for (const o of [...objects].reverse()) {
        const meta = o.metadata as Rec;
        await this.client.delete(rbac, String(o.kind), String(meta.name), meta.namespace as string | undefined, {signal: this.signal}).catch(() => {});
      }
    }
    this.rbacAt = at;
  }

  private rbacMap?: NamespaceMap;

  /** Writes since the sentinel last flipped: a traffic check after any of them waits for a flip. */
  writes = 1;
  private sentinel?: Sentinel;
  private sentinelAt = 0;
  private sentinelMap?: NamespaceMap;

  async settlePolicies(): Promise<void> {
    if (this.sentinel && this.sentinelAt === this.writes) return;
    const labels = {[RUN_LABEL]: this.ctx.runId};
    const timeoutMs = this.ctx.timeouts.trafficSeconds * 1000;
    const run = this.kubectl(this.ctx.workDir);
    const apply = (o: Rec) => this.client.apply(o, {fieldManager: FIELD_MANAGER, force: true, signal: this.signal});
    try {
      if (!this.sentinel) {
        // A namespace set of its own, cleaned up with the example's: answers of an exercise come
        // and go in their own sets, the sentinel stays for the whole example.
        this.sentinelMap = new NamespaceMap();
        this.sets.push(this.sentinelMap);
        this.sentinelSets.add(this.sentinelMap);
        const ns = this.sentinelMap.map('sentinel');
        await this.client
          .create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns, labels}}, {fieldManager: FIELD_MANAGER, signal: this.signal})
          .catch((e) => {
            if (!(e instanceof KubeApiError && e.status === 409)) throw e;
          });
        await this.ensureServiceAccount(ns);
        this.sentinel = await startSentinel(this.client, run, ns, labels, apply, timeoutMs, this.signal);
      }
      await flipSentinel(this.client, run, this.sentinel, labels, apply, timeoutMs, this.signal);
      this.sentinelAt = this.writes;
    } catch (e) {
      if (isAbortError(e)) throw e;
      throw new StepFailure(`policy sentinel: ${(e as Error).message}`);
    }
  }

  // -----------------------------------------------------------------------------------------
  // Cleanup

  /** Deletes cluster-scoped objects this example created (of one set, or all). */
  async deleteClusterScoped(signal: AbortSignal | undefined, set?: string): Promise<string[]> {
    const problems: string[] = [];
    for (const [key, t] of [...this.tracked.entries()]) {
      if (set && t.set !== set) continue;
      try {
        await this.client.delete(t.apiVersion, t.kind, t.name, undefined, {signal});
        this.tracked.delete(key);
      } catch (e) {
        problems.push(`${t.kind} ${t.name}: ${(e as Error).message}`);
      }
    }
    return problems;
  }

  /**
   * Deletes a set's namespaces, their pods first with no grace period: a container running
   * `sleep` ignores SIGTERM and would hold its namespace for 30 s, and a pod bound to a node that
   * does not exist (spec.nodeName: node01) would hold it for ever, as no kubelet confirms it stopped.
   */
  async deleteNamespaces(map: NamespaceMap, signal: AbortSignal | undefined): Promise<string[]> {
    const problems: string[] = [];
    for (const ns of map.mappedNames()) {
      try {
        const pods = await this.client.list('v1', 'Pod', {namespace: ns, signal});
        await Promise.all(pods.map((p) => this.client.delete('v1', 'Pod', String((p.metadata as Rec).name), ns, {gracePeriodSeconds: 0, signal})));
        await this.client.delete('v1', 'Namespace', ns, undefined, {signal});
      } catch (e) {
        problems.push(`namespace ${ns}: ${(e as Error).message}`);
      }
    }
    return problems;
  }

  async cleanup(signal: AbortSignal | undefined): Promise<string[]> {
    const problems = await this.deleteClusterScoped(signal);
    for (const map of this.sets) problems.push(...(await this.deleteNamespaces(map, signal)));
    return problems;
  }
}

/** The label of a step for reports: its command as the page shows it, or what it checks. */
export function stepLabel(step: Step): string {
  const command = stepCommand(step);
  if ('canI' in step) return `can-i ${questionText(step.canI)} => ${step.expect ? 'yes' : 'no'}`;
  if ('expectError' in step) return `${command} => rejected ("${step.contains}")`;
  // A reach step has a command for pages too (stepCommand), but reports say what it checks.
  if ('reach' in step) {
    const t = step.reach;
    const end = (e: string | {ip: string}) => (typeof e === 'string' ? e : e.ip);
    return `reach ${end(t.from)} -> ${end(t.to)}:${t.port}${t.protocol ? `/${t.protocol}` : ''} => ${step.expect ? 'connected' : 'blocked'}`;
  }
  if (command) return command;
  if ('object' in step) return `object ${step.object.kind} ${step.object.namespace ? `${step.object.namespace}/` : ''}${step.object.name}`;
  if ('exercise' in step) return `exercise ${step.exercise}`;
  return stepKind(step);
}

export function tierOf(step: Step, example: Example): Tier {
  return example.stepFile ? stepTier(step, example.stepFile) : 'api';
}
