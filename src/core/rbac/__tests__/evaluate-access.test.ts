import {describe, expect, it} from '@jest/globals';
import fc from 'fast-check';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadAll} from 'js-yaml';
import {BOOTSTRAP_POLICY, canI, explainAccess, impersonatedUser} from '../../index';
import type {CanIQuestion} from '../../index';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../__fixtures__');
const fixture = (name: string): object[] => loadAll(readFileSync(join(FIXTURES, name), 'utf8')) as object[];

const RBAC = 'rbac.authorization.k8s.io/v1';
const role = (name: string, namespace: string | undefined, rules: object[], extra: object = {}) => ({
  apiVersion: RBAC,
  kind: namespace === undefined ? 'ClusterRole' : 'Role',
  metadata: {name, ...(namespace ? {namespace} : {})},
  rules,
  ...extra,
});
const binding = (name: string, namespace: string | undefined, roleRef: {kind: string; name: string}, subjects: object[]) => ({
  apiVersion: RBAC,
  kind: namespace === undefined ? 'ClusterRoleBinding' : 'RoleBinding',
  metadata: {name, ...(namespace ? {namespace} : {})},
  roleRef: {apiGroup: 'rbac.authorization.k8s.io', ...roleRef},
  subjects,
});
const user = (name: string) => ({kind: 'User', name, apiGroup: 'rbac.authorization.k8s.io'});
const group = (name: string) => ({kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io'});

/** One Role bound to user u in namespace ns: the shortest setup for a rule-matching question. */
const oneRule = (rule: object, ns = 'default') => [role('r', ns, [rule]), binding('rb', ns, {kind: 'Role', name: 'r'}, [user('u')])];
const ask = (objects: object[], q: Partial<CanIQuestion>) => canI(objects, {user: 'u', verb: 'get', namespace: 'default', ...q} as CanIQuestion);

describe('canI: the parts of a rule (evaluation_helpers.go)', () => {
  it('verbs: the exact verb or *', () => {
    const objs = oneRule({apiGroups: [''], resources: ['pods'], verbs: ['get', 'list']});
    expect(ask(objs, {verb: 'get', resource: 'pods'}).allowed).toBe(true);
    expect(ask(objs, {verb: 'list', resource: 'pods'}).allowed).toBe(true);
    expect(ask(objs, {verb: 'delete', resource: 'pods'}).allowed).toBe(false);
    expect(ask(oneRule({apiGroups: [''], resources: ['pods'], verbs: ['*']}), {verb: 'escalate', resource: 'pods'}).allowed).toBe(true);
    // Verbs are case-sensitive strings.
    expect(ask(objs, {verb: 'GET', resource: 'pods'}).allowed).toBe(false);
  });

  it('apiGroups: "" is the core group, other groups must be named, * is every group', () => {
    const core = oneRule({apiGroups: [''], resources: ['deployments', 'pods'], verbs: ['get']});
    expect(ask(core, {resource: 'pods'}).allowed).toBe(true);
    expect(ask(core, {resource: 'deployments', apiGroup: 'apps'}).allowed).toBe(false);
    const apps = oneRule({apiGroups: ['apps'], resources: ['deployments'], verbs: ['get']});
    expect(ask(apps, {resource: 'deployments', apiGroup: 'apps'}).allowed).toBe(true);
    expect(ask(apps, {resource: 'deployments'}).allowed).toBe(false);
    const any = oneRule({apiGroups: ['*'], resources: ['deployments'], verbs: ['get']});
    expect(ask(any, {resource: 'deployments', apiGroup: 'apps'}).allowed).toBe(true);
    expect(ask(any, {resource: 'deployments', apiGroup: 'extensions'}).allowed).toBe(true);
  });

  it('resources: exact, *, and a subresource only when listed (pods does not cover pods/log)', () => {
    const pods = oneRule({apiGroups: [''], resources: ['pods'], verbs: ['get']});
    expect(ask(pods, {resource: 'pods', subresource: 'log'}).allowed).toBe(false);
    const log = oneRule({apiGroups: [''], resources: ['pods/log'], verbs: ['get']});
    expect(ask(log, {resource: 'pods', subresource: 'log'}).allowed).toBe(true);
    expect(ask(log, {resource: 'pods'}).allowed).toBe(false);
    expect(ask(log, {resource: 'pods', subresource: 'exec'}).allowed).toBe(false);
    const all = oneRule({apiGroups: [''], resources: ['*'], verbs: ['get']});
    expect(ask(all, {resource: 'pods', subresource: 'log'}).allowed).toBe(true);
    expect(ask(all, {resource: 'secrets'}).allowed).toBe(true);
  });

  it('*/sub matches that subresource of every resource; res/* is not a pattern', () => {
    const starStatus = oneRule({apiGroups: ['*'], resources: ['*/status'], verbs: ['get']});
    expect(ask(starStatus, {resource: 'pods', subresource: 'status'}).allowed).toBe(true);
    expect(ask(starStatus, {resource: 'deployments', apiGroup: 'apps', subresource: 'status'}).allowed).toBe(true);
    expect(ask(starStatus, {resource: 'pods'}).allowed).toBe(false);
    expect(ask(starStatus, {resource: 'pods', subresource: 'log'}).allowed).toBe(false);
    // ResourceMatches has no case for "pods/*": it only equals the combined resource "pods/*".
    const podsStar = oneRule({apiGroups: [''], resources: ['pods/*'], verbs: ['get']});
    expect(ask(podsStar, {resource: 'pods', subresource: 'log'}).allowed).toBe(false);
    expect(ask(podsStar, {resource: 'pods'}).allowed).toBe(false);
    expect(ask(podsStar, {resource: 'pods', subresource: '*'}).allowed).toBe(true);
  });

  it('resourceNames: only those names, and never a request without a name', () => {
    const named = oneRule({
      apiGroups: [''],
      resources: ['configmaps'],
      verbs: ['get', 'list', 'watch', 'create', 'delete', 'deletecollection', 'update'],
      resourceNames: ['a', 'b'],
    });
    expect(ask(named, {resource: 'configmaps', name: 'a'}).allowed).toBe(true);
    expect(ask(named, {resource: 'configmaps', name: 'b', verb: 'update'}).allowed).toBe(true);
    expect(ask(named, {resource: 'configmaps', name: 'c'}).allowed).toBe(false);
    for (const verb of ['list', 'watch', 'create', 'deletecollection']) {
      const r = ask(named, {resource: 'configmaps', verb});
      expect(r.allowed).toBe(false);
      expect(r.code).toBe('DENIED_NO_NAME');
      expect(r.reason).toContain('without a name');
    }
    // The authorizer does not care about the verb: a list *with* a name (a metadata.name field
    // selector, which the API server turns into a name) is allowed.
    expect(ask(named, {resource: 'configmaps', verb: 'list', name: 'a'}).allowed).toBe(true);
  });

  it('nonResourceURLs: exact, a trailing * prefix, or *; RoleBindings never grant them', () => {
    const cr = role('urls', undefined, [{nonResourceURLs: ['/healthz', '/logs/*'], verbs: ['get']}]);
    const crb = binding('urls', undefined, {kind: 'ClusterRole', name: 'urls'}, [user('u')]);
    const q = (path: string, extra: Partial<CanIQuestion> = {}) =>
      canI([cr, crb], {user: 'u', verb: 'get', nonResourceURL: path, ...extra}, {includeBootstrapPolicy: false});
    expect(q('/healthz').allowed).toBe(true);
    expect(q('/healthz/ping').allowed).toBe(false);
    expect(q('/logs/').allowed).toBe(true);
    expect(q('/logs/kube-apiserver.log').allowed).toBe(true);
    expect(q('/logs').allowed).toBe(false);
    expect(q('/healthz', {verb: 'post'}).allowed).toBe(false);
    // A namespace on a URL question is ignored, as a SubjectAccessReview's nonResourceAttributes have none.
    expect(q('/healthz', {namespace: 'default'}).allowed).toBe(true);
    const rb = binding('urls-in-ns', 'default', {kind: 'ClusterRole', name: 'urls'}, [user('v')]);
    expect(canI([cr, rb], {user: 'v', verb: 'get', nonResourceURL: '/healthz', namespace: 'default'}, {includeBootstrapPolicy: false}).allowed).toBe(false);
    const star = [role('all', undefined, [{nonResourceURLs: ['*'], verbs: ['*']}]), binding('all', undefined, {kind: 'ClusterRole', name: 'all'}, [user('w')])];
    expect(canI(star, {user: 'w', verb: 'put', nonResourceURL: '/anything/at/all'}, {includeBootstrapPolicy: false}).allowed).toBe(true);
  });
});

describe('canI: bindings and scope (rule.go VisitRulesFor)', () => {
  const podReader = role('pod-reader', undefined, [{apiGroups: [''], resources: ['pods'], verbs: ['get', 'list']}]);

  it('a RoleBinding to a Role grants inside its namespace only', () => {
    const objs = oneRule({apiGroups: [''], resources: ['pods'], verbs: ['get']}, 'blue');
    expect(ask(objs, {resource: 'pods', namespace: 'blue'}).allowed).toBe(true);
    const other = ask(objs, {resource: 'pods', namespace: 'red'});
    expect(other.allowed).toBe(false);
    expect(other.code).toBe('DENIED_BOUND_ELSEWHERE');
    expect(other.params.boundIn).toBe('blue');
    // Cluster-wide (kubectl auth can-i --all-namespaces): RoleBindings are not consulted at all.
    expect(canI(objs, {user: 'u', verb: 'get', resource: 'pods'}).allowed).toBe(false);
  });

  it('a RoleBinding to a ClusterRole grants the ClusterRole rules in the binding namespace only', () => {
    const objs = [podReader, binding('read', 'blue', {kind: 'ClusterRole', name: 'pod-reader'}, [user('u')])];
    expect(ask(objs, {resource: 'pods', namespace: 'blue'}).allowed).toBe(true);
    expect(ask(objs, {resource: 'pods', namespace: 'green'}).allowed).toBe(false);
    expect(canI(objs, {user: 'u', verb: 'list', resource: 'pods'}).allowed).toBe(false);
  });

  it('a RoleBinding refers to a Role of its own namespace', () => {
    const objs = [role('r', 'green', [{apiGroups: [''], resources: ['pods'], verbs: ['get']}]), binding('rb', 'blue', {kind: 'Role', name: 'r'}, [user('u')])];
    const r = ask(objs, {resource: 'pods', namespace: 'blue'});
    expect(r.allowed).toBe(false);
    expect(r.code).toBe('DENIED_ROLE_NOT_FOUND');
    expect(r.reason).toBe('RoleBinding rb binds u to Role r, which does not exist in namespace blue');
  });

  it('a ClusterRoleBinding grants everywhere and cluster-wide', () => {
    const objs = [podReader, binding('read', undefined, {kind: 'ClusterRole', name: 'pod-reader'}, [user('u')])];
    expect(ask(objs, {resource: 'pods', namespace: 'anything'}).allowed).toBe(true);
    expect(canI(objs, {user: 'u', verb: 'list', resource: 'pods'}).allowed).toBe(true);
  });

  it('namespaced objects without a namespace land in "default" (or the given defaultNamespace)', () => {
    const objs = [
      role('r', '', [{apiGroups: [''], resources: ['pods'], verbs: ['get']}]),
      {...binding('rb', '', {kind: 'Role', name: 'r'}, [user('u')]), kind: 'RoleBinding'},
    ];
    objs[0].kind = 'Role';
    expect(ask(objs, {resource: 'pods', namespace: 'default'}).allowed).toBe(true);
    expect(canI(objs, {user: 'u', verb: 'get', resource: 'pods', namespace: 'lab'}, {defaultNamespace: 'lab'}).allowed).toBe(true);
    expect(canI(objs, {user: 'u', verb: 'get', resource: 'pods', namespace: 'default'}, {defaultNamespace: 'lab'}).allowed).toBe(false);
  });

  it('User, Group and ServiceAccount subjects', () => {
    const g = [podReader, binding('g', undefined, {kind: 'ClusterRole', name: 'pod-reader'}, [group('readers')])];
    expect(canI(g, {user: 'x', groups: ['readers'], verb: 'get', resource: 'pods'}).allowed).toBe(true);
    expect(canI(g, {user: 'readers', verb: 'get', resource: 'pods'}).allowed).toBe(false);

    const sa = [podReader, binding('sa', 'blue', {kind: 'ClusterRole', name: 'pod-reader'}, [{kind: 'ServiceAccount', name: 'robot'}])];
    // No namespace on the subject: the RoleBinding's namespace.
    expect(canI(sa, {user: 'system:serviceaccount:blue:robot', verb: 'get', resource: 'pods', namespace: 'blue'}).allowed).toBe(true);
    expect(canI(sa, {user: 'system:serviceaccount:green:robot', verb: 'get', resource: 'pods', namespace: 'blue'}).allowed).toBe(false);
    // The plain name is not the service account.
    expect(canI(sa, {user: 'robot', verb: 'get', resource: 'pods', namespace: 'blue'}).allowed).toBe(false);

    const saOther = [
      podReader,
      binding('sa', 'blue', {kind: 'ClusterRole', name: 'pod-reader'}, [{kind: 'ServiceAccount', name: 'robot', namespace: 'green'}]),
    ];
    expect(canI(saOther, {user: 'system:serviceaccount:green:robot', verb: 'get', resource: 'pods', namespace: 'blue'}).allowed).toBe(true);

    // In a ClusterRoleBinding a ServiceAccount subject without namespace matches nobody.
    const crbNoNs = [podReader, binding('sa', undefined, {kind: 'ClusterRole', name: 'pod-reader'}, [{kind: 'ServiceAccount', name: 'robot'}])];
    expect(canI(crbNoNs, {user: 'system:serviceaccount:default:robot', verb: 'get', resource: 'pods', namespace: 'default'}).allowed).toBe(false);

    // Unknown subject kinds match nobody.
    const weird = [podReader, binding('w', undefined, {kind: 'ClusterRole', name: 'pod-reader'}, [{kind: 'user', name: 'x'}])];
    expect(canI(weird, {user: 'x', verb: 'get', resource: 'pods'}).allowed).toBe(false);
  });

  it('the service-account groups: system:serviceaccounts and system:serviceaccounts:<ns>', () => {
    const all = [podReader, binding('all-sa', undefined, {kind: 'ClusterRole', name: 'pod-reader'}, [group('system:serviceaccounts')])];
    const blue = [podReader, binding('blue-sa', undefined, {kind: 'ClusterRole', name: 'pod-reader'}, [group('system:serviceaccounts:blue')])];
    const q = {user: 'system:serviceaccount:blue:robot', verb: 'get', resource: 'pods'};
    expect(canI(all, q).allowed).toBe(true);
    expect(canI(blue, q).allowed).toBe(true);
    expect(canI(blue, {...q, user: 'system:serviceaccount:red:robot'}).allowed).toBe(false);
    // --as-group replaces the service-account groups.
    expect(canI(blue, {...q, groups: ['other']}).allowed).toBe(false);
  });
});

describe('canI: the identity kubectl --as builds (impersonation.go)', () => {
  it('adds system:authenticated to a user', () => {
    expect(impersonatedUser('dev-user')).toEqual({name: 'dev-user', groups: ['system:authenticated']});
    expect(impersonatedUser('dev-user', ['devs'])).toEqual({name: 'dev-user', groups: ['devs', 'system:authenticated']});
    expect(impersonatedUser('dev-user', ['system:authenticated', 'devs']).groups).toEqual(['system:authenticated', 'devs']);
    expect(impersonatedUser('dev-user', ['system:unauthenticated']).groups).toEqual(['system:unauthenticated']);
  });

  it('gives a service account its groups unless --as-group is used', () => {
    expect(impersonatedUser('system:serviceaccount:blue:robot').groups).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:blue',
      'system:authenticated',
    ]);
    expect(impersonatedUser('system:serviceaccount:blue:robot', ['x']).groups).toEqual(['x', 'system:authenticated']);
    // Not a valid service-account name (upper case namespace; three parts): a plain user.
    expect(impersonatedUser('system:serviceaccount:Blue:robot').groups).toEqual(['system:authenticated']);
    expect(impersonatedUser('system:serviceaccount:a:b:c').groups).toEqual(['system:authenticated']);
  });

  it('makes system:anonymous unauthenticated', () => {
    expect(impersonatedUser('system:anonymous').groups).toEqual(['system:unauthenticated']);
    expect(impersonatedUser('system:anonymous', ['g']).groups).toEqual(['g', 'system:unauthenticated']);
  });

  it('rules bound to system:authenticated apply to any impersonated user, but not with impersonation off', () => {
    const objs = [
      role('r', 'default', [{apiGroups: [''], resources: ['pods'], verbs: ['get']}]),
      binding('rb', 'default', {kind: 'Role', name: 'r'}, [group('system:authenticated')]),
    ];
    expect(canI(objs, {user: 'anyone', verb: 'get', resource: 'pods', namespace: 'default'}).allowed).toBe(true);
    expect(canI(objs, {user: 'anyone', verb: 'get', resource: 'pods', namespace: 'default'}, {impersonation: false}).allowed).toBe(false);
    expect(canI(objs, {user: 'system:anonymous', verb: 'get', resource: 'pods', namespace: 'default'}).allowed).toBe(false);
  });
});

describe('canI: system:masters and the bootstrap policy', () => {
  it('system:masters is allowed everything, with or without the bootstrap objects', () => {
    for (const includeBootstrapPolicy of [true, false]) {
      const r = canI([], {user: 'root', groups: ['system:masters'], verb: 'delete', resource: 'nodes'}, {includeBootstrapPolicy});
      expect(r.allowed).toBe(true);
      expect(r.code).toBe('ALLOWED_SUPERUSER');
    }
    expect(canI([], {user: 'root', groups: ['system:masters'], verb: 'delete', resource: 'nodes'}).matched).toMatchObject({
      binding: 'cluster-admin',
      role: 'cluster-admin',
      rule: 0,
    });
  });

  it('holds the real start-up objects: cluster-admin for system:masters, discovery for everybody', () => {
    const names = (kind: string) => BOOTSTRAP_POLICY.filter((o) => o.kind === kind).map((o) => (o.metadata as {name: string}).name);
    expect(names('ClusterRole')).toEqual(
      expect.arrayContaining(['cluster-admin', 'admin', 'edit', 'view', 'system:basic-user', 'system:discovery', 'system:public-info-viewer']),
    );
    expect(names('ClusterRoleBinding')).toEqual(
      expect.arrayContaining(['cluster-admin', 'system:basic-user', 'system:discovery', 'system:public-info-viewer']),
    );
    // Every authenticated user may ask what it may do (system:basic-user) ...
    expect(canI([], {user: 'nobody', verb: 'create', resource: 'selfsubjectaccessreviews', apiGroup: 'authorization.k8s.io'}).allowed).toBe(true);
    expect(
      canI([], {user: 'nobody', verb: 'create', resource: 'selfsubjectaccessreviews', apiGroup: 'authorization.k8s.io'}, {includeBootstrapPolicy: false})
        .allowed,
    ).toBe(false);
    // ... read the discovery documents (system:discovery) ...
    expect(canI([], {user: 'nobody', verb: 'get', nonResourceURL: '/apis/apps/v1'}).allowed).toBe(true);
    // ... and /healthz and /version even without logging in (system:public-info-viewer).
    expect(canI([], {user: 'system:anonymous', verb: 'get', nonResourceURL: '/healthz'}).allowed).toBe(true);
    expect(canI([], {user: 'system:anonymous', verb: 'get', nonResourceURL: '/apis'}).allowed).toBe(false);
    // Nobody gets pods from the bootstrap policy alone.
    const denied = canI([], {user: 'nobody', verb: 'get', resource: 'pods', namespace: 'default'});
    expect(denied.allowed).toBe(false);
    expect(denied.code).toBe('DENIED_NO_BINDING');
  });

  it('admin, edit and view are aggregated from their sources, as on a real cluster', () => {
    const bindTo = (clusterRole: string) => [binding('x', 'blue', {kind: 'ClusterRole', name: clusterRole}, [user('u')])];
    const q = (objs: object[], verb: string, resource: string, apiGroup = '') => canI(objs, {user: 'u', verb, resource, apiGroup, namespace: 'blue'}).allowed;
    expect(q(bindTo('view'), 'list', 'pods')).toBe(true);
    expect(q(bindTo('view'), 'get', 'secrets')).toBe(false);
    expect(q(bindTo('view'), 'create', 'pods')).toBe(false);
    expect(q(bindTo('edit'), 'create', 'deployments', 'apps')).toBe(true);
    expect(q(bindTo('edit'), 'get', 'secrets')).toBe(true);
    expect(q(bindTo('edit'), 'create', 'roles', 'rbac.authorization.k8s.io')).toBe(false);
    expect(q(bindTo('admin'), 'create', 'roles', 'rbac.authorization.k8s.io')).toBe(true);
    expect(q(bindTo('admin'), 'delete', 'namespaces')).toBe(false);
    // The view role's rules are computed (the generated file carries only its aggregationRule).
    const viewEntry = BOOTSTRAP_POLICY.find((o) => o.kind === 'ClusterRole' && (o.metadata as {name: string}).name === 'view');
    expect(viewEntry && 'rules' in viewEntry).toBe(false);
  });

  it('an object in `objects` replaces the bootstrap object of the same name', () => {
    const tamed = role('system:basic-user', undefined, []);
    expect(canI([tamed], {user: 'nobody', verb: 'create', resource: 'selfsubjectaccessreviews', apiGroup: 'authorization.k8s.io'}).allowed).toBe(false);
  });
});

describe('canI: ClusterRole aggregation (clusterroleaggregation_controller.go)', () => {
  const labelled = (name: string, labels: Record<string, string>, rules: object[]) => ({...role(name, undefined, rules), metadata: {name, labels}});

  it('fills an aggregated role from the ClusterRoles its selectors match, replacing its own rules', () => {
    const objs = [
      role('monitoring', undefined, [{apiGroups: [''], resources: ['secrets'], verbs: ['*']}], {
        aggregationRule: {clusterRoleSelectors: [{matchLabels: {'example.com/aggregate-to-monitoring': 'true'}}]},
      }),
      labelled('b-endpoints', {'example.com/aggregate-to-monitoring': 'true'}, [{apiGroups: [''], resources: ['endpoints'], verbs: ['get']}]),
      labelled('a-services', {'example.com/aggregate-to-monitoring': 'true'}, [
        {apiGroups: [''], resources: ['services'], verbs: ['get']},
        {apiGroups: [''], resources: ['endpoints'], verbs: ['get']},
      ]),
      labelled('other', {'example.com/aggregate-to-monitoring': 'false'}, [{apiGroups: [''], resources: ['pods'], verbs: ['get']}]),
      binding('mon', undefined, {kind: 'ClusterRole', name: 'monitoring'}, [user('u')]),
    ];
    const q = (resource: string) => canI(objs, {user: 'u', verb: 'get', resource});
    expect(q('services').allowed).toBe(true);
    expect(q('endpoints').allowed).toBe(true);
    expect(q('pods').allowed).toBe(false);
    // Hand-written rules of an aggregated role do not survive the controller.
    expect(q('secrets').allowed).toBe(false);
    // Sources in name order, equal rules once: services (a-services #0), endpoints (a-services #1); b-endpoints adds nothing.
    expect(q('services').matched).toMatchObject({role: 'monitoring', rule: 0});
    expect(q('endpoints').matched).toMatchObject({role: 'monitoring', rule: 1});
  });

  it('selectors that match nothing leave the rules written into the aggregated role (server-side apply of an empty list)', () => {
    const objs = [
      role('lonely', undefined, [{apiGroups: [''], resources: ['secrets'], verbs: ['get']}], {
        aggregationRule: {clusterRoleSelectors: [{matchLabels: {'example.com/none': 'true'}}]},
      }),
      binding('lonely', undefined, {kind: 'ClusterRole', name: 'lonely'}, [user('u')]),
    ];
    expect(canI(objs, {user: 'u', verb: 'get', resource: 'secrets'})).toMatchObject({allowed: true, matched: {role: 'lonely', rule: 0}});
  });

  it('a reader-made ClusterRole labelled aggregate-to-view extends the built-in view (and edit and admin)', () => {
    const objs = [
      labelled('widget-viewer', {'rbac.authorization.k8s.io/aggregate-to-view': 'true'}, [
        {apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list']},
      ]),
      binding('v', 'blue', {kind: 'ClusterRole', name: 'admin'}, [user('u')]),
    ];
    expect(canI(objs, {user: 'u', verb: 'list', resource: 'widgets', apiGroup: 'example.com', namespace: 'blue'}).allowed).toBe(true);
    expect(canI(objs.slice(1), {user: 'u', verb: 'list', resource: 'widgets', apiGroup: 'example.com', namespace: 'blue'}).allowed).toBe(false);
  });

  it('matchExpressions work in aggregation selectors, and an empty selector takes every ClusterRole', () => {
    const objs = [
      role('agg', undefined, [], {aggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: 'tier', operator: 'In', values: ['a', 'b']}]}]}}),
      labelled('x', {tier: 'b'}, [{apiGroups: [''], resources: ['configmaps'], verbs: ['get']}]),
      labelled('y', {tier: 'c'}, [{apiGroups: [''], resources: ['secrets'], verbs: ['get']}]),
      binding('agg', undefined, {kind: 'ClusterRole', name: 'agg'}, [user('u')]),
    ];
    expect(canI(objs, {user: 'u', verb: 'get', resource: 'configmaps'}).allowed).toBe(true);
    expect(canI(objs, {user: 'u', verb: 'get', resource: 'secrets'}).allowed).toBe(false);
    const everything = [
      role('all', undefined, [], {aggregationRule: {clusterRoleSelectors: [{}]}}),
      binding('all', undefined, {kind: 'ClusterRole', name: 'all'}, [user('u')]),
    ];
    // {} selects every ClusterRole, cluster-admin included.
    expect(canI(everything, {user: 'u', verb: 'delete', resource: 'nodes'}).allowed).toBe(true);
  });
});

describe('canI: reasons name the binding, role and rule, or say why not', () => {
  it('allowed: binding, role and rule index', () => {
    const objs = [
      role('r', 'default', [
        {apiGroups: [''], resources: ['secrets'], verbs: ['get']},
        {apiGroups: [''], resources: ['pods'], verbs: ['get']},
      ]),
      binding('rb', 'default', {kind: 'Role', name: 'r'}, [user('u')]),
    ];
    const r = ask(objs, {resource: 'pods'});
    expect(r.matched).toMatchObject({binding: 'rb', role: 'r', rule: 1, bindingKind: 'RoleBinding', roleKind: 'Role'});
    expect(r.reason).toBe('allowed by rule 1 of Role r, bound to User u by RoleBinding rb in namespace default');
  });

  it('denied: the closest rule and the part that does not match', () => {
    const objs = fixture('dev-user-default.yaml');
    const verb = canI(objs, {user: 'dev-user', verb: 'get', resource: 'pods', namespace: 'default', name: 'x'});
    expect(verb).toMatchObject({allowed: false, code: 'DENIED_VERB'});
    expect(verb.reason).toBe('rule 0 of Role developer matches pods named x but not verb get (it allows [list, create, delete])');
    const group = canI(objs, {user: 'dev-user', verb: 'list', resource: 'pods', apiGroup: 'metrics.k8s.io', namespace: 'default'});
    expect(group).toMatchObject({allowed: false, code: 'DENIED_API_GROUP', params: {apiGroup: 'metrics.k8s.io'}});
    const resource = canI(objs, {user: 'dev-user', verb: 'list', resource: 'services', namespace: 'default'});
    expect(resource).toMatchObject({allowed: false, code: 'DENIED_RESOURCE'});
    const sub = canI(objs, {user: 'dev-user', verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'default'});
    expect(sub.code).toBe('DENIED_RESOURCE');
    expect(sub.reason).toContain('a subresource must be listed itself, as pods/exec or */exec');
    const several = canI(objs, {user: 'dev-user', verb: 'get', resource: 'deployments', apiGroup: 'apps', namespace: 'default'});
    expect(several).toMatchObject({allowed: false, code: 'DENIED_NO_MATCHING_RULE'});
    expect(several.params.differs).toBe('verb, apiGroup, resource');
  });

  it('denied: nobody binds the user', () => {
    const r = canI(fixture('dev-user-default.yaml'), {user: 'stranger', verb: 'list', resource: 'pods', namespace: 'blue'});
    expect(r.code).toBe('DENIED_NO_BINDING');
    expect(r.reason).toBe('no RoleBinding in namespace blue and no ClusterRoleBinding binds user stranger or one of its groups (system:authenticated)');
    const wide = canI([], {user: 'stranger', verb: 'list', resource: 'nodes'});
    expect(wide.reason).toContain('cluster-wide');
  });

  it('denied: a bound role without rules; a URL asked of resource rules', () => {
    const empty = [role('nothing', 'default', []), binding('rb', 'default', {kind: 'Role', name: 'nothing'}, [user('u')])];
    expect(ask(empty, {resource: 'pods'}).code).toBe('DENIED_EMPTY_ROLE');
    const url = canI(fixture('michelle.yaml'), {user: 'michelle', verb: 'get', nonResourceURL: '/metrics'});
    expect(url.code).toBe('DENIED_NON_RESOURCE_URL');
  });

  it('explainAccess lists every allowing binding and the bindings that refer to missing roles', () => {
    const objs = [
      role('a', 'default', [{apiGroups: [''], resources: ['pods'], verbs: ['get']}]),
      binding('one', 'default', {kind: 'Role', name: 'a'}, [user('u')]),
      binding('two', 'default', {kind: 'Role', name: 'a'}, [group('g')]),
      binding('three', 'default', {kind: 'Role', name: 'missing'}, [user('u')]),
    ];
    const e = explainAccess(objs, {user: 'u', groups: ['g'], verb: 'get', resource: 'pods', namespace: 'default'});
    expect(e.matches.map((m) => m.binding)).toEqual(['one', 'two']);
    expect(e.danglingBindings).toEqual([{bindingKind: 'RoleBinding', binding: 'three', bindingNamespace: 'default', roleKind: 'Role', role: 'missing'}]);
  });
});

describe('canI: the CKA labs', () => {
  const bootstrapper = {user: 'system:bootstrap:abcdef', groups: ['system:bootstrappers:kubeadm:default-node-token']};
  it('kube-proxy Role: get the kube-proxy ConfigMap only (Practice Test - RBAC, question 6)', () => {
    const objs = fixture('kube-proxy.yaml');
    const q = (verb: string, namespace: string, name?: string) =>
      canI(objs, {...bootstrapper, verb, resource: 'configmaps', namespace, ...(name ? {name} : {})}).allowed;
    expect(q('get', 'kube-system', 'kube-proxy')).toBe(true); // 3. get details of configmap kube-proxy only
    expect(q('get', 'default', 'kube-proxy')).toBe(false); // 1. all configmaps in default: no
    expect(q('delete', 'kube-system', 'kube-proxy')).toBe(false); // 2. delete: no
    expect(q('get', 'kube-system', 'coredns')).toBe(false);
    expect(q('list', 'kube-system')).toBe(false);
    expect(canI(objs, {...bootstrapper, verb: 'get', resource: 'configmaps'}).allowed).toBe(false); // 4. all configmaps in the cluster: no
    expect(q('update', 'kube-system', 'kube-proxy')).toBe(false); // 5. view and update: no
  });

  it('dev-user: create, list and delete pods in default (question 9)', () => {
    const objs = fixture('dev-user-default.yaml');
    for (const verb of ['create', 'list', 'delete']) expect(canI(objs, {user: 'dev-user', verb, resource: 'pods', namespace: 'default'}).allowed).toBe(true);
    expect(canI([], {user: 'dev-user', verb: 'list', resource: 'pods', namespace: 'default'}).allowed).toBe(false); // question 8, before
  });

  it('dev-user in blue: dark-blue-app is denied until resourceNames lists it; then deployments in apps (questions 10, 11)', () => {
    const broken = fixture('dev-user-blue-broken.yaml');
    const get = {user: 'dev-user', verb: 'get', resource: 'pods', namespace: 'blue', name: 'dark-blue-app'};
    const before = canI(broken, get);
    expect(before).toMatchObject({allowed: false, code: 'DENIED_RESOURCE_NAME', params: {ruleResourceNames: '[blue-app]'}});
    const fixed = [...broken, ...fixture('dev-user-blue-fixed.yaml')];
    expect(canI(fixed, get)).toMatchObject({allowed: true, matched: {binding: 'dev-user-binding', role: 'developer', rule: 0}});
    const deploy = {user: 'dev-user', verb: 'create', resource: 'deployments', apiGroup: 'apps', namespace: 'blue'};
    expect(canI(broken, deploy).allowed).toBe(false);
    expect(canI(fixed, deploy)).toMatchObject({allowed: true, matched: {rule: 1}});
    // Forgetting the apps group: the rule with apiGroups [""] does not cover deployments.apps.
    const noGroup = [...broken, role('developer', 'blue', [{apiGroups: [''], resources: ['deployments'], verbs: ['create']}])];
    expect(canI(noGroup, deploy)).toMatchObject({allowed: false, code: 'DENIED_API_GROUP'});
  });

  it('michelle: nodes and storage through ClusterRoles and ClusterRoleBindings', () => {
    const objs = fixture('michelle.yaml');
    expect(canI(objs, {user: 'michelle', verb: 'list', resource: 'nodes'}).allowed).toBe(true);
    expect(canI(objs, {user: 'michelle', verb: 'delete', resource: 'nodes', name: 'node01'}).allowed).toBe(true);
    expect(canI(objs, {user: 'michelle', verb: 'list', resource: 'storageclasses', apiGroup: 'storage.k8s.io'}).allowed).toBe(true);
    expect(canI(objs, {user: 'michelle', verb: 'create', resource: 'persistentvolumes'}).allowed).toBe(true);
    expect(canI(objs, {user: 'michelle', verb: 'list', resource: 'storageclasses'}).allowed).toBe(false); // group forgotten
    expect(canI(objs, {user: 'michelle', verb: 'update', resource: 'nodes', name: 'node01'}).allowed).toBe(false);
    // "node" is not a resource: the API resource is the plural.
    const singular = [...objs.slice(0, 1).map((o) => ({...o, rules: [{apiGroups: [''], resources: ['node'], verbs: ['list']}]})), objs[1]];
    expect(canI(singular, {user: 'michelle', verb: 'list', resource: 'nodes'}).allowed).toBe(false);
  });

  it('dashboard-sa: a ServiceAccount bound without a namespace in its RoleBinding', () => {
    const objs = fixture('dashboard-sa.yaml');
    expect(canI(objs, {user: 'system:serviceaccount:default:dashboard-sa', verb: 'list', resource: 'pods', namespace: 'default'}).allowed).toBe(true);
    expect(canI(objs, {user: 'system:serviceaccount:default:default', verb: 'list', resource: 'pods', namespace: 'default'}).allowed).toBe(false);
  });
});

describe('canI: robustness', () => {
  it('ignores other kinds, spreads List items, and never throws on malformed RBAC objects', () => {
    const list = {apiVersion: 'v1', kind: 'List', items: oneRule({apiGroups: [''], resources: ['pods'], verbs: ['get']})};
    expect(ask([{kind: 'Pod', metadata: {name: 'p'}}, list], {resource: 'pods'}).allowed).toBe(true);
    const junk = [
      null,
      3,
      'x',
      {kind: 'Role'},
      {kind: 'Role', metadata: {name: 'r'}, rules: 'all'},
      {kind: 'RoleBinding', metadata: {name: 'b'}, roleRef: 5, subjects: {}},
    ];
    expect(() => canI(junk as object[], {user: 'u', verb: 'get', resource: 'pods', namespace: 'default'})).not.toThrow();
    // A rule whose verbs is a string (refused by the API server) matches nothing.
    expect(ask(oneRule({apiGroups: [''], resources: ['pods'], verbs: 'get'}), {resource: 'pods'}).allowed).toBe(false);
    // Only rbac.authorization.k8s.io objects count.
    const wrongGroup = oneRule({apiGroups: [''], resources: ['pods'], verbs: ['get']}).map((o) => ({...o, apiVersion: 'v1'}));
    expect(ask(wrongGroup, {resource: 'pods'}).allowed).toBe(false);
  });

  it('RBAC is additive: adding objects never takes a permission away (property)', () => {
    const verbs = fc.constantFrom('get', 'list', 'delete', '*');
    const resources = fc.constantFrom('pods', 'secrets', 'pods/log', '*', '*/log');
    const ruleArb = fc.record({
      apiGroups: fc.constantFrom([''], ['*'], ['apps']),
      resources: fc.array(resources, {minLength: 1, maxLength: 2}),
      verbs: fc.array(verbs, {minLength: 1, maxLength: 2}),
    });
    const setArb = fc.array(
      fc.record({ns: fc.constantFrom('a', 'b', undefined), rules: fc.array(ruleArb, {maxLength: 2}), who: fc.constantFrom(user('u'), group('g'), user('v'))}),
      {maxLength: 4},
    );
    const build = (set: {ns?: string; rules: object[]; who: object}[], prefix: string) =>
      set.flatMap((s, i) => [
        role(`${prefix}${i}`, s.ns, s.rules),
        binding(`${prefix}${i}`, s.ns, {kind: s.ns ? 'Role' : 'ClusterRole', name: `${prefix}${i}`}, [s.who]),
      ]);
    const qArb = fc.record({
      verb: fc.constantFrom('get', 'list', 'delete'),
      resource: fc.constantFrom('pods', 'secrets'),
      subresource: fc.constantFrom(undefined, 'log'),
      ns: fc.constantFrom('a', 'b', undefined),
      groups: fc.constantFrom([], ['g']),
    });
    fc.assert(
      fc.property(setArb, setArb, qArb, (base, more, q) => {
        const request: CanIQuestion = {
          user: 'u',
          groups: [...q.groups],
          verb: q.verb,
          resource: q.resource,
          ...(q.subresource ? {subresource: q.subresource} : {}),
          ...(q.ns ? {namespace: q.ns} : {}),
        };
        const before = canI(build(base, 'x'), request).allowed;
        const after = canI([...build(base, 'x'), ...build(more, 'y')], request).allowed;
        return !before || after;
      }),
      {numRuns: 300},
    );
  });
});
