/**
 * The namespace rewriting rules of rewrite.ts, one test per rule, and the kubectl word splitter.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit scripts/verify
 */
import {describe, expect, it} from '@jest/globals';
import fc from 'fast-check';
import {
  CommandSyntaxError,
  kubectlVerb,
  NamespaceMap,
  RUN_LABEL,
  rewriteAssertion,
  rewriteCanI,
  rewriteExpected,
  rewriteKubectlArgs,
  rewriteObject,
  rewriteTraffic,
  splitCommand,
} from '../index';

const map = () => new NamespaceMap('ab12c');
const labels = {[RUN_LABEL]: 'run1'};

describe('NamespaceMap', () => {
  it('maps every name to ksn-<set>-<name>, the same way each time', () => {
    const m = map();
    expect(m.map('default')).toBe('ksn-ab12c-default');
    expect(m.map('default')).toBe('ksn-ab12c-default');
    expect(m.map('blue')).toBe('ksn-ab12c-blue');
    expect(m.entries()).toEqual([
      ['default', 'ksn-ab12c-default'],
      ['blue', 'ksn-ab12c-blue'],
    ]);
  });

  it('does not map a name twice', () => {
    const m = map();
    expect(m.map(m.map('prod'))).toBe('ksn-ab12c-prod');
    expect(m.mappedNames()).toEqual(['ksn-ab12c-prod']);
  });

  it('refuses names that would not be a namespace name', () => {
    expect(() => map().map('x'.repeat(54))).toThrow(/63 characters/);
    expect(() => map().map('Blue')).toThrow(/DNS label/);
    expect(() => new NamespaceMap('AB')).toThrow(/set id/);
  });

  it('gives different sets different names', () => {
    const a = new NamespaceMap();
    const b = new NamespaceMap();
    expect(a.setId).toMatch(/^[a-z0-9]{5}$/);
    expect(a.map('default')).not.toBe(b.map('default'));
  });

  it('maps text back, longest names first', () => {
    const m = map();
    m.map('prod');
    m.map('prod-eu');
    expect(m.reverseText('pods in ksn-ab12c-prod-eu and ksn-ab12c-prod')).toBe('pods in prod-eu and prod');
    expect(m.reverseValue({a: ['ksn-ab12c-prod'], 'ksn-ab12c-prod': 1})).toEqual({a: ['prod'], prod: 1});
  });

  it('reverseText undoes map for any name (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/), {minLength: 1, maxLength: 5}), (names) => {
        const m = map();
        const text = names.map((n) => `ns/${m.map(n)} `).join('');
        expect(m.reverseText(text)).toBe(names.map((n) => `ns/${n} `).join(''));
      }),
    );
  });
});

describe('rewriteObject', () => {
  it('rule 1: metadata.namespace, and the mapped default for objects without one', () => {
    const m = map();
    expect(rewriteObject({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'a', namespace: 'blue'}}, m).metadata).toEqual({
      name: 'a',
      namespace: 'ksn-ab12c-blue',
    });
    expect(rewriteObject({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'a'}}, m).metadata).toEqual({name: 'a', namespace: 'ksn-ab12c-default'});
  });

  it('leaves cluster-scoped objects without a namespace and keeps their names', () => {
    const o = rewriteObject({apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {name: 'node-admin'}}, map());
    expect(o.metadata).toEqual({name: 'node-admin'});
  });

  it('does not change its input', () => {
    const input = {kind: 'Pod', metadata: {name: 'a'}};
    rewriteObject(input, map());
    expect(input).toEqual({kind: 'Pod', metadata: {name: 'a'}});
  });

  it('rule 2: Namespace names and their kubernetes.io/metadata.name label; other labels stay', () => {
    const o = rewriteObject(
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'prod', labels: {name: 'prod', 'kubernetes.io/metadata.name': 'prod'}}},
      map(),
    );
    expect(o.metadata).toEqual({name: 'ksn-ab12c-prod', labels: {name: 'prod', 'kubernetes.io/metadata.name': 'ksn-ab12c-prod'}});
  });

  it('rule 3: binding subjects (ServiceAccount namespace, SA user names, SA groups); plain users stay', () => {
    const o = rewriteObject(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: {name: 'b'},
        subjects: [
          {kind: 'ServiceAccount', name: 'dashboard-sa', namespace: 'default'},
          {kind: 'ServiceAccount', name: 'local-sa'},
          {kind: 'User', name: 'system:serviceaccount:blue:robot'},
          {kind: 'User', name: 'dev-user'},
          {kind: 'Group', name: 'system:serviceaccounts:blue'},
          {kind: 'Group', name: 'system:serviceaccounts'},
        ],
        roleRef: {kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io'},
      },
      map(),
    );
    expect(o.subjects).toEqual([
      {kind: 'ServiceAccount', name: 'dashboard-sa', namespace: 'ksn-ab12c-default'},
      {kind: 'ServiceAccount', name: 'local-sa'},
      {kind: 'User', name: 'system:serviceaccount:ksn-ab12c-blue:robot'},
      {kind: 'User', name: 'dev-user'},
      {kind: 'Group', name: 'system:serviceaccounts:ksn-ab12c-blue'},
      {kind: 'Group', name: 'system:serviceaccounts'},
    ]);
    expect(o.roleRef).toEqual({kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io'});
  });

  it('rule 4: namespaceSelector on kubernetes.io/metadata.name, in matchLabels and matchExpressions; other keys stay', () => {
    const o = rewriteObject(
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {name: 'p'},
        spec: {
          podSelector: {},
          ingress: [
            {from: [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': 'prod'}}}, {namespaceSelector: {matchLabels: {name: 'prod'}}}]},
            {from: [{namespaceSelector: {matchExpressions: [{key: 'kubernetes.io/metadata.name', operator: 'In', values: ['prod', 'staging']}]}}]},
          ],
        },
      },
      map(),
    );
    const spec = o.spec as {ingress: {from: {namespaceSelector: unknown}[]}[]};
    expect(spec.ingress[0].from[0].namespaceSelector).toEqual({matchLabels: {'kubernetes.io/metadata.name': 'ksn-ab12c-prod'}});
    expect(spec.ingress[0].from[1].namespaceSelector).toEqual({matchLabels: {name: 'prod'}});
    expect(spec.ingress[1].from[0].namespaceSelector).toEqual({
      matchExpressions: [{key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ksn-ab12c-prod', 'ksn-ab12c-staging']}],
    });
  });

  it('rule 5: namespaces of pod affinity terms', () => {
    const o = rewriteObject(
      {
        kind: 'Pod',
        metadata: {name: 'a'},
        spec: {
          affinity: {
            podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: 'kubernetes.io/hostname', namespaces: ['blue'], labelSelector: {}}]},
          },
        },
      },
      map(),
    );
    expect(JSON.stringify(o)).toContain('"namespaces":["ksn-ab12c-blue"]');
  });

  it('labels Namespaces and cluster-scoped objects only', () => {
    const m = map();
    expect((rewriteObject({kind: 'Namespace', metadata: {name: 'x'}}, m, {labels}).metadata as {labels: unknown}).labels).toEqual(labels);
    expect((rewriteObject({kind: 'ClusterRole', metadata: {name: 'x', labels: {a: 'b'}}}, m, {labels}).metadata as {labels: unknown}).labels).toEqual({
      a: 'b',
      ...labels,
    });
    expect((rewriteObject({kind: 'Role', metadata: {name: 'x'}}, m, {labels}).metadata as {labels?: unknown}).labels).toBeUndefined();
  });

  it('rewrites the items of a List', () => {
    const o = rewriteObject({apiVersion: 'v1', kind: 'List', items: [{kind: 'Pod', metadata: {name: 'a', namespace: 'blue'}}]}, map());
    expect((o.items as {metadata: unknown}[])[0].metadata).toEqual({name: 'a', namespace: 'ksn-ab12c-blue'});
  });
});

describe('questions and assertions', () => {
  it('rule 6: can-i user, groups and namespace', () => {
    expect(
      rewriteCanI(
        {
          user: 'system:serviceaccount:default:dashboard-sa',
          groups: ['system:serviceaccounts:default', 'dev'],
          verb: 'list',
          resource: 'pods',
          namespace: 'default',
        },
        map(),
      ),
    ).toEqual({
      user: 'system:serviceaccount:ksn-ab12c-default:dashboard-sa',
      groups: ['system:serviceaccounts:ksn-ab12c-default', 'dev'],
      verb: 'list',
      resource: 'pods',
      namespace: 'ksn-ab12c-default',
    });
    expect(rewriteCanI({user: 'michelle', verb: 'list', resource: 'nodes'}, map())).toEqual({user: 'michelle', verb: 'list', resource: 'nodes'});
  });

  it('rule 6: traffic ends; a bare pod name is in default; addresses stay', () => {
    expect(rewriteTraffic({from: 'prod/api', to: 'db', port: 3306}, map())).toEqual({from: 'ksn-ab12c-prod/api', to: 'ksn-ab12c-default/db', port: 3306});
    expect(rewriteTraffic({from: {ip: '10.0.0.1'}, to: 'default/db', port: 1}, map()).from).toEqual({ip: '10.0.0.1'});
  });

  it('exercise assertions: namespaces of object, absent, securityContext, canI and reach', () => {
    const m = map();
    const d = {ko: 'k', en: 'e'};
    expect(rewriteAssertion({id: 'a', describe: d, object: {kind: 'Role', name: 'r', namespace: 'blue'}, matches: {rules: []}}, m)).toMatchObject({
      object: {namespace: 'ksn-ab12c-blue'},
    });
    expect(rewriteAssertion({id: 'a', describe: d, object: {kind: 'Role', name: 'r'}, matches: {}}, m)).toEqual({
      id: 'a',
      describe: d,
      object: {kind: 'Role', name: 'r'},
      matches: {},
    });
    expect(rewriteAssertion({id: 'a', describe: d, absent: {kind: 'Pod', name: 'p', namespace: 'x'}}, m)).toMatchObject({absent: {namespace: 'ksn-ab12c-x'}});
    expect(rewriteAssertion({id: 'a', describe: d, securityContext: {pod: 'p', container: 'c', namespace: 'default'}, expect: {}}, m)).toMatchObject({
      securityContext: {namespace: 'ksn-ab12c-default'},
    });
    expect(rewriteAssertion({id: 'a', describe: d, reach: {from: 'default/a', to: 'b', port: 1}, expect: true}, m)).toMatchObject({
      reach: {from: 'ksn-ab12c-default/a', to: 'ksn-ab12c-default/b'},
    });
  });

  it('expected fields: only a namespace the expectation names is rewritten', () => {
    const m = map();
    expect(rewriteExpected({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'default'}, spec: {}}, m, 'Pod')).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'p', namespace: 'ksn-ab12c-default'},
      spec: {},
    });
    expect(rewriteExpected({subjects: [{kind: 'ServiceAccount', name: 's', namespace: 'default'}]}, m, 'RoleBinding')).toEqual({
      subjects: [{kind: 'ServiceAccount', name: 's', namespace: 'ksn-ab12c-default'}],
    });
    expect(rewriteExpected({rules: [{resources: ['pods']}]}, m, 'Role')).toEqual({rules: [{resources: ['pods']}]});
  });
});

describe('splitCommand', () => {
  it('splits on blanks and keeps quoted text together', () => {
    expect(splitCommand(`get pods -o 'jsonpath={.items[*].metadata.name}' --selector "app=web x"`)).toEqual([
      'get',
      'pods',
      '-o',
      'jsonpath={.items[*].metadata.name}',
      '--selector',
      'app=web x',
    ]);
    expect(splitCommand('exec p -- sh -c "echo \\"hi\\""')).toEqual(['exec', 'p', '--', 'sh', '-c', 'echo "hi"']);
    expect(splitCommand("a\\ b ''")).toEqual(['a b', '']);
  });

  it('passes braces and brackets as bash does for jsonpath', () => {
    expect(splitCommand('get pod web -o jsonpath={.spec.volumes[*].name}')).toEqual(['get', 'pod', 'web', '-o', 'jsonpath={.spec.volumes[*].name}']);
  });

  it.each(['get pods | grep web', 'get pods > out', 'get pods; rm x', 'get pods && x', 'get $(x)', 'get `x`', 'get "$HOME"', "get 'x", 'get "x', 'get (x)'])(
    'refuses shell syntax: %s',
    (text) => {
      expect(() => splitCommand(text)).toThrow(CommandSyntaxError);
    },
  );
});

describe('rewriteKubectlArgs (rule 7)', () => {
  const run = (text: string) => rewriteKubectlArgs(splitCommand(text), map());

  it('adds --namespace <mapped default> when the command names none', () => {
    const r = run('get pods --as dev-user');
    expect(r.args).toEqual(['--namespace', 'ksn-ab12c-default', 'get', 'pods', '--as', 'dev-user']);
    expect(r.namespace).toBe('ksn-ab12c-default');
  });

  it.each([
    ['get pods -n blue', ['get', 'pods', '-n', 'ksn-ab12c-blue']],
    ['get pods -nblue', ['get', 'pods', '-n=ksn-ab12c-blue']],
    ['get pods -n=blue', ['get', 'pods', '-n=ksn-ab12c-blue']],
    ['get pods --namespace blue', ['get', 'pods', '--namespace', 'ksn-ab12c-blue']],
    ['get pods --namespace=blue', ['get', 'pods', '--namespace=ksn-ab12c-blue']],
  ])('maps %s', (text, args) => {
    const r = run(text);
    expect(r.args).toEqual(args);
    expect(r.namespace).toBe('ksn-ab12c-blue');
  });

  it('maps service-account users and groups of --as and --as-group, and --serviceaccount', () => {
    expect(run('auth can-i list pods --as system:serviceaccount:default:dashboard-sa --as-group=system:serviceaccounts:default').args).toEqual([
      '--namespace',
      'ksn-ab12c-default',
      'auth',
      'can-i',
      'list',
      'pods',
      '--as',
      'system:serviceaccount:ksn-ab12c-default:dashboard-sa',
      '--as-group=system:serviceaccounts:ksn-ab12c-default',
    ]);
    expect(run('create rolebinding b --clusterrole=view --serviceaccount=blue:robot').args).toContain('--serviceaccount=ksn-ab12c-blue:robot');
  });

  it('maps namespace names given as resource arguments', () => {
    expect(run('get ns prod --show-labels').args).toEqual(['--namespace', 'ksn-ab12c-default', 'get', 'ns', 'ksn-ab12c-prod', '--show-labels']);
    expect(run('get namespace/prod').args).toContain('namespace/ksn-ab12c-prod');
    expect(run('label namespace prod team=a').args.slice(2)).toEqual(['label', 'namespace', 'ksn-ab12c-prod', 'team=a']);
    expect(run('get pods web').args.slice(2)).toEqual(['get', 'pods', 'web']);
  });

  it('does not take --namespaced for --namespace, nor touch the command after --', () => {
    expect(run('api-resources --namespaced=true').args).toEqual(['--namespace', 'ksn-ab12c-default', 'api-resources', '--namespaced=true']);
    expect(run('exec p -- ls -n default').args).toEqual(['--namespace', 'ksn-ab12c-default', 'exec', 'p', '--', 'ls', '-n', 'default']);
  });

  it('knows -A, -f files and the cluster-scoped objects a create makes (not with --dry-run)', () => {
    expect(run('get pods -A').allNamespaces).toBe(true);
    expect(run('replace --force -f solution.yaml').files).toEqual(['solution.yaml']);
    expect(run('create clusterrole node-admin --verb=get --resource=nodes').creates).toEqual([{kind: 'ClusterRole', name: 'node-admin'}]);
    expect(run('create clusterrolebinding b --clusterrole=x --user=u').creates).toEqual([{kind: 'ClusterRoleBinding', name: 'b'}]);
    expect(run('create namespace test').creates).toEqual([{kind: 'Namespace', name: 'ksn-ab12c-test'}]);
    expect(run('create clusterrole node-admin --verb=get --resource=nodes --dry-run=client -o yaml').creates).toEqual([]);
    expect(run('create role developer --verb=list --resource=pods').creates).toEqual([]);
  });

  it('finds the subcommand after global flags and their values', () => {
    expect(kubectlVerb(['-n', 'blue', 'get', 'pods'])).toBe('get');
    expect(kubectlVerb(['--context', 'kind-x', 'auth', 'can-i', 'list', 'pods'])).toBe('auth');
    expect(kubectlVerb(['--namespace=blue', 'describe', 'role'])).toBe('describe');
    expect(run('--context kind-x get ns prod').args).toEqual(['--namespace', 'ksn-ab12c-default', '--context', 'kind-x', 'get', 'ns', 'ksn-ab12c-prod']);
    expect(run('-n blue create namespace test').creates).toEqual([{kind: 'Namespace', name: 'ksn-ab12c-test'}]);
  });

  it('says which flag lacks its value', () => {
    expect(() => run('get pods -n')).toThrow('-n needs a value');
  });
});
