/**
 * One or more objects per served kind that the API server refuses, with the diagnostic the engine
 * must give (issue 13, item 1). Each was applied to kube-apiserver v1.36.3 with
 * kubectl apply --dry-run=server --validate=strict and refused (its valid counterpart is in
 * __fixtures__/valid/catalog.yaml, accepted). The cluster differential replays these too
 * (manifest-corpus.ts), so a case the server starts accepting fails there.
 */
import type {DiagnosticCode} from '../../index';

export interface KindCase {
  name: string;
  text: string;
  code: DiagnosticCode;
  path?: string;
}

const doc = (apiVersion: string, kind: string, body: string, meta = 'metadata: {name: x}\n') => `apiVersion: ${apiVersion}\nkind: ${kind}\n${meta}${body}`;
const tmpl = 'template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers: [{name: c, image: nginx:1.27}]\n';

export const SERVED_KIND_CASES: KindCase[] = [
  // v1 ReplicationController: ValidateReplicationControllerSpec
  {
    name: 'RC whose template has no labels has no selector',
    text: doc('v1', 'ReplicationController', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: nginx:1.27}]\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.selector',
  },
  {
    name: 'RC selector that does not match the template',
    text: doc('v1', 'ReplicationController', `spec:\n  selector: {app: b}\n  ${tmpl}`),
    code: 'SELECTOR_MISMATCH',
  },
  {
    name: 'RC with restartPolicy Never',
    text: doc(
      'v1',
      'ReplicationController',
      'spec:\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: nginx:1.27}]\n',
    ),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.template.spec.restartPolicy',
  },
  {
    name: 'RC with negative replicas',
    text: doc('v1', 'ReplicationController', `spec:\n  replicas: -1\n  ${tmpl}`),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.replicas',
  },
  // v1 PersistentVolume: ValidatePersistentVolumeSpec
  {
    name: 'PV with an unknown field under its volume source',
    text: doc('v1', 'PersistentVolume', 'spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt, server: x}\n'),
    code: 'UNKNOWN_FIELD',
  },
  {
    name: 'PV without a volume source',
    text: doc('v1', 'PersistentVolume', 'spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n'),
    code: 'ONE_OF_REQUIRED',
    path: 'spec',
  },
  {
    name: 'PV with two volume sources',
    text: doc(
      'v1',
      'PersistentVolume',
      'spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt}\n  nfs: {server: nfs, path: /x}\n',
    ),
    code: 'MUTUALLY_EXCLUSIVE',
    path: 'spec',
  },
  {
    name: 'PV without capacity',
    text: doc('v1', 'PersistentVolume', 'spec:\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt}\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.capacity',
  },
  {
    name: 'PV with a capacity other than storage',
    text: doc('v1', 'PersistentVolume', 'spec:\n  capacity: {storage: 1Gi, cpu: "1"}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt}\n'),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.capacity[cpu]',
  },
  {
    name: 'PV local volume without node affinity',
    text: doc('v1', 'PersistentVolume', 'spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  local: {path: /mnt}\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.nodeAffinity',
  },
  {
    name: 'PV nfs with a relative path',
    text: doc('v1', 'PersistentVolume', 'spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  nfs: {server: nfs, path: data}\n'),
    code: 'INVALID_PATH',
    path: 'spec.nfs.path',
  },
  {
    name: 'PV reclaim policy Recycle on hostPath /',
    text: doc(
      'v1',
      'PersistentVolume',
      'spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Recycle\n  hostPath: {path: /}\n',
    ),
    code: 'FORBIDDEN_FIELD',
    path: 'spec.persistentVolumeReclaimPolicy',
  },
  {
    name: 'PV csi without volumeHandle',
    text: doc('v1', 'PersistentVolume', 'spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  csi: {driver: hostpath.csi.k8s.io}\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.csi.volumeHandle',
  },
  // v1 ResourceQuota
  {
    name: 'ResourceQuota with an unknown resource',
    text: doc('v1', 'ResourceQuota', 'spec:\n  hard: {widgets: "3"}\n'),
    code: 'INVALID_RESOURCE_NAME',
    path: 'spec.hard[widgets]',
  },
  {
    name: 'ResourceQuota with a fractional pod count',
    text: doc('v1', 'ResourceQuota', 'spec:\n  hard: {pods: 1500m}\n'),
    code: 'INVALID_QUANTITY',
    path: 'spec.hard[pods]',
  },
  {
    name: 'ResourceQuota with conflicting scopes',
    text: doc('v1', 'ResourceQuota', 'spec:\n  hard: {pods: "3"}\n  scopes: [BestEffort, NotBestEffort]\n'),
    code: 'MUTUALLY_EXCLUSIVE',
    path: 'spec.scopes',
  },
  // v1 LimitRange
  {
    name: 'LimitRange with min above max',
    text: doc('v1', 'LimitRange', 'spec:\n  limits:\n  - type: Container\n    min: {cpu: "2"}\n    max: {cpu: "1"}\n'),
    code: 'INVALID_VALUE',
    path: 'spec.limits[0].min[cpu]',
  },
  {
    name: 'LimitRange Pod limit with a default',
    text: doc('v1', 'LimitRange', 'spec:\n  limits:\n  - type: Pod\n    default: {cpu: "1"}\n'),
    code: 'FORBIDDEN_FIELD',
    path: 'spec.limits[0].default',
  },
  {
    name: 'LimitRange with an unknown type',
    text: doc('v1', 'LimitRange', 'spec:\n  limits:\n  - type: Namespace\n    max: {cpu: "1"}\n'),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.limits[0].type',
  },
  // v1 Endpoints
  {name: 'Endpoints subset without addresses', text: doc('v1', 'Endpoints', 'subsets:\n- ports: [{port: 80}]\n'), code: 'ONE_OF_REQUIRED', path: 'subsets[0]'},
  {
    name: 'Endpoints with a loopback address',
    text: doc('v1', 'Endpoints', 'subsets:\n- addresses: [{ip: 127.0.0.1}]\n  ports: [{port: 80}]\n'),
    code: 'INVALID_IP',
    path: 'subsets[0].addresses[0].ip',
  },
  {
    name: 'Endpoints with two unnamed ports',
    text: doc('v1', 'Endpoints', 'subsets:\n- addresses: [{ip: 10.0.0.1}]\n  ports: [{port: 80}, {port: 81}]\n'),
    code: 'REQUIRED_FIELD',
    path: 'subsets[0].ports[0].name',
  },
  // v1 PodTemplate
  {name: 'PodTemplate without containers', text: doc('v1', 'PodTemplate', 'template:\n  spec:\n    restartPolicy: Always\n'), code: 'REQUIRED_FIELD'},
  // v1 Event (legacy rules only)
  {
    name: 'v1 Event whose involved object is in another namespace',
    text: doc('v1', 'Event', 'involvedObject: {kind: Pod, name: p, namespace: other}\n', 'metadata: {name: e, namespace: default}\n'),
    code: 'INVALID_VALUE',
    path: 'involvedObject.namespace',
  },
  {
    name: 'v1 Event with an eventTime and no reportingComponent',
    text: doc(
      'v1',
      'Event',
      'eventTime: "2026-01-02T03:04:05.000000Z"\ninvolvedObject: {kind: Pod, name: p, namespace: default}\naction: A\nreason: R\nreportingInstance: i\n',
      'metadata: {name: e, namespace: default}\n',
    ),
    code: 'REQUIRED_FIELD',
    path: 'reportingComponent',
  },
  // v1 Node
  {
    name: 'Node taint without effect',
    text: doc('v1', 'Node', 'spec:\n  taints: [{key: a, value: b}]\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.taints[0].effect',
  },
  {
    name: 'Node with two podCIDRs of one family',
    text: doc('v1', 'Node', 'spec:\n  podCIDRs: [10.0.0.0/24, 10.0.1.0/24]\n'),
    code: 'INVALID_VALUE',
    path: 'spec.podCIDRs',
  },
  // apps/v1 ControllerRevision
  {name: 'ControllerRevision without data', text: doc('apps/v1', 'ControllerRevision', 'revision: 1\n'), code: 'REQUIRED_FIELD', path: 'data'},
  {
    name: 'ControllerRevision with a negative revision',
    text: doc('apps/v1', 'ControllerRevision', 'revision: -1\ndata: {a: 1}\n'),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'revision',
  },
  // policy/v1 PodDisruptionBudget
  {
    name: 'PDB with minAvailable and maxUnavailable',
    text: doc('policy/v1', 'PodDisruptionBudget', 'spec:\n  minAvailable: 1\n  maxUnavailable: 1\n'),
    code: 'MUTUALLY_EXCLUSIVE',
    path: 'spec',
  },
  {
    name: 'PDB with 150%',
    text: doc('policy/v1', 'PodDisruptionBudget', 'spec:\n  minAvailable: 150%\n'),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.minAvailable',
  },
  {
    name: 'PDB with an unknown eviction policy',
    text: doc('policy/v1', 'PodDisruptionBudget', 'spec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: Never\n'),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.unhealthyPodEvictionPolicy',
  },
  // autoscaling
  {
    name: 'HPA v2 with minReplicas 0 (HPAScaleToZero is off)',
    text: doc(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      'spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 0\n  maxReplicas: 3\n',
    ),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.minReplicas',
  },
  {
    name: 'HPA v2 with maxReplicas below minReplicas',
    text: doc(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      'spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 5\n  maxReplicas: 3\n',
    ),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.maxReplicas',
  },
  {
    name: 'HPA v2 target without an API group',
    text: doc('autoscaling/v2', 'HorizontalPodAutoscaler', 'spec:\n  scaleTargetRef: {apiVersion: v1, kind: Deployment, name: web}\n  maxReplicas: 3\n'),
    code: 'INVALID_VALUE',
    path: 'spec.scaleTargetRef.apiVersion',
  },
  {
    name: 'HPA v2 resource metric without a target value',
    text: doc(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      'spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization}}\n',
    ),
    code: 'REQUIRED_FIELD',
    path: 'spec.metrics[0].resource.target.averageUtilization',
  },
  {
    name: 'HPA v2 scaling policy period over 1800',
    text: doc(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      'spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n  behavior:\n    scaleUp:\n      policies: [{type: Pods, value: 1, periodSeconds: 3600}]\n',
    ),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.behavior.scaleUp.policies[0].periodSeconds',
  },
  {
    name: 'HPA v1 without maxReplicas',
    text: doc('autoscaling/v1', 'HorizontalPodAutoscaler', 'spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.maxReplicas',
  },
  // storage.k8s.io/v1
  {
    name: 'StorageClass without a provisioner',
    text: doc('storage.k8s.io/v1', 'StorageClass', 'reclaimPolicy: Delete\n'),
    code: 'REQUIRED_FIELD',
    path: 'provisioner',
  },
  {
    name: 'StorageClass with reclaimPolicy Recycle',
    text: doc('storage.k8s.io/v1', 'StorageClass', 'provisioner: example.com/x\nreclaimPolicy: Recycle\n'),
    code: 'UNSUPPORTED_VALUE',
    path: 'reclaimPolicy',
  },
  {
    name: 'StorageClass with an unknown binding mode',
    text: doc('storage.k8s.io/v1', 'StorageClass', 'provisioner: example.com/x\nvolumeBindingMode: Later\n'),
    code: 'UNSUPPORTED_VALUE',
    path: 'volumeBindingMode',
  },
  {
    name: 'CSIDriver with a token request under 10 minutes',
    text: doc('storage.k8s.io/v1', 'CSIDriver', 'spec:\n  tokenRequests: [{audience: a, expirationSeconds: 60}]\n', 'metadata: {name: x.csi.example.com}\n'),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.tokenRequests[0].expirationSeconds',
  },
  {name: 'CSINode driver without nodeID', text: doc('storage.k8s.io/v1', 'CSINode', 'spec:\n  drivers: [{name: x.csi.example.com}]\n'), code: 'REQUIRED_FIELD'},
  {name: 'CSIStorageCapacity without storageClassName', text: doc('storage.k8s.io/v1', 'CSIStorageCapacity', 'capacity: 1Gi\n'), code: 'REQUIRED_FIELD'},
  {
    name: 'VolumeAttachment without a source',
    text: doc('storage.k8s.io/v1', 'VolumeAttachment', 'spec:\n  attacher: x.csi.example.com\n  nodeName: n\n  source: {}\n'),
    code: 'ONE_OF_REQUIRED',
    path: 'spec.source',
  },
  {
    name: 'VolumeAttributesClass without parameters',
    text: doc('storage.k8s.io/v1', 'VolumeAttributesClass', 'driverName: x.csi.example.com\n'),
    code: 'REQUIRED_FIELD',
    path: 'parameters',
  },
  // scheduling, coordination, node
  {
    name: 'PriorityClass above the user maximum',
    text: doc('scheduling.k8s.io/v1', 'PriorityClass', 'value: 2000000000\n'),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'value',
  },
  {
    name: 'PriorityClass with the reserved system- prefix',
    text: doc('scheduling.k8s.io/v1', 'PriorityClass', 'value: 10\n', 'metadata: {name: system-mine}\n'),
    code: 'FORBIDDEN_FIELD',
    path: 'metadata.name',
  },
  {
    name: 'Lease with leaseDurationSeconds 0',
    text: doc('coordination.k8s.io/v1', 'Lease', 'spec:\n  leaseDurationSeconds: 0\n'),
    code: 'INVALID_VALUE',
    path: 'spec.leaseDurationSeconds',
  },
  {name: 'RuntimeClass without handler', text: doc('node.k8s.io/v1', 'RuntimeClass', ''), code: 'REQUIRED_FIELD', path: 'handler'},
  {
    name: 'RuntimeClass with an invalid handler',
    text: doc('node.k8s.io/v1', 'RuntimeClass', 'handler: Run_SC\n'),
    code: 'INVALID_DNS1123_LABEL',
    path: 'handler',
  },
  // discovery, events, networking
  {
    name: 'EndpointSlice endpoint without addresses',
    text: doc('discovery.k8s.io/v1', 'EndpointSlice', 'addressType: IPv4\nendpoints:\n- addresses: []\n'),
    code: 'REQUIRED_FIELD',
    path: 'endpoints[0].addresses',
  },
  {
    name: 'EndpointSlice IPv6 address in an IPv4 slice',
    text: doc('discovery.k8s.io/v1', 'EndpointSlice', 'addressType: IPv4\nendpoints:\n- addresses: ["fd00::1"]\n'),
    code: 'INVALID_IP',
    path: 'endpoints[0].addresses[0]',
  },
  {
    name: 'EndpointSlice with an unknown address type',
    text: doc('discovery.k8s.io/v1', 'EndpointSlice', 'addressType: IPv5\n'),
    code: 'UNSUPPORTED_VALUE',
    path: 'addressType',
  },
  {
    name: 'events.k8s.io Event without eventTime',
    text: doc(
      'events.k8s.io/v1',
      'Event',
      'reportingController: example.com/c\nreportingInstance: i\naction: A\nreason: R\ntype: Normal\nregarding: {kind: Pod, name: p, namespace: default}\n',
      'metadata: {name: e, namespace: default}\n',
    ),
    code: 'REQUIRED_FIELD',
    path: 'eventTime',
  },
  {
    name: 'events.k8s.io Event with type Info',
    text: doc(
      'events.k8s.io/v1',
      'Event',
      'eventTime: "2026-01-02T03:04:05.000000Z"\nreportingController: example.com/c\nreportingInstance: i\naction: A\nreason: R\ntype: Info\nregarding: {kind: Pod, name: p, namespace: default}\n',
      'metadata: {name: e, namespace: default}\n',
    ),
    code: 'UNSUPPORTED_VALUE',
    path: 'type',
  },
  {
    name: 'IngressClass controller without a domain',
    text: doc('networking.k8s.io/v1', 'IngressClass', 'spec:\n  controller: nginx\n'),
    code: 'INVALID_VALUE',
    path: 'spec.controller',
  },
  {
    name: 'IngressClass parameters without kind',
    text: doc('networking.k8s.io/v1', 'IngressClass', 'spec:\n  controller: example.com/ingress\n  parameters: {name: p}\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.parameters.kind',
  },
  {
    name: 'IngressClass cluster-scoped parameters with a namespace (scope defaults to Cluster)',
    text: doc('networking.k8s.io/v1', 'IngressClass', 'spec:\n  controller: example.com/ingress\n  parameters: {kind: Params, name: p, namespace: default}\n'),
    code: 'FORBIDDEN_FIELD',
    path: 'spec.parameters.namespace',
  },
  {
    name: 'IPAddress named with something else than an IP',
    text: doc('networking.k8s.io/v1', 'IPAddress', 'spec:\n  parentRef: {resource: services, name: web}\n', 'metadata: {name: web}\n'),
    code: 'INVALID_IP',
    path: 'metadata.name',
  },
  {
    name: 'ServiceCIDR with two IPv4 ranges',
    text: doc('networking.k8s.io/v1', 'ServiceCIDR', 'spec:\n  cidrs: [10.1.0.0/24, 10.2.0.0/24]\n'),
    code: 'INVALID_VALUE',
    path: 'spec.cidrs',
  },
  // certificates
  {
    name: 'CSR without usages',
    text: doc('certificates.k8s.io/v1', 'CertificateSigningRequest', 'spec:\n  signerName: kubernetes.io/kube-apiserver-client\n  request: aGVsbG8=\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.usages',
  },
  {
    name: 'CSR whose request is not a PEM certificate request',
    text: doc(
      'certificates.k8s.io/v1',
      'CertificateSigningRequest',
      'spec:\n  signerName: kubernetes.io/kube-apiserver-client\n  usages: [client auth]\n  request: aGVsbG8=\n',
    ),
    code: 'INVALID_VALUE',
    path: 'spec.request',
  },
  {
    name: 'CSR with an unknown usage',
    text: doc(
      'certificates.k8s.io/v1',
      'CertificateSigningRequest',
      'spec:\n  signerName: kubernetes.io/kube-apiserver-client\n  usages: [login]\n  request: aGVsbG8=\n',
    ),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.usages[0]',
  },
  // admissionregistration
  {
    name: 'webhook without sideEffects',
    text: doc(
      'admissionregistration.k8s.io/v1',
      'ValidatingWebhookConfiguration',
      'webhooks:\n- name: a.example.com\n  admissionReviewVersions: [v1]\n  clientConfig: {url: "https://a.example.com/v"}\n',
    ),
    code: 'REQUIRED_FIELD',
    path: 'webhooks[0].sideEffects',
  },
  {
    name: 'webhook name with two segments',
    text: doc(
      'admissionregistration.k8s.io/v1',
      'ValidatingWebhookConfiguration',
      'webhooks:\n- name: example.com\n  admissionReviewVersions: [v1]\n  sideEffects: None\n  clientConfig: {url: "https://a.example.com/v"}\n',
    ),
    code: 'INVALID_VALUE',
    path: 'webhooks[0].name',
  },
  {
    name: 'webhook with an http URL',
    text: doc(
      'admissionregistration.k8s.io/v1',
      'MutatingWebhookConfiguration',
      'webhooks:\n- name: a.b.example.com\n  admissionReviewVersions: [v1]\n  sideEffects: None\n  clientConfig: {url: "http://a.example.com/m"}\n',
    ),
    code: 'INVALID_VALUE',
    path: 'webhooks[0].clientConfig.url',
  },
  {
    name: 'webhook with timeout 60',
    text: doc(
      'admissionregistration.k8s.io/v1',
      'MutatingWebhookConfiguration',
      'webhooks:\n- name: a.b.example.com\n  admissionReviewVersions: [v1]\n  sideEffects: None\n  timeoutSeconds: 60\n  clientConfig: {service: {namespace: d, name: s}}\n',
    ),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'webhooks[0].timeoutSeconds',
  },
  {
    name: 'webhook rule with * and another operation',
    text: doc(
      'admissionregistration.k8s.io/v1',
      'ValidatingWebhookConfiguration',
      'webhooks:\n- name: a.b.example.com\n  admissionReviewVersions: [v1]\n  sideEffects: None\n  clientConfig: {service: {namespace: d, name: s}}\n  rules: [{operations: ["*", CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]\n',
    ),
    code: 'INVALID_VALUE',
    path: 'webhooks[0].rules[0].operations',
  },
  {
    name: 'webhook reviewing only v2',
    text: doc(
      'admissionregistration.k8s.io/v1',
      'ValidatingWebhookConfiguration',
      'webhooks:\n- name: a.b.example.com\n  admissionReviewVersions: [v2]\n  sideEffects: None\n  clientConfig: {service: {namespace: d, name: s}}\n',
    ),
    code: 'UNSUPPORTED_VALUE',
    path: 'webhooks[0].admissionReviewVersions',
  },
  {
    name: 'ValidatingAdmissionPolicy without matchConstraints',
    text: doc('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy', 'spec:\n  validations: [{expression: "true"}]\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.matchConstraints',
  },
  {
    name: 'ValidatingAdmissionPolicyBinding with Deny and Warn',
    text: doc('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicyBinding', 'spec:\n  policyName: p\n  validationActions: [Deny, Warn]\n'),
    code: 'MUTUALLY_EXCLUSIVE',
    path: 'spec.validationActions',
  },
  {
    name: 'MutatingAdmissionPolicy without reinvocationPolicy',
    text: doc(
      'admissionregistration.k8s.io/v1',
      'MutatingAdmissionPolicy',
      'spec:\n  matchConstraints:\n    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]\n  mutations:\n  - patchType: JSONPatch\n    jsonPatch: {expression: "[]"}\n',
    ),
    code: 'REQUIRED_FIELD',
    path: 'spec.reinvocationPolicy',
  },
  {
    name: 'MutatingAdmissionPolicyBinding without policyName',
    text: doc('admissionregistration.k8s.io/v1', 'MutatingAdmissionPolicyBinding', 'spec: {}\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.policyName',
  },
  // apiextensions, apiregistration
  {
    name: 'CRD whose name is not plural.group',
    text: doc(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      'spec:\n  group: example.com\n  scope: Namespaced\n  names: {plural: gadgets, kind: Gadget}\n  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]\n',
      'metadata: {name: widgets.example.com}\n',
    ),
    code: 'INVALID_VALUE',
    path: 'metadata.name',
  },
  {
    name: 'CRD without a storage version',
    text: doc(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      'spec:\n  group: example.com\n  scope: Namespaced\n  names: {plural: gadgets, kind: Gadget}\n  versions: [{name: v1, served: true, storage: false, schema: {openAPIV3Schema: {type: object}}}]\n',
      'metadata: {name: gadgets.example.com}\n',
    ),
    code: 'INVALID_VALUE',
    path: 'spec.versions',
  },
  {
    name: 'CRD version without a schema',
    text: doc(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      'spec:\n  group: example.com\n  scope: Namespaced\n  names: {plural: gadgets, kind: Gadget}\n  versions: [{name: v1, served: true, storage: true}]\n',
      'metadata: {name: gadgets.example.com}\n',
    ),
    code: 'REQUIRED_FIELD',
    path: 'spec.versions[0].schema.openAPIV3Schema',
  },
  {
    name: 'APIService whose name is not version.group',
    text: doc('apiregistration.k8s.io/v1', 'APIService', 'spec:\n  group: example.com\n  version: v1\n  groupPriorityMinimum: 100\n  versionPriority: 10\n'),
    code: 'INVALID_VALUE',
    path: 'metadata.name',
  },
  {
    name: 'APIService with groupPriorityMinimum 0',
    text: doc(
      'apiregistration.k8s.io/v1',
      'APIService',
      'spec:\n  group: example.com\n  version: v1\n  versionPriority: 10\n',
      'metadata: {name: v1.example.com}\n',
    ),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.groupPriorityMinimum',
  },
  // flowcontrol
  {
    name: 'FlowSchema without a priority level',
    text: doc('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', 'spec:\n  matchingPrecedence: 500\n'),
    code: 'REQUIRED_FIELD',
    path: 'spec.priorityLevelConfiguration.name',
  },
  {
    name: 'FlowSchema with matchingPrecedence 20000',
    text: doc('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', 'spec:\n  priorityLevelConfiguration: {name: global-default}\n  matchingPrecedence: 20000\n'),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.matchingPrecedence',
  },
  {
    name: 'PriorityLevelConfiguration Exempt not named exempt',
    text: doc('flowcontrol.apiserver.k8s.io/v1', 'PriorityLevelConfiguration', 'spec:\n  type: Exempt\n'),
    code: 'INVALID_VALUE',
    path: 'spec.type',
  },
  {
    name: 'PriorityLevelConfiguration handSize above queues',
    text: doc(
      'flowcontrol.apiserver.k8s.io/v1',
      'PriorityLevelConfiguration',
      'spec:\n  type: Limited\n  limited:\n    limitResponse:\n      type: Queue\n      queuing: {queues: 4, handSize: 8, queueLengthLimit: 10}\n',
    ),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.limited.limitResponse.queuing.handSize',
  },
  // resource.k8s.io
  {
    name: 'ResourceClaim request without a device class',
    text: doc('resource.k8s.io/v1', 'ResourceClaim', 'spec:\n  devices:\n    requests: [{name: gpu, exactly: {count: 1}}]\n'),
    code: 'REQUIRED_FIELD',
  },
  {
    name: 'ResourceClaimTemplate request name that is not a DNS label',
    text: doc(
      'resource.k8s.io/v1',
      'ResourceClaimTemplate',
      'spec:\n  spec:\n    devices:\n      requests: [{name: GPU_1, exactly: {deviceClassName: gpu.example.com}}]\n',
    ),
    code: 'INVALID_DNS1123_LABEL',
  },
  {
    name: 'ResourceSlice without a node choice',
    text: doc('resource.k8s.io/v1', 'ResourceSlice', 'spec:\n  driver: gpu.example.com\n  pool: {name: p, generation: 1, resourceSliceCount: 1}\n'),
    code: 'ONE_OF_REQUIRED',
    path: 'spec',
  },
  {
    name: 'DeviceClass selector without an expression',
    text: doc('resource.k8s.io/v1', 'DeviceClass', 'spec:\n  selectors: [{cel: {expression: ""}}]\n'),
    code: 'REQUIRED_FIELD',
  },
  // authentication, authorization: kubectl apply cannot create access reviews
  {
    name: 'SubjectAccessReview through kubectl apply',
    text: doc('authorization.k8s.io/v1', 'SubjectAccessReview', 'spec:\n  user: jane\n  resourceAttributes: {verb: get, resource: pods}\n'),
    code: 'FORBIDDEN_FIELD',
    path: 'metadata',
  },
  {
    name: 'SelfSubjectAccessReview through kubectl apply',
    text: doc('authorization.k8s.io/v1', 'SelfSubjectAccessReview', 'spec:\n  resourceAttributes: {verb: get, resource: pods}\n'),
    code: 'FORBIDDEN_FIELD',
    path: 'metadata',
  },
  {
    name: 'LocalSubjectAccessReview through kubectl apply',
    text: doc(
      'authorization.k8s.io/v1',
      'LocalSubjectAccessReview',
      'spec:\n  user: jane\n  resourceAttributes: {verb: get, resource: pods, namespace: default}\n',
      'metadata: {name: x, namespace: default}\n',
    ),
    code: 'FORBIDDEN_FIELD',
    path: 'metadata',
  },
  {name: 'TokenReview without a token', text: doc('authentication.k8s.io/v1', 'TokenReview', 'spec: {}\n'), code: 'REQUIRED_FIELD'},
  {name: 'SelfSubjectReview with a spec', text: doc('authentication.k8s.io/v1', 'SelfSubjectReview', 'spec: {}\n'), code: 'UNKNOWN_FIELD'},
  {
    name: 'SelfSubjectRulesReview without a name (kubectl apply needs one)',
    text: doc('authorization.k8s.io/v1', 'SelfSubjectRulesReview', 'spec: {namespace: default}\n', 'metadata: {}\n'),
    code: 'REQUIRED_FIELD',
    path: 'metadata.name',
  },
  {
    name: 'Binding to something other than a Node',
    text: doc('v1', 'Binding', 'target: {kind: Pod, name: other}\n'),
    code: 'UNSUPPORTED_VALUE',
    path: 'target.kind',
  },
];
