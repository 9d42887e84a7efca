/**
 * What kube-controller-manager's deployment and replicaset controllers do to a Deployment when no
 * node runs its pods (the API-tier cluster): a ReplicaSet per pod template, named
 * <deployment>-<pod-template-hash>, its Pods (Pending: no scheduler, no node), and the
 * Deployment's status. Done at once here, where the real controllers take a moment.
 * Upstream: pkg/controller/deployment (sync.go getNewReplicaSet, rolling.go, progress.go),
 * pkg/controller/replicaset, pkg/controller/controller_utils.go ComputeHash (FNV-32a; the
 * hash here is of the template's JSON, not of Go's object dump, so it differs from the
 * real one: the differential test normalizes generated names).
 */
import {isRecord} from '../is-record';
import {displayText} from '../scalar-text';
import type {ApiServer} from './api-server';
import {resourceByName} from './api-server';
import type {KubeObject} from './store';
import {clone, meta, nameOf, namespaceOf} from './store';

function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

/** k8s.io/apimachinery pkg/util/rand SafeEncodeString of an FNV-32a hash. */
export function templateHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return displayText(h)
    .split('')
    .map((d) => alphabet[Number(d) % alphabet.length])
    .join('');
}

function ownerRef(o: KubeObject): Record<string, unknown> {
  const m = meta(o);
  return {apiVersion: o.apiVersion, blockOwnerDeletion: true, controller: true, kind: o.kind, name: m.name, uid: m.uid};
}

/** A resolved rolling-update bound (intstr: a count or a percentage of replicas), rounded up or down. */
function bound(value: unknown, replicas: number, up: boolean): number {
  const text = displayText(value);
  if (/%$/.test(text)) {
    const n = (Number(text.slice(0, -1)) * replicas) / 100;
    return up ? Math.ceil(n) : Math.floor(n);
  }
  return Number(text) || 0;
}

export function reconcileDeployment(server: ApiServer, deployment: KubeObject): void {
  const rsResource = resourceByName('replicasets', 'apps');
  const podResource = resourceByName('pods');
  const ns = namespaceOf(deployment);
  const name = nameOf(deployment);
  const spec = rec(deployment.spec);
  const replicas = Number(spec.replicas ?? 1);
  const template = clone(rec(spec.template));
  const hash = templateHash(JSON.stringify(template));
  const owned = server.store
    .list(rsResource, ns)
    .filter((rs) => Array.isArray(meta(rs).ownerReferences) && (meta(rs).ownerReferences as unknown[]).some((r) => rec(r).uid === meta(deployment).uid));
  let current = owned.find((rs) => rec(meta(rs).labels)['pod-template-hash'] === hash);
  const revisions = owned.map((rs) => Number(rec(meta(rs).annotations)['deployment.kubernetes.io/revision'] ?? 0));
  const revision = current ? Number(rec(meta(current).annotations)['deployment.kubernetes.io/revision']) : Math.max(0, ...revisions) + 1;
  const old = owned.filter((rs) => rs !== current);
  const oldPods = old.reduce((n, rs) => n + Number(rec(rs.spec).replicas ?? 0), 0);
  // rolling.go: with no pod ever ready, the new ReplicaSet grows only into the surge
  const surge = bound(rec(rec(spec.strategy).rollingUpdate).maxSurge ?? '25%', replicas, true);
  const want = oldPods === 0 ? replicas : Math.max(0, Math.min(replicas, replicas + surge - oldPods));
  const created = !current;
  if (!current) {
    const labels = {...rec(rec(template.metadata).labels), 'pod-template-hash': hash};
    const rsTemplate = clone(template);
    rec(rsTemplate).metadata = {...rec(rsTemplate.metadata), labels};
    current = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        annotations: {
          'deployment.kubernetes.io/desired-replicas': displayText(replicas),
          'deployment.kubernetes.io/max-replicas': displayText(replicas + surge),
          'deployment.kubernetes.io/revision': displayText(revision),
        },
        labels,
        name: `${name}-${hash}`,
        namespace: ns,
        ownerReferences: [ownerRef(deployment)],
      },
      spec: {replicas: want, selector: {matchLabels: {...rec(rec(spec.selector).matchLabels), 'pod-template-hash': hash}}, template: rsTemplate},
    };
    current = server.create(rsResource, current, ns, false);
  }
  const rsSpec = rec(current.spec);
  const had = created ? 0 : Number(rsSpec.replicas ?? 0);
  rsSpec.replicas = want;
  if (want !== had) {
    // pkg/controller/deployment sync.go scaleReplicaSet: one ScalingReplicaSet event per change
    server.events.push({
      uid: displayText(meta(deployment).uid),
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      source: 'deployment-controller',
      message: `Scaled ${want > had ? 'up' : 'down'} replica set ${nameOf(current)} from ${had} to ${want}`,
      time: server.store.timestamp(),
    });
  }
  // the replicaset controller: Pods for the ReplicaSet
  const pods = server.store
    .list(podResource, ns)
    .filter((p) => Array.isArray(meta(p).ownerReferences) && (meta(p).ownerReferences as unknown[]).some((r) => rec(r).uid === meta(current!).uid));
  for (let i = pods.length; i < want; i++) {
    const podTemplate = clone(rec(rsSpec.template));
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {...rec(podTemplate.metadata), generateName: `${nameOf(current)}-`, namespace: ns, ownerReferences: [ownerRef(current)]},
      spec: podTemplate.spec,
    };
    try {
      server.create(podResource, pod, ns, false);
    } catch {
      // a pod the server refuses (its ServiceAccount missing): the ReplicaSet reports it in events
    }
  }
  const total = want + oldPods;
  current.status = {fullyLabeledReplicas: want, observedGeneration: 1, replicas: want};
  meta(deployment).annotations = {...rec(meta(deployment).annotations), 'deployment.kubernetes.io/revision': displayText(revision)};
  const now = server.store.timestamp();
  deployment.status = {
    conditions: [
      {
        lastTransitionTime: now,
        lastUpdateTime: now,
        message: 'Deployment does not have minimum availability.',
        reason: 'MinimumReplicasUnavailable',
        status: 'False',
        type: 'Available',
      },
      {
        lastTransitionTime: now,
        lastUpdateTime: now,
        message: `ReplicaSet "${nameOf(current)}" is progressing.`,
        reason: 'ReplicaSetUpdated',
        status: 'True',
        type: 'Progressing',
      },
    ],
    observedGeneration: meta(deployment).generation ?? 1,
    replicas: total,
    terminatingReplicas: 0,
    unavailableReplicas: total,
    updatedReplicas: want,
  };
}
