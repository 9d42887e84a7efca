/**
 * The API resources a v1.36.3 kube-apiserver serves (no aggregated APIs, no CRDs), as
 * `kubectl api-resources -o wide` lists them against the local control plane
 * (scripts/control-plane, k8s.io/kubernetes v1.36.3), in discovery order. Reproduce with:
 *   eval "$(npm run -s control-plane -- up)" && kubectl api-resources -o wide
 * and the kubectl side of name resolution (k8s.io/apimachinery pkg/api/meta/restmapper.go):
 * plural, singular (the kind in lower case), short names, `resource.group` and `Kind`, all
 * case-insensitive.
 */

export interface ApiResource {
  /** Plural resource name, e.g. "roles". */
  name: string;
  shortNames: string[];
  /** "v1" or "group/version". */
  apiVersion: string;
  /** "" for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  categories: string[];
}

type Row = readonly [string, string, string, boolean, string, string, string];

// NAME, SHORTNAMES, APIVERSION, NAMESPACED, KIND, VERBS, CATEGORIES
const ROWS: readonly Row[] = [
  ['bindings', '', 'v1', true, 'Binding', 'create', ''],
  ['componentstatuses', 'cs', 'v1', false, 'ComponentStatus', 'get,list', ''],
  ['configmaps', 'cm', 'v1', true, 'ConfigMap', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['endpoints', 'ep', 'v1', true, 'Endpoints', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['events', 'ev', 'v1', true, 'Event', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['limitranges', 'limits', 'v1', true, 'LimitRange', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['namespaces', 'ns', 'v1', false, 'Namespace', 'create,delete,get,list,patch,update,watch', ''],
  ['nodes', 'no', 'v1', false, 'Node', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['persistentvolumeclaims', 'pvc', 'v1', true, 'PersistentVolumeClaim', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['persistentvolumes', 'pv', 'v1', false, 'PersistentVolume', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['pods', 'po', 'v1', true, 'Pod', 'create,delete,deletecollection,get,list,patch,update,watch', 'all'],
  ['podtemplates', '', 'v1', true, 'PodTemplate', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['replicationcontrollers', 'rc', 'v1', true, 'ReplicationController', 'create,delete,deletecollection,get,list,patch,update,watch', 'all'],
  ['resourcequotas', 'quota', 'v1', true, 'ResourceQuota', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['secrets', '', 'v1', true, 'Secret', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['serviceaccounts', 'sa', 'v1', true, 'ServiceAccount', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['services', 'svc', 'v1', true, 'Service', 'create,delete,deletecollection,get,list,patch,update,watch', 'all'],
  [
    'mutatingadmissionpolicies',
    '',
    'admissionregistration.k8s.io/v1',
    false,
    'MutatingAdmissionPolicy',
    'create,delete,deletecollection,get,list,patch,update,watch',
    'api-extensions',
  ],
  [
    'mutatingadmissionpolicybindings',
    '',
    'admissionregistration.k8s.io/v1',
    false,
    'MutatingAdmissionPolicyBinding',
    'create,delete,deletecollection,get,list,patch,update,watch',
    'api-extensions',
  ],
  [
    'mutatingwebhookconfigurations',
    '',
    'admissionregistration.k8s.io/v1',
    false,
    'MutatingWebhookConfiguration',
    'create,delete,deletecollection,get,list,patch,update,watch',
    'api-extensions',
  ],
  [
    'validatingadmissionpolicies',
    '',
    'admissionregistration.k8s.io/v1',
    false,
    'ValidatingAdmissionPolicy',
    'create,delete,deletecollection,get,list,patch,update,watch',
    'api-extensions',
  ],
  [
    'validatingadmissionpolicybindings',
    '',
    'admissionregistration.k8s.io/v1',
    false,
    'ValidatingAdmissionPolicyBinding',
    'create,delete,deletecollection,get,list,patch,update,watch',
    'api-extensions',
  ],
  [
    'validatingwebhookconfigurations',
    '',
    'admissionregistration.k8s.io/v1',
    false,
    'ValidatingWebhookConfiguration',
    'create,delete,deletecollection,get,list,patch,update,watch',
    'api-extensions',
  ],
  [
    'customresourcedefinitions',
    'crd,crds',
    'apiextensions.k8s.io/v1',
    false,
    'CustomResourceDefinition',
    'create,delete,deletecollection,get,list,patch,update,watch',
    'api-extensions',
  ],
  ['apiservices', '', 'apiregistration.k8s.io/v1', false, 'APIService', 'create,delete,deletecollection,get,list,patch,update,watch', 'api-extensions'],
  ['controllerrevisions', '', 'apps/v1', true, 'ControllerRevision', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['daemonsets', 'ds', 'apps/v1', true, 'DaemonSet', 'create,delete,deletecollection,get,list,patch,update,watch', 'all'],
  ['deployments', 'deploy', 'apps/v1', true, 'Deployment', 'create,delete,deletecollection,get,list,patch,update,watch', 'all'],
  ['replicasets', 'rs', 'apps/v1', true, 'ReplicaSet', 'create,delete,deletecollection,get,list,patch,update,watch', 'all'],
  ['statefulsets', 'sts', 'apps/v1', true, 'StatefulSet', 'create,delete,deletecollection,get,list,patch,update,watch', 'all'],
  ['selfsubjectreviews', '', 'authentication.k8s.io/v1', false, 'SelfSubjectReview', 'create', ''],
  ['tokenreviews', '', 'authentication.k8s.io/v1', false, 'TokenReview', 'create', ''],
  ['localsubjectaccessreviews', '', 'authorization.k8s.io/v1', true, 'LocalSubjectAccessReview', 'create', ''],
  ['selfsubjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectAccessReview', 'create', ''],
  ['selfsubjectrulesreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectRulesReview', 'create', ''],
  ['subjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SubjectAccessReview', 'create', ''],
  ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', true, 'HorizontalPodAutoscaler', 'create,delete,deletecollection,get,list,patch,update,watch', 'all'],
  ['cronjobs', 'cj', 'batch/v1', true, 'CronJob', 'create,delete,deletecollection,get,list,patch,update,watch', 'all'],
  ['jobs', '', 'batch/v1', true, 'Job', 'create,delete,deletecollection,get,list,patch,update,watch', 'all'],
  [
    'certificatesigningrequests',
    'csr',
    'certificates.k8s.io/v1',
    false,
    'CertificateSigningRequest',
    'create,delete,deletecollection,get,list,patch,update,watch',
    '',
  ],
  ['leases', '', 'coordination.k8s.io/v1', true, 'Lease', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['endpointslices', '', 'discovery.k8s.io/v1', true, 'EndpointSlice', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['events', 'ev', 'events.k8s.io/v1', true, 'Event', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['flowschemas', '', 'flowcontrol.apiserver.k8s.io/v1', false, 'FlowSchema', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  [
    'prioritylevelconfigurations',
    '',
    'flowcontrol.apiserver.k8s.io/v1',
    false,
    'PriorityLevelConfiguration',
    'create,delete,deletecollection,get,list,patch,update,watch',
    '',
  ],
  ['ingressclasses', '', 'networking.k8s.io/v1', false, 'IngressClass', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['ingresses', 'ing', 'networking.k8s.io/v1', true, 'Ingress', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['ipaddresses', 'ip', 'networking.k8s.io/v1', false, 'IPAddress', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['networkpolicies', 'netpol', 'networking.k8s.io/v1', true, 'NetworkPolicy', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['servicecidrs', '', 'networking.k8s.io/v1', false, 'ServiceCIDR', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['runtimeclasses', '', 'node.k8s.io/v1', false, 'RuntimeClass', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['poddisruptionbudgets', 'pdb', 'policy/v1', true, 'PodDisruptionBudget', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRoleBinding', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['clusterroles', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRole', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['rolebindings', '', 'rbac.authorization.k8s.io/v1', true, 'RoleBinding', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['roles', '', 'rbac.authorization.k8s.io/v1', true, 'Role', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['deviceclasses', '', 'resource.k8s.io/v1', false, 'DeviceClass', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['resourceclaims', '', 'resource.k8s.io/v1', true, 'ResourceClaim', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['resourceclaimtemplates', '', 'resource.k8s.io/v1', true, 'ResourceClaimTemplate', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['resourceslices', '', 'resource.k8s.io/v1', false, 'ResourceSlice', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', false, 'PriorityClass', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['csidrivers', '', 'storage.k8s.io/v1', false, 'CSIDriver', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['csinodes', '', 'storage.k8s.io/v1', false, 'CSINode', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['csistoragecapacities', '', 'storage.k8s.io/v1', true, 'CSIStorageCapacity', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['storageclasses', 'sc', 'storage.k8s.io/v1', false, 'StorageClass', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['volumeattachments', '', 'storage.k8s.io/v1', false, 'VolumeAttachment', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
  ['volumeattributesclasses', 'vac', 'storage.k8s.io/v1', false, 'VolumeAttributesClass', 'create,delete,deletecollection,get,list,patch,update,watch', ''],
];

export const API_RESOURCES: readonly ApiResource[] = ROWS.map(([name, short, apiVersion, namespaced, kind, verbs, categories]) => {
  const slash = apiVersion.indexOf('/');
  return {
    name,
    shortNames: short ? short.split(',') : [],
    apiVersion,
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    namespaced,
    kind,
    verbs: verbs ? verbs.split(',') : [],
    categories: categories ? categories.split(',') : [],
  };
});

/** "roles.rbac.authorization.k8s.io", "pods" for the core group: how the server names a resource in its errors. */
export function qualifiedName(r: ApiResource): string {
  return r.group ? `${r.name}.${r.group}` : r.name;
}

/** "role.rbac.authorization.k8s.io", "pod": how kubectl names an object's type in its messages. */
export function kindPrefix(r: ApiResource): string {
  const singular = r.kind.toLowerCase();
  return r.group ? `${singular}.${r.group}` : singular;
}

/**
 * The resource a kubectl argument names ("po", "pods", "Pod", "roles.rbac.authorization.k8s.io",
 * "deployments.v1.apps", "deploy.apps"), or undefined. A bare name that two groups serve (events)
 * resolves to the core group first, as kubectl's priority RESTMapper does.
 */
export function resolveResource(arg: string): ApiResource | undefined {
  const text = arg.toLowerCase();
  const matches = (r: ApiResource, word: string) => r.name === word || r.kind.toLowerCase() === word || r.shortNames.includes(word);
  for (const r of API_RESOURCES) if (matches(r, text)) return r;
  // resource.version.group or resource.group
  const dot = text.indexOf('.');
  if (dot < 0) return undefined;
  const word = text.slice(0, dot);
  const rest = text.slice(dot + 1);
  for (const r of API_RESOURCES) {
    if (!matches(r, word)) continue;
    if (r.group === rest || (r.group === '' && rest === r.version)) return r;
    if (rest === `${r.version}.${r.group}` || (r.group === '' && rest === `${r.version}.`)) return r;
  }
  // a group prefix, as kubectl accepts "deploy.apps" for "deployments.apps"
  for (const r of API_RESOURCES) if (matches(r, word) && r.group.startsWith(rest) && rest) return r;
  return undefined;
}

/** The resource of an object by apiVersion and kind. */
export function resourceForKind(apiVersion: string, kind: string): ApiResource | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return API_RESOURCES.find((r) => r.kind === kind && r.group === group) ?? API_RESOURCES.find((r) => r.kind === kind && r.apiVersion === apiVersion);
}
