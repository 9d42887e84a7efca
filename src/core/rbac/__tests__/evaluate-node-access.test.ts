import {describe, expect, it} from '@jest/globals';
import {canI} from '../../index';
import type {CanIQuestion} from '../../index';

const node01 = {user: 'system:node:node01', groups: ['system:nodes']};
const node02 = {user: 'system:node:node02', groups: ['system:nodes']};

const pod = (name: string, nodeName: string | undefined, spec: object = {}, metadata: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'default', ...metadata},
  spec: {...(nodeName ? {nodeName} : {}), containers: [{name: 'c', image: 'busybox'}], ...spec},
});

const objects = [
  pod('web', 'node01', {
    imagePullSecrets: [{name: 'regcred'}],
    volumes: [
      {name: 'tls', secret: {secretName: 'web-tls'}},
      {name: 'settings', configMap: {name: 'web-settings'}},
      {name: 'mixed', projected: {sources: [{secret: {name: 'projected-secret'}}, {configMap: {name: 'projected-cm'}}]}},
      {name: 'data', persistentVolumeClaim: {claimName: 'web-data'}},
      {name: 'scratch', ephemeral: {volumeClaimTemplate: {spec: {}}}},
    ],
    containers: [
      {
        name: 'c',
        image: 'busybox',
        env: [
          {name: 'PASSWORD', valueFrom: {secretKeyRef: {name: 'db-password', key: 'p'}}},
          {name: 'MODE', valueFrom: {configMapKeyRef: {name: 'mode', key: 'm'}}},
        ],
        envFrom: [{secretRef: {name: 'env-secret'}}, {configMapRef: {name: 'env-cm'}}],
      },
    ],
    serviceAccountName: 'web-sa',
  }),
  pod('other', 'node02', {volumes: [{name: 's', secret: {secretName: 'other-secret'}}]}),
  pod('pending', undefined, {volumes: [{name: 's', secret: {secretName: 'pending-secret'}}]}),
  pod('mirror', 'node01', {volumes: [{name: 's', secret: {secretName: 'mirror-secret'}}]}, {annotations: {'kubernetes.io/config.mirror': 'x'}}),
  pod('quiet', 'node01', {automountServiceAccountToken: false}, {namespace: 'quiet'}),
  {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {name: 'pv-web'},
    spec: {
      claimRef: {namespace: 'default', name: 'web-data'},
      csi: {driver: 'x', volumeHandle: 'h', nodePublishSecretRef: {namespace: 'storage', name: 'csi-secret'}},
    },
  },
  {apiVersion: 'v1', kind: 'PersistentVolume', metadata: {name: 'pv-loose'}, spec: {claimRef: {namespace: 'default', name: 'unused'}}},
];

const ask = (who: {user: string; groups: string[]}, q: Partial<CanIQuestion>) =>
  canI(objects, {...who, verb: 'get', namespace: 'default', ...q} as CanIQuestion);

describe('canI as a node: the Node authorizer (node_authorizer.go)', () => {
  it('reads a Secret only when a pod bound to the node uses it, by any of the ways a pod refers to one', () => {
    for (const name of ['regcred', 'web-tls', 'projected-secret', 'db-password', 'env-secret']) {
      const r = ask(node01, {resource: 'secrets', name});
      expect([name, r.allowed, r.code]).toEqual([name, true, 'ALLOWED_BY_NODE_AUTHORIZER']);
      expect(ask(node02, {resource: 'secrets', name}).allowed).toBe(false);
    }
    expect(ask(node01, {resource: 'secrets', name: 'web-tls'}).reason).toBe(
      'allowed by the Node authorizer: Secret default/web-tls is used by Pod default/web, which is bound to node node01',
    );
    expect(ask(node02, {resource: 'secrets', name: 'other-secret'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'secrets', name: 'other-secret'}).allowed).toBe(false);
    // list and watch of one named object too; never without a name, never another verb, never in another namespace.
    expect(ask(node01, {resource: 'secrets', name: 'web-tls', verb: 'watch'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'secrets', verb: 'list'}).allowed).toBe(false);
    expect(ask(node01, {resource: 'secrets', name: 'web-tls', verb: 'delete'}).allowed).toBe(false);
    expect(ask(node01, {resource: 'secrets', name: 'web-tls', namespace: 'kube-system'}).allowed).toBe(false);
    expect(canI(objects, {...node01, verb: 'get', resource: 'secrets', name: 'web-tls'}).allowed).toBe(false);
  });

  it('pods without spec.nodeName, and mirror pods, give no access', () => {
    expect(ask(node01, {resource: 'secrets', name: 'pending-secret'}).allowed).toBe(false);
    expect(ask(node01, {resource: 'secrets', name: 'mirror-secret'}).allowed).toBe(false);
    expect(ask(node01, {resource: 'pods', name: 'mirror'}).allowed).toBe(true);
  });

  it('ConfigMaps, including kube-root-ca.crt of the injected service-account volume unless automount is off', () => {
    for (const name of ['web-settings', 'projected-cm', 'mode', 'env-cm', 'kube-root-ca.crt'])
      expect([name, ask(node01, {resource: 'configmaps', name}).allowed]).toEqual([name, true]);
    expect(ask(node01, {resource: 'configmaps', name: 'kube-root-ca.crt', namespace: 'quiet'}).allowed).toBe(false);
    const saOff = [
      pod('p', 'node03', {}, {namespace: 'x'}),
      {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: 'x'}, automountServiceAccountToken: false},
    ];
    const node03 = {user: 'system:node:node03', groups: ['system:nodes'], verb: 'get', resource: 'configmaps', namespace: 'x', name: 'kube-root-ca.crt'};
    expect(canI(saOff, node03).allowed).toBe(false);
    const podWins = [pod('p', 'node03', {automountServiceAccountToken: true}, {namespace: 'x'}), saOff[1]];
    expect(canI(podWins, node03).allowed).toBe(true);
  });

  it('ServiceAccounts: get, and a token only through the token subresource', () => {
    expect(ask(node01, {resource: 'serviceaccounts', name: 'web-sa'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'serviceaccounts', name: 'web-sa', verb: 'create', subresource: 'token'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'serviceaccounts', name: 'default', verb: 'create', subresource: 'token'}).allowed).toBe(false);
    expect(ask(node01, {resource: 'serviceaccounts', name: 'default', namespace: 'quiet'}).allowed).toBe(true); // defaulted serviceAccountName
    expect(ask(node01, {resource: 'serviceaccounts', name: 'web-sa', verb: 'list'}).allowed).toBe(false);
  });

  it('PersistentVolumeClaims, the PersistentVolumes bound to them, and the Secrets those name', () => {
    expect(ask(node01, {resource: 'persistentvolumeclaims', name: 'web-data'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'persistentvolumeclaims', name: 'web-scratch'}).allowed).toBe(true); // ephemeral: <pod>-<volume>
    expect(ask(node01, {resource: 'persistentvolumeclaims', name: 'web-data', verb: 'patch', subresource: 'status'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'persistentvolumeclaims', name: 'web-data', verb: 'get', subresource: 'status'}).allowed).toBe(false);
    expect(ask(node01, {resource: 'persistentvolumeclaims', name: 'web-data', verb: 'list'}).allowed).toBe(false);
    const pv = canI(objects, {...node01, verb: 'get', resource: 'persistentvolumes', name: 'pv-web'});
    expect(pv).toMatchObject({allowed: true, params: {through: 'PersistentVolumeClaim default/web-data'}});
    expect(canI(objects, {...node01, verb: 'get', resource: 'persistentvolumes', name: 'pv-loose'}).allowed).toBe(false);
    // Looked up under the request's namespace: a namespace on a cluster-scoped kind finds nothing.
    expect(canI(objects, {...node01, verb: 'get', resource: 'persistentvolumes', name: 'pv-web', namespace: 'default'}).allowed).toBe(false);
    expect(canI(objects, {...node01, verb: 'get', resource: 'secrets', namespace: 'storage', name: 'csi-secret'}).allowed).toBe(true);
  });

  it('VolumeAttachments and ResourceSlices of the node', () => {
    const va = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'VolumeAttachment',
      metadata: {name: 'va1'},
      spec: {attacher: 'x', nodeName: 'node01', source: {persistentVolumeName: 'pv-web'}},
    };
    const slice = {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceSlice',
      metadata: {name: 'slice1'},
      spec: {nodeName: 'node01', driver: 'x', pool: {name: 'p', resourceSliceCount: 1, generation: 0}},
    };
    const q = {...node01, verb: 'get'};
    expect(canI([va], {...q, resource: 'volumeattachments', apiGroup: 'storage.k8s.io', name: 'va1'}).allowed).toBe(true);
    expect(canI([va], {...node02, verb: 'get', resource: 'volumeattachments', apiGroup: 'storage.k8s.io', name: 'va1'}).allowed).toBe(false);
    expect(canI([slice], {...q, verb: 'update', resource: 'resourceslices', apiGroup: 'resource.k8s.io', name: 'slice1'}).allowed).toBe(true);
    expect(canI([slice], {...q, verb: 'list', resource: 'resourceslices', apiGroup: 'resource.k8s.io'}).allowed).toBe(false);
    expect(canI([], {...q, verb: 'create', resource: 'resourceslices', apiGroup: 'resource.k8s.io'}).allowed).toBe(true);
  });

  it('its own Node object; create and update of any (NodeRestriction narrows them)', () => {
    expect(canI([], {...node01, verb: 'get', resource: 'nodes', name: 'node01'})).toMatchObject({allowed: true, params: {via: 'OWN_OBJECT'}});
    expect(canI([], {...node01, verb: 'get', resource: 'nodes', name: 'node02'}).allowed).toBe(false);
    expect(canI([], {...node01, verb: 'list', resource: 'nodes'}).allowed).toBe(false);
    expect(canI([], {...node01, verb: 'create', resource: 'nodes'})).toMatchObject({allowed: true, params: {via: 'ADMISSION_LIMITED'}});
    expect(canI([], {...node01, verb: 'patch', resource: 'nodes', subresource: 'status', name: 'node02'}).allowed).toBe(true);
    expect(canI([], {...node01, verb: 'delete', resource: 'nodes', name: 'node01'}).allowed).toBe(false);
  });

  it('pods: read its own, create and delete mirror pods, report status, evict', () => {
    expect(ask(node01, {resource: 'pods', name: 'web'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'pods', name: 'other'}).allowed).toBe(false);
    expect(ask(node01, {resource: 'pods', verb: 'list'}).allowed).toBe(false);
    expect(ask(node01, {resource: 'pods', verb: 'list', name: 'web'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'pods', verb: 'create'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'pods', verb: 'update', name: 'other', subresource: 'status'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'pods', verb: 'create', name: 'other', subresource: 'eviction'}).allowed).toBe(true);
    expect(ask(node01, {resource: 'pods', verb: 'create', name: 'web', subresource: 'exec'}).allowed).toBe(false);
  });

  it('leases and CSINodes of its own name; the static node rules for the rest', () => {
    const lease = {resource: 'leases', apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease'};
    expect(canI([], {...node01, ...lease, verb: 'update', name: 'node01'}).allowed).toBe(true);
    expect(canI([], {...node01, ...lease, verb: 'update', name: 'node02'}).allowed).toBe(false);
    expect(canI([], {...node01, ...lease, verb: 'create'}).allowed).toBe(true);
    expect(canI([], {...node01, ...lease, verb: 'get', name: 'node01', namespace: 'default'}).allowed).toBe(false);
    expect(canI([], {...node01, verb: 'get', resource: 'csinodes', apiGroup: 'storage.k8s.io', name: 'node01'}).allowed).toBe(true);
    expect(canI([], {...node01, verb: 'list', resource: 'services'})).toMatchObject({allowed: true, params: {via: 'NODE_RULES', rule: 2}});
    expect(canI([], {...node01, verb: 'create', resource: 'events', namespace: 'default'}).allowed).toBe(true);
    expect(canI([], {...node01, verb: 'delete', resource: 'services', namespace: 'default', name: 'x'}).allowed).toBe(false);
  });

  it('only a user system:node:<name> in group system:nodes is a node', () => {
    expect(canI(objects, {user: 'system:node:node01', verb: 'get', resource: 'secrets', namespace: 'default', name: 'web-tls'}).allowed).toBe(false);
    expect(canI(objects, {user: 'node01', groups: ['system:nodes'], verb: 'get', resource: 'secrets', namespace: 'default', name: 'web-tls'}).allowed).toBe(
      false,
    );
    // "system:node:" with no name: an unknown node, no opinion at all.
    expect(canI([], {user: 'system:node:', groups: ['system:nodes'], verb: 'list', resource: 'services'}).allowed).toBe(false);
    // RBAC still applies to nodes for what the Node authorizer does not allow.
    const rbac = [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: {name: 'r'},
        rules: [{apiGroups: [''], resources: ['secrets'], verbs: ['list']}],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: {name: 'b'},
        roleRef: {kind: 'ClusterRole', name: 'r'},
        subjects: [{kind: 'Group', name: 'system:nodes'}],
      },
    ];
    expect(canI(rbac, {...node01, verb: 'list', resource: 'secrets', namespace: 'default'})).toMatchObject({allowed: true, code: 'ALLOWED_BY_RULE'});
  });
});
