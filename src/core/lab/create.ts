/**
 * `kubectl create <kind>` generators (k8s.io/kubectl pkg/cmd/create/create_*.go): the object each
 * builds from its flags, and the validation kubectl does before sending it.
 */
import type {Ctx} from './context';
import {CommandError} from './context';
import type {FlagSpec} from './flags';
import {API_RESOURCES, kindPrefix, resolveResource} from './resources';
import type {ApiResource} from './resources';
import {authorize, dryRunMode, dryRunSuffix, nameLine, printStructured, checkOutputFormat} from './commands';
import {ApiError, resourceByName} from './api-server';
import type {KubeObject} from './store';
import {base64} from './store';

const OUT: FlagSpec[] = [
  {name: 'output', short: 'o', type: 'string'},
  {name: 'dry-run', type: 'string'},
  {name: 'save-config', type: 'bool'},
  {name: 'validate', type: 'string'},
  {name: 'field-manager', type: 'string'},
  {name: 'show-managed-fields', type: 'bool'},
  {name: 'template', type: 'string'},
  {name: 'allow-missing-template-keys', type: 'bool'},
];

export interface Generator {
  kind: string;
  short: string;
  flags: FlagSpec[];
  resource: () => ApiResource;
  build(ctx: Ctx, name: string): KubeObject;
  /** The prefix kubectl puts before the server's error (create_*.go: fmt.Errorf("failed to create ...")); absent: the error as it is. */
  wrap?: string;
}

const rbac = (name: string) => () => resourceByName(name, 'rbac.authorization.k8s.io');

/** Verbs kubectl create role accepts (create_role.go validResourceVerbs). */
const VALID_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const NON_RESOURCE_VERBS = ['*', 'get', 'put', 'post', 'head', 'options', 'delete', 'patch'];

/** Rules from --verb/--resource/--resource-name (create_role.go Complete/Validate). */
function roleRules(ctx: Ctx, cluster: boolean): Record<string, unknown>[] {
  const verbs = ctx.flags.strings('verb');
  const resources = ctx.flags.strings('resource');
  const names = ctx.flags.strings('resource-name');
  const urls = cluster ? ctx.flags.strings('non-resource-url') : [];
  if (verbs.length === 0) throw new CommandError('at least one verb must be specified');
  if (resources.length === 0 && urls.length === 0) {
    throw new CommandError(cluster ? 'at least one resource or non-resource-url must be specified' : 'at least one resource must be specified');
  }
  for (const v of verbs) {
    // create_role.go validateResource: an unknown verb is only warned about
    if (resources.length > 0 && !VALID_VERBS.includes(v)) ctx.err.push(`Warning: '${v}' is not a standard resource verb\n`);
    if (resources.length === 0 && urls.length > 0 && !NON_RESOURCE_VERBS.includes(v)) throw new CommandError(`invalid verb: '${v}' for nonResourceURL`);
  }
  const rules: Record<string, unknown>[] = [];
  // group resources by API group, in the order first seen (create_role.go generateResourcePolicyRules)
  const groups = new Map<string, {resources: string[]}>();
  for (const spec of resources) {
    const [head, ...sub] = spec.split('/');
    const r = head === '*' ? undefined : resolveResource(head);
    if (head !== '*' && !r) throw new CommandError(`the server doesn't have a resource type "${head.split('.')[0]}"`);
    const group = r ? r.group : head.includes('.') ? head.slice(head.indexOf('.') + 1) : '';
    const name = (r ? r.name : '*') + (sub.length ? `/${sub.join('/')}` : '');
    const entry = groups.get(group) ?? {resources: []};
    if (!entry.resources.includes(name)) entry.resources.push(name);
    groups.set(group, entry);
  }
  for (const [group, {resources: rs}] of groups) {
    const rule: Record<string, unknown> = {apiGroups: [group], resources: rs, verbs: verbs};
    if (names.length) rule.resourceNames = names;
    rules.push(rule);
  }
  if (urls.length) rules.push({nonResourceURLs: urls, verbs});
  return rules.map(orderRule);
}

function orderRule(rule: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs']) if (rule[k] !== undefined) out[k] = rule[k];
  return out;
}

function subjects(ctx: Ctx): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const u of ctx.flags.strings('user')) out.push({apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: u});
  for (const g of ctx.flags.strings('group')) out.push({apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g});
  for (const sa of ctx.flags.strings('serviceaccount')) {
    const parts = sa.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new CommandError(`serviceaccount must be <namespace>:<name>`);
    out.push({kind: 'ServiceAccount', name: parts[1], namespace: parts[0]});
  }
  return out;
}

/** create_*.go set metadata.namespace only when -n was given (EnforceNamespace). */
function nsIfGiven(ctx: Ctx): {namespace?: string} {
  return ctx.namespaceGiven ? {namespace: ctx.namespace} : {};
}

const S = (name: string, description?: string): FlagSpec => ({name, type: 'string', description});
const L = (name: string, description?: string): FlagSpec => ({name, type: 'strings', description});

export const GENERATORS: Record<string, Generator> = {
  namespace: {
    kind: 'Namespace',
    short: 'Create a namespace with the specified name',
    flags: [],
    resource: () => resourceByName('namespaces'),
    build: (_ctx, name) => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name}, spec: {}, status: {}}),
  },
  serviceaccount: {
    wrap: 'failed to create serviceaccount: ',
    kind: 'ServiceAccount',
    short: 'Create a service account with the specified name',
    flags: [],
    resource: () => resourceByName('serviceaccounts'),
    build: (ctx, name) => ({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name, ...nsIfGiven(ctx)}}),
  },
  role: {
    kind: 'Role',
    short: 'Create a role with single rule',
    flags: [
      L('verb', 'verbs that apply to the resources'),
      L('resource', 'resources the rule applies to'),
      L('resource-name', 'resource names in the white list'),
    ],
    resource: rbac('roles'),
    build: (ctx, name) => ({apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: {name, ...nsIfGiven(ctx)}, rules: roleRules(ctx, false)}),
  },
  clusterrole: {
    kind: 'ClusterRole',
    short: 'Create a cluster role',
    flags: [L('verb'), L('resource'), L('resource-name'), L('non-resource-url'), L('aggregation-rule')],
    resource: rbac('clusterroles'),
    build: (ctx, name) => {
      const agg = ctx.flags.strings('aggregation-rule');
      if (agg.length) {
        const matchLabels: Record<string, string> = {};
        for (const pair of agg) {
          const eq = pair.indexOf('=');
          matchLabels[pair.slice(0, eq)] = pair.slice(eq + 1);
        }
        return {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: {name},
          aggregationRule: {clusterRoleSelectors: [{matchLabels}]},
          rules: null,
        };
      }
      return {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {name}, rules: roleRules(ctx, true)};
    },
  },
  rolebinding: {
    wrap: 'failed to create rolebinding: ',
    kind: 'RoleBinding',
    short: 'Create a role binding for a particular role or cluster role',
    flags: [S('role'), S('clusterrole'), L('user'), L('group'), L('serviceaccount')],
    resource: rbac('rolebindings'),
    build: (ctx, name) => {
      const role = ctx.flags.string('role');
      const clusterRole = ctx.flags.string('clusterrole');
      if (!role && !clusterRole) throw new CommandError('exactly one of clusterrole or role must be specified');
      if (role && clusterRole) throw new CommandError('exactly one of clusterrole or role must be specified');
      return {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: {name, ...nsIfGiven(ctx)},
        roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: role ? 'Role' : 'ClusterRole', name: role || clusterRole},
        subjects: subjects(ctx),
      };
    },
  },
  clusterrolebinding: {
    wrap: 'failed to create clusterrolebinding: ',
    kind: 'ClusterRoleBinding',
    short: 'Create a cluster role binding for a particular cluster role',
    flags: [S('clusterrole'), L('user'), L('group'), L('serviceaccount')],
    resource: rbac('clusterrolebindings'),
    build: (ctx, name) => {
      const clusterRole = ctx.flags.string('clusterrole');
      if (!clusterRole) throw new CommandError('clusterrole must be specified');
      return {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: {name},
        roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole},
        subjects: subjects(ctx),
      };
    },
  },
  configmap: {
    wrap: 'failed to create configmap: ',
    kind: 'ConfigMap',
    short: 'Create a config map from a local file, directory or literal value',
    flags: [L('from-literal'), L('from-file'), L('from-env-file'), {name: 'append-hash', type: 'bool'}],
    resource: () => resourceByName('configmaps'),
    build: (ctx, name) => {
      const data = literals(ctx);
      return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, ...nsIfGiven(ctx)}, ...(Object.keys(data).length ? {data} : {})};
    },
  },
  deployment: {
    wrap: 'failed to create deployment: ',
    kind: 'Deployment',
    short: 'Create a deployment with the specified name',
    flags: [L('image'), {name: 'replicas', short: 'r', type: 'int'}, {name: 'port', type: 'int'}],
    resource: () => resourceByName('deployments', 'apps'),
    build: (ctx, name) => {
      const images = ctx.flags.strings('image');
      if (images.length === 0) throw new CommandError('required flag(s) "image" not set');
      const labels = {app: name};
      const containers = images.map((image) => {
        const c: Record<string, unknown> = {image, name: containerName(image), resources: {}};
        if (ctx.flags.has('port')) c.ports = [{containerPort: ctx.flags.int('port', 0)}];
        return c;
      });
      const args = ctx.flags.args.slice(1);
      if (args.length && containers.length === 1) containers[0].command = args;
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {labels, name, ...nsIfGiven(ctx)},
        spec: {replicas: ctx.flags.int('replicas', 1), selector: {matchLabels: labels}, strategy: {}, template: {metadata: {labels}, spec: {containers}}},
        status: {},
      };
    },
  },
};

/** kubectl create deployment names a container after the image (create_deployment.go buildPodSpec). */
function containerName(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const base = last.split(':')[0];
  return base.replace(/[^-a-z0-9]/g, '-');
}

function literals(ctx: Ctx): Record<string, string> {
  const data: Record<string, string> = {};
  for (const lit of ctx.flags.strings('from-literal')) {
    const eq = lit.indexOf('=');
    if (eq <= 0) throw new CommandError(`invalid literal source ${lit}, expected key=value`);
    const key = lit.slice(0, eq);
    if (key in data) throw new CommandError(`cannot add key ${key}, another key by that name already exists in Data for ${'ConfigMap'} "${ctx.flags.args[0]}"`);
    data[key] = lit.slice(eq + 1);
  }
  for (const f of ctx.flags.strings('from-file')) {
    const eq = f.indexOf('=');
    const key = eq > 0 ? f.slice(0, eq) : f.slice(f.lastIndexOf('/') + 1);
    const path = eq > 0 ? f.slice(eq + 1) : f;
    const text = ctx.files[path];
    if (text === undefined) throw new CommandError(`error reading ${path}: no such file or directory`);
    data[key] = text;
  }
  return data;
}

export const SECRET_GENERATORS: Record<string, Generator> = {
  generic: {
    wrap: 'failed to create secret ',
    kind: 'Secret',
    short: 'Create a secret from a local file, directory, or literal value',
    flags: [L('from-literal'), L('from-file'), L('from-env-file'), S('type'), {name: 'append-hash', type: 'bool'}],
    resource: () => resourceByName('secrets'),
    build: (ctx, name) => {
      const data = literals(ctx);
      const encoded: Record<string, string> = {};
      for (const [k, v] of Object.entries(data)) encoded[k] = base64(v);
      const type = ctx.flags.string('type');
      return {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {name, ...nsIfGiven(ctx)},
        ...(Object.keys(encoded).length ? {data: encoded} : {}),
        ...(type ? {type} : {}),
      };
    },
  },
  'docker-registry': {
    wrap: 'failed to create secret ',
    kind: 'Secret',
    short: 'Create a secret for use with a Docker registry',
    flags: [S('docker-server'), S('docker-username'), S('docker-password'), S('docker-email'), L('from-file'), {name: 'append-hash', type: 'bool'}],
    resource: () => resourceByName('secrets'),
    build: (ctx, name) => {
      const server = ctx.flags.string('docker-server', 'https://index.docker.io/v1/');
      const user = ctx.flags.string('docker-username');
      const password = ctx.flags.string('docker-password');
      const email = ctx.flags.string('docker-email');
      if (!ctx.flags.has('from-file')) {
        const missing = ['docker-password', 'docker-username'].filter((f) => !ctx.flags.has(f));
        if (missing.length) throw new CommandError(`required flag(s) ${missing.map((m) => `"${m}"`).join(', ')} not set`);
      }
      const entry: Record<string, string> = {username: user, password};
      if (email) entry.email = email;
      entry.auth = base64(`${user}:${password}`);
      const ordered: Record<string, string> = {};
      for (const k of ['username', 'password', 'email', 'auth']) if (entry[k] !== undefined) ordered[k] = entry[k];
      const config = JSON.stringify({auths: {[server]: ordered}});
      return {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {name, ...nsIfGiven(ctx)},
        data: {'.dockerconfigjson': base64(config)},
        type: 'kubernetes.io/dockerconfigjson',
      };
    },
  },
};

export const CREATE_OUTPUT_FLAGS = OUT;

/** Runs one generator: build, client-side checks, then create on the server (or print the dry run). */
export function runGenerator(ctx: Ctx, g: Generator): number {
  const args = ctx.flags.args;
  const format = ctx.flags.string('output');
  checkOutputFormat(format, ['', 'name', 'yaml', 'json']);
  if (args.length !== 1 && !(g.kind === 'Deployment' && args.length > 1 && ctx.flags.dashAt === 1)) {
    throw new CommandError(`exactly one NAME is required, got ${args.length}`, `See 'kubectl ${ctx.path} -h' for help and examples`);
  }
  const mode = dryRunMode(ctx);
  const name = args[0];
  const object = g.build(ctx, name);
  const r = g.resource();
  let result = object;
  if (mode !== 'client') {
    try {
      authorize(ctx, 'create', r, ctx.namespace);
      result = ctx.server.create(r, object, r.namespaced ? ctx.namespace : '', mode === 'server');
    } catch (e) {
      if (g.wrap && e instanceof ApiError) throw new CommandError(`${g.wrap}${e.message}`);
      throw e;
    }
  }
  if (format === 'name') ctx.out.push(`${nameLine(r, result)}\n`);
  else if (format) printStructured(ctx, format, [result], true);
  else ctx.out.push(`${kindPrefix(r)}/${name} created${dryRunSuffix(mode)}\n`);
  return 0;
}

export {API_RESOURCES};
