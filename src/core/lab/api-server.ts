/**
 * The lab's API server: what kube-apiserver (authorization modes Node,RBAC, default admission
 * plugins) and, when asked for, kube-controller-manager do to the objects the lab's kubectl sends.
 * - authorization through canI() on the objects stored here (../rbac/evaluate-access.ts);
 * - impersonation checked like k8s.io/apiserver pkg/endpoints/filters/impersonation: the caller
 *   needs `impersonate` on users / groups / serviceaccounts (/ uids);
 * - errors worded as k8s.io/apimachinery pkg/api/errors words them (NewNotFound,
 *   NewAlreadyExists, NewForbidden), and kubectl prints them as "Error from server (Reason): ...";
 * - defaults and admission of the kinds in scope: ./defaults.ts.
 */
import {displayText} from '../scalar-text';
import {canI, explainAccess} from '../rbac/evaluate-access';
import {impersonatedUser} from '../rbac/evaluate-access';
import {aggregateClusterRoles} from '../rbac/aggregate-cluster-roles';
import {BOOTSTRAP_POLICY} from '../rbac/generated/bootstrap-policy';
import {isRecord} from '../is-record';
import {matchPartial} from '../assertions/match-partial';
import {normalizeRule} from '../rbac/policy-rule';
import {API_RESOURCES, qualifiedName, resourceForKind} from './resources';
import type {ApiResource} from './resources';
import {clone, labelsOfObject, meta, nameOf, namespaceOf, Store} from './store';
import type {KubeObject} from './store';
import {applyDefaults, initialObjects} from './defaults';
import {reconcileDeployment} from './controllers';
import {base64} from './store';

export interface Identity {
  name: string;
  groups: string[];
}

/** The user of an admin kubeconfig (a client certificate with O=system:masters). */
export const ADMIN: Identity = {name: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated']};

/** A status error from the server; kubectl prints it as `Error from server (<reason>): <message>`. */
export class ApiError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** An Invalid (422) error: kubectl prints its message alone (no "Error from server"). */
export class InvalidError extends ApiError {}

export function notFound(resource: ApiResource, name: string): ApiError {
  return new ApiError('NotFound', `${qualifiedName(resource)} "${name}" not found`);
}

export function resourceByName(name: string, group = ''): ApiResource {
  const r = API_RESOURCES.find((x) => x.name === name && x.group === group);
  if (!r) throw new Error(`no resource ${name}.${group}`);
  return r;
}

export interface Attributes {
  verb: string;
  resource: ApiResource;
  subresource?: string;
  namespace: string;
  name?: string;
}

/** NewForbidden's message with the RBAC authorizer's wording of the request. */
export function forbiddenMessage(user: Identity, a: Attributes): string {
  const what = a.subresource ? `${a.resource.name}/${a.subresource}` : a.resource.name;
  const target = a.name ? `${qualifiedName(a.resource)} "${a.name}"` : qualifiedName(a.resource);
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${target} is forbidden: User "${user.name}" cannot ${a.verb} resource "${what}" in API group "${a.resource.group}" ${scope}`;
}

export interface ServerOptions {
  controllerManager: boolean;
  now: () => Date;
  seed: number;
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** An event a controller recorded (core/v1 Event, kept beside the store: describe reads them). */
export interface LabEvent {
  /** The involved object's uid. */
  uid: string;
  type: 'Normal' | 'Warning';
  reason: string;
  /** Source component, e.g. deployment-controller. */
  source: string;
  message: string;
  /** RFC 3339, seconds. */
  time: string;
}

export class ApiServer {
  readonly store: Store;
  readonly events: LabEvent[] = [];
  private rbacCache: KubeObject[] | undefined;

  constructor(readonly options: ServerOptions) {
    this.store = new Store(options.now, options.seed);
    for (const o of [...initialObjects(options.controllerManager), ...apiServerConfigMaps(this.store.timestamp().slice(0, 10))]) {
      const r = resourceForKind(displayText(o.apiVersion), displayText(o.kind));
      if (r) this.store.insert(r, o);
    }
    for (const o of BOOTSTRAP_POLICY) {
      if (!RBAC_KINDS.has(displayText(o.kind))) continue;
      const copy = clone(o) as KubeObject;
      meta(copy).annotations = {'rbac.authorization.kubernetes.io/autoupdate': 'true'};
      const r = resourceForKind(displayText(copy.apiVersion), displayText(copy.kind));
      if (r) this.store.insert(r, copy);
    }
    this.aggregate();
  }

  // --- authorization ------------------------------------------------------------------------

  private rbacObjects(): KubeObject[] {
    if (!this.rbacCache) {
      this.rbacCache = this.store.all().filter((o) => RBAC_KINDS.has(displayText(o.kind)));
    }
    return this.rbacCache;
  }

  /** Null when allowed, else the server's Forbidden message. */
  authorize(user: Identity, request: Attributes): ApiError | null {
    // k8s.io/apiserver request info: a request for one namespace object is in that namespace
    const a = request.resource.name === 'namespaces' && request.resource.group === '' && request.name ? {...request, namespace: request.name} : request;
    if (this.allowed(user, {...a, namespaceOf: a.namespace})) return null;
    // rbac.go Authorize: the errors met while resolving the user's rules (a binding to a missing
    // role) become the reason, "RBAC: <error>" or "RBAC: [<error>, <error>]"
    const reason = this.rbacReason(user, {verb: a.verb, resource: a.resource.name, apiGroup: a.resource.group, namespace: a.namespace, name: a.name});
    return new ApiError('Forbidden', forbiddenMessage(user, a) + (reason ? `: ${reason}` : ''));
  }

  /**
   * rbac.go Authorize: the errors met while resolving the user's rules (a binding to a missing
   * role) become the reason of a denial, "RBAC: <error>" or "RBAC: [<error>, <error>]"; empty
   * when there were none.
   */
  rbacReason(user: Identity, a: {verb: string; resource?: string; apiGroup?: string; namespace?: string; name?: string; nonResourceURL?: string}): string {
    const why = explainAccess(
      this.rbacObjects(),
      {
        user: user.name,
        groups: user.groups,
        verb: a.verb,
        ...(a.nonResourceURL ? {nonResourceURL: a.nonResourceURL} : {resource: a.resource ?? '', apiGroup: a.apiGroup ?? ''}),
        ...(a.namespace ? {namespace: a.namespace} : {}),
        ...(a.name ? {name: a.name} : {}),
      },
      {includeBootstrapPolicy: false, impersonation: false},
    );
    const errors = [...new Set(why.danglingBindings.map((d) => `${d.roleKind.toLowerCase()}.rbac.authorization.k8s.io "${d.role}" not found`))];
    return errors.length === 0 ? '' : `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`;
  }

  allowed(
    user: Identity,
    a: {
      verb: string;
      resource?: ApiResource;
      resourceName?: string;
      group?: string;
      subresource?: string;
      namespace?: string;
      name?: string;
      nonResourceURL?: string;
      namespaceOf?: string;
    },
  ): boolean {
    const r = canI(
      this.rbacObjects(),
      {
        user: user.name,
        groups: user.groups,
        verb: a.verb,
        ...(a.nonResourceURL !== undefined
          ? {nonResourceURL: a.nonResourceURL}
          : {
              resource: a.resource ? a.resource.name : (a.resourceName ?? ''),
              apiGroup: a.resource ? a.resource.group : (a.group ?? ''),
              ...(a.subresource ? {subresource: a.subresource} : {}),
              ...(a.namespace && (!a.resource || a.resource.namespaced || a.namespaceOf) ? {namespace: a.namespace} : {}),
              ...(a.name ? {name: a.name} : {}),
            }),
      },
      {includeBootstrapPolicy: false, impersonation: false},
    );
    return r.allowed;
  }

  /**
   * The identity a request runs as: `--as` / `--as-group` are checked against the caller's RBAC
   * (verb impersonate on users, groups, serviceaccounts), then built as WithImpersonation does.
   */
  impersonate(caller: Identity, as: string, asGroups: string[]): Identity | ApiError {
    if (!as && asGroups.length === 0) return caller;
    if (!as) return new ApiError('Forbidden', 'requesting groups or user-extra for  without impersonating a user');
    const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(as);
    const checks: {resource: string; namespace?: string; name: string}[] = [];
    if (sa) checks.push({resource: 'serviceaccounts', namespace: sa[1], name: sa[2]});
    else checks.push({resource: 'users', name: as});
    for (const g of asGroups) checks.push({resource: 'groups', name: g});
    for (const c of checks) {
      if (!this.allowed(caller, {verb: 'impersonate', resourceName: c.resource, group: '', namespace: c.namespace, name: c.name})) {
        const scope = c.namespace ? `in the namespace "${c.namespace}"` : 'at the cluster scope';
        return new ApiError(
          'Forbidden',
          `${c.resource} "${c.name}" is forbidden: User "${caller.name}" cannot impersonate resource "${c.resource}" in API group "" ${scope}`,
        );
      }
    }
    return impersonatedUser(as, asGroups);
  }

  // --- storage operations --------------------------------------------------------------------

  private changed(resource: ApiResource): void {
    if (resource.group === 'rbac.authorization.k8s.io') {
      this.rbacCache = undefined;
      if (resource.name === 'clusterroles') this.aggregate();
    }
  }

  /** The clusterrole-aggregation controller (kube-controller-manager): rules of aggregated ClusterRoles. */
  private aggregate(): void {
    if (!this.options.controllerManager) return;
    const crs = resourceByName('clusterroles', 'rbac.authorization.k8s.io');
    const list = this.store.list(crs, '');
    const entries = list.map((o) => ({
      name: nameOf(o),
      labels: labelsOfObject(o),
      rules: Array.isArray(o.rules) ? o.rules.map(normalizeRule) : [],
      aggregationSelectors:
        isRecord(o.aggregationRule) && Array.isArray(o.aggregationRule.clusterRoleSelectors) ? o.aggregationRule.clusterRoleSelectors : undefined,
      object: o,
    }));
    aggregateClusterRoles(entries);
    for (const e of entries) {
      if (e.aggregationSelectors === undefined) continue;
      const next = e.rules.map(compactRule);
      if (JSON.stringify(next) !== JSON.stringify(e.object.rules ?? null) && next.length > 0) {
        e.object.rules = next;
      }
    }
    this.rbacCache = undefined;
  }

  namespaceExists(namespace: string): boolean {
    return !!this.store.get(resourceByName('namespaces'), '', namespace);
  }

  get(resource: ApiResource, namespace: string, name: string): KubeObject {
    const o = this.store.get(resource, namespace, name);
    if (!o && resource.namespaced && namespace && !this.namespaceExists(namespace)) throw new ApiError('NotFound', `namespaces "${namespace}" not found`);
    if (!o) throw notFound(resource, name);
    return o;
  }

  list(resource: ApiResource, namespace: string): KubeObject[] {
    return this.store.list(resource, namespace);
  }

  /**
   * Creates an object (defaults and admission applied). dryRun: everything but storing it.
   * Throws ApiError as the server answers.
   */
  create(resource: ApiResource, input: KubeObject, namespace: string, dryRun: boolean): KubeObject {
    const object = clone(input);
    const m = meta(object);
    if (resource.namespaced) {
      if (!m.namespace) m.namespace = namespace;
      else if (m.namespace !== namespace) {
        throw new ApiError('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
      }
    } else delete m.namespace;
    if (!m.name && typeof m.generateName === 'string') m.name = `${m.generateName}${this.store.suffix()}`;
    const name = nameOf(object);
    if (resource.namespaced && !this.namespaceExists(displayText(m.namespace))) {
      throw new ApiError('NotFound', `namespaces "${m.namespace}" not found`);
    }
    if (this.store.get(resource, displayText(m.namespace ?? ''), name)) {
      throw new ApiError('AlreadyExists', `${qualifiedName(resource)} "${name}" already exists`);
    }
    if (resource.name === 'pods' && resource.group === '') {
      // plugin/pkg/admission/serviceaccount: the pod's ServiceAccount must exist
      const spec = isRecord(object.spec) ? object.spec : {};
      const sa = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : 'default';
      if (!this.store.get(resourceByName('serviceaccounts'), displayText(m.namespace), sa)) {
        throw new ApiError('Forbidden', `pods "${name}" is forbidden: error looking up service account ${m.namespace}/${sa}: serviceaccount "${sa}" not found`);
      }
    }
    applyDefaults(this, resource, object, 'create');
    if (dryRun) {
      const mm = meta(object);
      mm.uid = this.store.uid();
      mm.creationTimestamp = this.store.timestamp();
      return object;
    }
    this.store.insert(resource, object);
    this.afterCreate(resource, object);
    if (resource.name === 'deployments' && this.options.controllerManager) reconcileDeployment(this, object);
    this.changed(resource);
    return object;
  }

  /** Replaces an existing object (update/apply). */
  update(resource: ApiResource, object: KubeObject, dryRun: boolean): KubeObject {
    const old = this.get(resource, namespaceOf(object), nameOf(object));
    const next = clone(object);
    const m = meta(next);
    const om = meta(old);
    m.uid = om.uid;
    m.creationTimestamp = om.creationTimestamp;
    if (!resource.namespaced) delete m.namespace;
    if (
      (resource.name === 'rolebindings' || resource.name === 'clusterrolebindings') &&
      JSON.stringify(sortDeep(next.roleRef)) !== JSON.stringify(sortDeep(old.roleRef))
    ) {
      // pkg/apis/rbac/validation ValidateRoleBindingUpdate
      const ref = isRecord(next.roleRef) ? next.roleRef : {};
      throw new InvalidError(
        'Invalid',
        `The ${resource.kind} "${nameOf(next)}" is invalid: roleRef: Invalid value: {"APIGroup":${JSON.stringify(ref.apiGroup ?? '')},"Kind":${JSON.stringify(ref.kind ?? '')},"Name":${JSON.stringify(ref.name ?? '')}}: cannot change roleRef`,
      );
    }
    if (resource.name === 'pods' && resource.group === '' && podSpecChanged(old, next)) {
      // pkg/apis/core/validation ValidatePodUpdate (the server also prints a diff of its internal PodSpec)
      throw new InvalidError(
        'Invalid',
        `The Pod "${nameOf(next)}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`,\`spec.initContainers[*].image\`,\`spec.activeDeadlineSeconds\`,\`spec.tolerations\` (only additions to existing tolerations),\`spec.terminationGracePeriodSeconds\` (allow it to be set to 1 if it was previously negative)`,
      );
    }
    applyDefaults(this, resource, next, 'update', old);
    if (JSON.stringify(sortDeep(stripVolatile(next))) === JSON.stringify(sortDeep(stripVolatile(old)))) return old;
    if (dryRun) return next;
    m.resourceVersion = om.resourceVersion;
    this.store.replace(resource, next);
    if (resource.name === 'deployments' && this.options.controllerManager) reconcileDeployment(this, next);
    this.changed(resource);
    return next;
  }

  delete(resource: ApiResource, namespace: string, name: string, dryRun: boolean): KubeObject {
    // unlike a get, a delete in a missing namespace says the object is not found
    const o = this.store.get(resource, namespace, name);
    if (!o) throw notFound(resource, name);
    if (dryRun) return o;
    this.store.remove(resource, namespace, name);
    if (resource.name === 'namespaces' && resource.group === '') {
      // the namespace controller removes what the namespace held (here at once)
      for (const r of API_RESOURCES) if (r.namespaced) for (const x of this.store.list(r, name)) this.store.remove(r, name, nameOf(x));
      this.rbacCache = undefined;
    }
    this.changed(resource);
    return o;
  }

  /** What the controllers add after a create: a namespace's default ServiceAccount and kube-root-ca.crt. */
  private afterCreate(resource: ApiResource, object: KubeObject): void {
    if (resource.name === 'serviceaccounts' && resource.group === '' && this.options.controllerManager) {
      for (const secret of this.store.list(resourceByName('secrets'), namespaceOf(object))) {
        const a = isRecord(meta(secret).annotations) ? (meta(secret).annotations as Record<string, unknown>) : {};
        if (
          secret.type === 'kubernetes.io/service-account-token' &&
          a['kubernetes.io/service-account.name'] === nameOf(object) &&
          !a['kubernetes.io/service-account.uid']
        ) {
          this.afterCreate(resourceByName('secrets'), secret);
        }
      }
    }
    if (resource.name === 'secrets' && object.type === 'kubernetes.io/service-account-token' && this.options.controllerManager) {
      // pkg/controller/serviceaccount/tokens_controller.go: a legacy token Secret gets the
      // ServiceAccount's uid, ca.crt, namespace and a token
      const m = meta(object);
      const annotations = isRecord(m.annotations) ? m.annotations : {};
      const saName = typeof annotations['kubernetes.io/service-account.name'] === 'string' ? annotations['kubernetes.io/service-account.name'] : '';
      const sa = this.store.get(resourceByName('serviceaccounts'), namespaceOf(object), saName);
      if (sa) {
        m.annotations = {...annotations, 'kubernetes.io/service-account.uid': meta(sa).uid};
        const token = `eyJhbGciOiJSUzI1NiIsImtpZCI6ImxhYiJ9.${base64(JSON.stringify({iss: 'kubernetes/serviceaccount', 'kubernetes.io/serviceaccount/namespace': namespaceOf(object), 'kubernetes.io/serviceaccount/secret.name': nameOf(object), 'kubernetes.io/serviceaccount/service-account.name': saName, sub: `system:serviceaccount:${namespaceOf(object)}:${saName}`})).replace(/=+$/, '')}.bGFiLXNpZ25hdHVyZQ`;
        object.data = {...(isRecord(object.data) ? object.data : {}), 'ca.crt': base64(LAB_CA), namespace: base64(namespaceOf(object)), token: base64(token)};
        m.resourceVersion = displayText(Number(m.resourceVersion) + 1);
      }
    }
    if (resource.name === 'namespaces' && resource.group === '' && this.options.controllerManager) {
      const ns = nameOf(object);
      this.store.insert(resourceByName('serviceaccounts'), {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: ns}});
      this.store.insert(resourceByName('configmaps'), rootCaConfigMap(ns));
    }
  }
}

/**
 * The ConfigMaps kube-apiserver writes in kube-system at start: its client CA for extension API
 * servers (pkg/controlplane/controller/clusterauthenticationtrust) and the date it began tracking
 * legacy ServiceAccount tokens (pkg/controlplane/controller/legacytokentracking).
 */
function apiServerConfigMaps(today: string): KubeObject[] {
  return [
    {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'extension-apiserver-authentication', namespace: 'kube-system'}, data: {'client-ca-file': LAB_CA}},
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {name: 'kube-apiserver-legacy-service-account-token-tracking', namespace: 'kube-system'},
      data: {since: today},
    },
  ];
}

export function rootCaConfigMap(ns: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {name: 'kube-root-ca.crt', namespace: ns, annotations: {'kubernetes.io/description': ROOT_CA_DESCRIPTION}},
    data: {'ca.crt': LAB_CA},
  };
}

const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** A stand-in certificate: the lab has no real CA. */
const LAB_CA = '-----BEGIN CERTIFICATE-----\nTEFCIENBIChubyByZWFsIGNlcnRpZmljYXRlIGluIHRoZSBsYWIp\n-----END CERTIFICATE-----\n';

/**
 * Does the update change a pod's spec beyond what may change (images, activeDeadlineSeconds,
 * tolerations)? The new spec is compared as a partial match of the stored one, since the stored
 * one carries the server's defaults and admission additions that an applied file leaves out.
 */
function podSpecChanged(old: KubeObject, next: KubeObject): boolean {
  if (!isRecord(next.spec) || !isRecord(old.spec)) return false;
  const wanted = clone(next.spec);
  const stored = clone(old.spec);
  for (const spec of [wanted, stored]) {
    for (const key of ['containers', 'initContainers']) if (Array.isArray(spec[key])) for (const c of spec[key] as unknown[]) if (isRecord(c)) delete c.image;
    delete spec.activeDeadlineSeconds;
    delete spec.tolerations;
  }
  return matchPartial(stored, wanted).length > 0;
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortDeep(v[k]);
    return out;
  }
  return v;
}

function compactRule(rule: ReturnType<typeof normalizeRule>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule)) if (Array.isArray(v) ? v.length > 0 : v !== undefined) out[k] = v;
  return out;
}

function stripVolatile(o: KubeObject): unknown {
  const c = clone(o);
  const m = meta(c);
  delete m.resourceVersion;
  delete m.managedFields;
  delete m.generation;
  return c;
}
