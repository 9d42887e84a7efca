/**
 * The group and version of the kinds an `object:` step or assertion may name without writing
 * `apiVersion` (examples/README.md): the kinds the site's examples use, each served at one
 * version by the pinned Kubernetes (src/core/generated/catalog.ts SERVED_KINDS).
 */
export const KNOWN_KINDS: Readonly<Record<string, string>> = {
  Pod: 'v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  Secret: 'v1',
  ConfigMap: 'v1',
  Namespace: 'v1',
  PersistentVolume: 'v1',
  PersistentVolumeClaim: 'v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Deployment: 'apps/v1',
  DaemonSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StorageClass: 'storage.k8s.io/v1',
};

/** apiVersion of an object reference: its own, else the known kind's, else undefined. */
export function apiVersionOf(ref: {kind: string; apiVersion?: string}): string | undefined {
  return ref.apiVersion ?? KNOWN_KINDS[ref.kind];
}
