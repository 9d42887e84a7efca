import {describe, expect, it} from '@jest/globals';
import {COMMON_RESOURCES, computeAccessMatrix, MATRIX_VERBS, matrixResources} from '../access-matrix';

// 159: the developer Role and its binding to dev-user in default.
const objects = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: {name: 'developer', namespace: 'default'},
    rules: [
      {apiGroups: [''], resources: ['pods'], verbs: ['list', 'get', 'create', 'update', 'delete']},
      {apiGroups: [''], resources: ['configmaps'], verbs: ['create']},
      {apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get']},
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: {name: 'devuser-developer-binding', namespace: 'default'},
    subjects: [{kind: 'User', name: 'dev-user', apiGroup: 'rbac.authorization.k8s.io'}],
    roleRef: {kind: 'Role', name: 'developer', apiGroup: 'rbac.authorization.k8s.io'},
  },
];

function allowed(m: ReturnType<typeof computeAccessMatrix>): string[] {
  return m.resources.flatMap((r, i) =>
    m.verbs.filter((_, j) => m.cells[i][j].allowed).map((v) => `${v} ${r.apiGroup ? `${r.resource}.${r.apiGroup}` : r.resource}`),
  );
}

describe('computeAccessMatrix', () => {
  it('adds the resources the rules name to the common ones, once', () => {
    const resources = matrixResources(objects);
    expect(resources.slice(0, COMMON_RESOURCES.length)).toEqual(COMMON_RESOURCES);
    expect(resources.slice(COMMON_RESOURCES.length)).toEqual([{resource: 'replicasets', apiGroup: 'apps', namespaced: true}]);
  });

  it('gives dev-user exactly what the developer Role says, in default', () => {
    const m = computeAccessMatrix(objects, {user: 'dev-user', namespace: 'default'});
    expect(m.verbs).toEqual(MATRIX_VERBS);
    expect(allowed(m).sort()).toEqual(
      ['list pods', 'get pods', 'create pods', 'update pods', 'delete pods', 'create configmaps', 'get deployments.apps', 'get replicasets.apps'].sort(),
    );
  });

  it('gives dev-user nothing in another namespace (a RoleBinding counts only in its own)', () => {
    const m = computeAccessMatrix(objects, {user: 'dev-user', namespace: 'blue'});
    expect(allowed(m)).toEqual([]);
    const pods = m.resources.findIndex((r) => r.resource === 'pods');
    expect(m.cells[pods][0].code).toBe('DENIED_BOUND_ELSEWHERE');
  });

  it('names the binding, role and rule of an allowed cell', () => {
    const m = computeAccessMatrix(objects, {user: 'dev-user', namespace: 'default'});
    const i = m.resources.findIndex((r) => r.resource === 'deployments');
    const cell = m.cells[i][MATRIX_VERBS.indexOf('get')];
    expect(cell.matched).toMatchObject({binding: 'devuser-developer-binding', role: 'developer', rule: 2});
  });

  it('lets a member of system:masters do everything', () => {
    const m = computeAccessMatrix([], {user: 'admin', groups: ['system:masters'], namespace: 'default'});
    expect(m.cells.flat().every((c) => c.allowed)).toBe(true);
  });
});
