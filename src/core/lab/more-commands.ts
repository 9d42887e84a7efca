/**
 * auth can-i / whoami, api-resources, label / annotate, run, describe, explain, config, create
 * token and version (k8s.io/kubectl pkg/cmd/...).
 */
import {displayText} from '../scalar-text';
import {isRecord} from '../assertions/objects';
import {ApiError, ADMIN, resourceByName} from './api-server';
import type {Ctx} from './context';
import {CommandError} from './context';
import {authorize, dryRunMode, dryRunSuffix, printStructured, rec, targets, selectorFilter, checkOutputFormat, nameLine} from './commands';
import {tabwrite} from './print-table';
import {toJson, toYaml} from './print-yaml';
import {API_RESOURCES, kindPrefix, resolveResource} from './resources';
import {clone, meta, nameOf, utf8Bytes} from './store';
import type {KubeObject} from './store';
import {describe} from './describe';

// ---------------------------------------------------------------------------------------------
// auth can-i (k8s.io/kubectl pkg/cmd/auth/cani.go)

export function runAuthCanI(ctx: Ctx): number {
  const args = ctx.flags.args;
  const quiet = ctx.flags.bool('quiet');
  if (ctx.flags.bool('list')) return canIList(ctx);
  if (args.length < 2) {
    if (args.length === 0) throw new CommandError('you must specify two or three arguments: verb, resource, and optional resourceName', `See 'kubectl auth can-i -h' for help and examples`);
    throw new CommandError('you must specify two or three arguments: verb, resource, and optional resourceName', `See 'kubectl auth can-i -h' for help and examples`);
  }
  if (args.length > 3) throw new CommandError('you must specify two or three arguments: verb, resource, and optional resourceName', `See 'kubectl auth can-i -h' for help and examples`);
  const verb = args[0];
  const all = ctx.flags.bool('all-namespaces');
  const namespace = all ? '' : ctx.namespace;
  let allowed: boolean;
  if (args[1].startsWith('/')) {
    allowed = ctx.server.allowed(ctx.user, {verb, nonResourceURL: args[1]});
  } else {
    let typeArg = args[1];
    let name = args[2] ?? '';
    if (typeArg.includes('/')) {
      name = typeArg.slice(typeArg.indexOf('/') + 1);
      typeArg = typeArg.slice(0, typeArg.indexOf('/'));
    }
    const r = resolveResource(typeArg);
    let resource: string;
    let group: string;
    if (!r) {
      // cani.go resourceFor: warn and ask about the name as given
      ctx.err.push(`Warning: the server doesn't have a resource type '${typeArg}'\n\n`);
      const dot = typeArg.indexOf('.');
      resource = dot < 0 ? typeArg : typeArg.slice(0, dot);
      group = dot < 0 ? '' : typeArg.slice(dot + 1);
    } else {
      resource = r.name;
      group = r.group;
      if (!r.namespaced && namespace && !all) ctx.err.push(`Warning: resource '${r.name}' is not namespace scoped\n\n`);
    }
    if (r && !r.verbs.includes(verb) && verb !== '*' && !['use', 'bind', 'escalate', 'impersonate', 'approve', 'sign', 'attest'].includes(verb) && !ctx.flags.has('subresource')) {
      ctx.err.push(`Warning: verb '${verb}' is not a known verb\n\n`);
    }
    allowed = ctx.server.allowed(ctx.user, {verb, resourceName: resource, group, namespace, name: name || undefined, subresource: ctx.flags.string('subresource') || undefined});
  }
  if (!quiet) ctx.out.push(allowed ? 'yes\n' : 'no\n');
  return allowed ? 0 : 1;
}

function canIList(ctx: Ctx): number {
  // SelfSubjectRulesReview: the rules that apply to the user in the namespace
  const store = ctx.server.store;
  const rbac = (n: string) => resourceByName(n, 'rbac.authorization.k8s.io');
  const ns = ctx.namespace;
  const user = ctx.user;
  const applies = (subjects: unknown, bindingNs: string) =>
    Array.isArray(subjects) &&
    subjects.some((s) => {
      if (!isRecord(s)) return false;
      if (s.kind === 'User') return s.name === user.name;
      if (s.kind === 'Group') return user.groups.includes(displayText(s.name));
      if (s.kind === 'ServiceAccount') return user.name === `system:serviceaccount:${s.namespace || bindingNs}:${s.name}`;
      return false;
    });
  const rules: Record<string, unknown>[] = [];
  const add = (roleKind: string, roleName: string, roleNs: string) => {
    const role = roleKind === 'ClusterRole' ? store.get(rbac('clusterroles'), '', roleName) : store.get(rbac('roles'), roleNs, roleName);
    if (role && Array.isArray(role.rules)) for (const r of role.rules) if (isRecord(r)) rules.push(r);
  };
  for (const b of store.list(rbac('clusterrolebindings'), '')) if (applies(b.subjects, '')) add(displayText(rec(b.roleRef).kind), displayText(rec(b.roleRef).name), '');
  for (const b of store.list(rbac('rolebindings'), ns)) if (applies(b.subjects, ns)) add(displayText(rec(b.roleRef).kind), displayText(rec(b.roleRef).name), ns);
  if (user.groups.includes('system:masters')) rules.unshift({apiGroups: ['*'], resources: ['*'], verbs: ['*']}, {nonResourceURLs: ['*'], verbs: ['*']});
  // printer (cani.go printRules): one row per rule, resources joined as resource.group
  const rows: string[][] = ctx.flags.bool('no-headers') ? [] : [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']];
  const merged = new Map<string, {resource: string; urls: string[]; names: string[]; verbs: string[]}>();
  for (const r of rules) {
    const verbs = (Array.isArray(r.verbs) ? r.verbs : []).map(String);
    const names = (Array.isArray(r.resourceNames) ? r.resourceNames : []).map(String);
    if (Array.isArray(r.nonResourceURLs) && r.nonResourceURLs.length) {
      const key = `|${r.nonResourceURLs.join(',')}|`;
      const e = merged.get(key) ?? {resource: '', urls: r.nonResourceURLs.map(String), names: [], verbs: []};
      for (const v of verbs) if (!e.verbs.includes(v)) e.verbs.push(v);
      merged.set(key, e);
      continue;
    }
    const groups = (Array.isArray(r.apiGroups) ? r.apiGroups : []).map(String);
    for (const g of groups) {
      for (const res of (Array.isArray(r.resources) ? r.resources : []).map(String)) {
        const resource = g ? `${res}.${g}` : res;
        const key = `${resource}|${names.join(',')}`;
        const e = merged.get(key) ?? {resource, urls: [], names, verbs: []};
        for (const v of verbs) if (!e.verbs.includes(v)) e.verbs.push(v);
        merged.set(key, e);
      }
    }
  }
  const list = [...merged.values()].sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  for (const e of list) rows.push([e.resource, `[${e.urls.join(' ')}]`, `[${e.names.join(' ')}]`, `[${e.verbs.join(' ')}]`]);
  ctx.out.push(tabwrite(rows));
  return 0;
}

// ---------------------------------------------------------------------------------------------
// auth whoami

export function runWhoami(ctx: Ctx): number {
  const format = ctx.flags.string('output');
  const impersonating = ctx.user !== ctx.caller;
  const extra = !impersonating && ctx.caller === ADMIN ? {'authentication.kubernetes.io/credential-id': ['X509SHA256=0000000000000000000000000000000000000000000000000000000000000000']} : undefined;
  if (format === 'yaml' || format === 'json') {
    const review = {apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {creationTimestamp: null}, status: {userInfo: {...(extra ? {extra} : {}), groups: ctx.user.groups, username: ctx.user.name}}};
    ctx.out.push(format === 'yaml' ? toYaml(review) : toJson(review));
    return 0;
  }
  const rows = [['ATTRIBUTE', 'VALUE'], ['Username', ctx.user.name], ['Groups', `[${ctx.user.groups.join(' ')}]`]];
  if (extra) for (const [k, v] of Object.entries(extra)) rows.push([`Extra: ${k}`, `[${v.join(' ')}]`]);
  ctx.out.push(tabwrite(rows));
  return 0;
}

// ---------------------------------------------------------------------------------------------
// api-resources (k8s.io/kubectl pkg/cmd/apiresources/apiresources.go)

export function runApiResources(ctx: Ctx): number {
  const format = ctx.flags.string('output');
  if (format && format !== 'wide' && format !== 'name') throw new CommandError(`--output ${format} is not available`);
  let list = [...API_RESOURCES];
  if (ctx.flags.has('namespaced')) {
    const v = ctx.flags.string('namespaced');
    list = list.filter((r) => displayText(r.namespaced) === v);
  }
  if (ctx.flags.has('api-group')) {
    const g = ctx.flags.string('api-group');
    list = list.filter((r) => r.group === g);
  }
  const verbs = ctx.flags.strings('verbs');
  if (verbs.length) list = list.filter((r) => verbs.every((v) => r.verbs.includes(v)));
  const categories = ctx.flags.strings('categories');
  if (categories.length) list = list.filter((r) => categories.every((c) => r.categories.includes(c)));
  const sortBy = ctx.flags.string('sort-by');
  if (sortBy === 'name') list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  else if (sortBy === 'kind') list.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  else if (sortBy) throw new CommandError(`--sort-by accepts only name or kind`);
  if (format === 'name') {
    for (const r of list) ctx.out.push(`${r.group ? `${r.name}.${r.group}` : r.name}\n`);
    return 0;
  }
  const rows: string[][] = ctx.flags.bool('no-headers') ? [] : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(format === 'wide' ? ['VERBS', 'CATEGORIES'] : [])]];
  for (const r of list) {
    rows.push([r.name, r.shortNames.join(','), r.apiVersion, displayText(r.namespaced), r.kind, ...(format === 'wide' ? [r.verbs.join(','), r.categories.join(',')] : [])]);
  }
  ctx.out.push(tabwrite(rows));
  return 0;
}

// ---------------------------------------------------------------------------------------------
// label / annotate (k8s.io/kubectl pkg/cmd/label/label.go, annotate/annotate.go)

export function runLabel(ctx: Ctx, field: 'labels' | 'annotations'): number {
  const args = ctx.flags.args;
  const mode = dryRunMode(ctx);
  const word = field === 'labels' ? 'label' : 'annotate';
  // split resource args from key=value / key- arguments
  const changes = args.filter((a) => /=/.test(a) || /-$/.test(a));
  const resourceArgs = args.filter((a) => !changes.includes(a));
  if (resourceArgs.length === 0) throw new CommandError('one or more resources must be specified as <resource> <name> or <resource>/<name>', `See 'kubectl ${word} -h' for help and examples`);
  if (changes.length === 0 && !ctx.flags.bool('list')) throw new CommandError(`at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`, `See 'kubectl ${word} -h' for help and examples`);
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const c of changes) {
    if (c.endsWith('-') && !c.includes('=')) remove.push(c.slice(0, -1));
    else {
      const eq = c.indexOf('=');
      const key = c.slice(0, eq);
      const value = c.slice(eq + 1);
      if (field === 'labels' && value !== '' && !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) {
        throw new CommandError(`invalid label value: "${c}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
      }
      set[key] = value;
    }
  }
  const filter = selectorFilter(ctx);
  const list = targets(resourceArgs, word);
  let exit = 0;
  for (const t of list) {
    const ns = t.resource.namespaced ? ctx.namespace : '';
    let names = t.names;
    if (!names.length) {
      if (!filter && !ctx.flags.bool('all')) throw new CommandError('resource(s) were provided, but no name was specified');
      authorize(ctx, 'list', t.resource, ns);
      names = ctx.server.list(t.resource, ns).filter(filter ?? (() => true)).map(nameOf);
    }
    for (const name of names) {
      try {
        authorize(ctx, 'get', t.resource, ns, name);
        const current = ctx.server.get(t.resource, ns, name);
        if (ctx.flags.bool('list')) {
          const m = rec(rec(current.metadata)[field]);
          for (const k of Object.keys(m).sort()) ctx.out.push(`${k}=${m[k]}\n`);
          continue;
        }
        const next = clone(current);
        const m = meta(next);
        const map = {...rec(m[field])} as Record<string, unknown>;
        for (const [k, v] of Object.entries(set)) {
          if (k in map && map[k] !== v && !ctx.flags.bool('overwrite')) {
            throw new CommandError(`'${k}' already has a value (${displayText(map[k])}), and --overwrite is false`);
          }
          map[k] = v;
        }
        for (const k of remove) delete map[k];
        if (Object.keys(map).length) m[field] = map;
        else delete m[field];
        const changed = JSON.stringify(next) !== JSON.stringify(current);
        if (changed) {
          authorize(ctx, 'patch', t.resource, ns, name);
          if (mode !== 'client') ctx.server.update(t.resource, next, mode === 'server');
        }
        const format = ctx.flags.string('output');
        if (format) printStructured(ctx, format, [next], true);
        else ctx.out.push(`${kindPrefix(t.resource)}/${name} ${changed ? (field === 'labels' ? 'labeled' : 'annotated') : field === 'labels' ? 'not labeled' : 'annotated'}${dryRunSuffix(mode)}\n`);
      } catch (e) {
        if (e instanceof ApiError) {
          ctx.err.push(`Error from server (${e.reason}): ${e.message}\n`);
          exit = 1;
          continue;
        }
        throw e;
      }
    }
  }
  return exit;
}

// ---------------------------------------------------------------------------------------------
// run (k8s.io/kubectl pkg/cmd/run/run.go): a Pod

export function runRun(ctx: Ctx): number {
  const args = ctx.flags.args;
  const format = ctx.flags.string('output');
  checkOutputFormat(format, ['', 'name', 'yaml', 'json']);
  if (args.length === 0 || (ctx.flags.dashAt === 0)) throw new CommandError('NAME is required for run', `See 'kubectl run -h' for help and examples`);
  const name = args[0];
  const image = ctx.flags.string('image');
  if (!image) throw new CommandError('--image is required');
  const mode = dryRunMode(ctx);
  const labels: Record<string, string> = {};
  if (ctx.flags.has('labels')) {
    for (const pair of ctx.flags.string('labels').split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new CommandError(`invalid label spec: ${pair}`);
      labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  } else labels.run = name;
  const container: Record<string, unknown> = {image, name};
  const rest = args.slice(1);
  if (rest.length) {
    if (ctx.flags.bool('command')) container.command = rest;
    else container.args = rest;
  }
  const env = ctx.flags.strings('env');
  if (env.length) container.env = env.map((e) => ({name: e.slice(0, e.indexOf('=')), value: e.slice(e.indexOf('=') + 1)}));
  if (ctx.flags.has('port')) container.ports = [{containerPort: Number(ctx.flags.string('port'))}];
  if (ctx.flags.has('image-pull-policy')) container.imagePullPolicy = ctx.flags.string('image-pull-policy');
  container.resources = {};
  const restart = ctx.flags.string('restart', 'Always');
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {labels, name, namespace: ctx.namespace},
    spec: {containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart, ...(ctx.flags.has('serviceaccount') ? {serviceAccountName: ctx.flags.string('serviceaccount')} : {})},
    status: {},
  };
  const r = resourceByName('pods');
  let result = pod;
  if (mode !== 'client') {
    authorize(ctx, 'create', r, ctx.namespace);
    result = ctx.server.create(r, pod, ctx.namespace, mode === 'server');
  }
  if (format === 'name') ctx.out.push(`${nameLine(r, result)}\n`);
  else if (format) printStructured(ctx, format, [result], true);
  else ctx.out.push(`pod/${name} created${dryRunSuffix(mode)}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// describe

export function runDescribe(ctx: Ctx): number {
  const args = ctx.flags.args;
  if (args.length === 0) throw new CommandError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n');
  const list = targets(args, 'describe');
  const filter = selectorFilter(ctx);
  const all = ctx.flags.bool('all-namespaces');
  let exit = 0;
  const blocks: string[] = [];
  for (const t of list) {
    const ns = t.resource.namespaced ? (all ? '' : ctx.namespace) : '';
    let objects: KubeObject[] = [];
    if (t.names.length) {
      for (const name of t.names) {
        try {
          authorize(ctx, 'get', t.resource, ns, name);
          objects.push(ctx.server.get(t.resource, ns, name));
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          // describe looks the name up as a prefix when it is not found (describe.go)
          const prefixed = ctx.server.list(t.resource, ns).filter((o) => nameOf(o).startsWith(name));
          if (e.reason === 'NotFound' && prefixed.length) objects.push(...prefixed);
          else {
            ctx.err.push(`Error from server (${e.reason}): ${e.message}\n`);
            exit = 1;
          }
        }
      }
    } else {
      authorize(ctx, 'list', t.resource, ns);
      objects = ctx.server.list(t.resource, ns).filter(filter ?? (() => true));
      if (!objects.length) ctx.err.push(`No resources found${t.resource.namespaced && !all ? ` in ${ns} namespace` : ''}.\n`);
    }
    for (const o of objects) blocks.push(describe(ctx, t.resource, o));
  }
  ctx.out.push(blocks.join('\n\n\n'));
  if (blocks.length) ctx.out.push('\n');
  return exit;
}

// ---------------------------------------------------------------------------------------------
// explain: from the OpenAPI spec, loaded when used

export function runExplain(ctx: Ctx): number {
  const args = ctx.flags.args;
  if (args.length === 0) {
    throw new CommandError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
  }
  const [head] = args[0].split('.');
  const r = resolveResource(head);
  if (!r) throw new CommandError(`the server doesn't have a resource type "${head}"`);
  ctx.err.push(`error: "kubectl explain" needs the OpenAPI documents, which this lab loads asynchronously: use explainAsync()\n`);
  return 1;
}

// ---------------------------------------------------------------------------------------------
// config basics

export function runConfig(ctx: Ctx, sub: string): number {
  switch (sub) {
    case 'current-context':
      ctx.out.push('kubernetes-admin@kubernetes\n');
      return 0;
    case 'get-contexts':
      ctx.out.push(tabwrite([['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ['*', 'kubernetes-admin@kubernetes', 'kubernetes', 'kubernetes-admin', ctx.namespace === 'default' ? '' : ctx.namespace]]));
      return 0;
    case 'get-clusters':
      ctx.out.push('NAME\nkubernetes\n');
      return 0;
    case 'get-users':
      ctx.out.push('NAME\nkubernetes-admin\n');
      return 0;
    case 'view':
      ctx.out.push(
        'apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: DATA+OMITTED\n    server: https://127.0.0.1:6443\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: kubernetes-admin\n  name: kubernetes-admin@kubernetes\ncurrent-context: kubernetes-admin@kubernetes\nkind: Config\nusers:\n- name: kubernetes-admin\n  user:\n    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n',
      );
      return 0;
    case 'set-context':
    case 'use-context':
      ctx.err.push(`error: the lab has one kubeconfig context (kubernetes-admin@kubernetes) and does not change it; use -n NAMESPACE on each command\n`);
      return 1;
    default:
      ctx.out.push('Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".\n\nAvailable Commands:\n  current-context   Display the current-context\n  get-clusters      Display clusters defined in the kubeconfig\n  get-contexts      Describe one or many contexts\n  get-users         Display users defined in the kubeconfig\n  view              Display merged kubeconfig settings or a specified kubeconfig file\n');
      return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// create token (TokenRequest)

export function runCreateToken(ctx: Ctx): number {
  const args = ctx.flags.args;
  if (args.length !== 1) throw new CommandError(`exactly one NAME is required, got ${args.length}`, `See 'kubectl create token -h' for help and examples`);
  const name = args[0];
  const sa = resourceByName('serviceaccounts');
  authorize(ctx, 'create', sa, ctx.namespace, name, 'token');
  ctx.server.get(sa, ctx.namespace, name);
  const header = b64url(JSON.stringify({alg: 'RS256', kid: 'lab'}));
  const issued = Math.floor(ctx.now.getTime() / 1000);
  const duration = parseDuration(ctx.flags.string('duration', '1h'));
  const payload = b64url(
    JSON.stringify({
      aud: ctx.flags.strings('audience').length ? ctx.flags.strings('audience') : ['https://kubernetes.default.svc.cluster.local'],
      exp: issued + duration,
      iat: issued,
      iss: 'https://kubernetes.default.svc.cluster.local',
      'kubernetes.io': {namespace: ctx.namespace, serviceaccount: {name, uid: displayText(rec(ctx.server.get(sa, ctx.namespace, name).metadata).uid)}},
      nbf: issued,
      sub: `system:serviceaccount:${ctx.namespace}:${name}`,
    }),
  );
  ctx.out.push(`${header}.${payload}.bGFiLXNpZ25hdHVyZQ\n`);
  return 0;
}

function parseDuration(text: string): number {
  const m = /^(\d+)(h|m|s)$/.exec(text);
  if (!m) return 3600;
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

function b64url(text: string): string {
  const bytes = utf8Bytes(text);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63] + (i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '') + (i + 2 < bytes.length ? alphabet[n & 63] : '');
  }
  return out;
}

export function runVersion(ctx: Ctx): number {
  ctx.out.push('Client Version: v1.36.3\nKustomize Version: v5.8.1\nServer Version: v1.36.3\n');
  return 0;
}
