import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {load, loadAll} from 'js-yaml';
import fc from 'fast-check';
import {evaluateAssertions, findObject, matchPartial} from '../../index';
import type {Assertion, Diagnostic} from '../../index';

const HERE = dirname(fileURLToPath(import.meta.url));
const read = (path: string) => readFileSync(join(HERE, path), 'utf8');
const objects = (path: string): object[] => loadAll(read(path)) as object[];

const describeIt = {ko: '설명', en: 'describe'};
const one = (assertion: Record<string, unknown>) => ({id: 'a', describe: describeIt, ...assertion}) as Assertion;

describe('matchPartial', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: 'web', labels: {app: 'web', 'app.kubernetes.io/name': 'web'}},
    spec: {
      securityContext: {runAsUser: 1001},
      containers: [
        {name: 'ubuntu', image: 'ubuntu', ports: [{name: 'http', containerPort: 80}], securityContext: {capabilities: {add: ['SYS_TIME']}}},
        {name: 'sidecar', image: 'busybox'},
      ],
    },
  };

  it('scalars and nested mappings: only the keys asked for', () => {
    expect(matchPartial(pod, {kind: 'Pod', spec: {securityContext: {runAsUser: 1001}}})).toEqual([]);
    expect(matchPartial(pod, {spec: {securityContext: {runAsUser: 1010}}})).toEqual([
      {path: 'spec.securityContext.runAsUser', expected: 1010, actual: 1001, code: 'VALUE_DIFFERS'},
    ]);
    expect(matchPartial(pod, {spec: {hostNetwork: true}})).toEqual([{path: 'spec.hostNetwork', expected: true, actual: undefined, code: 'MISSING'}]);
    expect(matchPartial(pod, {metadata: {name: 1}})).toEqual([{path: 'metadata.name', expected: 1, actual: 'web', code: 'TYPE_DIFFERS'}]);
    expect(matchPartial({port: 8080}, {port: '8080'})).toMatchObject([{code: 'TYPE_DIFFERS'}]);
    expect(matchPartial(pod, {metadata: {labels: {'app.kubernetes.io/name': 'api'}}})).toEqual([
      {path: 'metadata.labels["app.kubernetes.io/name"]', expected: 'api', actual: 'web', code: 'VALUE_DIFFERS'},
    ]);
  });

  it('named lists: matched by name, with paths like containers[name=ubuntu]', () => {
    expect(matchPartial(pod, {spec: {containers: [{name: 'sidecar'}, {name: 'ubuntu', image: 'ubuntu'}]}})).toEqual([]);
    expect(matchPartial(pod, {spec: {containers: [{name: 'ubuntu', securityContext: {runAsUser: 1010}}]}})).toEqual([
      {path: 'spec.containers[name=ubuntu].securityContext.runAsUser', expected: 1010, actual: undefined, code: 'MISSING'},
    ]);
    expect(matchPartial(pod, {spec: {containers: [{name: 'nginx'}]}})).toEqual([
      {path: 'spec.containers[name=nginx]', expected: {name: 'nginx'}, actual: undefined, code: 'NAMED_ITEM_MISSING'},
    ]);
    expect(matchPartial(pod, {spec: {containers: [{name: 'ubuntu', ports: [{name: 'http', containerPort: 8080}]}]}})).toEqual([
      {path: 'spec.containers[name=ubuntu].ports[name=http].containerPort', expected: 8080, actual: 80, code: 'VALUE_DIFFERS'},
    ]);
  });

  it('named items that share a name (subjects of two kinds): the best one, each used once', () => {
    const rb = {
      subjects: [
        {kind: 'User', name: 'devs'},
        {kind: 'Group', name: 'devs'},
      ],
    };
    expect(matchPartial(rb, {subjects: [{kind: 'Group', name: 'devs'}]})).toEqual([]);
    expect(
      matchPartial(rb, {
        subjects: [
          {kind: 'Group', name: 'devs'},
          {kind: 'User', name: 'devs'},
        ],
      }),
    ).toEqual([]);
    expect(matchPartial(rb, {subjects: [{kind: 'ServiceAccount', name: 'devs'}]})).toMatchObject([
      {path: 'subjects[name=devs].kind', expected: 'ServiceAccount', code: 'VALUE_DIFFERS'},
    ]);
    expect(
      matchPartial(
        {subjects: [{kind: 'Group', name: 'devs'}]},
        {
          subjects: [
            {kind: 'Group', name: 'devs'},
            {kind: 'Group', name: 'devs'},
          ],
        },
      ),
    ).toMatchObject([{path: 'subjects[name=devs]', code: 'ITEM_MISSING'}]);
    // A list with two equal items matches itself.
    const twice = {
      env: [
        {name: 'A', value: '1'},
        {name: 'A', value: '2'},
      ],
    };
    expect(matchPartial(twice, twice)).toEqual([]);
  });

  it('scalar lists: set containment, order free', () => {
    expect(matchPartial(pod, {spec: {containers: [{name: 'ubuntu', securityContext: {capabilities: {add: ['SYS_TIME']}}}]}})).toEqual([]);
    expect(matchPartial({verbs: ['get', 'list', 'watch']}, {verbs: ['watch', 'get']})).toEqual([]);
    expect(matchPartial({verbs: ['get']}, {verbs: ['get', 'delete']})).toEqual([{path: 'verbs', expected: 'delete', actual: ['get'], code: 'ITEM_MISSING'}]);
  });

  it('other object lists: each expected item needs a distinct actual item', () => {
    const role = {
      rules: [
        {apiGroups: [''], resources: ['pods'], verbs: ['get']},
        {apiGroups: ['apps'], resources: ['deployments'], verbs: ['create']},
      ],
    };
    expect(matchPartial(role, {rules: [{apiGroups: ['apps']}, {resources: ['pods']}]})).toEqual([]);
    // Two expected items cannot share one actual item.
    expect(matchPartial({rules: [{resources: ['pods'], verbs: ['get', 'list']}]}, {rules: [{verbs: ['get']}, {verbs: ['list']}]})).toMatchObject([
      {path: 'rules', code: 'ITEM_MISSING'},
    ]);
    // A near miss reports the differences to the closest item.
    expect(matchPartial(role, {rules: [{apiGroups: ['apps'], resources: ['deployments'], verbs: ['delete']}]})).toEqual([
      {path: 'rules[1].verbs', expected: 'delete', actual: ['create'], code: 'ITEM_MISSING'},
    ]);
    // Matching needs the best assignment, not the first fit: {verbs:[get]} fits both, {resources:[pods]} only the first.
    const two = {
      rules: [
        {resources: ['pods'], verbs: ['get']},
        {resources: ['secrets'], verbs: ['get']},
      ],
    };
    expect(matchPartial(two, {rules: [{verbs: ['get']}, {resources: ['pods']}]})).toEqual([]);
    expect(matchPartial({rules: []}, {rules: [{verbs: ['get']}]})).toEqual([
      {path: 'rules[0]', expected: {verbs: ['get']}, actual: undefined, code: 'ITEM_MISSING'},
    ]);
  });

  it('null means absent; an empty list means empty', () => {
    expect(matchPartial(pod, {spec: {hostPID: null}})).toEqual([]);
    expect(matchPartial(pod, {metadata: {name: null}})).toEqual([{path: 'metadata.name', expected: null, actual: 'web', code: 'UNEXPECTED_PRESENT'}]);
    expect(matchPartial({subjects: []}, {subjects: []})).toEqual([]);
    expect(matchPartial({}, {subjects: []})).toEqual([]);
    expect(matchPartial({subjects: [{kind: 'User'}]}, {subjects: []})).toMatchObject([{path: 'subjects', code: 'NOT_EMPTY'}]);
    expect(matchPartial({spec: 'x'}, {spec: {a: 1}})).toMatchObject([{path: 'spec', code: 'TYPE_DIFFERS'}]);
    expect(matchPartial({ports: {}}, {ports: [1]})).toMatchObject([{path: 'ports', code: 'TYPE_DIFFERS'}]);
  });
});

describe('evaluateAssertions', () => {
  const exercise = load(read('../__fixtures__/rbac-exercise.yaml')) as {assertions: Assertion[]};

  it('the reference solution passes every assertion', () => {
    const results = evaluateAssertions(objects('../__fixtures__/rbac-solution.yaml'), exercise.assertions);
    expect(results.map((r) => [r.id, r.passed])).toEqual([
      ['can-create-pods', true],
      ['cannot-create-deployments', true],
      ['role-exists', true],
      ['no-cluster-binding', true],
    ]);
    expect(results[0].detail).toMatchObject({canI: {allowed: true, matched: {binding: 'dev-user-binding', role: 'developer', rule: 0}}});
  });

  it('the wrong answer fails, with data saying where', () => {
    const results = evaluateAssertions(objects('../__fixtures__/rbac-wrong.yaml'), exercise.assertions);
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(byId['can-create-pods']).toMatchObject({
      passed: false,
      kind: 'canI',
      failures: [{path: 'allowed', expected: true, actual: false, code: 'CAN_I_DIFFERS'}],
    });
    expect(byId['cannot-create-deployments'].passed).toBe(true);
    expect(byId['role-exists']).toMatchObject({
      passed: false,
      failures: [{path: 'rules[0].resources', expected: 'pods', actual: ['pod'], code: 'ITEM_MISSING'}],
    });
    expect(byId['no-cluster-binding']).toMatchObject({passed: false, failures: [{code: 'OBJECT_PRESENT', actual: 'ClusterRoleBinding dev-user-binding'}]});
    expect(byId['role-exists'].describe).toEqual({ko: 'developer 롤이 있다', en: 'the developer Role exists'});
  });

  it('object: a missing object is a failure naming it, with the objects of that kind as candidates', () => {
    const [r] = evaluateAssertions(objects('../__fixtures__/rbac-solution.yaml'), [
      one({object: {kind: 'Role', name: 'developer', namespace: 'blue'}, matches: {}}),
    ]);
    expect(r).toMatchObject({passed: false, failures: [{code: 'OBJECT_NOT_FOUND', expected: 'Role blue/developer', actual: null}]});
    expect(r.detail).toEqual({candidates: [{kind: 'Role', name: 'developer', namespace: 'default', apiVersion: 'rbac.authorization.k8s.io/v1'}]});
    // apiVersion, when given, must match.
    const [v] = evaluateAssertions(objects('../__fixtures__/rbac-solution.yaml'), [
      one({object: {kind: 'Role', name: 'developer', apiVersion: 'rbac.authorization.k8s.io/v1beta1'}, matches: {}}),
    ]);
    expect(v.passed).toBe(false);
    // Cluster-scoped kinds ignore the namespace.
    const crb = {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: {name: 'x'}};
    expect(findObject([crb], {kind: 'ClusterRoleBinding', name: 'x', namespace: 'default'})).toBe(crb);
  });

  it('securityContext: the effective value, which level set it, and a missing pod or container', () => {
    const multi = load(readFileSync(join(HERE, '../../security-context/__fixtures__/multi-pod.yaml'), 'utf8')) as object;
    const results = evaluateAssertions(
      [multi],
      [
        {id: 'web', describe: describeIt, securityContext: {pod: 'multi-pod', container: 'web'}, expect: {runAsUser: 1002}},
        {id: 'sidecar', describe: describeIt, securityContext: {pod: 'multi-pod', container: 'sidecar'}, expect: {runAsUser: 1002}},
        {id: 'no-container', describe: describeIt, securityContext: {pod: 'multi-pod', container: 'nginx'}, expect: {runAsUser: 1}},
        {id: 'no-pod', describe: describeIt, securityContext: {pod: 'other', container: 'web'}, expect: {runAsUser: 1}},
        {id: 'caps', describe: describeIt, securityContext: {pod: 'multi-pod', container: 'web'}, expect: {capabilities: {add: ['SYS_TIME']}}},
      ],
    );
    expect(results[0]).toMatchObject({passed: true, detail: {securityContext: {sources: {runAsUser: 'container'}}}});
    expect(results[1]).toMatchObject({
      passed: false,
      failures: [{path: 'runAsUser', expected: 1002, actual: 1001, code: 'VALUE_DIFFERS'}],
      detail: {securityContext: {sources: {runAsUser: 'pod'}}},
    });
    expect(results[2]).toMatchObject({passed: false, failures: [{code: 'CONTAINER_NOT_FOUND', params: {containers: 'web, sidecar'}}]});
    expect(results[3]).toMatchObject({passed: false, failures: [{code: 'OBJECT_NOT_FOUND', expected: 'Pod default/other'}]});
    expect(results[4]).toMatchObject({passed: false, failures: [{path: 'capabilities.add', expected: 'SYS_TIME', actual: [], code: 'ITEM_MISSING'}]});
  });

  it('reach: through reachable, and an unknown pod as a failure', () => {
    const payroll = loadAll(readFileSync(join(HERE, '../../netpol/__fixtures__/payroll.yaml'), 'utf8')) as object[];
    const results = evaluateAssertions(payroll, [
      {id: 'in', describe: describeIt, reach: {from: 'default/internal', to: 'default/payroll', port: 8080}, expect: true},
      {id: 'out', describe: describeIt, reach: {from: 'default/external', to: 'default/payroll', port: 8080}, expect: true},
      {id: 'ghost', describe: describeIt, reach: {from: 'default/ghost', to: 'default/payroll', port: 8080}, expect: false},
    ]);
    expect(results[0]).toMatchObject({passed: true, detail: {reach: {ingress: {allowedBy: ['default/payroll-policy']}}}});
    expect(results[1]).toMatchObject({
      passed: false,
      failures: [{path: 'allowed', expected: true, actual: false, code: 'REACH_DIFFERS'}],
      detail: {reach: {code: 'DENIED_INGRESS'}},
    });
    expect(results[2]).toMatchObject({passed: false, failures: [{path: 'from', expected: 'default/ghost', code: 'UNKNOWN_POD'}]});
  });

  it('valid: passes on diagnostics without errors, fails on errors with their place, and never passes unseen', () => {
    const warning: Diagnostic = {
      code: 'CAPABILITY_LOWERCASE',
      severity: 'warning',
      path: 'spec.containers[0].securityContext.capabilities.add[0]',
      line: 9,
      column: 9,
    };
    const error: Diagnostic = {
      code: 'UNKNOWN_FIELD',
      severity: 'error',
      path: 'spec.imagePullsecrets',
      line: 12,
      column: 3,
      params: {field: 'imagePullsecrets', suggestion: 'imagePullSecrets'},
    };
    const valid = [one({valid: true})];
    expect(evaluateAssertions([], valid, {diagnostics: [warning]})[0]).toMatchObject({passed: true, failures: []});
    expect(evaluateAssertions([], valid, {diagnostics: [warning, error]})[0]).toMatchObject({
      passed: false,
      failures: [
        {
          path: 'spec.imagePullsecrets',
          code: 'VALIDATION_ERROR',
          actual: 'UNKNOWN_FIELD',
          params: {line: 12, column: 3, suggestion: 'imagePullSecrets', diagnostic: 'UNKNOWN_FIELD'},
        },
      ],
    });
    let called = 0;
    expect(evaluateAssertions([], valid, {validate: () => (called++, [])})[0].passed).toBe(true);
    expect(called).toBe(1);
    expect(evaluateAssertions([], valid)[0]).toMatchObject({passed: false, failures: [{code: 'NO_VALIDATOR'}]});
  });

  it('never throws: an unreadable assertion is a failure', () => {
    const results = evaluateAssertions(
      [null, 7],
      [
        {id: 'odd', describe: describeIt, frobnicate: 1} as unknown as Assertion,
        one({reach: {from: {ip: 'nope'}, to: {ip: '1.1.1.1'}, port: 1}, expect: true}),
      ],
    );
    expect(results[0]).toMatchObject({kind: 'unknown', passed: false, failures: [{code: 'UNKNOWN_ASSERTION'}]});
    expect(results[1]).toMatchObject({passed: false, failures: [{code: 'INVALID_ADDRESS'}]});
  });

  it('defaultNamespace: where objects and assertions without a namespace live', () => {
    const solution = objects('../__fixtures__/rbac-solution.yaml');
    const q = one({canI: {user: 'dev-user', verb: 'list', resource: 'pods', namespace: 'lab-1'}, expect: true});
    expect(evaluateAssertions(solution, [q])[0].passed).toBe(false);
    expect(evaluateAssertions(solution, [q], {defaultNamespace: 'lab-1'})[0].passed).toBe(true);
  });
});

describe('robustness (property)', () => {
  // Manifests that went through YAML: any JSON-like value, sometimes shaped like the kinds the engine reads.
  const shaped = fc.oneof(
    fc.anything(),
    fc.record(
      {
        kind: fc.constantFrom('Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'Pod', 'NetworkPolicy', 'Namespace', 'List'),
        metadata: fc.anything(),
        rules: fc.anything(),
        roleRef: fc.anything(),
        subjects: fc.anything(),
        spec: fc.anything(),
        items: fc.anything(),
        aggregationRule: fc.anything(),
      },
      {requiredKeys: ['kind']},
    ),
  );
  const assertion = fc.oneof(
    fc.record({object: fc.record({kind: fc.constantFrom('Role', 'Pod'), name: fc.string()}), matches: fc.dictionary(fc.string(), fc.anything())}),
    fc.record({absent: fc.record({kind: fc.constantFrom('Role', 'Pod'), name: fc.string()})}),
    fc.record({canI: fc.record({user: fc.string(), verb: fc.string(), resource: fc.string(), namespace: fc.string()}), expect: fc.boolean()}),
    fc.record({reach: fc.record({from: fc.oneof(fc.string(), fc.record({ip: fc.string()})), to: fc.string(), port: fc.integer()}), expect: fc.boolean()}),
    fc.record({securityContext: fc.record({pod: fc.string(), container: fc.string()}), expect: fc.dictionary(fc.string(), fc.anything())}),
    fc.anything(),
  );

  it('evaluateAssertions never throws and answers every assertion', () => {
    fc.assert(
      fc.property(fc.array(shaped, {maxLength: 8}), fc.array(assertion, {maxLength: 5}), (objs, raw) => {
        const assertions = raw.map(
          (a, i) => ({id: `a${i}`, describe: describeIt, ...(typeof a === 'object' && a !== null && !Array.isArray(a) ? a : {})}) as unknown as Assertion,
        );
        const results = evaluateAssertions(objs, assertions);
        return results.length === assertions.length && results.every((r) => typeof r.passed === 'boolean' && Array.isArray(r.failures));
      }),
      {numRuns: 500},
    );
  });

  it('matchPartial never throws and finds no difference between a value and itself', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => matchPartial(v, v).length === 0),
      {numRuns: 1000},
    );
  });
});

describe('securityContext alternatives', () => {
  const pod = (runAsUser?: number) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: 'p', namespace: 'default'},
    spec: {...(runAsUser === undefined ? {} : {securityContext: {runAsUser}}), containers: [{name: 'c', image: 'ubuntu'}]},
  });
  const root = one({securityContext: {pod: 'p', container: 'c'}, expect: [{runAsUser: 0}, {runAsUser: null}]});
  it('passes when any alternative matches (root as UID 0, or as the image default with runAsUser unset)', () => {
    expect(evaluateAssertions([pod(0)], [root])[0].passed).toBe(true);
    expect(evaluateAssertions([pod()], [root])[0].passed).toBe(true);
  });
  it('fails when none matches, with the closest alternative as the failure', () => {
    const [r] = evaluateAssertions([pod(1010)], [root]);
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([{path: 'runAsUser', expected: 0, actual: 1010, code: 'VALUE_DIFFERS'}]);
  });
});
