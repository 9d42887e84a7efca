/**
 * Inputs an attacker (or an unlucky paste) would try on a checker, which runs on every keystroke:
 * each must get an answer, not an exception, and in bounded (CPU) time. The time limits are generous
 * (many times what these take on a loaded two-core machine, and far below what they took before
 * they were fixed, given next to each); they catch a return of the blow-up, they are not a
 * benchmark (`npm run bench` prints the timings).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- src/core/__tests__/hostile-input.test.ts
 */
import {describe, expect, it} from '@jest/globals';
import {
  DIAGNOSTIC_CODES,
  SecurityContextError,
  TrafficQueryError,
  canI,
  effectiveSecurityContext,
  parseManifests,
  reachability,
  reachable,
  validateManifests,
  type Diagnostic,
  type DiagnosticCode,
} from '../index';
import {aggregationChain, badSeparators, hostileCases, networkCluster, podNames, unknownFields} from '@test-support/hostile-cases';

/** Jest's own limit per test: far above every bound asserted below. */
const JEST_TIMEOUT = 120_000;

/**
 * The CPU time `run` takes (this process, user + system): unlike wall time it does not grow when
 * the machine is shared with other jobs, so the bounds hold on a loaded CI runner.
 */
function timed<T>(run: () => T): {value: T; ms: number} {
  const started = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(started);
  return {value, ms: (used.user + used.system) / 1000};
}

function wellFormed(diags: Diagnostic[]): void {
  for (const d of diags) {
    expect(DIAGNOSTIC_CODES[d.code as DiagnosticCode]).toBeDefined();
    expect(d.code).not.toBe('CHECK_FAILED');
  }
}

function count(diags: Diagnostic[], code: string): number {
  return diags.filter((d) => d.code === code).length;
}

function omittedOf(diags: Diagnostic[], code: string): number | undefined {
  const d = diags.find((x) => x.code === 'DIAGNOSTICS_OMITTED' && x.params?.code === code);
  return d?.params?.count as number | undefined;
}

const objectsOf = (text: string) => parseManifests(text).objects.map((o) => o.object);

describe('object-valued scalars: a mapping where a string belongs', () => {
  // Each threw "TypeError: Cannot convert object to primitive value" out of validateManifests.
  it.each([
    [
      'a NetworkPolicy selector value {toString: 2}',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  podSelector:\n    matchExpressions:\n    - {key: a, operator: In, values: [{toString: 2}]}\n',
      'spec.podSelector.matchExpressions[0].values[0]',
    ],
    [
      'a container named {toString: 1}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - name: {toString: 1}\n    image: nginx:1.27\n',
      'spec.containers[0].name',
    ],
    [
      'a Deployment selector label {toString: 1}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {app: {toString: 1}}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: "nginx:1.27"}]}\n',
      'spec.selector.matchLabels[app]',
    ],
    [
      'an emptyDir sizeLimit {valueOf: 1}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: c, image: "nginx:1.27"}]\n  volumes: [{name: v, emptyDir: {sizeLimit: {valueOf: 1}}}]\n',
      'spec.volumes[0].emptyDir.sizeLimit',
    ],
    [
      'a dnsConfig search domain {toString: 1}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: c, image: "nginx:1.27"}]\n  dnsConfig: {searches: [{toString: 1}]}\n',
      'spec.dnsConfig.searches[0]',
    ],
  ])('validateManifests: %s is INVALID_TYPE, not an exception', (_name, text, path) => {
    const diags = validateManifests(text);
    wellFormed(diags);
    expect(diags).toContainEqual(expect.objectContaining({code: 'INVALID_TYPE', severity: 'error', path}));
  });

  const pods =
    'apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: web, role: {toString: 1}}}\nspec: {containers: [{name: {toString: 1}, image: x}]}\n' +
    '---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\n' +
    '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {matchLabels: {app: {toString: 1}}}\n  ingress: [{from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [{toString: 2}]}]}}]}]\n' +
    '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: q}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: {valueOf: 1}}}}], ports: [{port: {toString: 1}}]}]\n';

  it('reachable answers (the hostile selectors match nothing, as selectors the server would refuse)', () => {
    const result = reachable(objectsOf(pods), {from: 'default/a', to: 'default/b', port: 80});
    expect(result.ingress.isolatedBy).toEqual(['default/q']);
    expect(result.allowed).toBe(false);
  });

  it('effectiveSecurityContext throws only its own typed error for a container named by a mapping', () => {
    const pod = objectsOf(pods)[0];
    expect(() => effectiveSecurityContext(pod, 'c')).toThrow(SecurityContextError);
  });

  it('canI answers when aggregation selectors, labels and subjects hold mappings', () => {
    const objects = objectsOf(
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: src, labels: {a: {toString: 1}, b: "true"}}\nrules: [{verbs: [get], resources: [pods], apiGroups: [""]}]\n' +
        '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: agg}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {b: {toString: 1}}}, {matchExpressions: [{key: b, operator: In, values: [{toString: 2}]}]}]}\n' +
        '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: bind}\nroleRef: {kind: ClusterRole, name: agg, apiGroup: rbac.authorization.k8s.io}\nsubjects: [{kind: User, name: u, apiGroup: rbac.authorization.k8s.io}, {kind: User, name: {toString: 1}}]\n',
    );
    expect(canI(objects, {user: 'u', verb: 'get', resource: 'pods'}).allowed).toBe(false);
  });
});

describe('unknown fields by the thousand', () => {
  it(
    '13,500 unknown 60-character fields of a container: every one reported (100, then a count), 20 searched for a suggestion (took 17.8 s)',
    () => {
      const {value: diags, ms} = timed(() => validateManifests(unknownFields(13_500)));
      wellFormed(diags);
      expect(count(diags, 'UNKNOWN_FIELD')).toBe(100);
      expect(omittedOf(diags, 'UNKNOWN_FIELD')).toBe(13_400);
      expect(ms).toBeLessThan(8_000);
    },
    JEST_TIMEOUT,
  );

  it('suggestions stop after 20 per object, the fields are still reported', () => {
    const fields = Array.from({length: 30}, (_, i) => `  imagePullSecrets${i}: 1`);
    const diags = validateManifests(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: c, image: "nginx:1.27"}]\n${fields.join('\n')}\n`,
    );
    const unknown = diags.filter((d) => d.code === 'UNKNOWN_FIELD');
    expect(unknown).toHaveLength(30);
    expect(unknown.filter((d) => d.params?.suggestion === 'imagePullSecrets')).toHaveLength(20);
  });
});

describe('aggregated ClusterRoles', () => {
  it.each([
    [300, 5_000], // took 16 s
    [1_000, 10_000], // did not finish in 60 s
  ])(
    'a chain of %i: the rule reaches the first role, within %i ms',
    (n, bound) => {
      const {value, ms} = timed(() => canI(aggregationChain(n), {user: 'u', verb: 'get', resource: 'pods'}));
      expect(value.allowed).toBe(true);
      expect(value.matched?.role).toBe('r0');
      expect(ms).toBeLessThan(bound);
    },
    JEST_TIMEOUT,
  );

  it('two roles that aggregate each other settle (as the controller re-syncing both would)', () => {
    const role = (name: string, own: string, other: string, resource: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {name, labels: {'example.com/role': own}},
      aggregationRule: {clusterRoleSelectors: [{matchLabels: {'example.com/role': other}}]},
      rules: [{apiGroups: [''], resources: [resource], verbs: ['get']}],
    });
    const objects = [
      role('a', 'a', 'b', 'pods'),
      role('b', 'b', 'a', 'secrets'),
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: {name: 'x'},
        roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'a'},
        subjects: [{kind: 'User', name: 'u'}],
      },
    ];
    // a takes b's rule (secrets), b takes a's original one (pods), then a takes b's new one (pods)... the
    // fixed point of the iteration the previous implementation ran over all roles: a holds secrets.
    expect(canI(objects, {user: 'u', verb: 'get', resource: 'secrets'}).allowed).toBe(true);
    expect(canI(objects, {user: 'u', verb: 'get', resource: 'pods'}).allowed).toBe(false);
  });
});

describe('a NetworkPolicy matrix', () => {
  it(
    '200 pods, every pair, with the model built once (the matrix took 87 s)',
    () => {
      const objects = networkCluster(200);
      const names = podNames(objects);
      const {value: verdicts, ms} = timed(() => {
        const ask = reachability(objects);
        return names.flatMap((from) => names.map((to) => ask({from, to, port: 80}).allowed));
      });
      expect(verdicts).toHaveLength(40_000);
      expect(verdicts.filter(Boolean).length).toBeGreaterThan(0);
      expect(verdicts.filter((v) => !v).length).toBeGreaterThan(0);
      expect(ms).toBeLessThan(5_000);
      // The same answers as one reachable() per question, on a sample.
      for (let i = 0; i < 40_000; i += 997) {
        const from = names[Math.floor(i / 200)];
        const to = names[i % 200];
        expect(reachable(objects, {from, to, port: 80}).allowed).toBe(verdicts[i]);
      }
    },
    JEST_TIMEOUT,
  );

  it('a question about an unknown pod is still a typed error', () => {
    expect(() => reachability(networkCluster(2))({from: 'ns0/p0', to: 'ns0/nope', port: 80})).toThrow(TrafficQueryError);
  });
});

describe('diagnostics are capped per code', () => {
  it(
    '4 MB of `---x` lines: 100 YAML_SYNTAX, then one count of the rest (were 800,000 diagnostics)',
    () => {
      const text = badSeparators(800_000);
      const {value: diags, ms} = timed(() => validateManifests(text));
      wellFormed(diags);
      expect(count(diags, 'YAML_SYNTAX')).toBe(100);
      expect(omittedOf(diags, 'YAML_SYNTAX')).toBe(799_900);
      expect(diags.length).toBeLessThanOrEqual(102);
      expect(parseManifests(text).diagnostics.length).toBeLessThanOrEqual(102);
      expect(ms).toBeLessThan(20_000);
    },
    JEST_TIMEOUT,
  );

  it('150 unknown fields: 100 reported, "and 50 more" where the 101st was', () => {
    const fields = Array.from({length: 150}, (_, i) => `zz${i}: 1`);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n${fields.join('\n')}\n`;
    const diags = validateManifests(text);
    expect(count(diags, 'UNKNOWN_FIELD')).toBe(100);
    const summary = diags.find((d) => d.code === 'DIAGNOSTICS_OMITTED');
    expect(summary).toEqual({code: 'DIAGNOSTICS_OMITTED', severity: 'warning', line: 104, column: 1, params: {code: 'UNKNOWN_FIELD', count: 50}});
  });
});

describe('the hostile families of the fuzz test, once each', () => {
  it.each(hostileCases().map((c) => [c.name, c] as const))(
    '%s',
    (_name, c) => {
      const {value: diags, ms} = timed(() => validateManifests(c.text));
      wellFormed(diags);
      expect(diags.length).toBeLessThan(2_000);
      expect(ms).toBeLessThan(c.boundMs);
    },
    JEST_TIMEOUT,
  );
});
