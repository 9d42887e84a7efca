/**
 * What a fresh v1.36 cluster holds, and the defaults and admission the API server applies to the
 * kinds the lab is about. Seen on the local control plane (scripts/control-plane) with
 * `kubectl get <kind> -o yaml`, and upstream in:
 * - pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go (SetDefaults_*);
 * - plugin/pkg/admission/serviceaccount/admission.go (serviceAccountName "default", the projected
 *   kube-api-access-<5 chars> volume with a 3607 s token, its mount in every container);
 * - plugin/pkg/admission/defaulttolerationseconds (not-ready / unreachable, 300 s);
 * - pkg/registry/core/namespace/strategy.go (label kubernetes.io/metadata.name, finalizer kubernetes);
 * - pkg/controller/serviceaccount (a "default" ServiceAccount per namespace) and
 *   pkg/controller/certificates/rootcacertpublisher (kube-root-ca.crt): kube-controller-manager.
 */
import {isRecord} from '../is-record';
import type {ApiResource} from './resources';
import type {KubeObject} from './store';
import {meta, nameOf} from './store';
import type {ApiServer} from './api-server';
import {rootCaConfigMap} from './api-server';

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** kube-system ServiceAccounts of the controllers the local control plane runs. */
const CONTROLLER_SERVICE_ACCOUNTS = [
  'certificate-controller',
  'clusterrole-aggregation-controller',
  'deployment-controller',
  'generic-garbage-collector',
  'namespace-controller',
  'replicaset-controller',
  'root-ca-cert-publisher',
  'service-account-controller',
];

/** The objects a fresh control plane has besides its bootstrap RBAC policy. */
export function initialObjects(controllerManager: boolean): KubeObject[] {
  const out: KubeObject[] = [];
  for (const ns of SYSTEM_NAMESPACES) {
    out.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {name: ns, labels: {'kubernetes.io/metadata.name': ns}},
      spec: {finalizers: ['kubernetes']},
      status: {phase: 'Active'},
    });
  }
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: 'kubernetes', namespace: 'default', labels: {component: 'apiserver', provider: 'kubernetes'}},
    spec: {
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{name: 'https', port: 443, protocol: 'TCP', targetPort: 6443}],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: {loadBalancer: {}},
  });
  if (controllerManager) {
    for (const ns of SYSTEM_NAMESPACES) out.push({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: ns}});
    for (const sa of CONTROLLER_SERVICE_ACCOUNTS) out.push({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: sa, namespace: 'kube-system'}});
    for (const ns of SYSTEM_NAMESPACES) out.push(rootCaConfigMap(ns));
  }
  return out;
}

function record(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  if (!isRecord(parent[key])) parent[key] = {};
  return parent[key] as Record<string, unknown>;
}

function setDefault(o: Record<string, unknown>, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

/** SetDefaults_Container: imagePullPolicy Always for :latest or no tag, else IfNotPresent. */
function defaultContainer(c: Record<string, unknown>): void {
  const image = typeof c.image === 'string' ? c.image : '';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tagged = lastPart.includes(':') && !image.includes('@') ? !lastPart.endsWith(':latest') : image.includes('@');
  setDefault(c, 'imagePullPolicy', tagged ? 'IfNotPresent' : 'Always');
  setDefault(c, 'resources', {});
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isRecord(p)) setDefault(p, 'protocol', 'TCP');
}

/** SetDefaults_PodSpec and the container defaults, for a Pod or a workload's template. */
export function defaultPodSpec(spec: Record<string, unknown>): void {
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    if (Array.isArray(spec[key])) for (const c of spec[key] as unknown[]) if (isRecord(c)) defaultContainer(c);
  }
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  if (spec.serviceAccountName !== undefined && spec.serviceAccount === undefined) spec.serviceAccount = spec.serviceAccountName;
  if (Array.isArray(spec.volumes)) {
    for (const v of spec.volumes) {
      if (!isRecord(v)) continue;
      for (const source of ['secret', 'configMap', 'projected', 'downwardAPI'])
        if (isRecord(v[source])) setDefault(v[source] as Record<string, unknown>, 'defaultMode', 420);
      if (isRecord(v.emptyDir) === false && Object.keys(v).length === 1) v.emptyDir = {};
    }
  }
}

/** The pod-level admission of a new Pod: ServiceAccount, token volume, default tolerations, priority. */
function admitPod(server: ApiServer, pod: KubeObject): void {
  const spec = record(pod, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  setDefault(spec, 'priority', 0);
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const mount = spec.automountServiceAccountToken !== false;
  if (mount) {
    const volumes = Array.isArray(spec.volumes) ? (spec.volumes as Record<string, unknown>[]) : [];
    const hasMount = (c: Record<string, unknown>) =>
      Array.isArray(c.volumeMounts) && c.volumeMounts.some((m) => isRecord(m) && m.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount');
    const volumeName = `kube-api-access-${server.store.suffix()}`;
    let added = false;
    for (const key of ['initContainers', 'containers']) {
      if (!Array.isArray(spec[key])) continue;
      for (const c of spec[key] as unknown[]) {
        if (!isRecord(c) || hasMount(c)) continue;
        const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
        mounts.push({mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: volumeName, readOnly: true});
        c.volumeMounts = mounts;
        added = true;
      }
    }
    if (added) {
      volumes.push({
        name: volumeName,
        projected: {
          defaultMode: 420,
          sources: [
            {serviceAccountToken: {expirationSeconds: 3607, path: 'token'}},
            {configMap: {items: [{key: 'ca.crt', path: 'ca.crt'}], name: 'kube-root-ca.crt'}},
            {downwardAPI: {items: [{fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}, path: 'namespace'}]}},
          ],
        },
      });
      spec.volumes = volumes;
    }
  }
  const tolerations = Array.isArray(spec.tolerations) ? (spec.tolerations as Record<string, unknown>[]) : [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => isRecord(t) && t.key === key && (t.effect === 'NoExecute' || t.effect === undefined || t.effect === ''))) {
      tolerations.push({effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300});
    }
  }
  spec.tolerations = tolerations;
  meta(pod).generation = 1;
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const hasResources = containers.some((c) => isRecord(c) && isRecord(c.resources) && Object.keys(c.resources).length > 0);
  pod.status = {phase: 'Pending', qosClass: hasResources ? qosClass(containers) : 'BestEffort'};
}

function qosClass(containers: unknown[]): string {
  let guaranteed = true;
  let any = false;
  for (const c of containers) {
    const res = isRecord(c) && isRecord(c.resources) ? c.resources : {};
    const req = isRecord(res.requests) ? res.requests : {};
    const lim = isRecord(res.limits) ? res.limits : {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Applies the server's defaults (and admission, on create) to an object about to be stored. */
export function applyDefaults(server: ApiServer, resource: ApiResource, o: KubeObject, op: 'create' | 'update', old?: KubeObject): void {
  const key = `${resource.group}/${resource.name}`;
  const m = meta(o);
  switch (key) {
    case '/namespaces':
      m.labels = {...(isRecord(m.labels) ? m.labels : {}), 'kubernetes.io/metadata.name': nameOf(o)};
      o.spec = {finalizers: ['kubernetes']};
      o.status = {phase: 'Active'};
      break;
    case '/secrets':
      setDefault(o, 'type', 'Opaque');
      break;
    case '/pods':
      if (op === 'create') admitPod(server, o);
      else if (old) {
        o.spec = old.spec;
        o.status = old.status;
        m.generation = meta(old).generation;
      }
      break;
    case 'apps/deployments': {
      const spec = record(o, 'spec');
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      const strategy = record(spec, 'strategy');
      setDefault(strategy, 'type', 'RollingUpdate');
      if (strategy.type === 'RollingUpdate') setDefault(strategy, 'rollingUpdate', {maxSurge: '25%', maxUnavailable: '25%'});
      const template = record(spec, 'template');
      defaultPodSpec(record(template, 'spec'));
      m.generation = op === 'create' ? 1 : (Number(meta(old ?? {}).generation) || 1) + (JSON.stringify(old?.spec) === JSON.stringify(o.spec) ? 0 : 1);
      if (op === 'update' && old) o.status = old.status;
      break;
    }
    case '/services': {
      // pkg/registry/core/service: a ClusterIP from 10.96.0.0/12 and, for NodePort, a port from 30000-32767
      const spec = record(o, 'spec');
      if (op === 'update' && old) {
        const oldSpec = record(old, 'spec');
        for (const k of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy']) setDefault(spec, k, oldSpec[k]);
      }
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      setDefault(spec, 'internalTrafficPolicy', 'Cluster');
      setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
      setDefault(spec, 'ipFamilies', ['IPv4']);
      if (spec.type !== 'ExternalName' && spec.clusterIP === undefined) {
        const r = server.store.random;
        spec.clusterIP = `10.96.${1 + Math.floor(r() * 254)}.${1 + Math.floor(r() * 254)}`;
        spec.clusterIPs = [spec.clusterIP];
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
      if (Array.isArray(spec.ports))
        for (const p of spec.ports) {
          if (!isRecord(p)) continue;
          setDefault(p, 'protocol', 'TCP');
          setDefault(p, 'targetPort', p.port);
          if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && p.nodePort === undefined) {
            // an update keeps the port's allocated nodePort
            const before =
              op === 'update' && old && isRecord(old.spec) && Array.isArray(old.spec.ports)
                ? (old.spec.ports as unknown[]).find((q) => isRecord(q) && q.port === p.port && q.protocol === p.protocol)
                : undefined;
            p.nodePort = isRecord(before) && before.nodePort !== undefined ? before.nodePort : 30000 + Math.floor(server.store.random() * 2768);
          }
        }
      setDefault(o, 'status', {loadBalancer: {}});
      break;
    }
    case 'networking.k8s.io/networkpolicies': {
      const spec = record(o, 'spec');
      if (!Array.isArray(spec.policyTypes)) {
        spec.policyTypes = Array.isArray(spec.egress) ? ['Ingress', 'Egress'] : ['Ingress'];
      }
      for (const dir of ['ingress', 'egress']) {
        if (!Array.isArray(spec[dir])) continue;
        for (const rule of spec[dir] as unknown[]) {
          if (isRecord(rule) && Array.isArray(rule.ports)) for (const p of rule.ports) if (isRecord(p)) setDefault(p, 'protocol', 'TCP');
        }
      }
      break;
    }
    default:
      break;
  }
}
