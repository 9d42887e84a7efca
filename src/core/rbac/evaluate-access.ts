/**
 * canI(): would the API server allow this request, given these RBAC objects? The answer equals
 * `kubectl auth can-i VERB RESOURCE [-n NS | --all-namespaces] --as USER [--as-group G ...]`
 * against a kube-apiserver (authorization modes Node,RBAC) that holds exactly those objects plus
 * its start-up (bootstrap) policy.
 *
 * Upstream, in the order a request meets them:
 * - impersonation: k8s.io/apiserver pkg/endpoints/filters/impersonation/impersonation.go,
 *   WithImpersonation (which groups `--as` / `--as-group` produce);
 * - the superuser group: pkg/kubeapiserver/authorizer/reload.go, newForConfig, which puts
 *   authorizerfactory.NewPrivilegedGroups(user.SystemPrivilegedGroup) ("system:masters") first;
 * - RBAC: plugin/pkg/auth/authorizer/rbac/rbac.go, RBACAuthorizer.Authorize, and
 *   pkg/registry/rbac/validation/rule.go, DefaultRuleResolver.VisitRulesFor, appliesToUser,
 *   GetRoleReferenceRules; rule matching in ./policy-rule.ts.
 * - ClusterRole aggregation (the controller's work, which a real cluster has done): ./aggregate-cluster-roles.ts.
 *
 * - the Node authorizer, between the two, for users system:node:<name> in group system:nodes:
 *   ./evaluate-node-access.ts.
 *
 * Not modelled: webhook/ABAC modes, and the kubectl side of can-i
 * (it maps `pod` or `po` to `pods` and picks the namespace of the kubeconfig context): here
 * `resource` is the API resource name (plural, lower case), `apiGroup` its group ("" for core),
 * and a request without `namespace` is cluster-wide (`--all-namespaces`).
 */
import {aggregateClusterRoles} from './aggregate-cluster-roles';
import {BOOTSTRAP_POLICY} from './generated/bootstrap-policy';
import {labelsOf} from '../netpol/label-selector';
import {flattenObjects} from '../assertions/objects';
import {isRecord} from '../is-record';
import type {PolicyRule, RequestAttributes, RuleMismatch} from './policy-rule';
import {normalizeRule, ruleAllows, ruleMismatches} from './policy-rule';
import {authorizeAsNode, nodeIdentity} from './evaluate-node-access';

/**
 * What `kubectl auth can-i VERB RESOURCE [NAME] [-n NS] [--subresource S] --as USER [--as-group G]`
 * asks, or `kubectl auth can-i VERB NONRESOURCEURL`: the attributes of a SubjectAccessReview
 * (k8s.io/api/authorization/v1 ResourceAttributes and NonResourceAttributes).
 */
export interface AccessRequest {
  user: string;
  groups?: string[];
  verb: string;
  resource?: string;
  subresource?: string;
  apiGroup?: string;
  namespace?: string;
  name?: string;
  nonResourceURL?: string;
}

export interface CanIOptions {
  /**
   * Add the objects every API server creates at start-up (cluster-admin bound to system:masters,
   * system:basic-user / system:discovery / system:public-info-viewer bound to
   * system:authenticated, admin/edit/view, the controller roles, ...). Default true: a real
   * server always has them. Objects of the same kind, namespace and name in `objects` replace them.
   */
  includeBootstrapPolicy?: boolean;
  /**
   * Default true: the identity is built as `kubectl --as USER --as-group G` impersonation builds
   * it (system:authenticated added, service-account groups added when no group is given). False:
   * the groups are taken exactly as given, as a SubjectAccessReview does.
   */
  impersonation?: boolean;
  /** Namespace of namespaced objects without metadata.namespace (what `kubectl apply` would use). Default "default". */
  defaultNamespace?: string;
}

export type AccessCode =
  | 'ALLOWED_BY_RULE'
  | 'ALLOWED_SUPERUSER'
  | 'ALLOWED_BY_NODE_AUTHORIZER'
  | 'DENIED_NO_BINDING'
  | 'DENIED_BOUND_ELSEWHERE'
  | 'DENIED_ROLE_NOT_FOUND'
  | 'DENIED_EMPTY_ROLE'
  | 'DENIED_VERB'
  | 'DENIED_API_GROUP'
  | 'DENIED_RESOURCE'
  | 'DENIED_RESOURCE_NAME'
  | 'DENIED_NO_NAME'
  | 'DENIED_NON_RESOURCE_URL'
  | 'DENIED_NO_MATCHING_RULE';

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

/** One binding + role + rule that allows the request. */
export interface AccessMatch {
  /** Name of the RoleBinding or ClusterRoleBinding. */
  binding: string;
  /** Name of the Role or ClusterRole it refers to. */
  role: string;
  /** Index of the rule in the role's rules (for an aggregated ClusterRole: in its aggregated rules). */
  rule: number;
  bindingKind: 'RoleBinding' | 'ClusterRoleBinding';
  /** Namespace of a RoleBinding (and of the Role it refers to). */
  bindingNamespace?: string;
  roleKind: 'Role' | 'ClusterRole';
  /** The subject of the binding that matched the user. */
  subject: Subject;
  /** True when the binding comes from the built-in bootstrap policy, not from `objects`. */
  builtIn: boolean;
}

export interface CanIResult {
  allowed: boolean;
  /** One English sentence; `code` + `params` carry the same for translation. */
  reason: string;
  matched?: {binding: string; role: string; rule: number} & Partial<AccessMatch>;
  code: AccessCode;
  params: Record<string, string | number>;
  /** The identity the request was evaluated as (after impersonation). */
  user: {name: string; groups: string[]};
}

/** A rule that came close: bound to the user, in scope, but failing some part of the request. */
export interface NearMiss extends AccessMatch {
  mismatches: RuleMismatch[];
  ruleText: PolicyRule;
}

export interface AccessExplanation extends CanIResult {
  /** Every binding/rule pair that allows the request, in the order the authorizer visits them. */
  matches: AccessMatch[];
  /** Bindings that apply to the user but refer to a role that does not exist. */
  danglingBindings: {bindingKind: string; binding: string; bindingNamespace?: string; roleKind: string; role: string}[];
  /** The closest rule that does not allow it (when denied). */
  closest?: NearMiss;
}

export const SYSTEM_MASTERS = 'system:masters';
export const SYSTEM_AUTHENTICATED = 'system:authenticated';
export const SYSTEM_UNAUTHENTICATED = 'system:unauthenticated';
export const SYSTEM_ANONYMOUS = 'system:anonymous';
const SA_PREFIX = 'system:serviceaccount:';

// ---------------------------------------------------------------------------------------------
// Identity

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * serviceaccount.SplitUsername (k8s.io/apiserver pkg/authentication/serviceaccount/util.go): the
 * namespace and name of "system:serviceaccount:<ns>:<name>", when both are valid names.
 */
export function splitServiceAccountUsername(username: string): {namespace: string; name: string} | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const parts = username.slice(SA_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts;
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) return undefined;
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) return undefined;
  return {namespace, name};
}

/**
 * The user and groups that `kubectl ... --as USER [--as-group G]...` makes the server see
 * (WithImpersonation):
 * - a service-account user ("system:serviceaccount:<ns>:<name>") with no --as-group gets
 *   "system:serviceaccounts" and "system:serviceaccounts:<ns>" (serviceaccount.MakeGroupNames);
 *   with --as-group, exactly the given groups;
 * - then, unless the user is system:anonymous, "system:authenticated" is appended, except when
 *   the groups already hold system:authenticated or system:unauthenticated;
 * - for system:anonymous, "system:unauthenticated" is appended unless already there.
 */
export function impersonatedUser(user: string, groups: string[] = []): {name: string; groups: string[]} {
  let out: string[] = [...groups];
  const sa = splitServiceAccountUsername(user);
  if (sa && groups.length === 0) out = ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`];
  if (user !== SYSTEM_ANONYMOUS) {
    if (!out.some((g) => g === SYSTEM_AUTHENTICATED || g === SYSTEM_UNAUTHENTICATED)) out.push(SYSTEM_AUTHENTICATED);
  } else if (!out.includes(SYSTEM_UNAUTHENTICATED)) {
    out.push(SYSTEM_UNAUTHENTICATED);
  }
  return {name: user, groups: out};
}

/**
 * appliesToUser (pkg/registry/rbac/validation/rule.go): User by name, Group by membership,
 * ServiceAccount by "system:serviceaccount:<ns>:<name>" where <ns> is the subject's namespace or,
 * when empty, the RoleBinding's namespace (a ClusterRoleBinding has none, so such a subject
 * matches nobody). Subject apiGroup is not looked at. Any other kind matches nobody.
 */
function appliesToUser(user: {name: string; groups: string[]}, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      if (!ns) return false;
      return user.name === `${SA_PREFIX}${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The RBAC objects

interface RoleEntry {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  rules: PolicyRule[];
  aggregationSelectors?: unknown[];
  builtIn: boolean;
}

interface BindingEntry {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  roleRef: {kind: string; name: string};
  subjects: Subject[];
  builtIn: boolean;
}

export interface RbacStore {
  roles: Map<string, RoleEntry>;
  clusterRoles: Map<string, RoleEntry>;
  roleBindings: BindingEntry[];
  clusterRoleBindings: BindingEntry[];
}

function isRbacApiVersion(o: Record<string, unknown>): boolean {
  return o.apiVersion === undefined || (typeof o.apiVersion === 'string' && o.apiVersion.startsWith('rbac.authorization.k8s.io/'));
}

function metaOf(o: Record<string, unknown>): {name: string; namespace?: string} {
  const m = isRecord(o.metadata) ? o.metadata : {};
  return {name: typeof m.name === 'string' ? m.name : '', namespace: typeof m.namespace === 'string' && m.namespace ? m.namespace : undefined};
}

function subjectsOf(value: unknown): Subject[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((s) => ({
    kind: typeof s.kind === 'string' ? s.kind : '',
    name: typeof s.name === 'string' ? s.name : '',
    ...(typeof s.namespace === 'string' && s.namespace ? {namespace: s.namespace} : {}),
  }));
}

let bootstrapAggregation: Map<string, PolicyRule[]> | undefined;

/**
 * Indexes the RBAC objects of `objects` (plus the bootstrap policy) the way the API server's
 * listers would hold them, and computes ClusterRole aggregation.
 */
export function buildRbacStore(objects: readonly unknown[], options: CanIOptions = {}): RbacStore {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const includeBootstrap = options.includeBootstrapPolicy ?? true;
  const roles = new Map<string, RoleEntry>();
  const clusterRoles = new Map<string, RoleEntry>();
  const roleBindings = new Map<string, BindingEntry>();
  const clusterRoleBindings = new Map<string, BindingEntry>();

  const add = (o: Record<string, unknown>, builtIn: boolean) => {
    if (!isRbacApiVersion(o)) return;
    const {name, namespace} = metaOf(o);
    if (!name) return;
    const kind = o.kind;
    if (kind === 'Role' || kind === 'ClusterRole') {
      const aggregation = kind === 'ClusterRole' && isRecord(o.aggregationRule) ? o.aggregationRule : undefined;
      const entry: RoleEntry = {
        kind,
        name,
        labels: labelsOf(o),
        rules: Array.isArray(o.rules) ? o.rules.map(normalizeRule) : [],
        builtIn,
        ...(aggregation ? {aggregationSelectors: Array.isArray(aggregation.clusterRoleSelectors) ? aggregation.clusterRoleSelectors : []} : {}),
      };
      if (kind === 'Role') {
        entry.namespace = namespace ?? defaultNamespace;
        const key = `${entry.namespace}/${name}`;
        if (builtIn && roles.has(key)) return;
        roles.delete(key);
        roles.set(key, entry);
      } else {
        if (builtIn && clusterRoles.has(name)) return;
        clusterRoles.delete(name);
        clusterRoles.set(name, entry);
      }
    } else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      const ref = isRecord(o.roleRef) ? o.roleRef : {};
      const entry: BindingEntry = {
        kind,
        name,
        roleRef: {kind: typeof ref.kind === 'string' ? ref.kind : '', name: typeof ref.name === 'string' ? ref.name : ''},
        subjects: subjectsOf(o.subjects),
        builtIn,
      };
      const map = kind === 'RoleBinding' ? roleBindings : clusterRoleBindings;
      if (kind === 'RoleBinding') entry.namespace = namespace ?? defaultNamespace;
      const key = kind === 'RoleBinding' ? `${entry.namespace}/${name}` : name;
      if (builtIn && map.has(key)) return;
      map.delete(key);
      map.set(key, entry);
    }
  };

  for (const o of flattenObjects(objects)) add(o, false);
  if (includeBootstrap) for (const o of BOOTSTRAP_POLICY) add(o as Record<string, unknown>, true);
  const all = [...clusterRoles.values()];
  if (includeBootstrap && all.every((r) => r.builtIn)) {
    // Only the bootstrap ClusterRoles: their aggregation is always the same, computed once.
    if (!bootstrapAggregation) {
      aggregateClusterRoles(all);
      bootstrapAggregation = new Map(all.filter((r) => r.aggregationSelectors).map((r) => [r.name, r.rules]));
    } else {
      for (const r of all) if (r.aggregationSelectors) r.rules = bootstrapAggregation.get(r.name) ?? [];
    }
  } else {
    aggregateClusterRoles(all);
  }
  return {roles, clusterRoles, roleBindings: [...roleBindings.values()], clusterRoleBindings: [...clusterRoleBindings.values()]};
}

/** The rules of the role a binding refers to (GetRoleReferenceRules), or undefined when it does not exist. */
function resolveRoleRef(store: RbacStore, binding: BindingEntry): RoleEntry | undefined {
  if (binding.roleRef.kind === 'Role') return binding.namespace ? store.roles.get(`${binding.namespace}/${binding.roleRef.name}`) : undefined;
  if (binding.roleRef.kind === 'ClusterRole') return store.clusterRoles.get(binding.roleRef.name);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Messages: one table from code to English, the same params the UI translates.

const list = (items: readonly string[]) => `[${items.map((i) => (i === '' ? '""' : i)).join(', ')}]`;

function describeTarget(attrs: RequestAttributes): string {
  if (!attrs.isResourceRequest) return attrs.path;
  // kubectl's spelling: resource.group/subresource
  const group = attrs.apiGroup ? `.${attrs.apiGroup}` : '';
  const sub = attrs.subresource ? `/${attrs.subresource}` : '';
  return `${attrs.resource}${group}${sub}` + (attrs.name ? ` named ${attrs.name}` : '');
}

function describeScope(attrs: RequestAttributes): string {
  if (!attrs.isResourceRequest) return 'cluster-wide';
  return attrs.namespace ? `in namespace ${attrs.namespace}` : 'cluster-wide';
}

const MESSAGES: Record<AccessCode, (p: Record<string, string | number>) => string> = {
  ALLOWED_BY_RULE: (p) =>
    `allowed by rule ${p.rule} of ${p.roleKind} ${p.role}, bound to ${p.subjectKind} ${p.subject} by ${p.bindingKind} ${p.binding}` +
    (p.bindingNamespace ? ` in namespace ${p.bindingNamespace}` : ''),
  ALLOWED_BY_NODE_AUTHORIZER: (p) =>
    p.via === 'GRAPH'
      ? `allowed by the Node authorizer: ${p.objectKind} ${p.object} is used by Pod ${p.pod}${p.through ? ` (through ${p.through})` : ''}, which is bound to node ${p.node}`
      : p.via === 'OWN_OBJECT'
        ? `allowed by the Node authorizer: node ${p.node} may use its own ${p.resource} object`
        : p.via === 'ADMISSION_LIMITED'
          ? `allowed by the Node authorizer for every node (the NodeRestriction admission plugin then limits node ${p.node} to its own objects)`
          : `allowed by the Node authorizer: rule ${p.rule} of the node rules (the rules of ClusterRole system:node)`,
  ALLOWED_SUPERUSER: (p) => `allowed: ${p.user} is in group system:masters, the superuser group, for which the API server allows everything`,
  DENIED_NO_BINDING: (p) =>
    (p.namespace ? `no RoleBinding in namespace ${p.namespace} and no ClusterRoleBinding binds user ${p.user}` : `no ClusterRoleBinding binds user ${p.user}`) +
    (p.groups ? ` or one of its groups (${p.groups})` : '') +
    (p.namespace ? '' : ' (the request is cluster-wide, where RoleBindings do not count)'),
  DENIED_BOUND_ELSEWHERE: (p) =>
    `${p.user} is bound only by RoleBindings in namespace ${p.boundIn}; a RoleBinding grants access only inside its own namespace, and the request is ${p.scope}`,
  DENIED_ROLE_NOT_FOUND: (p) =>
    `${p.bindingKind} ${p.binding} binds ${p.user} to ${p.roleKind} ${p.role}, which does not exist` +
    (p.roleKind === 'Role' ? ` in namespace ${p.bindingNamespace}` : ''),
  DENIED_EMPTY_ROLE: (p) => `${p.roleKind} ${p.role} (bound to ${p.user} by ${p.bindingKind} ${p.binding}) has no rules`,
  DENIED_VERB: (p) => `rule ${p.rule} of ${p.roleKind} ${p.role} matches ${p.target} but not verb ${p.verb} (it allows ${p.ruleVerbs})`,
  DENIED_API_GROUP: (p) =>
    `rule ${p.rule} of ${p.roleKind} ${p.role} matches ${p.resource} only in API groups ${p.ruleApiGroups}, not in "${p.apiGroup}"${p.apiGroup === '' ? ' (the core group)' : ''}`,
  DENIED_RESOURCE: (p) =>
    `rule ${p.rule} of ${p.roleKind} ${p.role} covers ${p.ruleResources} but not ${p.resource}` +
    (p.subresourceHint ? `; a subresource must be listed itself, as ${p.resource} or */${p.subresource}` : ''),
  DENIED_RESOURCE_NAME: (p) =>
    `rule ${p.rule} of ${p.roleKind} ${p.role} allows ${p.verb} ${p.resource} only for resourceNames ${p.ruleResourceNames}, not ${p.name}`,
  DENIED_NO_NAME: (p) =>
    `rule ${p.rule} of ${p.roleKind} ${p.role} allows ${p.verb} ${p.resource} only for resourceNames ${p.ruleResourceNames}; a request without a name (list, watch, create, deletecollection) never matches a rule with resourceNames`,
  DENIED_NON_RESOURCE_URL: (p) =>
    p.ruleNonResourceURLs
      ? `rule ${p.rule} of ${p.roleKind} ${p.role} allows ${p.verb} on ${p.ruleNonResourceURLs} but not on ${p.path}`
      : `no rule bound to ${p.user} lists nonResourceURLs; rule ${p.rule} of ${p.roleKind} ${p.role} is about resources, not the path ${p.path}`,
  DENIED_NO_MATCHING_RULE: (p) =>
    `no rule bound to ${p.user} allows ${p.verb} ${p.target} ${p.scope}; the closest, rule ${p.rule} of ${p.roleKind} ${p.role}, differs in ${p.differs}`,
};

/** The English sentence of an access code (the UI has its own Korean and English tables). */
export function accessMessage(code: AccessCode, params: Record<string, string | number>): string {
  return MESSAGES[code](params);
}

// ---------------------------------------------------------------------------------------------
// The decision

export function requestAttributes(request: AccessRequest): RequestAttributes {
  const isResourceRequest = !request.nonResourceURL;
  return {
    verb: request.verb,
    isResourceRequest,
    apiGroup: request.apiGroup ?? '',
    resource: request.resource ?? '',
    subresource: request.subresource ?? '',
    name: request.name ?? '',
    // A non-resource request has no namespace (nonResourceAttributes of a SubjectAccessReview
    // carry none), so RoleBindings never apply to it, even if `namespace` was given.
    namespace: isResourceRequest ? (request.namespace ?? '') : '',
    path: request.nonResourceURL ?? '',
  };
}

function matchOf(binding: BindingEntry, role: RoleEntry, rule: number, subject: Subject): AccessMatch {
  return {
    binding: binding.name,
    role: role.name,
    rule,
    bindingKind: binding.kind,
    ...(binding.namespace ? {bindingNamespace: binding.namespace} : {}),
    roleKind: role.kind,
    subject,
    builtIn: binding.builtIn,
  };
}

const MISMATCH_WEIGHT: Record<RuleMismatch, number> = {resource: 4, nonResourceURL: 4, apiGroup: 2, verb: 1, resourceName: 1};

/**
 * canI with everything the UI may want to show: all allowing matches, the closest rule, bindings
 * that refer to missing roles.
 */
export function explainAccess(objects: readonly unknown[], request: AccessRequest, options: CanIOptions = {}): AccessExplanation {
  const store = buildRbacStore(objects, options);
  const user =
    options.impersonation === false ? {name: request.user, groups: [...(request.groups ?? [])]} : impersonatedUser(request.user, request.groups ?? []);
  const attrs = requestAttributes(request);

  const matches: AccessMatch[] = [];
  const nearMisses: NearMiss[] = [];
  const danglingBindings: AccessExplanation['danglingBindings'] = [];
  const emptyRoles: AccessMatch[] = [];
  const applicable: BindingEntry[] = [];

  // VisitRulesFor: every ClusterRoleBinding, then (for a namespaced request) the RoleBindings of that namespace.
  const bindings = [...store.clusterRoleBindings, ...(attrs.namespace ? store.roleBindings.filter((b) => b.namespace === attrs.namespace) : [])];
  for (const binding of bindings) {
    const subject = binding.subjects.find((s) => appliesToUser(user, s, binding.kind === 'RoleBinding' ? (binding.namespace ?? '') : ''));
    if (!subject) continue;
    applicable.push(binding);
    const role = resolveRoleRef(store, binding);
    if (!role) {
      danglingBindings.push({
        bindingKind: binding.kind,
        binding: binding.name,
        ...(binding.namespace ? {bindingNamespace: binding.namespace} : {}),
        roleKind: binding.roleRef.kind,
        role: binding.roleRef.name,
      });
      continue;
    }
    if (role.rules.length === 0) emptyRoles.push(matchOf(binding, role, -1, subject));
    role.rules.forEach((rule, i) => {
      if (ruleAllows(attrs, rule)) matches.push(matchOf(binding, role, i, subject));
      else nearMisses.push({...matchOf(binding, role, i, subject), mismatches: ruleMismatches(attrs, rule), ruleText: rule});
    });
  }

  const base = {user, matches, danglingBindings};
  const superuser = user.groups.includes(SYSTEM_MASTERS);
  // The union authorizer: superuser group, then Node, then RBAC (reload.go newForConfig).
  const node = nodeIdentity(user);
  if (!superuser && node !== undefined) {
    const decision = authorizeAsNode(flattenObjects(objects), node, attrs, options.defaultNamespace ?? 'default');
    if (decision.allowed) {
      const params = {...decision.params, via: decision.via ?? '', resource: attrs.resource, verb: attrs.verb};
      return {allowed: true, reason: accessMessage('ALLOWED_BY_NODE_AUTHORIZER', params), code: 'ALLOWED_BY_NODE_AUTHORIZER', params, ...base};
    }
  }
  if (superuser || matches.length > 0) {
    // Prefer a binding the reader wrote over a built-in one when both allow it.
    const first = matches.find((m) => !m.builtIn) ?? matches[0];
    const code: AccessCode = superuser ? 'ALLOWED_SUPERUSER' : 'ALLOWED_BY_RULE';
    const params: Record<string, string | number> = superuser
      ? {user: user.name}
      : {
          rule: first.rule,
          role: first.role,
          roleKind: first.roleKind,
          binding: first.binding,
          bindingKind: first.bindingKind,
          bindingNamespace: first.bindingNamespace ?? '',
          subject: first.subject.kind === 'ServiceAccount' ? `${first.subject.namespace ?? first.bindingNamespace}/${first.subject.name}` : first.subject.name,
          subjectKind: first.subject.kind,
        };
    return {allowed: true, reason: accessMessage(code, params), code, params, ...(first ? {matched: first} : {}), ...base};
  }

  // Denied: say why, looking first at what the reader wrote, then at the built-in bindings.
  const deny = (code: AccessCode, params: Record<string, string | number>, closest?: NearMiss): AccessExplanation => ({
    allowed: false,
    reason: accessMessage(code, params),
    code,
    params,
    ...(closest ? {closest} : {}),
    ...base,
  });
  const who = {user: user.name, groups: user.groups.join(', ')};
  const scope = describeScope(attrs);
  const target = describeTarget(attrs);

  const pick = (candidates: NearMiss[]): NearMiss | undefined => {
    let best: NearMiss | undefined;
    let bestScore = Infinity;
    for (const c of candidates) {
      // A rule about URLs says nothing useful about a resource request, and the other way round.
      const kindPenalty = attrs.isResourceRequest === c.ruleText.nonResourceURLs.length > 0 ? 10 : 0;
      const score = c.mismatches.reduce((s, m) => s + MISMATCH_WEIGHT[m], 0) + kindPenalty;
      if (score < bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  };
  // Only rules the reader bound count as near misses: the built-in ones (system:basic-user, ...)
  // apply to everybody and would only distract.
  const closest = pick(nearMisses.filter((n) => !n.builtIn));

  if (closest) {
    const rule = closest.ruleText;
    const common = {
      rule: closest.rule,
      role: closest.role,
      roleKind: closest.roleKind,
      binding: closest.binding,
      bindingKind: closest.bindingKind,
      user: user.name,
      verb: attrs.verb,
    };
    const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    const [only] = closest.mismatches;
    if (closest.mismatches.length === 1) {
      switch (only) {
        case 'verb':
          return deny('DENIED_VERB', {...common, target, ruleVerbs: list(rule.verbs)}, closest);
        case 'apiGroup':
          return deny('DENIED_API_GROUP', {...common, resource, apiGroup: attrs.apiGroup, ruleApiGroups: list(rule.apiGroups)}, closest);
        case 'resource':
          return deny(
            'DENIED_RESOURCE',
            {
              ...common,
              resource,
              subresource: attrs.subresource,
              ruleResources: list(rule.resources),
              subresourceHint: attrs.subresource && rule.resources.includes(attrs.resource) ? 1 : 0,
            },
            closest,
          );
        case 'resourceName':
          return attrs.name
            ? deny('DENIED_RESOURCE_NAME', {...common, resource, name: attrs.name, ruleResourceNames: list(rule.resourceNames)}, closest)
            : deny('DENIED_NO_NAME', {...common, resource, ruleResourceNames: list(rule.resourceNames)}, closest);
        case 'nonResourceURL':
          return deny(
            'DENIED_NON_RESOURCE_URL',
            {...common, path: attrs.path, ruleNonResourceURLs: rule.nonResourceURLs.length ? list(rule.nonResourceURLs) : ''},
            closest,
          );
      }
    }
    if (!attrs.isResourceRequest && rule.nonResourceURLs.length === 0) {
      return deny('DENIED_NON_RESOURCE_URL', {...common, path: attrs.path, ruleNonResourceURLs: ''}, closest);
    }
    return deny('DENIED_NO_MATCHING_RULE', {...common, target, scope, namespace: attrs.namespace, differs: closest.mismatches.join(', ')}, closest);
  }

  const ownDangling = danglingBindings.find((d) =>
    applicable.some((b) => !b.builtIn && b.kind === d.bindingKind && b.name === d.binding && b.namespace === d.bindingNamespace),
  );
  if (ownDangling) {
    return deny('DENIED_ROLE_NOT_FOUND', {...ownDangling, bindingNamespace: ownDangling.bindingNamespace ?? '', user: user.name});
  }
  const ownEmpty = emptyRoles.find((m) => !m.builtIn);
  if (ownEmpty) {
    return deny('DENIED_EMPTY_ROLE', {
      role: ownEmpty.role,
      roleKind: ownEmpty.roleKind,
      binding: ownEmpty.binding,
      bindingKind: ownEmpty.bindingKind,
      user: user.name,
    });
  }

  // Bound, but only in other namespaces (a RoleBinding grants only inside its own namespace).
  const elsewhere = new Set<string>();
  for (const b of store.roleBindings) {
    if (b.builtIn || b.namespace === attrs.namespace) continue;
    if (b.subjects.some((s) => appliesToUser(user, s, b.namespace ?? ''))) elsewhere.add(b.namespace ?? '');
  }
  if (elsewhere.size > 0 && attrs.isResourceRequest) {
    return deny('DENIED_BOUND_ELSEWHERE', {...who, boundIn: [...elsewhere].sort().join(', '), scope, namespace: attrs.namespace});
  }

  return deny('DENIED_NO_BINDING', {...who, namespace: attrs.namespace});
}

/**
 * Would `kubectl auth can-i VERB RESOURCE --as USER [--as-group G]` say yes, against an API
 * server holding `objects` (and its bootstrap policy)? See the file comment for what is modelled.
 *
 * @example canI(objects, {user: 'dev-user', verb: 'delete', resource: 'pods', namespace: 'blue'})
 */
export function canI(objects: readonly unknown[], request: AccessRequest, options: CanIOptions = {}): CanIResult {
  const {allowed, reason, matched, code, params, user} = explainAccess(objects, request, options);
  return {allowed, reason, ...(matched ? {matched} : {}), code, params, user};
}
