/**
 * canI() against the real API server: generated Role/ClusterRole/binding sets are created on the
 * local control plane, and a few hundred generated requests are asked both of canI() and of the
 * server. Any disagreement fails the run unless test/cluster/allowed-disagreements.yaml lists it
 * (section `canI`, each entry `{id, when: <partial request>, reason}`; `when` is matched with
 * matchPartial against the request, e.g. `when: {verb: impersonate}`), and an entry that no
 * disagreement of the run matches fails too (so list only what edgeRequests reproduces every run).
 *
 * Usage:
 *   node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects cluster test/cluster/rbac-differential.test.ts
 *   KSN_RBAC_SEED=1234 ...        replay one generated corpus (the seed is printed on every run)
 *   KSN_RBAC_REQUESTS=1000 ...    requests per round (default 400, two rounds)
 *
 * How the server is asked:
 * - SelfSubjectAccessReviews created with `kubectl create -f - --as USER --as-group G...`: the
 *   server does the impersonation itself, so this also checks the groups canI() adds;
 * - SubjectAccessReviews (by the admin) for identities the server refuses a
 *   SelfSubjectAccessReview (system:anonymous without system:authenticated, Forbidden): the
 *   groups are then the ones impersonatedUser() computes, and the run says how many went that way;
 * - a sample through `kubectl auth can-i ... --as ...` itself, the command canI() claims to answer as.
 * When both allow, the binding the server names in its reason ("RBAC: allowed by RoleBinding
 * "rb/ns" of Role "r" to User "u"") must be one canI() also found allowing.
 *
 * The generated objects have names unique to the run (ClusterRoles and ClusterRoleBindings carry the
 * label ksn.example.com/rbac-diff-run=<run>) and are deleted at the end with their namespaces.
 * Users and groups are unique to the run too, so other suites sharing the control plane do not
 * change the answers. Node identities (system:node:<name>, group system:nodes) ask about pods
 * bound to node names unique to the run, so the Node authorizer's graph holds only this run's pods.
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {randomBytes} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {dump, load, loadAll} from 'js-yaml';
import {BOOTSTRAP_POLICY, buildRbacStore, canI, explainAccess, impersonatedUser, matchPartial} from '../../src/core/index';
import type {CanIQuestion} from '../../src/core/index';
import {cluster, clusterSkipReason, createNamespace, deleteNamespace, kubectl, kubectlJson, waitFor} from './support';
import {recordFailingSeed, seedsToRun} from '@test-support/regression-seeds';

const skip = clusterSkipReason();
const suite = skip ? describe.skip : describe;
const title = (name: string) => (skip ? `${name} (skipped: ${skip})` : name);

const HERE = dirname(fileURLToPath(import.meta.url));
const RBAC_V1 = 'rbac.authorization.k8s.io/v1';
const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RUN = randomBytes(3).toString('hex');
const RUN_LABEL = 'ksn.example.com/rbac-diff-run';
const SEED = Number(process.env.KSN_RBAC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REQUESTS_PER_ROUND = Number(process.env.KSN_RBAC_REQUESTS ?? 400);
const ROUNDS = 2;

// ---------------------------------------------------------------------------------------------
// Allowed disagreements

interface AllowedDisagreement {
  id: string;
  when: Record<string, unknown>;
  reason: string;
}

function allowedDisagreements(): AllowedDisagreement[] {
  const file = join(HERE, 'allowed-disagreements.yaml');
  if (!existsSync(file)) {
    process.stdout.write(`rbac-differential: ${file} does not exist; no disagreement is allowed\n`);
    return [];
  }
  const data = load(readFileSync(file, 'utf8')) as {canI?: unknown} | null;
  const list = Array.isArray(data?.canI) ? (data.canI as AllowedDisagreement[]) : [];
  for (const entry of list) {
    if (typeof entry?.id !== 'string' || typeof entry?.reason !== 'string' || !entry.reason.trim() || typeof entry?.when !== 'object') {
      throw new Error(`allowed-disagreements.yaml, canI: every entry needs id, when (a partial request) and a reason; got ${JSON.stringify(entry)}`);
    }
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// A seeded generator (mulberry32)

class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  some<T>(items: readonly T[], min: number, max: number): T[] {
    const n = min + this.int(max - min + 1);
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const v = this.pick(items);
      if (!out.includes(v)) out.push(v);
    }
    return out;
  }
}

const RULE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', '*', 'impersonate', 'bind'];
const REQUEST_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', 'bind', 'escalate', '*'];
const GROUPS = ['', 'apps', 'batch', RBAC_GROUP, '*', 'ksn.example.com'];
const REQUEST_GROUPS = ['', '', 'apps', 'batch', RBAC_GROUP, 'ksn.example.com', 'extensions'];
const RULE_RESOURCES = [
  'pods',
  'pods/log',
  'pods/exec',
  'pods/status',
  '*/status',
  '*',
  'deployments',
  'deployments/scale',
  '*/scale',
  'secrets',
  'configmaps',
  'nodes',
  'roles',
  'jobs',
  'pods/*',
  'widgets',
];
const REQUEST_RESOURCES = ['pods', 'deployments', 'secrets', 'configmaps', 'nodes', 'roles', 'jobs', 'widgets', 'services', '*'];
const SUBRESOURCES = ['log', 'exec', 'status', 'scale', '*'];
const NAMES = ['a', 'b', 'kube-proxy'];
const RULE_URLS = ['/healthz', '/healthz/*', '/api/*', '/apis', '/logs/*', '*', '/metrics', '/version'];
const REQUEST_PATHS = [
  '/healthz',
  '/healthz/etcd',
  '/api',
  '/api/v1',
  '/apis',
  '/apis/apps',
  '/logs',
  '/logs/x',
  '/metrics',
  '/version',
  '/readyz',
  '/openapi/v3',
  '/',
];
const URL_VERBS = ['get', 'post', 'put', 'delete', '*'];

type Obj = Record<string, any>;

interface Corpus {
  namespaces: string[];
  objects: Obj[];
  users: string[];
  groups: string[];
  serviceAccounts: {namespace: string; name: string}[];
  aggregator?: string;
  /** Node names unique to the run, and the names the Node authorizer questions use. */
  nodes: string[];
  nodeNames: Record<'secrets' | 'configmaps' | 'persistentvolumeclaims' | 'persistentvolumes' | 'serviceaccounts' | 'pods', string[]>;
  /** A secret the last bound pod uses: seen by its node once the authorizer's graph has the pods. */
  nodeSentinel: CanIQuestion;
}

/**
 * Pods bound to nodes of this run (no kubelet runs them; the Node authorizer only needs
 * spec.nodeName), the ServiceAccounts they use and PersistentVolumes bound to their claims.
 */
function generateNodeObjects(rng: Rng, namespaces: string[], prefix: string): Pick<Corpus, 'nodes' | 'nodeNames' | 'nodeSentinel'> & {objects: Obj[]} {
  const nodes = [`${prefix}-n1`, `${prefix}-n2`];
  const objects: Obj[] = [];
  const names: Corpus['nodeNames'] = {
    secrets: ['unused-secret'],
    configmaps: ['kube-root-ca.crt', 'unused-cm'],
    persistentvolumeclaims: ['unused-pvc'],
    persistentvolumes: [],
    serviceaccounts: ['default'],
    pods: [],
  };
  for (const ns of namespaces) {
    objects.push({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'quiet', namespace: ns}, automountServiceAccountToken: false});
    objects.push({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'worker', namespace: ns}});
  }
  names.serviceaccounts.push('quiet', 'worker');
  let sentinel: CanIQuestion | undefined;
  for (let i = 0; i < 6; i++) {
    const ns = rng.pick(namespaces);
    const name = `p${i}`;
    names.pods.push(name);
    const mirror = i === 5;
    const bound = i === 4 ? undefined : rng.pick(nodes);
    const ref = (kind: string) => {
      const n = `${kind}-${i}-${rng.int(2)}`;
      (kind === 's' ? names.secrets : kind === 'c' ? names.configmaps : names.persistentvolumeclaims).push(n);
      return n;
    };
    const spec: Obj = {containers: [{name: 'c', image: 'registry.k8s.io/pause:3.10'}]};
    if (bound) spec.nodeName = bound;
    if (!mirror) {
      spec.serviceAccountName = rng.pick(['default', 'quiet', 'worker']);
      if (rng.chance(0.3)) spec.automountServiceAccountToken = rng.chance(0.5);
      spec.imagePullSecrets = rng.chance(0.4) ? [{name: ref('s')}] : undefined;
      spec.volumes = [
        {name: 'sec', secret: {secretName: ref('s')}},
        {name: 'cm', configMap: {name: ref('c')}},
        {name: 'proj', projected: {sources: [{secret: {name: ref('s')}}, {configMap: {name: ref('c')}}]}},
        {name: 'data', persistentVolumeClaim: {claimName: ref('v')}},
        {name: 'scratch', ephemeral: {volumeClaimTemplate: {spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '1Gi'}}}}}},
      ];
      names.persistentvolumeclaims.push(`${name}-scratch`);
      spec.containers[0].env = [
        {name: 'A', valueFrom: {secretKeyRef: {name: ref('s'), key: 'k'}}},
        {name: 'B', valueFrom: {configMapKeyRef: {name: ref('c'), key: 'k'}}},
      ];
      spec.containers[0].envFrom = [{secretRef: {name: ref('s')}}, {configMapRef: {name: ref('c')}}];
      if (!spec.imagePullSecrets) delete spec.imagePullSecrets;
      const claim = spec.volumes[3].persistentVolumeClaim.claimName;
      const pv = `${prefix}-pv${i}`;
      names.persistentvolumes.push(pv);
      const pvSecret = `pv-secret-${i}`;
      names.secrets.push(pvSecret);
      objects.push({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: {name: pv, labels: {[RUN_LABEL]: RUN}},
        spec: {
          capacity: {storage: '1Gi'},
          accessModes: ['ReadWriteOnce'],
          claimRef: {namespace: ns, name: rng.chance(0.8) ? claim : 'unused-pvc'},
          csi: {driver: 'csi.example.com', volumeHandle: pv, nodePublishSecretRef: {namespace: ns, name: pvSecret}},
        },
      });
      if (bound)
        sentinel = {
          user: `system:node:${bound}`,
          groups: ['system:nodes'],
          verb: 'get',
          resource: 'secrets',
          namespace: ns,
          name: spec.volumes[0].secret.secretName,
        };
    }
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name, namespace: ns, ...(mirror ? {annotations: {'kubernetes.io/config.mirror': 'mirror'}} : {})},
      spec,
    });
  }
  return {nodes, nodeNames: names, nodeSentinel: sentinel!, objects};
}

/** A question as a node (or as something that looks like one) about the objects of its graph. */
function generateNodeRequest(rng: Rng, c: Corpus): CanIQuestion {
  const who = rng.pick([
    ...c.nodes.map((n) => ({user: `system:node:${n}`, groups: ['system:nodes']})),
    ...c.nodes.map((n) => ({user: `system:node:${n}`, groups: ['system:nodes']})),
    {user: `system:node:${c.nodes[0]}`},
    {user: 'system:node:', groups: ['system:nodes']},
  ]);
  const resources: [string, string, string[]][] = [
    ['secrets', '', c.nodeNames.secrets],
    ['configmaps', '', c.nodeNames.configmaps],
    ['persistentvolumeclaims', '', c.nodeNames.persistentvolumeclaims],
    ['persistentvolumes', '', c.nodeNames.persistentvolumes],
    ['serviceaccounts', '', c.nodeNames.serviceaccounts],
    ['pods', '', c.nodeNames.pods],
    ['nodes', '', c.nodes],
    ['leases', 'coordination.k8s.io', c.nodes],
    ['csinodes', 'storage.k8s.io', c.nodes],
    ['services', '', ['a']],
    ['events', '', ['a']],
    ['endpoints', '', ['a']],
    ['resourceslices', 'resource.k8s.io', ['a']],
    ['volumeattachments', 'storage.k8s.io', ['a']],
  ];
  const [resource, apiGroup, names] = rng.pick(resources);
  const q: CanIQuestion = {...who, verb: rng.pick(['get', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete']), resource};
  if (apiGroup) q.apiGroup = apiGroup;
  if (rng.chance(0.8)) q.name = rng.pick(names);
  if (rng.chance(0.2)) q.subresource = rng.pick(['status', 'token', 'eviction', 'log']);
  const clusterScoped = ['persistentvolumes', 'nodes', 'csinodes', 'volumeattachments', 'resourceslices'].includes(resource);
  const ns =
    resource === 'leases'
      ? rng.pick(['kube-node-lease', 'kube-node-lease', c.namespaces[0]])
      : clusterScoped
        ? rng.chance(0.8)
          ? undefined
          : c.namespaces[0]
        : rng.chance(0.9)
          ? rng.pick(c.namespaces)
          : undefined;
  if (ns) q.namespace = ns;
  return q;
}

function resourceRule(rng: Rng, allowNames = true): Obj {
  const rule: Obj = {apiGroups: rng.some(GROUPS, 1, 2), resources: rng.some(RULE_RESOURCES, 1, 3), verbs: rng.some(RULE_VERBS, 1, 3)};
  if (allowNames && rng.chance(0.25)) rule.resourceNames = rng.some(NAMES, 1, 2);
  return rule;
}

function urlRule(rng: Rng): Obj {
  return {nonResourceURLs: rng.some(RULE_URLS, 1, 2), verbs: rng.some(URL_VERBS, 1, 2)};
}

function generateCorpus(rng: Rng, namespaces: string[], round: number, withAggregation: boolean): Corpus {
  const prefix = `ksn-rbacdiff-${RUN}-${round}`;
  const users = ['alice', 'bob', 'carol'].map((u) => `${prefix}-${u}`);
  const groups = ['devs', 'ops'].map((g) => `${prefix}-${g}`);
  const serviceAccounts = [
    {namespace: namespaces[0], name: 'robot'},
    {namespace: namespaces[1], name: 'robot'},
    {namespace: namespaces[0], name: 'other'},
  ];
  const objects: Obj[] = [];
  const runLabels = {[RUN_LABEL]: RUN};
  const aggLabel = `ksn.example.com/agg-${RUN}-${round}`;
  const tierLabel = `ksn.example.com/tier-${RUN}-${round}`;

  const roleNames: Record<string, string[]> = {};
  for (const ns of namespaces) {
    roleNames[ns] = [];
    for (let i = 0; i < 3; i++) {
      const name = `r${i}`;
      roleNames[ns].push(name);
      objects.push({apiVersion: RBAC_V1, kind: 'Role', metadata: {name, namespace: ns}, rules: Array.from({length: 1 + rng.int(3)}, () => resourceRule(rng))});
    }
  }
  const clusterRoleNames: string[] = [];
  for (let i = 0; i < 4; i++) {
    const name = `${prefix}-cr${i}`;
    clusterRoleNames.push(name);
    const labels: Record<string, string> = {...runLabels};
    if (withAggregation && rng.chance(0.5)) labels[aggLabel] = 'yes';
    if (withAggregation && rng.chance(0.4)) labels[tierLabel] = rng.pick(['gold', 'silver']);
    const rules = Array.from({length: 1 + rng.int(3)}, () => (rng.chance(0.3) ? urlRule(rng) : resourceRule(rng)));
    objects.push({apiVersion: RBAC_V1, kind: 'ClusterRole', metadata: {name, labels}, rules});
  }
  let aggregator: string | undefined;
  if (withAggregation) {
    aggregator = `${prefix}-agg`;
    clusterRoleNames.push(aggregator);
    objects.push({
      apiVersion: RBAC_V1,
      kind: 'ClusterRole',
      metadata: {name: aggregator, labels: {...runLabels}},
      aggregationRule: {clusterRoleSelectors: [{matchLabels: {[aggLabel]: 'yes'}}, {matchExpressions: [{key: tierLabel, operator: 'In', values: ['gold']}]}]},
      // Written by hand into an aggregated role: the controller replaces it.
      rules: [{apiGroups: [''], resources: ['secrets'], verbs: ['get']}],
    });
  }

  const subject = (inNamespace: string | undefined): Obj => {
    const kind = rng.int(10);
    if (kind < 3) return {kind: 'User', name: rng.pick(users), apiGroup: RBAC_GROUP};
    if (kind < 5) return {kind: 'Group', name: rng.pick(groups), apiGroup: RBAC_GROUP};
    if (kind < 8) {
      const sa = rng.pick(serviceAccounts);
      // In a RoleBinding the namespace may be left out: it is then the binding's own.
      if (inNamespace && sa.namespace === inNamespace && rng.chance(0.5)) return {kind: 'ServiceAccount', name: sa.name};
      return {kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace};
    }
    if (kind === 8) return {kind: 'Group', name: `system:serviceaccounts:${rng.pick(namespaces)}`, apiGroup: RBAC_GROUP};
    // Groups every identity has: only inside this run's namespaces, never cluster-wide.
    if (inNamespace) return {kind: 'Group', name: rng.pick(['system:authenticated', 'system:unauthenticated', 'system:serviceaccounts']), apiGroup: RBAC_GROUP};
    return {kind: 'User', name: rng.pick(users), apiGroup: RBAC_GROUP};
  };

  for (const ns of namespaces) {
    for (let i = 0; i < 4; i++) {
      const r = rng.int(10);
      const roleRef =
        r < 4
          ? {kind: 'Role', name: rng.pick(roleNames[ns])}
          : r < 7
            ? {kind: 'ClusterRole', name: rng.pick(clusterRoleNames)}
            : r < 9 && withAggregation
              ? {kind: 'ClusterRole', name: rng.pick(['view', 'edit', 'admin'])}
              : {kind: rng.pick(['Role', 'ClusterRole']), name: `${prefix}-missing`};
      objects.push({
        apiVersion: RBAC_V1,
        kind: 'RoleBinding',
        metadata: {name: `rb${i}`, namespace: ns},
        roleRef: {apiGroup: RBAC_GROUP, ...roleRef},
        subjects: Array.from({length: 1 + rng.int(2)}, () => subject(ns)),
      });
    }
  }
  for (let i = 0; i < 3; i++) {
    objects.push({
      apiVersion: RBAC_V1,
      kind: 'ClusterRoleBinding',
      metadata: {name: `${prefix}-crb${i}`, labels: {...runLabels}},
      roleRef: {apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: i === 0 && aggregator ? aggregator : rng.pick(clusterRoleNames)},
      subjects: Array.from({length: 1 + rng.int(2)}, () => subject(undefined)),
    });
  }
  const nodePart = generateNodeObjects(rng, namespaces, prefix);
  objects.push(...nodePart.objects);
  return {
    namespaces,
    objects,
    users,
    groups,
    serviceAccounts,
    aggregator,
    nodes: nodePart.nodes,
    nodeNames: nodePart.nodeNames,
    nodeSentinel: nodePart.nodeSentinel,
  };
}

/** A request built from a rule of the corpus (so that many are allowed), sometimes bent in one place; or a random one. */
function generateRequest(rng: Rng, c: Corpus): CanIQuestion {
  const saUser = (sa: {namespace: string; name: string}) => `system:serviceaccount:${sa.namespace}:${sa.name}`;
  const randomIdentity = (): {user: string; groups?: string[]} => {
    const k = rng.int(20);
    if (k < 6) return {user: rng.pick(c.users)};
    if (k < 9) return {user: rng.pick(c.users), groups: rng.some(c.groups, 1, 2)};
    if (k < 13) return {user: saUser(rng.pick(c.serviceAccounts))};
    if (k < 14) return {user: saUser(rng.pick(c.serviceAccounts)), groups: [rng.pick(c.groups)]};
    if (k < 15) return {user: 'system:anonymous'};
    if (k < 16) return {user: rng.pick(c.users), groups: ['system:unauthenticated']};
    if (k < 17) return {user: rng.pick(['system:kube-scheduler', 'system:kube-controller-manager', 'system:kube-proxy'])};
    if (k < 18) return {user: rng.pick(['system:serviceaccount:kube-system:namespace-controller', 'system:serviceaccount:kube-system:deployment-controller'])};
    if (k < 19) return {user: rng.pick(c.users), groups: ['system:monitoring']};
    return {user: rng.pick(c.users), groups: ['system:masters']};
  };
  const namespace = (): string | undefined => (rng.chance(0.15) ? undefined : rng.chance(0.05) ? 'kube-system' : rng.pick(c.namespaces));
  const nonResource = (): CanIQuestion => ({...randomIdentity(), verb: rng.pick(URL_VERBS), nonResourceURL: rng.pick(REQUEST_PATHS)});

  if (rng.chance(0.15)) return generateNodeRequest(rng, c);
  // Half of the requests: follow a binding to one of its rules.
  if (rng.chance(0.5)) {
    const bindings = c.objects.filter((o) => (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && !String(o.metadata.name).startsWith('sentinel'));
    const b = rng.pick(bindings);
    const s = rng.pick(b.subjects as Obj[]);
    const ns: string | undefined = b.metadata.namespace;
    const identity: {user: string; groups?: string[]} =
      s.kind === 'User'
        ? {user: s.name}
        : s.kind === 'ServiceAccount'
          ? {user: `system:serviceaccount:${s.namespace ?? ns}:${s.name}`}
          : s.name.startsWith('system:serviceaccounts:')
            ? {user: `system:serviceaccount:${s.name.slice('system:serviceaccounts:'.length)}:robot`}
            : s.name === 'system:unauthenticated'
              ? {user: 'system:anonymous'}
              : s.name.startsWith('system:')
                ? {user: rng.pick(c.users)}
                : {user: rng.pick(c.users), groups: [s.name]};
    const role = c.objects.find(
      (o) => o.kind === b.roleRef.kind && o.metadata.name === b.roleRef.name && (b.roleRef.kind === 'ClusterRole' || o.metadata.namespace === ns),
    );
    const rules: Obj[] = role?.rules ?? [];
    if (rules.length === 0 || role?.aggregationRule)
      return {...identity, verb: rng.pick(REQUEST_VERBS), resource: rng.pick(REQUEST_RESOURCES), namespace: ns ?? namespace()};
    const rule = rng.pick(rules);
    if (rule.nonResourceURLs) {
      const url: string = rng.pick(rule.nonResourceURLs);
      const path = url === '*' ? rng.pick(REQUEST_PATHS) : url.endsWith('*') ? url.slice(0, -1) + rng.pick(['', 'x', 'a/b']) : url;
      const verb: string = rng.pick(rule.verbs);
      return {...identity, verb: verb === '*' ? rng.pick(URL_VERBS) : verb, nonResourceURL: path, ...(ns && rng.chance(0.3) ? {namespace: ns} : {})};
    }
    const verb: string = rng.pick(rule.verbs);
    const group: string = rng.pick(rule.apiGroups);
    const res: string = rng.pick(rule.resources);
    const [r0, sub] = res.split('/');
    const q: CanIQuestion = {
      ...identity,
      verb: verb === '*' ? rng.pick(REQUEST_VERBS) : verb,
      apiGroup: group === '*' ? rng.pick(REQUEST_GROUPS) : group,
      resource: r0 === '*' ? rng.pick(REQUEST_RESOURCES) : r0,
      ...(sub ? {subresource: sub === '*' && rng.chance(0.5) ? rng.pick(SUBRESOURCES) : sub} : {}),
      ...(rule.resourceNames && rng.chance(0.8) ? {name: rng.pick(rule.resourceNames as string[])} : rng.chance(0.2) ? {name: rng.pick(NAMES)} : {}),
    };
    const where = ns ?? namespace();
    if (where) q.namespace = where;
    // Bend one part, sometimes.
    switch (rng.int(8)) {
      case 0:
        q.verb = rng.pick(REQUEST_VERBS);
        break;
      case 1:
        q.apiGroup = rng.pick(REQUEST_GROUPS);
        break;
      case 2:
        q.namespace = namespace();
        if (q.namespace === undefined) delete q.namespace;
        break;
      case 3:
        if (q.subresource) delete q.subresource;
        else q.subresource = rng.pick(SUBRESOURCES);
        break;
      case 4:
        if (q.name) delete q.name;
        else q.name = rng.pick(NAMES);
        break;
      default:
        break;
    }
    return q;
  }
  if (rng.chance(0.2)) return nonResource();
  const q: CanIQuestion = {...randomIdentity(), verb: rng.pick(REQUEST_VERBS), apiGroup: rng.pick(REQUEST_GROUPS), resource: rng.pick(REQUEST_RESOURCES)};
  if (rng.chance(0.25)) q.subresource = rng.pick(SUBRESOURCES);
  if (rng.chance(0.3)) q.name = rng.pick(NAMES);
  const ns = namespace();
  if (ns) q.namespace = ns;
  return q;
}

/** Fixed questions at the edges of impersonation and matching, asked in every round. */
function edgeRequests(c: Corpus): CanIQuestion[] {
  const [nsA] = c.namespaces;
  const out: CanIQuestion[] = [];
  for (const user of [
    `system:serviceaccount:${nsA}:robot`,
    `system:serviceaccount:${nsA.toUpperCase()}:robot`, // not a valid service-account name: a plain user
    `system:serviceaccount:${nsA}:robot:extra`,
    'system:anonymous',
  ]) {
    for (const groups of [undefined, [c.groups[0]], ['system:authenticated'], ['system:serviceaccounts']]) {
      out.push({user, ...(groups ? {groups} : {}), verb: 'get', resource: 'pods', namespace: nsA});
      out.push({user, ...(groups ? {groups} : {}), verb: 'get', nonResourceURL: '/healthz'});
    }
  }
  out.push(
    {user: c.users[0], verb: '*', resource: '*', namespace: nsA},
    {user: c.users[0], verb: '*', resource: '*'},
    {user: c.users[0], verb: 'get', nonResourceURL: '*'},
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Asking the server

interface ServerAnswer {
  allowed: boolean;
  reason: string;
  via: 'SelfSubjectAccessReview' | 'SubjectAccessReview' | 'kubectl auth can-i';
}

function attributes(q: CanIQuestion): Obj {
  if (q.nonResourceURL) return {nonResourceAttributes: {verb: q.verb, path: q.nonResourceURL}};
  const ra: Obj = {verb: q.verb, resource: q.resource ?? ''};
  if (q.apiGroup) ra.group = q.apiGroup;
  if (q.subresource) ra.subresource = q.subresource;
  if (q.name) ra.name = q.name;
  if (q.namespace) ra.namespace = q.namespace;
  return {resourceAttributes: ra};
}

function createReviews(items: Obj[], impersonate: string[]): Obj[] {
  const r = kubectl(['create', '--validate=false', '-f', '-', '-o', 'yaml', ...impersonate], {
    input: dump({apiVersion: 'v1', kind: 'List', items}),
    timeoutMs: 120_000,
  });
  if (r.status !== 0) throw Object.assign(new Error(`kubectl create (${impersonate.join(' ') || 'as admin'}) failed: ${r.stderr.trim()}`), {stderr: r.stderr});
  const docs = (loadAll(r.stdout) as Obj[]).filter(Boolean).flatMap((d) => (d.kind === 'List' ? (d.items as Obj[]) : [d]));
  if (docs.length !== items.length) throw new Error(`asked ${items.length} reviews, got ${docs.length} back`);
  return docs;
}

/** Each request answered by the server, grouped by identity (one kubectl call per identity). */
function askServer(requests: CanIQuestion[]): ServerAnswer[] {
  const answers: ServerAnswer[] = new Array(requests.length);
  const byIdentity = new Map<string, number[]>();
  requests.forEach((q, i) => {
    const key = `${q.user}\u0000${(q.groups ?? []).join('\u0000')}`;
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), i]);
  });
  for (const indexes of byIdentity.values()) {
    const first = requests[indexes[0]];
    const impersonate = ['--as', first.user, ...(first.groups ?? []).flatMap((g) => ['--as-group', g])];
    const who = impersonatedUser(first.user, first.groups ?? []);
    let docs: Obj[] | undefined;
    let via: ServerAnswer['via'] = 'SelfSubjectAccessReview';
    {
      try {
        docs = createReviews(
          indexes.map((i) => ({apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: attributes(requests[i])})),
          impersonate,
        );
      } catch (e) {
        if (!/Forbidden/.test(String((e as {stderr?: string}).stderr ?? ''))) throw e;
      }
    }
    if (!docs) {
      via = 'SubjectAccessReview';
      docs = createReviews(
        indexes.map((i) => ({
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {user: who.name, groups: who.groups, ...attributes(requests[i])},
        })),
        [],
      );
    }
    indexes.forEach((i, k) => {
      const status = docs![k].status ?? {};
      answers[i] = {allowed: status.allowed === true, reason: String(status.reason ?? status.evaluationError ?? ''), via};
    });
  }
  return answers;
}

const CAN_I_RESOURCES: Record<string, string> = {
  pods: '',
  secrets: '',
  configmaps: '',
  nodes: '',
  services: '',
  deployments: 'apps',
  jobs: 'batch',
  roles: RBAC_GROUP,
};

/** The literal command: kubectl auth can-i VERB RESOURCE[.GROUP][/NAME] [--subresource S] (-n NS | -A) --as U [--as-group G]. */
function askCanI(q: CanIQuestion): ServerAnswer | undefined {
  const args = ['auth', 'can-i', q.verb];
  // can-i takes an argument as a URL only when it starts with "/": `can-i get '*'` asks about resources.
  if (q.nonResourceURL && !q.nonResourceURL.startsWith('/')) return undefined;
  if (q.nonResourceURL) args.push(q.nonResourceURL);
  else {
    if (q.resource !== '*' && CAN_I_RESOURCES[q.resource ?? ''] !== (q.apiGroup ?? '')) return undefined;
    args.push(`${q.resource}${q.apiGroup ? `.${q.apiGroup}` : ''}${q.name ? `/${q.name}` : ''}`);
    if (q.resource === '*' && q.apiGroup) return undefined;
    if (q.subresource) args.push('--subresource', q.subresource);
    args.push(...(q.namespace ? ['-n', q.namespace] : ['-A']));
  }
  args.push('--as', q.user, ...(q.groups ?? []).flatMap((g) => ['--as-group', g]));
  const r = kubectl(args);
  // The server may refuse the identity the review itself (NodeRestriction: "could not determine
  // node from user" for system:node: without a name): can-i has no answer to compare then.
  if (r.status !== 0 && !r.stdout.trim() && /Forbidden/.test(r.stderr)) return undefined;
  // "yes", "no", or "no - RBAC: <resolution errors>" (a binding to a role that does not exist).
  const m = /^(yes|no)\b(?: - (.*))?/.exec(r.stdout.trim());
  if (!m || (m[1] === 'yes') !== (r.status === 0)) throw new Error(`kubectl ${args.join(' ')}: unexpected answer (${r.status}) ${r.stdout} ${r.stderr}`);
  return {allowed: m[1] === 'yes', reason: m[2] ?? '', via: 'kubectl auth can-i'};
}

// ---------------------------------------------------------------------------------------------
// Comparing

interface Disagreement {
  request: CanIQuestion;
  server: ServerAnswer;
  ours: {allowed: boolean; code: string; reason: string};
  what: 'decision' | 'binding';
  allowedBy?: string;
}

const ALLOWED_BY = /^RBAC: allowed by (RoleBinding|ClusterRoleBinding) "([^"]+)" of (Role|ClusterRole) "([^"]+)" to /;

function compare(objects: Obj[], requests: CanIQuestion[], answers: ServerAnswer[]): Disagreement[] {
  const out: Disagreement[] = [];
  requests.forEach((q, i) => {
    const server = answers[i];
    const e = explainAccess(objects, q);
    const ours = {allowed: e.allowed, code: e.code, reason: e.reason};
    if (e.allowed !== server.allowed) {
      out.push({request: q, server, ours, what: 'decision'});
      return;
    }
    if (!server.allowed || server.via === 'kubectl auth can-i') return;
    if (server.reason === '') {
      // Allowed without a reason: the superuser group, or the Node authorizer (it gives none).
      if (e.code !== 'ALLOWED_SUPERUSER' && e.code !== 'ALLOWED_BY_NODE_AUTHORIZER') out.push({request: q, server, ours, what: 'binding'});
      return;
    }
    if (e.code === 'ALLOWED_BY_NODE_AUTHORIZER') {
      out.push({request: q, server, ours, what: 'binding'});
      return;
    }
    const m = ALLOWED_BY.exec(server.reason);
    if (!m) {
      out.push({request: q, server, ours, what: 'binding'});
      return;
    }
    const [, bindingKind, bindingRef, roleKind, role] = m;
    const [binding, bindingNamespace] = bindingKind === 'RoleBinding' ? bindingRef.split('/') : [bindingRef, undefined];
    const found = e.matches.some(
      (x) => x.bindingKind === bindingKind && x.binding === binding && x.bindingNamespace === bindingNamespace && x.roleKind === roleKind && x.role === role,
    );
    if (!found)
      out.push({
        request: q,
        server,
        ours,
        what: 'binding',
        allowedBy: e.matches.map((x) => `${x.bindingKind} ${x.bindingNamespace ? `${x.bindingNamespace}/` : ''}${x.binding}`).join(', '),
      });
  });
  return out;
}

function describeRequest(q: CanIQuestion): string {
  const who = `--as ${q.user}${(q.groups ?? []).map((g) => ` --as-group ${g}`).join('')}`;
  if (q.nonResourceURL) return `${q.verb} ${q.nonResourceURL} ${who}`;
  const res = `${q.resource}${q.apiGroup ? `.${q.apiGroup}` : ''}${q.subresource ? `/${q.subresource}` : ''}${q.name ? ` named ${q.name}` : ''}`;
  return `${q.verb} ${res} ${q.namespace ? `-n ${q.namespace}` : '-A'} ${who}`;
}

// ---------------------------------------------------------------------------------------------

function normalizeRules(rules: unknown): Obj[] {
  return (Array.isArray(rules) ? rules : []).map((r: Obj) => {
    const out: Obj = {};
    for (const k of ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs', 'verbs']) if (Array.isArray(r[k]) && r[k].length > 0) out[k] = r[k];
    return out;
  });
}

suite(title('canI agrees with the API server (SubjectAccessReview, impersonation, kubectl auth can-i)'), () => {
  const namespaces: string[] = [];
  const allowed = allowedDisagreements();
  const usedEntries = new Set<string>();
  let controllerManager = true;

  beforeAll(() => {
    controllerManager = cluster().controllerManager;
    process.stdout.write(
      `rbac-differential: seed ${SEED} (replay with KSN_RBAC_SEED=${SEED}), run ${RUN}, ${ROUNDS} rounds of ${REQUESTS_PER_ROUND} requests\n`,
    );
    if (!controllerManager)
      process.stdout.write(
        'rbac-differential: no kube-controller-manager (KUBEBUILDER_ASSETS): ClusterRole aggregation, admin/edit/view are left out of the corpus\n',
      );
  });

  afterAll(async () => {
    for (const ns of namespaces) await deleteNamespace(ns);
    const r = kubectl(['delete', 'clusterroles,clusterrolebindings,persistentvolumes', '-l', `${RUN_LABEL}=${RUN}`, '--ignore-not-found', '--wait=false']);
    if (r.status !== 0) throw new Error(`cleanup failed: ${r.stderr}`);
  });

  it('the built-in bootstrap policy equals the server start-up objects', async () => {
    // The server's own, plus every other ClusterRole (another suite's aggregate-to-* roles change admin/edit/view).
    await waitFor(
      'the bootstrap policy to equal the server objects',
      () => {
        const server = kubectlJson<{items: Obj[]}>([
          'get',
          'clusterroles,clusterrolebindings,roles,rolebindings',
          '-A',
          '-l',
          'kubernetes.io/bootstrapping=rbac-defaults',
        ]).items;
        const others = kubectlJson<{items: Obj[]}>(['get', 'clusterroles', '-l', '!kubernetes.io/bootstrapping']).items;
        const store = buildRbacStore(others);
        const problems: string[] = [];
        const ours = BOOTSTRAP_POLICY as Obj[];
        for (const s of server) {
          const key = `${s.kind} ${s.metadata.namespace ? `${s.metadata.namespace}/` : ''}${s.metadata.name}`;
          const o = ours.find((x) => x.kind === s.kind && x.metadata.name === s.metadata.name && (x.metadata.namespace ?? '') === (s.metadata.namespace ?? ''));
          if (!o) {
            problems.push(`${key}: missing from src/core/rbac/generated/bootstrap-policy.ts`);
            continue;
          }
          if (s.kind === 'ClusterRole' || s.kind === 'Role') {
            const computed =
              s.kind === 'ClusterRole' ? store.clusterRoles.get(s.metadata.name)?.rules : store.roles.get(`${s.metadata.namespace}/${s.metadata.name}`)?.rules;
            if (s.aggregationRule && !controllerManager) continue;
            if (JSON.stringify(normalizeRules(computed)) !== JSON.stringify(normalizeRules(s.rules))) problems.push(`${key}: rules differ`);
            if (JSON.stringify(o.aggregationRule ?? null) !== JSON.stringify(s.aggregationRule ?? null)) problems.push(`${key}: aggregationRule differs`);
          } else {
            if (JSON.stringify(o.roleRef) !== JSON.stringify(s.roleRef)) problems.push(`${key}: roleRef differs`);
            if (JSON.stringify(o.subjects ?? []) !== JSON.stringify(s.subjects ?? [])) problems.push(`${key}: subjects differ`);
          }
        }
        const serverKeys = new Set(server.map((s) => `${s.kind}/${s.metadata.namespace ?? ''}/${s.metadata.name}`));
        for (const o of ours)
          if (!serverKeys.has(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)) problems.push(`${o.kind} ${o.metadata.name}: not on the server`);
        if (problems.length === 0) return true;
        throw new Error(`${problems.join('; ')} (regenerate: npx tsx scripts/generate-bootstrap-policy.ts --kubeconfig <this control plane>)`);
      },
      {timeoutMs: 20_000, intervalMs: 1000},
    );
  }, 60_000);

  for (const seed of seedsToRun('rbac', SEED))
    for (let round = 0; round < ROUNDS; round++) {
      it(`seed ${seed}${seed === SEED ? '' : ' (regression)'}, round ${round + 1}: generated Roles, ClusterRoles and bindings, ${REQUESTS_PER_ROUND} requests`, async () => {
        const rng = new Rng(seed + round * 7919);
        const nsA = await createNamespace(`rbac-diff-${round}`);
        namespaces.push(nsA);
        const nsB = await createNamespace(`rbac-diff-${round}`);
        namespaces.push(nsB);
        const corpus = generateCorpus(rng, [nsA, nsB], round, controllerManager);

        const created = kubectl(['create', '-f', '-'], {input: dump({apiVersion: 'v1', kind: 'List', items: corpus.objects})});
        if (created.status !== 0) throw new Error(`could not create the generated objects (seed ${seed}): ${created.stderr}`);

        // The aggregation controller fills the aggregated role: wait until the server's rules equal canI's.
        if (corpus.aggregator) {
          const expected = normalizeRules(buildRbacStore(corpus.objects, {includeBootstrapPolicy: false}).clusterRoles.get(corpus.aggregator)?.rules);
          await waitFor(`ClusterRole ${corpus.aggregator} aggregated as canI computes it (${JSON.stringify(expected)})`, () => {
            const live = kubectlJson<Obj>(['get', 'clusterrole', corpus.aggregator!]);
            return JSON.stringify(normalizeRules(live.rules)) === JSON.stringify(expected);
          });
        }

        // The authorizer reads RBAC objects from informers: wait until a sentinel of each kind, created last, is seen.
        const sentinelUser = `ksn-rbacdiff-${RUN}-${round}-sentinel`;
        const sentinelRole = `ksn-rbacdiff-${RUN}-${round}-sentinel`;
        const sentinels = [
          {
            apiVersion: RBAC_V1,
            kind: 'Role',
            metadata: {name: 'sentinel', namespace: nsB},
            rules: [{apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['sentinel']}],
          },
          {
            apiVersion: RBAC_V1,
            kind: 'RoleBinding',
            metadata: {name: 'sentinel', namespace: nsB},
            roleRef: {apiGroup: RBAC_GROUP, kind: 'Role', name: 'sentinel'},
            subjects: [{kind: 'User', name: sentinelUser, apiGroup: RBAC_GROUP}],
          },
          {
            apiVersion: RBAC_V1,
            kind: 'ClusterRole',
            metadata: {name: sentinelRole, labels: {[RUN_LABEL]: RUN}},
            rules: [{nonResourceURLs: ['/sentinel'], verbs: ['get']}],
          },
          {
            apiVersion: RBAC_V1,
            kind: 'ClusterRoleBinding',
            metadata: {name: sentinelRole, labels: {[RUN_LABEL]: RUN}},
            roleRef: {apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: sentinelRole},
            subjects: [{kind: 'User', name: sentinelUser, apiGroup: RBAC_GROUP}],
          },
        ];
        expect(kubectl(['create', '-f', '-'], {input: dump({apiVersion: 'v1', kind: 'List', items: sentinels})}).status).toBe(0);
        await waitFor('the sentinel bindings (and the pods, for the Node authorizer) to reach the authorizer', () => {
          const [ns, url] = askServer([
            {user: sentinelUser, verb: 'get', resource: 'configmaps', name: 'sentinel', namespace: nsB},
            {user: sentinelUser, verb: 'get', nonResourceURL: '/sentinel'},
          ]);
          const [node] = askServer([corpus.nodeSentinel]);
          return ns.allowed && url.allowed && node.allowed;
        });

        const requests = [...Array.from({length: REQUESTS_PER_ROUND}, () => generateRequest(rng, corpus)), ...edgeRequests(corpus)];
        const nodeRequests = requests.filter((q) => q.user.startsWith('system:node:')).length;
        const answers = askServer(requests);
        const disagreements = compare(corpus.objects, requests, answers);

        // The literal `kubectl auth can-i --as` on a sample of requests it can express.
        const sample = requests
          .filter((q) => !impersonatedUser(q.user, q.groups ?? []).groups.includes('system:unauthenticated'))
          .filter((_, i) => i % 6 === 0);
        let viaCanI = 0;
        for (const q of sample) {
          const answer = askCanI(q);
          if (!answer) continue;
          viaCanI++;
          const ours = canI(corpus.objects, q);
          if (ours.allowed !== answer.allowed)
            disagreements.push({request: q, server: answer, ours: {allowed: ours.allowed, code: ours.code, reason: ours.reason}, what: 'decision'});
        }

        const listed = disagreements.map((d) => ({d, entry: allowed.find((a) => matchPartial(d.request, a.when).length === 0)}));
        for (const {entry} of listed) if (entry) usedEntries.add(entry.id);
        const unlisted = listed.filter((x) => !x.entry);
        const count = (via: ServerAnswer['via']) => answers.filter((a) => a.via === via).length;
        const serverAllowed = answers.filter((a) => a.allowed).length;
        const urlRequests = requests.filter((q) => q.nonResourceURL).length;
        const total = requests.length + viaCanI;
        process.stdout.write(
          `rbac-differential round ${round + 1} (seed ${seed}): ${corpus.objects.length} objects; ${requests.length} requests (${requests.length - urlRequests} resource, ${urlRequests} URL; ` +
            `${nodeRequests} as nodes; server allowed ${serverAllowed}, denied ${requests.length - serverAllowed}) via SelfSubjectAccessReview ${count('SelfSubjectAccessReview')}, ` +
            `SubjectAccessReview ${count('SubjectAccessReview')}, plus ${viaCanI} through kubectl auth can-i; ` +
            `agreement ${total - disagreements.length}/${total}; disagreements ${disagreements.length} (${disagreements.length - unlisted.length} listed in allowed-disagreements.yaml)\n` +
            listed
              .map(
                ({d, entry}) =>
                  `  ${entry ? `[allowed: ${entry.id}] ` : ''}${d.what}: ${describeRequest(d.request)} -> server ${d.server.allowed ? 'yes' : 'no'} (${d.server.via}${d.server.reason ? `: ${d.server.reason}` : ''}), canI ${d.ours.allowed ? 'yes' : 'no'} (${d.ours.reason})${d.allowedBy ? `; canI's allowing bindings: ${d.allowedBy}` : ''}\n`,
              )
              .join(''),
        );
        if (unlisted.length) process.stderr.write(`${recordFailingSeed('rbac', seed)}\n`);
        expect(
          unlisted.map(({d}) => `${d.what}: ${describeRequest(d.request)}: server ${d.server.allowed}, canI ${d.ours.allowed} (${d.ours.reason})`),
        ).toEqual([]);
        // The corpus exercised both answers, not only denials.
        expect(serverAllowed).toBeGreaterThan(requests.length / 10);
        expect(requests.length - serverAllowed).toBeGreaterThan(requests.length / 10);
      }, 300_000);
    }

  // allowed-disagreements.yaml: "fail on an entry whose disagreement no longer happens". A
  // disagreement worth listing should be reproduced every run (add a fixed case to edgeRequests).
  it('every canI entry of allowed-disagreements.yaml still describes a disagreement', () => {
    expect(allowed.filter((a) => !usedEntries.has(a.id)).map((a) => `${a.id}: no disagreement matched it in this run (seed ${SEED})`)).toEqual([]);
  });
});
