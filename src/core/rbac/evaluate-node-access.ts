/**
 * The Node authorizer: what a kubelet (user system:node:<name> in group system:nodes) may do
 * beyond RBAC. It runs after the superuser check and before RBAC (--authorization-mode=Node,RBAC)
 * and either allows or has no opinion, so RBAC still decides what it does not allow.
 *
 * Upstream (k8s.io/kubernetes v1.36):
 * - plugin/pkg/auth/authorizer/node/node_authorizer.go: NodeAuthorizer.Authorize and its
 *   authorizeReadNamespacedObject, authorizeGet, authorizeStatusUpdate, authorizeServiceAccount,
 *   authorizeCreateToken, authorizeLease, authorizeCSINode, authorizeResourceSlice,
 *   authorizeNode, authorizePod, hasPathFrom;
 * - plugin/pkg/auth/authorizer/node/graph.go (AddPod, AddPV, AddVolumeAttachment,
 *   AddResourceSlice) and graph_populator.go (pods without spec.nodeName are not in the graph):
 *   an object is "related" to a node when a pod bound to that node uses it;
 * - pkg/api/v1/pod/util.go VisitPodSecretNames / VisitPodConfigmapNames, and
 *   pkg/api/v1/persistentvolume/util.go VisitPVSecretNames: which references count;
 * - pkg/auth/nodeidentifier/default.go NodeIdentity: who is a node;
 * - plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go NodeRules (the ClusterRole
 *   system:node holds the same list) for everything the graph does not cover;
 * - feature gates at their v1.36 defaults: AuthorizeNodeWithSelectors and
 *   KubeletServiceAccountTokenForCredentialProviders on (GA), PodCertificateRequest off (beta).
 *
 * Pods are taken as the API server stores them after the ServiceAccount admission plugin
 * (plugin/pkg/admission/serviceaccount/admission.go): spec.serviceAccountName defaults to
 * "default", and unless automountServiceAccountToken is false (pod first, then the
 * ServiceAccount) the injected kube-api-access volume refers to the ConfigMap kube-root-ca.crt.
 * A request here carries no field selector (kubectl auth can-i cannot send one), so list/watch of
 * pods or ResourceSlices restricted by spec.nodeName is not modelled.
 */
import type {KubeObject} from '../assertions/objects';
import {isRecord} from '../is-record';
import {BOOTSTRAP_POLICY} from './generated/bootstrap-policy';
import type {PolicyRule, RequestAttributes} from './policy-rule';
import {normalizeRule, ruleAllows} from './policy-rule';

const NODE_PREFIX = 'system:node:';
const NODES_GROUP = 'system:nodes';

/** NodeIdentity: the node name of a node user, '' for "system:node:" alone, undefined for anybody else. */
export function nodeIdentity(user: {name: string; groups: string[]}): string | undefined {
  if (!user.name.startsWith(NODE_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  return user.name.slice(NODE_PREFIX.length);
}

/** How the Node authorizer allowed a request. */
export type NodeAccessVia =
  /** a pod bound to the node uses the object (params: objectKind, object, pod, and through for PV chains) */
  | 'GRAPH'
  /** the node's own Node, Lease or CSINode object */
  | 'OWN_OBJECT'
  /** allowed to every node; the NodeRestriction admission plugin narrows it to the node's own objects */
  | 'ADMISSION_LIMITED'
  /** one of the static node rules (rule index into the system:node ClusterRole) */
  | 'NODE_RULES';

export interface NodeDecision {
  allowed: boolean;
  via?: NodeAccessVia;
  params: Record<string, string | number>;
}

let nodeRulesCache: PolicyRule[] | undefined;
/** bootstrappolicy.NodeRules(): the rules of the bootstrap ClusterRole system:node. */
export function nodeRules(): PolicyRule[] {
  if (!nodeRulesCache) {
    const role = BOOTSTRAP_POLICY.find((o) => o.kind === 'ClusterRole' && isRecord(o.metadata) && o.metadata.name === 'system:node');
    nodeRulesCache = Array.isArray(role?.rules) ? role.rules.map(normalizeRule) : [];
  }
  return nodeRulesCache;
}

// ---------------------------------------------------------------------------------------------
// The graph, as the set of objects related to one node

type Vertex = 'secret' | 'configmap' | 'pvc' | 'pv' | 'serviceaccount' | 'resourceclaim' | 'volumeattachment' | 'resourceslice' | 'pod';

interface Relation {
  pod?: string;
  through?: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

function containersOf(spec: Record<string, unknown>): Record<string, unknown>[] {
  return [...list(spec.initContainers), ...list(spec.containers), ...list(spec.ephemeralContainers)].filter(isRecord);
}

/** VisitPodSecretNames */
function podSecretNames(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const r of list(spec.imagePullSecrets)) out.push(str(rec(r).name));
  for (const c of containersOf(spec)) {
    for (const e of list(c.envFrom)) out.push(str(rec(rec(e).secretRef).name));
    for (const e of list(c.env)) out.push(str(rec(rec(rec(e).valueFrom).secretKeyRef).name));
  }
  for (const v of list(spec.volumes).map(rec)) {
    if (isRecord(v.azureFile)) out.push(str(v.azureFile.secretName));
    else if (isRecord(v.cephfs)) out.push(str(rec(v.cephfs.secretRef).name));
    else if (isRecord(v.cinder)) out.push(str(rec(v.cinder.secretRef).name));
    else if (isRecord(v.flexVolume)) out.push(str(rec(v.flexVolume.secretRef).name));
    else if (isRecord(v.projected)) for (const s of list(v.projected.sources)) out.push(str(rec(rec(s).secret).name));
    else if (isRecord(v.rbd)) out.push(str(rec(v.rbd.secretRef).name));
    else if (isRecord(v.secret)) out.push(str(v.secret.secretName));
    else if (isRecord(v.scaleIO)) out.push(str(rec(v.scaleIO.secretRef).name));
    else if (isRecord(v.iscsi)) out.push(str(rec(v.iscsi.secretRef).name));
    else if (isRecord(v.storageos)) out.push(str(rec(v.storageos.secretRef).name));
    else if (isRecord(v.csi)) out.push(str(rec(v.csi.nodePublishSecretRef).name));
  }
  return out.filter(Boolean);
}

/** VisitPodConfigmapNames */
function podConfigMapNames(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const c of containersOf(spec)) {
    for (const e of list(c.envFrom)) out.push(str(rec(rec(e).configMapRef).name));
    for (const e of list(c.env)) out.push(str(rec(rec(rec(e).valueFrom).configMapKeyRef).name));
  }
  for (const v of list(spec.volumes).map(rec)) {
    if (isRecord(v.projected)) for (const s of list(v.projected.sources)) out.push(str(rec(rec(s).configMap).name));
    else if (isRecord(v.configMap)) out.push(str(v.configMap.name));
  }
  return out.filter(Boolean);
}

/** VisitPVSecretNames, the references the kubelet sees (kubeletVisible), with their namespace. */
function pvSecretRefs(spec: Record<string, unknown>, claimNamespace: string): {namespace: string; name: string}[] {
  const out: {namespace: string; name: string}[] = [];
  const ref = (r: unknown, fallback = claimNamespace) => {
    const x = rec(r);
    if (str(x.name)) out.push({namespace: str(x.namespace) || fallback, name: str(x.name)});
  };
  if (isRecord(spec.azureFile) && str(spec.azureFile.secretName))
    out.push({namespace: str(spec.azureFile.secretNamespace) || claimNamespace, name: str(spec.azureFile.secretName)});
  for (const k of ['cephfs', 'flexVolume', 'rbd', 'scaleIO', 'iscsi']) if (isRecord(spec[k])) ref((spec[k] as Record<string, unknown>).secretRef);
  for (const k of ['cinder', 'storageos']) if (isRecord(spec[k])) ref((spec[k] as Record<string, unknown>).secretRef, '');
  if (isRecord(spec.csi)) for (const k of ['nodePublishSecretRef', 'nodeStageSecretRef', 'nodeExpandSecretRef']) ref(spec.csi[k], '');
  return out.filter((r) => r.namespace);
}

/** The objects a pod bound to `node` relates to, keyed "vertex|namespace|name". */
export function nodeGraph(objects: readonly KubeObject[], node: string, defaultNamespace = 'default'): Map<string, Relation> {
  const related = new Map<string, Relation>();
  const add = (v: Vertex, ns: string, name: string, relation: Relation) => {
    const key = `${v}|${ns}|${name}`;
    if (name && !related.has(key)) related.set(key, relation);
  };
  const serviceAccounts = new Map<string, Record<string, unknown>>();
  for (const o of objects) {
    if (o.kind === 'ServiceAccount') {
      const m = rec(o.metadata);
      serviceAccounts.set(`${str(m.namespace) || defaultNamespace}/${str(m.name)}`, o);
    }
  }
  const pvcs = new Set<string>();
  for (const o of objects) {
    const m = rec(o.metadata);
    const ns = str(m.namespace) || defaultNamespace;
    const name = str(m.name);
    const spec = rec(o.spec);
    if (o.kind === 'Pod' && str(spec.nodeName) === node && name) {
      const pod = `${ns}/${name}`;
      add('pod', ns, name, {pod});
      // AddPod: mirror pods get no edges to other objects.
      if (str(rec(m.annotations)['kubernetes.io/config.mirror'])) continue;
      const saName = str(spec.serviceAccountName) || str(spec.serviceAccount) || 'default';
      add('serviceaccount', ns, saName, {pod});
      for (const s of podSecretNames(spec)) add('secret', ns, s, {pod});
      for (const c of podConfigMapNames(spec)) add('configmap', ns, c, {pod});
      const sa = serviceAccounts.get(`${ns}/${saName}`);
      const automount =
        typeof spec.automountServiceAccountToken === 'boolean'
          ? spec.automountServiceAccountToken
          : typeof sa?.automountServiceAccountToken === 'boolean'
            ? sa.automountServiceAccountToken
            : true;
      if (automount) add('configmap', ns, 'kube-root-ca.crt', {pod});
      for (const v of list(spec.volumes).map(rec)) {
        const claim = isRecord(v.persistentVolumeClaim) ? str(v.persistentVolumeClaim.claimName) : isRecord(v.ephemeral) ? `${name}-${str(v.name)}` : '';
        if (claim) {
          add('pvc', ns, claim, {pod});
          pvcs.add(`${ns}/${claim}`);
        }
      }
      for (const c of list(spec.resourceClaims).map(rec)) add('resourceclaim', ns, str(c.resourceClaimName), {pod});
      const status = rec(o.status);
      for (const c of list(status.resourceClaimStatuses).map(rec)) add('resourceclaim', ns, str(c.resourceClaimName), {pod});
      add('resourceclaim', ns, str(rec(status.extendedResourceClaimStatus).resourceClaimName), {pod});
    } else if ((o.kind === 'VolumeAttachment' || o.kind === 'ResourceSlice') && str(spec.nodeName) === node && name) {
      add(o.kind === 'VolumeAttachment' ? 'volumeattachment' : 'resourceslice', '', name, {});
    }
  }
  // AddPV: pv -> pvc (and secret -> pv); the pvc must lead to a pod of this node.
  for (const o of objects) {
    if (o.kind !== 'PersistentVolume') continue;
    const spec = rec(o.spec);
    const claim = rec(spec.claimRef);
    const claimKey = `${str(claim.namespace)}/${str(claim.name)}`;
    const name = str(rec(o.metadata).name);
    if (!name || !pvcs.has(claimKey)) continue;
    const via = related.get(`pvc|${str(claim.namespace)}|${str(claim.name)}`);
    add('pv', '', name, {pod: via?.pod, through: `PersistentVolumeClaim ${claimKey}`});
    for (const s of pvSecretRefs(spec, str(claim.namespace))) add('secret', s.namespace, s.name, {pod: via?.pod, through: `PersistentVolume ${name}`});
  }
  return related;
}

// ---------------------------------------------------------------------------------------------
// The decision

const VERTEX_KIND: Record<Vertex, string> = {
  secret: 'Secret',
  configmap: 'ConfigMap',
  pvc: 'PersistentVolumeClaim',
  pv: 'PersistentVolume',
  serviceaccount: 'ServiceAccount',
  resourceclaim: 'ResourceClaim',
  volumeattachment: 'VolumeAttachment',
  resourceslice: 'ResourceSlice',
  pod: 'Pod',
};

/**
 * NodeAuthorizer.Authorize for `node` (from nodeIdentity). `objects` are the flattened objects
 * the graph is built from. Returns allowed: false where the Node authorizer has no opinion.
 */
export function authorizeAsNode(objects: readonly KubeObject[], node: string, attrs: RequestAttributes, defaultNamespace = 'default'): NodeDecision {
  const no: NodeDecision = {allowed: false, params: {node}};
  if (!node) return no; // "unknown node for user"
  let graph: Map<string, Relation> | undefined;
  const related = (v: Vertex): NodeDecision => {
    // authorize(): a name is required, then a path from the object to the node.
    if (!attrs.name) return no;
    graph ??= nodeGraph(objects, node, defaultNamespace);
    // hasPathFrom looks the object up under the request's namespace, even for cluster-scoped
    // kinds: "get persistentvolumes/pv1 -n default" finds no PersistentVolume and is not allowed.
    const ns = attrs.namespace;
    const r = graph.get(`${v}|${ns}|${attrs.name}`);
    if (!r) return no;
    return {
      allowed: true,
      via: 'GRAPH',
      params: {node, objectKind: VERTEX_KIND[v], object: ns ? `${ns}/${attrs.name}` : attrs.name, pod: r.pod ?? '', through: r.through ?? ''},
    };
  };
  const everyNode: NodeDecision = {allowed: true, via: 'ADMISSION_LIMITED', params: {node}};
  const own: NodeDecision = {allowed: true, via: 'OWN_OBJECT', params: {node}};
  const {verb, subresource} = attrs;

  if (attrs.isResourceRequest) {
    const gr = `${attrs.resource}.${attrs.apiGroup}`;
    switch (gr) {
      case 'secrets.':
      case 'configmaps.':
        // authorizeReadNamespacedObject
        if (!['get', 'list', 'watch'].includes(verb) || subresource || !attrs.namespace) return no;
        return related(gr === 'secrets.' ? 'secret' : 'configmap');
      case 'persistentvolumeclaims.':
        if (subresource === 'status') return ['update', 'patch'].includes(verb) ? related('pvc') : no;
        return verb === 'get' && !subresource ? related('pvc') : no;
      case 'persistentvolumes.':
        return verb === 'get' && !subresource ? related('pv') : no;
      case 'resourceclaims.resource.k8s.io':
        return verb === 'get' && !subresource ? related('resourceclaim') : no;
      case 'volumeattachments.storage.k8s.io':
        return verb === 'get' && !subresource ? related('volumeattachment') : no;
      case 'serviceaccounts.':
        if (verb === 'get' && !subresource) return attrs.namespace ? related('serviceaccount') : no;
        // authorizeCreateToken
        return verb === 'create' && attrs.name && subresource === 'token' ? related('serviceaccount') : no;
      case 'leases.coordination.k8s.io':
        if (!['get', 'create', 'update', 'patch', 'delete'].includes(verb) || attrs.namespace !== 'kube-node-lease') return no;
        return verb === 'create' ? everyNode : attrs.name === node ? own : no;
      case 'csinodes.storage.k8s.io':
        if (!['get', 'create', 'update', 'patch', 'delete'].includes(verb) || subresource) return no;
        return verb === 'create' ? everyNode : attrs.name === node ? own : no;
      case 'resourceslices.resource.k8s.io':
        if (subresource) return no;
        if (verb === 'create') return everyNode;
        if (['get', 'update', 'patch', 'delete'].includes(verb)) return related('resourceslice');
        return no; // list, watch, deletecollection need a spec.nodeName field selector
      case 'nodes.':
        // authorizeNode
        if (!subresource) {
          if (['create', 'update', 'patch'].includes(verb)) return everyNode;
          if (['get', 'list', 'watch'].includes(verb)) return attrs.name === node ? own : no;
          return no;
        }
        return subresource === 'status' && ['update', 'patch'].includes(verb) ? everyNode : no;
      case 'pods.':
        // authorizePod
        if (!subresource) {
          if (verb === 'get') return related('pod');
          if (verb === 'list' || verb === 'watch') return attrs.name ? related('pod') : no;
          if (verb === 'create' || verb === 'delete') return everyNode;
          return no;
        }
        if (subresource === 'status') return ['update', 'patch'].includes(verb) ? everyNode : no;
        if (subresource === 'eviction') return verb === 'create' ? everyNode : no;
        return no;
      case 'podcertificaterequests.certificates.k8s.io':
        return no; // PodCertificateRequest is off by default in v1.36
    }
  }
  const rules = nodeRules();
  const i = rules.findIndex((r) => ruleAllows(attrs, r));
  return i >= 0 ? {allowed: true, via: 'NODE_RULES', params: {node, rule: i}} : no;
}
