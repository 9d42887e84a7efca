/**
 * One example on one cluster: its namespace sets, the objects it created, its steps, and the
 * cleanup that always runs. runner.ts schedules examples; this file runs one.
 *
 * How each step kind is proven (examples/README.md is the format):
 *   apply        server-side apply (field manager ksn-verify, strict field validation, conflicts
 *                forced as a reader's client-side `kubectl apply` would overwrite them) of every
 *                object of the rewritten file; errors of all objects are collected, as kubectl does
 *   expectError  the same apply must be rejected, with `contains` in the server's message; a file
 *                the server accepts fails the step (expected outcomes are checked both ways)
 *   object       the live object partially matches `matches` (src/core matchPartial, as an
 *                exercise's object assertion), polled until it does or timeoutSeconds (default 20)
 *                pass; the failure is a diff: path, expected, actual
 *   kubectl      the cluster's kubectl in the example's namespace, no shell; exit 0 and stdout
 *                matching expectOutput, or with expectFailure a non-zero exit and stdout+stderr
 *                matching it; a read-only command (get, describe, auth, api-resources) after a
 *                write first waits for the RBAC sentinel (settleRbac), then runs once
 *   canI         a SelfSubjectAccessReview sent while impersonating the user and groups, which
 *                is exactly what `kubectl auth can-i ... --as U --as-group G` does: the API
 *                server itself adds system:authenticated and the service-account groups
 *                (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go); system:anonymous,
 *                which may not create self reviews, is asked with a SubjectAccessReview in
 *                system:unauthenticated. Asked once, after the RBAC sentinel (settleRbac).
 *   token        `kubectl create token <sa>`: three base64url parts, payload.sub the service account
 *   exercise     see exercise.ts
 *   exec         (runtime) the pod is Ready, then `kubectl exec`; exit 0 and stdout matching
 *   reach        (runtime) a real connection, see runtime.ts
 *   delete       DELETE of every object of the file, then wait until they are gone
 *
 * expectOutput is a JavaScript regular expression without flags; it is tried on the output as
 * printed and without its final newline, so `^root$` matches "root\n" as grep would.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {
  isReadOnlyKubectl,
  isRecord,
  matchPartial,
  stepCommand,
  stepKind,
  stepTier,
  type CanIQuestion,
  type ObjectQuestion,
  type Step,
  type Tier,
  type TrafficQuestion,
} from '../../src/core';
import {ALWAYS_PRESENT, kubectlWords, namespacesOf, type Example, type Manifest} from './example';
import {isAbortError, KubeApiError, type KubeClient, type KubeObject} from './kube-client';
import {KubeApi} from './kube-api';
import {apiVersionOf} from './kinds';
import {CLUSTER_SCOPED, kubectlVerb, NamespaceMap, RUN_LABEL, rewriteCanI, rewriteExpected, rewriteKubectlArgs, rewriteObject, rewriteTraffic} from './rewrite';
import {destinationAddress, kubectlRunner, parseEnd, sleep, waitPodReady, type KubectlRunner} from './runtime';
import {flipSentinel, listensOn, probeOnce, startSentinel, type Sentinel} from './policy-sentinel';
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

function tail(text: string, lines = 12): string {
  const all = text.trimEnd().split('\n');
  return (all.length > lines ? ['...', ...all.slice(-lines)] : all).join('\n');
}

function questionText(q: CanIQuestion): string {
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

  private track(o: Rec, map: NamespaceMap): void {
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

  async apply(file: string, map: NamespaceMap): Promise<string> {
    const {applied, errors} = await this.applyObjects(this.rewritten(file, map), map);
    if (errors.length)
      throw new StepFailure(`the API server rejected ${errors.length} object(s) of ${file}`, errors.map((e) => `${e.object}: ${e.message}`).join('\n'));
    return `${applied.length} object(s) applied`;
  }

  async expectError(file: string, contains: string, map: NamespaceMap): Promise<string> {
    const m = this.manifest(file);
    if (m.error) {
      if (m.error.includes(contains)) return `rejected: ${m.error}`;
      throw new StepFailure(`${file} does not parse, and the message does not contain "${contains}"`, m.error);
    }
    const {errors} = await this.applyObjects(this.rewritten(file, map), map);
    if (errors.length === 0)
      throw new StepFailure(`expected the API server to reject ${file} with a message containing "${contains}", but it accepted every object`);
    const hit = errors.find((e) => e.message.includes(contains));
    if (!hit)
      throw new StepFailure(
        `the API server rejected ${file}, but no message contains "${contains}"`,
        errors.map((e) => `${e.object}: ${e.message}`).join('\n'),
      );
    return `rejected: ${hit.message}`;
  }

  /** An `object:` step: the live object partially matches `matches`, polled until it does or the timeout passes. */
  async object(ref: ObjectQuestion, matches: Rec, timeoutSeconds: number | undefined, map: NamespaceMap): Promise<string> {
    const {kind} = ref;
    const apiVersion = apiVersionOf(ref);
    if (!apiVersion)
      throw new StepFailure(
        `object: ${kind} is not a kind the verifier knows; write its apiVersion: object: {apiVersion: <group/version>, kind: ${kind}, ...}`,
      );
    const expected = rewriteExpected(matches, map, kind);
    const namespaced = !CLUSTER_SCOPED.has(kind);
    const shownNs = ref.namespace ?? (namespaced ? 'default' : undefined);
    const ns = shownNs === undefined ? undefined : map.map(shownNs);
    const name = kind === 'Namespace' ? map.map(ref.name) : ref.name;
    const seconds = timeoutSeconds ?? this.ctx.timeouts.assertSeconds;
    const deadline = Date.now() + seconds * 1000;
    let last: Diff[];
    for (;;) {
      const live = await this.client.get(apiVersion, kind, name, ns, this.signal);
      if (live) {
        const mismatches = matchPartial(live, expected);
        if (mismatches.length === 0) return 'matches';
        last = mismatches.map((d) => ({path: d.path, expected: map.reverseValue(d.expected), actual: map.reverseValue(d.actual), code: d.code}));
      } else {
        last = [{path: '', expected: `${kind} ${shownNs ? `${shownNs}/` : ''}${ref.name}`, actual: null, code: 'OBJECT_NOT_FOUND'}];
      }
      if (Date.now() > deadline) break;
      await sleep(250, this.signal);
    }
    throw new StepFailure(`the live ${kind} ${ref.name} does not match after ${seconds} s`, undefined, last);
  }

  kubectl(dir: string): KubectlRunner {
    const c = this.ctx.cluster;
    return kubectlRunner(c.kubectl, c.kubeconfig, join(this.ctx.workDir, 'kubectl-cache'), dir, this.signal);
  }

  async kubectlStep(step: Step & {kubectl: string; expectOutput?: string; expectFailure?: boolean}, map: NamespaceMap, dir: string): Promise<string> {
    const words = kubectlWords(step) ?? [];
    const rewritten = rewriteKubectlArgs(words, map);
    const verb = kubectlVerb(words) ?? '';
    const readOnly = isReadOnlyKubectl(verb, words[words.indexOf(verb) + 1], words);
    if (!readOnly) this.writes++;
    // A read after writes (kubectl auth can-i above all) waits for the authorizer to have seen
    // them (settleRbac), then runs once: its output is the verdict.
    else await this.settleRbac();
    const run = this.kubectl(dir);
    {
      const r = await run(rewritten.args, {timeoutMs: this.ctx.timeouts.kubectlSeconds * 1000});
      const stdout = map.reverseText(r.stdout);
      const stderr = map.reverseText(r.stderr);
      const shown = `$ kubectl ${step.kubectl}\n${tail(`${stdout}${stderr ? `\n${stderr}` : ''}`)}`;
      let problem: string | undefined;
      if (r.timedOut) problem = `kubectl did not finish within ${this.ctx.timeouts.kubectlSeconds} s`;
      else if (step.expectFailure && r.code === 0) problem = 'expected kubectl to fail (expectFailure: true), but it exited 0';
      else if (!step.expectFailure && r.code !== 0) problem = `kubectl exited ${r.code ?? r.signal}`;
      else if (step.expectOutput !== undefined && !outputMatches(step.expectOutput, step.expectFailure ? `${stdout}${stderr}` : stdout)) {
        problem = `the output does not match /${step.expectOutput}/`;
      }
      if (!problem) {
        for (const c of rewritten.creates) await this.labelCreated(c.kind, c.name, map);
        if (['create', 'apply', 'replace'].includes(verb) && !words.some((w) => w.startsWith('--dry-run') && w !== '--dry-run=none')) {
          for (const f of rewritten.files) {
            const m = this.example.manifests.get(f);
            for (const o of m?.objects ?? []) this.track(this.rewrite(o, map), map);
          }
        }
        return tail(stdout || stderr, 3);
      }
      throw new StepFailure(problem, shown);
    }
  }

  /** An object `kubectl create <kind> <name>` made: labelled like the rest, and tracked. */
  private async labelCreated(kind: 'Namespace' | 'ClusterRole' | 'ClusterRoleBinding', name: string, map: NamespaceMap): Promise<void> {
    const apiVersion = kind === 'Namespace' ? 'v1' : 'rbac.authorization.k8s.io/v1';
    if (kind !== 'Namespace') {
      const t = {apiVersion, kind, name, set: map.setId};
      this.tracked.set(`${kind}/${name}`, t);
      this.everTracked.set(`${kind}/${name}`, t);
    }
    await this.client.mergePatch(apiVersion, kind, name, undefined, {metadata: {labels: {[RUN_LABEL]: this.ctx.runId}}}, this.signal);
    if (kind === 'Namespace') await this.ensureServiceAccount(name);
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

  async canI(q: CanIQuestion, expect: boolean, map: NamespaceMap): Promise<string> {
    const asked = rewriteCanI(q, map);
    await this.settleRbac();
    const answer = await this.askServer(asked);
    const said = answer.allowed ? 'yes' : 'no';
    if (answer.allowed !== expect) {
      throw new StepFailure(
        `can-i ${questionText(q)}: expected ${expect ? 'yes' : 'no'}, the API server says ${said}`,
        `reason: ${map.reverseText(answer.reason)}`,
        [{path: 'allowed', expected: expect, actual: answer.allowed}],
      );
    }
    return `${said}${answer.reason ? ` (${map.reverseText(answer.reason)})` : ''}`;
  }

  async token(serviceAccount: string, map: NamespaceMap, dir: string): Promise<string> {
    const slash = serviceAccount.indexOf('/');
    const ns = map.map(slash > 0 ? serviceAccount.slice(0, slash) : 'default');
    const name = slash > 0 ? serviceAccount.slice(slash + 1) : serviceAccount;
    const r = await this.kubectl(dir)(['--namespace', ns, 'create', 'token', name], {timeoutMs: this.ctx.timeouts.kubectlSeconds * 1000});
    if (r.code !== 0) throw new StepFailure(`kubectl create token ${serviceAccount} exited ${r.code ?? r.signal}`, map.reverseText(r.stderr.trim()));
    const jwt = r.stdout.trim();
    const parts = jwt.split('.');
    if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p)))
      throw new StepFailure('kubectl create token did not print a JWT (three base64url parts separated by dots)', tail(jwt, 3));
    let payload: Rec;
    try {
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Rec;
    } catch {
      throw new StepFailure('the token payload is not JSON');
    }
    const want = `system:serviceaccount:${ns}:${name}`;
    if (payload.sub !== want) {
      throw new StepFailure('the token is not for the service account', undefined, [
        {path: 'sub', expected: map.reverseText(want), actual: map.reverseValue(payload.sub)},
      ]);
    }
    return `JWT for ${map.reverseText(want)}, expires ${typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : '?'}`;
  }

  async exec(
    step: {exec: {pod: string; container?: string; command: string[]}; expectOutput: string; expectFailure?: boolean},
    map: NamespaceMap,
    dir: string,
  ): Promise<string> {
    const {namespace, name} = parseEnd(step.exec.pod.includes('/') ? step.exec.pod : `default/${step.exec.pod}`);
    const ns = map.map(namespace);
    try {
      await waitPodReady(this.client, ns, name, this.ctx.timeouts.podReadySeconds * 1000, this.signal);
    } catch (e) {
      if (isAbortError(e)) throw e;
      throw new StepFailure(map.reverseText((e as Error).message));
    }
    const args = ['--namespace', ns, 'exec', name, ...(step.exec.container ? ['-c', step.exec.container] : []), '--', ...step.exec.command];
    const r = await this.kubectl(dir)(args, {timeoutMs: this.ctx.timeouts.kubectlSeconds * 1000});
    const out = map.reverseText(r.stdout);
    const shown = `$ kubectl exec ${step.exec.pod}${step.exec.container ? ` -c ${step.exec.container}` : ''} -- ${step.exec.command.join(' ')}\n${tail(`${out}${r.stderr ? `\n${map.reverseText(r.stderr)}` : ''}`)}`;
    if (step.expectFailure) {
      // The command must run and fail (a denied operation), not kubectl exec itself.
      const both = `${out}${map.reverseText(r.stderr)}`;
      if (r.code === 0) throw new StepFailure('expected the command to fail (expectFailure: true), but it exited 0', shown);
      if (/^error: |Error from server|OCI runtime exec failed|executable file not found/m.test(r.stderr))
        throw new StepFailure('kubectl exec itself failed, so the command never ran', shown);
      if (!outputMatches(step.expectOutput, both)) throw new StepFailure(`the output does not match /${step.expectOutput}/`, shown);
      return tail(both, 2);
    }
    if (r.code !== 0) throw new StepFailure(`the command exited ${r.code ?? r.signal}`, shown);
    if (!outputMatches(step.expectOutput, out)) throw new StepFailure(`the output does not match /${step.expectOutput}/`, shown);
    return tail(out, 2);
  }

  /**
   * Whether a connection gets through, asked once, after the sentinel (policy-sentinel.ts) shows
   * that every policy change before it is enforced. "Blocked" counts only toward a destination
   * known to listen on that port (a readiness probe on it, and Ready): a closed port also refuses.
   */
  async reach(q: TrafficQuestion, expect: boolean, map: NamespaceMap, dir: string): Promise<string> {
    if (typeof q.from !== 'string') throw new StepSkip(`traffic from ${q.from.ip}: the verifier can only start a connection inside a pod it can exec into`);
    if (typeof q.to !== 'string')
      throw new StepSkip(`traffic to ${q.to.ip}: nothing listens at an address outside the cluster, so a connection can neither prove nor disprove the policy`);
    const t = rewriteTraffic(q as {from: string; to: string; port: number}, map);
    const from = parseEnd(t.from as string);
    const to = parseEnd(t.to as string);
    const protocol = q.protocol ?? 'TCP';
    const readyMs = this.ctx.timeouts.podReadySeconds * 1000;
    let source: KubeObject;
    let ip: string;
    let listening: KubeObject | undefined;
    let targetPort = q.port;
    try {
      source = await waitPodReady(this.client, from.namespace, from.name, readyMs, this.signal);
      ip = await destinationAddress(this.client, to, readyMs, this.signal);
      const pod = await this.client.get('v1', 'Pod', to.name, to.namespace, this.signal);
      if (pod) listening = pod;
      else ({pod: listening, targetPort} = await this.serviceBackend(to, q.port));
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
    await this.settlePolicies();
    const container = ((source.spec as Rec).containers as Rec[])[0];
    const image = String(container.image ?? '');
    // By name: the cluster's DNS answers (and a policy must allow egress to it on port 53).
    const host = q.dns ? (from.namespace === to.namespace ? to.name : `${to.name}.${to.namespace}`) : ip;
    const {outcome, command} = await probeOnce(
      this.kubectl(dir),
      {namespace: from.namespace, name: from.name, container: String(container.name), image},
      host,
      q.port,
      protocol,
      this.signal,
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
  private async serviceBackend(to: {namespace: string; name: string}, port: number): Promise<{pod?: KubeObject; targetPort: number}> {
    const service = await this.client.get('v1', 'Service', to.name, to.namespace, this.signal);
    const sp = ((((service?.spec as Rec | undefined)?.ports ?? []) as Rec[]).find((p) => p.port === port) ?? {}) as Rec;
    const slices = await this.client.list('discovery.k8s.io/v1', 'EndpointSlice', {
      namespace: to.namespace,
      labelSelector: `kubernetes.io/service-name=${to.name}`,
      signal: this.signal,
    });
    for (const slice of slices) {
      const sliceport = ((slice.ports ?? []) as Rec[]).find((p) => (sp.name === undefined ? true : p.name === sp.name));
      for (const e of (slice.endpoints ?? []) as Rec[]) {
        const ref = e.targetRef as Rec | undefined;
        if (ref?.kind !== 'Pod') continue;
        const pod = await this.client.get('v1', 'Pod', String(ref.name), to.namespace, this.signal);
        if (pod) return {pod, targetPort: Number(sliceport?.port ?? sp.targetPort ?? port)};
      }
    }
    return {targetPort: port};
  }

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

  async delete(file: string, map: NamespaceMap): Promise<string> {
    this.writes++;
    const objects = this.rewritten(file, map);
    const missing: string[] = [];
    for (const o of objects) {
      const meta = o.metadata as Rec;
      const ns = CLUSTER_SCOPED.has(String(o.kind)) ? undefined : String(meta.namespace);
      try {
        if (!(await this.client.delete(String(o.apiVersion), String(o.kind), String(meta.name), ns, {signal: this.signal}))) missing.push(refText(o, map));
      } catch (e) {
        if (isAbortError(e) || !(e instanceof KubeApiError)) throw e;
        throw new StepFailure(`deleting ${refText(o, map)} failed: ${map.reverseText(e.message)}`);
      }
    }
    // kubectl delete waits until the objects are gone (--wait=true): a later apply of the same name must create, not update.
    const deadline = Date.now() + this.ctx.timeouts.podReadySeconds * 1000;
    for (const o of objects) {
      const meta = o.metadata as Rec;
      const ns = CLUSTER_SCOPED.has(String(o.kind)) ? undefined : String(meta.namespace);
      while (await this.client.get(String(o.apiVersion), String(o.kind), String(meta.name), ns, this.signal)) {
        if (Date.now() > deadline) throw new StepFailure(`${refText(o, map)} was still there ${this.ctx.timeouts.podReadySeconds} s after its deletion`);
        await sleep(250, this.signal);
      }
    }
    if (missing.length) throw new StepFailure(`not found (kubectl delete fails the same way): ${missing.join(', ')}`);
    return `${objects.length} object(s) deleted`;
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
