/**
 * auth can-i / whoami, api-resources, label / annotate, run, describe, explain, config, create
 * token and version (k8s.io/kubectl pkg/cmd/...).
 */
import {displayText} from '../scalar-text';
import {isRecord} from '../is-record';
import {ApiError, ADMIN, resourceByName} from './api-server';
import type {Ctx} from './context';
import {CommandError, errorText} from './context';
import {authorize, dryRunMode, dryRunSuffix, printStructured, rec, targets, selectorFilter, checkOutputFormat, nameLine} from './commands';
import {tabwrite, tabwriteText} from './print-table';
import {toJson, toYaml} from './print-yaml';
import {API_RESOURCES, kindPrefix, resolveResource} from './resources';
import {base64, clone, meta, nameOf} from './store';
import type {KubeObject} from './store';
import type {ApiResource} from './resources';
import {describe, ruleRows} from './describe';
import {jsonPath as jsonPathText} from './jsonpath';

// ---------------------------------------------------------------------------------------------
// auth can-i (k8s.io/kubectl pkg/cmd/auth/cani.go)

export function runAuthCanI(ctx: Ctx): number {
  const args = ctx.flags.args;
  const quiet = ctx.flags.bool('quiet');
  if (ctx.flags.bool('list')) return canIList(ctx);
  if (args.length !== 2) {
    // cani.go Complete (1.36): VERB TYPE or VERB TYPE/NAME, nothing else
    throw new CommandError(
      'you must specify two arguments: verb resource or verb resource/resourceName.',
      `See 'kubectl auth can-i -h' for help and examples.`,
    );
  }
  const verb = args[0];
  const all = ctx.flags.bool('all-namespaces');
  const namespace = all ? '' : ctx.namespace;
  let allowed: boolean;
  let reason = '';
  if (args[1].startsWith('/')) {
    // cani.go: the verbs a non-resource URL knows
    if (!['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*'].includes(verb)) ctx.err.push(`Warning: verb '${verb}' is not a known verb\n\n`);
    allowed = ctx.server.allowed(ctx.user, {verb, nonResourceURL: args[1]});
    if (!allowed) reason = ctx.server.rbacReason(ctx.user, {verb, nonResourceURL: args[1]});
  } else {
    let typeArg = args[1];
    let name = '';
    if (typeArg.includes('/')) {
      name = typeArg.slice(typeArg.indexOf('/') + 1);
      typeArg = typeArg.slice(0, typeArg.indexOf('/'));
    }
    const r = resolveResource(typeArg);
    let resource: string;
    let group: string;
    const crd = r ? undefined : customResource(ctx, typeArg);
    if (crd) {
      resource = crd.name;
      group = crd.group;
      if (!crd.namespaced && namespace && !all) ctx.err.push(`Warning: resource '${crd.name}' is not namespace scoped in group '${crd.group}'\n\n`);
    } else if (!r) {
      // cani.go resourceFor: warn and ask about the name as given
      ctx.err.push(`Warning: the server doesn't have a resource type '${typeArg}'\n\n`);
      const dot = typeArg.indexOf('.');
      resource = dot < 0 ? typeArg : typeArg.slice(0, dot);
      group = dot < 0 ? '' : typeArg.slice(dot + 1);
    } else {
      resource = r.name;
      group = r.group;
      if (!r.namespaced && namespace && !all)
        ctx.err.push(`Warning: resource '${r.name}' is not namespace scoped${r.group ? ` in group '${r.group}'` : ''}\n\n`);
    }
    if (
      r &&
      !r.verbs.includes(verb) &&
      verb !== '*' &&
      !['use', 'bind', 'escalate', 'impersonate', 'approve', 'sign', 'attest'].includes(verb) &&
      !ctx.flags.has('subresource')
    ) {
      ctx.err.push(`Warning: verb '${verb}' is not a known verb\n\n`);
    }
    allowed = ctx.server.allowed(ctx.user, {
      verb,
      resourceName: resource,
      group,
      namespace,
      name: name || undefined,
      subresource: ctx.flags.string('subresource') || undefined,
    });
    if (!allowed) reason = ctx.server.rbacReason(ctx.user, {verb, resource, apiGroup: group, namespace, name: name || undefined});
  }
  // cani.go: "no", then " - <reason>" when the SubjectAccessReview carries one
  if (!quiet) ctx.out.push(allowed ? 'yes\n' : `no${reason ? ` - ${reason}` : ''}\n`);
  return allowed ? 0 : 1;
}

/**
 * `auth can-i --list`: the SelfSubjectRulesReview's rules (the RBAC rule resolver visits the
 * ClusterRoleBindings, then the RoleBindings of the namespace), printed as cani.go printStatus
 * does: broken down, compacted, sorted (the same helpers as describe).
 */
/** A resource served through a CustomResourceDefinition stored in the lab (plural, singular, kind or short name, with or without .group). */
function customResource(ctx: Ctx, arg: string): {name: string; group: string; namespaced: boolean} | undefined {
  const crds = ctx.server.list(resourceByName('customresourcedefinitions', 'apiextensions.k8s.io'), '');
  const text = arg.toLowerCase();
  for (const c of crds) {
    const spec = rec(c.spec);
    const names = rec(spec.names);
    const group = displayText(spec.group);
    const words = [names.plural, names.singular, names.kind, ...(Array.isArray(names.shortNames) ? names.shortNames : [])].map((w) =>
      displayText(w).toLowerCase(),
    );
    const dot = text.indexOf('.');
    const [word, rest] = dot < 0 ? [text, ''] : [text.slice(0, dot), text.slice(dot + 1)];
    if (words.includes(word) && (rest === '' || rest === group || rest.endsWith(`.${group}`))) {
      return {name: displayText(names.plural), group, namespaced: spec.scope !== 'Cluster'};
    }
  }
  return undefined;
}

function canIList(ctx: Ctx): number {
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
      if (s.kind === 'ServiceAccount') return user.name === `system:serviceaccount:${displayText(s.namespace) || bindingNs}:${displayText(s.name)}`;
      return false;
    });
  const rules: Record<string, unknown>[] = [];
  const add = (roleKind: string, roleName: string, roleNs: string) => {
    const role = roleKind === 'ClusterRole' ? store.get(rbac('clusterroles'), '', roleName) : store.get(rbac('roles'), roleNs, roleName);
    if (role && Array.isArray(role.rules)) for (const r of role.rules) if (isRecord(r)) rules.push(r);
  };
  for (const b of store.list(rbac('clusterrolebindings'), ''))
    if (applies(b.subjects, '')) add(displayText(rec(b.roleRef).kind), displayText(rec(b.roleRef).name), '');
  for (const b of store.list(rbac('rolebindings'), ns))
    if (applies(b.subjects, ns)) add(displayText(rec(b.roleRef).kind), displayText(rec(b.roleRef).name), ns);
  const rows = ctx.flags.bool('no-headers') ? '' : 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n';
  ctx.out.push(
    tabwriteText(
      rows +
        ruleRows(rules)
          .map((r) => `${r.join('\t')}\n`)
          .join(''),
      3,
    ),
  );
  return 0;
}

// ---------------------------------------------------------------------------------------------
// auth whoami

export function runWhoami(ctx: Ctx): number {
  const format = ctx.flags.string('output');
  const impersonating = ctx.user !== ctx.caller;
  const extra =
    !impersonating && ctx.caller === ADMIN
      ? {'authentication.kubernetes.io/credential-id': ['X509SHA256=0000000000000000000000000000000000000000000000000000000000000000']}
      : undefined;
  if (format === 'yaml' || format === 'json') {
    const review = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: {creationTimestamp: null},
      status: {userInfo: {...(extra ? {extra} : {}), groups: ctx.user.groups, username: ctx.user.name}},
    };
    ctx.out.push(format === 'yaml' ? toYaml(review) : toJson(review));
    return 0;
  }
  const rows = [
    ['ATTRIBUTE', 'VALUE'],
    ['Username', ctx.user.name],
    ['Groups', `[${ctx.user.groups.join(' ')}]`],
  ];
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
  const rows: string[][] = ctx.flags.bool('no-headers')
    ? []
    : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(format === 'wide' ? ['VERBS', 'CATEGORIES'] : [])]];
  for (const r of list) {
    rows.push([
      r.name,
      r.shortNames.join(','),
      r.apiVersion,
      displayText(r.namespaced),
      r.kind,
      ...(format === 'wide' ? [r.verbs.join(','), r.categories.join(',')] : []),
    ]);
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
  if (resourceArgs.length === 0)
    throw new CommandError(
      'one or more resources must be specified as <resource> <name> or <resource>/<name>',
      `See 'kubectl ${word} -h' for help and examples`,
    );
  if (changes.length === 0 && !ctx.flags.bool('list'))
    throw new CommandError(`at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`, `See 'kubectl ${word} -h' for help and examples`);
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const c of changes) {
    if (c.endsWith('-') && !c.includes('=')) remove.push(c.slice(0, -1));
    else {
      const eq = c.indexOf('=');
      const key = c.slice(0, eq);
      const value = c.slice(eq + 1);
      if (field === 'labels' && value !== '' && !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) {
        throw new CommandError(
          `invalid label value: "${c}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
        );
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
      names = ctx.server
        .list(t.resource, ns)
        .filter(filter ?? (() => true))
        .map(nameOf);
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
        for (const k of remove) {
          // label.go: a label to remove that is not there
          if (!(k in map) && field === 'labels') ctx.out.push(`label "${k}" not found.\n`);
          delete map[k];
        }
        if (Object.keys(map).length) m[field] = map;
        else delete m[field];
        const changed = JSON.stringify(next) !== JSON.stringify(current);
        if (changed) {
          authorize(ctx, 'patch', t.resource, ns, name);
          if (mode !== 'client') ctx.server.update(t.resource, next, mode === 'server');
        }
        const format = ctx.flags.string('output');
        if (format) printStructured(ctx, format, [next], true);
        // label.go: "unlabeled" when only removing, "not labeled" when nothing changed; annotate.go: "annotated"
        const verbText = field === 'annotations' ? 'annotated' : !changed ? 'not labeled' : Object.keys(set).length === 0 ? 'unlabeled' : 'labeled';
        ctx.out.push(`${kindPrefix(t.resource)}/${name} ${verbText}${dryRunSuffix(mode)}\n`);
      } catch (e) {
        if (e instanceof ApiError) {
          ctx.err.push(errorText(e));
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
  if (args.length === 0 || ctx.flags.dashAt === 0) throw new CommandError('NAME is required for run', `See 'kubectl run -h' for help and examples`);
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
    metadata: {labels, name, ...(ctx.namespaceGiven ? {namespace: ctx.namespace} : {})},
    spec: {
      containers: [container],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: restart,
      ...(ctx.flags.has('serviceaccount') ? {serviceAccountName: ctx.flags.string('serviceaccount')} : {}),
    },
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
  if (args.length === 0)
    throw new CommandError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n');
  const list = targets(args, 'describe');
  const filter = selectorFilter(ctx);
  const all = ctx.flags.bool('all-namespaces');
  let exit = 0;
  const found: {resource: ApiResource; object: KubeObject}[] = [];
  let prefixMatched = false;
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
          if (e.reason === 'NotFound' && prefixed.length) {
            objects.push(...prefixed);
            prefixMatched = true;
          } else {
            ctx.err.push(errorText(e));
            exit = 1;
          }
        }
      }
    } else {
      authorize(ctx, 'list', t.resource, ns);
      objects = ctx.server.list(t.resource, ns).filter(filter ?? (() => true));
      if (!objects.length) ctx.err.push(`No resources found${t.resource.namespaced && !all ? ` in ${ns} namespace` : ''}.\n`);
    }
    for (const o of objects) found.push({resource: t.resource, object: o});
  }
  // describe.go: events only for a single object found without error, unless --show-events says so
  const showEvents = ctx.flags.has('show-events') ? ctx.flags.bool('show-events') : found.length === 1 && exit === 0 && !prefixMatched;
  const blocks = found.map((f) => describe(ctx, f.resource, f.object, showEvents));
  // describe.go: a blank line pair between objects, each text ending with its own line break
  ctx.out.push(blocks.join('\n\n'));
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
  ctx.err.push(
    `error: "kubectl explain" is not available in this lab yet: read the field's reference on kubernetes.io (API reference, ${r.kind} ${r.apiVersion})\n`,
  );
  return 1;
}

// ---------------------------------------------------------------------------------------------
// config basics

/**
 * The kubeconfig as `kubectl config view` prints it (credentials redacted: DATA+OMITTED), its
 * keys in the order of k8s.io/client-go tools/clientcmd/api/v1 Config's fields (the order -o json
 * keeps; yaml sorts them).
 */
function kubeconfigView(ctx: Ctx): Record<string, unknown> {
  const k = ctx.kubeconfig;
  return {
    kind: 'Config',
    apiVersion: 'v1',
    clusters: [{name: k.cluster, cluster: {server: k.server, 'certificate-authority-data': 'DATA+OMITTED'}}],
    users: [{name: k.user, user: {'client-certificate-data': 'DATA+OMITTED', 'client-key-data': 'DATA+OMITTED'}}],
    contexts: [{name: k.context, context: {cluster: k.cluster, user: k.user, ...(k.namespace ? {namespace: k.namespace} : {})}}],
    'current-context': k.context,
  };
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v).sort()) out[key] = sortedKeys(v[key]);
  return out;
}

export function runConfig(ctx: Ctx, sub: string): number {
  const k = ctx.kubeconfig;
  switch (sub) {
    case 'current-context':
      ctx.out.push(`${k.context}\n`);
      return 0;
    case 'get-contexts': {
      // the kubeconfig's own namespace line; -n does not change what the file says
      const names = ctx.flags.args;
      // get_contexts.go: the table (headers at least) comes first, then "context X not found"
      const missing = names.filter((n) => n !== k.context);
      const shown = names.length === 0 || names.includes(k.context);
      if (ctx.flags.string('output') === 'name') {
        if (shown) ctx.out.push(`${k.context}\n`);
      } else {
        const rows = shown ? [['*', k.context, k.cluster, k.user, k.namespace ?? '']] : [];
        const table = ctx.flags.bool('no-headers') ? rows : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...rows];
        // get_contexts.go printers.GetNewTabWriter: minwidth 6 (seen with --no-headers, where "*" is the widest CURRENT cell)
        if (table.length) ctx.out.push(tabwrite(table, 3, 6));
      }
      if (missing.length) {
        ctx.err.push(`error: context ${missing[0]} not found\n`);
        return 1;
      }
      return 0;
    }
    case 'get-clusters':
      ctx.out.push(`NAME\n${k.cluster}\n`);
      return 0;
    case 'get-users':
      ctx.out.push(`NAME\n${k.user}\n`);
      return 0;
    case 'view': {
      // k8s.io/kubectl pkg/cmd/config/view.go: yaml by default, -o json|yaml|jsonpath=...
      const view = kubeconfigView(ctx);
      const format = ctx.flags.string('output', 'yaml');
      if (format === 'yaml') ctx.out.push(toYaml(sortedKeys(view)));
      else if (format === 'json') ctx.out.push(toJson(view, false));
      else if (/^jsonpath=/.test(format)) ctx.out.push(jsonPathText(format.slice('jsonpath='.length), view));
      else {
        ctx.err.push(
          `error: unable to match a printer suitable for the output format "${format}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,yaml\n`,
        );
        return 1;
      }
      return 0;
    }
    case 'set-context':
    case 'use-context':
      ctx.err.push(`error: the lab has one kubeconfig context (${k.context}) and does not change it; use -n NAMESPACE on each command\n`);
      return 1;
    default:
      ctx.out.push(
        'Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".\n\nAvailable Commands:\n  current-context   Display the current-context\n  get-clusters      Display clusters defined in the kubeconfig\n  get-contexts      Describe one or many contexts\n  get-users         Display users defined in the kubeconfig\n  view              Display merged kubeconfig settings or a specified kubeconfig file\n',
      );
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
  try {
    authorize(ctx, 'create', sa, ctx.namespace, name, 'token');
    ctx.server.get(sa, ctx.namespace, name);
  } catch (e) {
    if (e instanceof ApiError) throw new CommandError(`failed to create token: ${e.message}`);
    throw e;
  }
  const header = base64(JSON.stringify({alg: 'RS256', kid: 'lab'}), true);
  const issued = Math.floor(ctx.now.getTime() / 1000);
  const duration = parseDuration(ctx.flags.string('duration', '1h'));
  const payload = base64(
    JSON.stringify({
      aud: ctx.flags.strings('audience').length ? ctx.flags.strings('audience') : ['https://kubernetes.default.svc.cluster.local'],
      exp: issued + duration,
      iat: issued,
      iss: 'https://kubernetes.default.svc.cluster.local',
      'kubernetes.io': {namespace: ctx.namespace, serviceaccount: {name, uid: displayText(rec(ctx.server.get(sa, ctx.namespace, name).metadata).uid)}},
      nbf: issued,
      sub: `system:serviceaccount:${ctx.namespace}:${name}`,
    }),
    true,
  );
  const token = `${header}.${payload}.bGFiLXNpZ25hdHVyZQ`;
  const format = ctx.flags.string('output');
  if (!format) {
    // create_token.go prints the token alone, without a line break
    ctx.out.push(token);
    return 0;
  }
  const account = ctx.server.get(sa, ctx.namespace, name);
  const review = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: {creationTimestamp: ctx.server.store.timestamp(), name, namespace: ctx.namespace, uid: rec(account.metadata).uid},
    spec: {
      audiences: ctx.flags.strings('audience').length ? ctx.flags.strings('audience') : ['https://kubernetes.default.svc.cluster.local'],
      boundObjectRef: null,
      expirationSeconds: duration,
    },
    status: {expirationTimestamp: new Date((issued + duration) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), token},
  };
  if (format === 'name') ctx.out.push(`tokenrequest.authentication.k8s.io/${name}\n`);
  else printStructured(ctx, format, [review as KubeObject], true);
  return 0;
}

function parseDuration(text: string): number {
  const m = /^(\d+)(h|m|s)$/.exec(text);
  if (!m) return 3600;
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

export function runVersion(ctx: Ctx): number {
  ctx.out.push('Client Version: v1.36.3\nKustomize Version: v5.8.1\nServer Version: v1.36.3\n');
  return 0;
}

// ---------------------------------------------------------------------------------------------
// set image / set serviceaccount (k8s.io/kubectl pkg/cmd/set): change a workload's pod template

function podSpecOf(o: KubeObject): Record<string, unknown> | undefined {
  if (o.kind === 'Pod') return isRecord(o.spec) ? o.spec : undefined;
  const template = rec(rec(o.spec).template);
  return isRecord(template.spec) ? template.spec : undefined;
}

export function runSet(ctx: Ctx, what: 'image' | 'serviceaccount'): number {
  const args = ctx.flags.args;
  const mode = dryRunMode(ctx);
  const resourceArgs: string[] = [];
  const rest: string[] = [];
  if (args[0]?.includes('/')) {
    resourceArgs.push(args[0]);
    rest.push(...args.slice(1));
  } else {
    resourceArgs.push(...args.slice(0, 2));
    rest.push(...args.slice(2));
  }
  if (what === 'image' && (rest.length === 0 || rest.some((r) => !r.includes('=')))) {
    throw new CommandError('at least one image update is required', `See 'kubectl set image -h' for help and examples`);
  }
  if (what === 'serviceaccount' && rest.length !== 1) {
    throw new CommandError('serviceaccount is required', `See 'kubectl set serviceaccount -h' for help and examples`);
  }
  const list = targets(resourceArgs, `set ${what}`);
  let exit = 0;
  for (const t of list) {
    const ns = t.resource.namespaced ? ctx.namespace : '';
    for (const name of t.names) {
      try {
        authorize(ctx, 'get', t.resource, ns, name);
        const current = ctx.server.get(t.resource, ns, name);
        const next = clone(current);
        const spec = podSpecOf(next);
        if (!spec) throw new CommandError(`${kindPrefix(t.resource)}/${name} has no pod template`);
        if (what === 'image') {
          for (const pair of rest) {
            const [container, image] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
            const all = ['initContainers', 'containers'].flatMap((k) => arr(spec[k]).filter(isRecord));
            const matched = all.filter((c) => container === '*' || c.name === container);
            if (!matched.length) {
              ctx.err.push(`error: unable to find container named "${container}"\n`);
              return 1;
            }
            for (const c of matched) c.image = image;
          }
        } else {
          spec.serviceAccountName = rest[0];
          spec.serviceAccount = rest[0];
        }
        authorize(ctx, 'patch', t.resource, ns, name);
        if (mode !== 'client') ctx.server.update(t.resource, next, mode === 'server');
        const format = ctx.flags.string('output');
        if (format) printStructured(ctx, format, [next], true);
        else ctx.out.push(`${kindPrefix(t.resource)}/${name} ${what === 'image' ? 'image' : 'serviceaccount'} updated${dryRunSuffix(mode)}\n`);
      } catch (e) {
        if (e instanceof ApiError) {
          ctx.err.push(errorText(e));
          exit = 1;
          continue;
        }
        throw e;
      }
    }
  }
  return exit;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

// ---------------------------------------------------------------------------------------------
// wait (k8s.io/kubectl pkg/cmd/wait): the lab's state is settled, so a condition holds now or never

export function runWait(ctx: Ctx): number {
  const cond = ctx.flags.string('for');
  if (!cond) throw new CommandError('--for must be specified', `See 'kubectl wait -h' for help and examples`);
  const list = targets(ctx.flags.args, 'wait');
  if (!list.length) throw new CommandError('resource(s) must be specified', `See 'kubectl wait -h' for help and examples`);
  const filter = selectorFilter(ctx);
  const timeout = ctx.flags.string('timeout', '30s');
  let exit = 0;
  for (const t of list) {
    const ns = t.resource.namespaced ? ctx.namespace : '';
    authorize(ctx, 'list', t.resource, ns);
    let objects = t.names.length
      ? t.names.map((n) => ctx.server.store.get(t.resource, ns, n)).filter((o): o is KubeObject => !!o)
      : ctx.server.list(t.resource, ns);
    if (filter) objects = objects.filter(filter);
    if (cond === 'delete') {
      for (const n of t.names) if (!objects.some((o) => nameOf(o) === n)) ctx.out.push(`${kindPrefix(t.resource)}/${n} condition met\n`);
      if (objects.length) {
        ctx.err.push(`error: timed out waiting for the condition on ${t.resource.name}/${nameOf(objects[0])}\n`);
        exit = 1;
      }
      continue;
    }
    if (!objects.length) {
      if (cond === 'create') ctx.err.push(`error: timed out waiting for the condition\n`);
      else ctx.err.push(`error: no matching resources found\n`);
      exit = 1;
      continue;
    }
    for (const o of objects) {
      let met = false;
      if (cond === 'create') met = true;
      else if (cond.startsWith('jsonpath=')) {
        const expr = cond.slice('jsonpath='.length);
        const eq = expr.lastIndexOf('}=');
        const path = eq >= 0 ? expr.slice(0, eq + 1) : expr;
        let value: string;
        try {
          value = jsonPathText(path, o);
        } catch {
          value = '';
        }
        met = eq >= 0 ? value === expr.slice(eq + 2) : value !== '';
      } else if (cond.startsWith('condition=')) {
        const [type, want = 'true'] = cond.slice('condition='.length).split('=');
        const conditions = Array.isArray(rec(o.status).conditions) ? (rec(o.status).conditions as unknown[]) : [];
        met = conditions.some(
          (c) => isRecord(c) && displayText(c.type).toLowerCase() === type.toLowerCase() && displayText(c.status).toLowerCase() === want.toLowerCase(),
        );
      }
      if (met) ctx.out.push(`${kindPrefix(t.resource)}/${nameOf(o)} condition met\n`);
      else {
        ctx.err.push(`error: timed out waiting for the condition on ${t.resource.name}/${nameOf(o)}\n`);
        exit = 1;
      }
    }
  }
  void timeout;
  return exit;
}
