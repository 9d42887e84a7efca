import {describe, expect, it} from '@jest/globals';
import {mergeObjects} from '../..';

const role = (name: string, namespace: string | undefined, verbs: string[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: {name, ...(namespace ? {namespace} : {})},
  rules: [{apiGroups: [''], resources: ['pods'], verbs}],
});

describe("mergeObjects (given objects + the reader's, as kubectl apply would leave them)", () => {
  it("keeps given objects the reader does not touch, then adds the reader's", () => {
    const given = [role('a', 'default', ['get']), role('b', 'default', ['list'])];
    const reader = [role('c', 'default', ['create'])];
    const {objects, replaced} = mergeObjects(given, reader);
    expect(objects.map((o) => (o.metadata as {name: string}).name)).toEqual(['a', 'b', 'c']);
    expect(replaced).toEqual([]);
  });

  it("replaces a given object with the reader's object of the same kind, namespace and name", () => {
    const given = [role('developer', 'blue', ['get']), role('other', 'blue', ['list'])];
    const reader = [role('developer', 'blue', ['get', 'watch', 'create', 'delete'])];
    const {objects, replaced} = mergeObjects(given, reader);
    expect(objects).toHaveLength(2);
    expect(objects.filter((o) => (o.metadata as {name: string}).name === 'developer')).toEqual([reader[0]]);
    expect(replaced).toEqual(['Role blue/developer']);
  });

  it("pairs each replaced given object with the reader's object that replaces it (what the verifier deletes first)", () => {
    const given = [role('developer', 'blue', ['get']), role('other', 'blue', ['list'])];
    const reader = [role('new', 'blue', ['get']), role('developer', 'blue', ['create'])];
    const {replacements} = mergeObjects(given, reader);
    expect(replacements).toEqual([{given: given[0], by: reader[1]}]);
  });

  it('treats a missing namespace as the default namespace on both sides', () => {
    const {objects, replaced} = mergeObjects([role('developer', undefined, ['get'])], [role('developer', 'default', ['list'])]);
    expect(objects).toHaveLength(1);
    expect((objects[0].rules as {verbs: string[]}[])[0].verbs).toEqual(['list']);
    expect(replaced).toEqual(['Role developer']);
  });

  it('does not replace an object of the same name in another namespace or of another kind', () => {
    const given = [role('developer', 'blue', ['get']), {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'developer', namespace: 'default'}}];
    const {objects, replaced} = mergeObjects(given, [role('developer', 'default', ['list'])]);
    expect(objects).toHaveLength(3);
    expect(replaced).toEqual([]);
  });

  it('ignores the namespace of cluster-scoped kinds', () => {
    const given = [{apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {name: 'node-admin'}, rules: []}];
    const reader = [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: {name: 'node-admin', namespace: 'default'},
        rules: [{apiGroups: [''], resources: ['nodes'], verbs: ['get']}],
      },
    ];
    const {objects, replaced} = mergeObjects(given, reader);
    expect(objects).toEqual(reader);
    expect(replaced).toEqual(['ClusterRole node-admin']);
  });

  it('spreads List items on both sides', () => {
    const given = [{apiVersion: 'v1', kind: 'List', items: [role('a', 'default', ['get']), role('b', 'default', ['get'])]}];
    const reader = [{apiVersion: 'v1', kind: 'List', items: [role('b', 'default', ['delete'])]}];
    const {objects} = mergeObjects(given, reader);
    expect(objects.map((o) => `${o.kind}/${(o.metadata as {name: string}).name}`)).toEqual(['Role/a', 'Role/b']);
    expect((objects[1].rules as {verbs: string[]}[])[0].verbs).toEqual(['delete']);
  });
});
