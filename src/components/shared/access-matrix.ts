/**
 * The access matrix of <RbacPlayground> (the view rakkess gives of a cluster): for one subject,
 * which verbs canI() allows on common resources, plus every resource the objects' rules name.
 * Namespaced resources are asked in the chosen namespace, cluster-scoped ones cluster-wide.
 */
import {canI, CLUSTER_SCOPED_RESOURCES, flattenObjects} from '../../core';
import type {CanIResult} from '../../core';

export interface MatrixResource {
  resource: string;
  apiGroup: string;
  namespaced: boolean;
}

export const MATRIX_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

/** Resources a CKA reader meets most, in the order `kubectl api-resources` lists their groups. */
export const COMMON_RESOURCES: readonly MatrixResource[] = [
  {resource: 'pods', apiGroup: '', namespaced: true},
  {resource: 'services', apiGroup: '', namespaced: true},
  {resource: 'configmaps', apiGroup: '', namespaced: true},
  {resource: 'secrets', apiGroup: '', namespaced: true},
  {resource: 'serviceaccounts', apiGroup: '', namespaced: true},
  {resource: 'persistentvolumeclaims', apiGroup: '', namespaced: true},
  {resource: 'deployments', apiGroup: 'apps', namespaced: true},
  {resource: 'roles', apiGroup: 'rbac.authorization.k8s.io', namespaced: true},
  {resource: 'rolebindings', apiGroup: 'rbac.authorization.k8s.io', namespaced: true},
  {resource: 'networkpolicies', apiGroup: 'networking.k8s.io', namespaced: true},
  {resource: 'nodes', apiGroup: '', namespaced: false},
  {resource: 'namespaces', apiGroup: '', namespaced: false},
  {resource: 'persistentvolumes', apiGroup: '', namespaced: false},
  {resource: 'storageclasses', apiGroup: 'storage.k8s.io', namespaced: false},
  {resource: 'clusterroles', apiGroup: 'rbac.authorization.k8s.io', namespaced: false},
  {resource: 'clusterrolebindings', apiGroup: 'rbac.authorization.k8s.io', namespaced: false},
];

/** Whether `kubectl api-resources` lists the resource as namespaced; one it does not know is. */
function isNamespaced(apiGroup: string, resource: string): boolean {
  return !CLUSTER_SCOPED_RESOURCES.some(([g, r]) => g === apiGroup && r === resource);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The common resources, then each (resource, group) the Roles and ClusterRoles of `objects` name, without wildcards and subresources. */
export function matrixResources(objects: readonly unknown[]): MatrixResource[] {
  const out = [...COMMON_RESOURCES];
  for (const o of flattenObjects(objects)) {
    if (o.kind !== 'Role' && o.kind !== 'ClusterRole') continue;
    for (const rule of Array.isArray(o.rules) ? o.rules : []) {
      if (typeof rule !== 'object' || rule === null) continue;
      const r = rule as Record<string, unknown>;
      for (const apiGroup of strings(r.apiGroups)) {
        if (apiGroup === '*') continue;
        for (const resource of strings(r.resources)) {
          if (resource === '*' || resource.includes('/')) continue;
          if (out.some((x) => x.resource === resource && x.apiGroup === apiGroup)) continue;
          out.push({resource, apiGroup, namespaced: isNamespaced(apiGroup, resource)});
        }
      }
    }
  }
  return out;
}

export interface AccessMatrix {
  resources: MatrixResource[];
  verbs: readonly string[];
  /** cells[resource][verb]. */
  cells: CanIResult[][];
}

/** What `kubectl auth can-i VERB RESOURCE [-n NAMESPACE] --as USER [--as-group G]` answers for every cell. */
export function computeAccessMatrix(objects: readonly unknown[], subject: {user: string; groups?: string[]; namespace: string}): AccessMatrix {
  const resources = matrixResources(objects);
  const cells = resources.map((r) =>
    MATRIX_VERBS.map((verb) =>
      canI(objects, {
        user: subject.user,
        ...(subject.groups?.length ? {groups: subject.groups} : {}),
        verb,
        resource: r.resource,
        apiGroup: r.apiGroup,
        ...(r.namespaced && subject.namespace ? {namespace: subject.namespace} : {}),
      }),
    ),
  );
  return {resources, verbs: MATRIX_VERBS, cells};
}
