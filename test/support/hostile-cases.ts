/**
 * Hostile inputs, shared by the hostile-input test, the fuzz test and `npm run bench` (which
 * prints how long each takes): what an attacker would paste into a checker to crash or freeze it.
 * Each text case has a generous bound (`boundMs`) for validateManifests.
 */

export interface HostileCase {
  name: string;
  text: string;
  /** validateManifests must answer within this (a loaded two-core machine takes a small fraction). */
  boundMs: number;
}

/** A Pod whose container has `n` unknown 60-character fields (near misses of securityContext). */
export function unknownFields(n: number): string {
  const fields = Array.from({length: n}, (_, i) => `    ${'securityContxt'.repeat(4)}${String(i).padStart(4, 'z')}: 1`);
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n${fields.join('\n')}\n`;
}

/** `n` lines of `---x` (a bad document separator each): 800,000 make 4 MB. */
export function badSeparators(n: number): string {
  return '---x\n'.repeat(n);
}

/** r0 aggregates r1, which aggregates r2, ...; the last one has the rule; user u is bound to r0. */
export function aggregationChain(n: number): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {name: `r${i}`, labels: {[`example.com/l${i}`]: 'true'}},
      ...(i + 1 < n
        ? {aggregationRule: {clusterRoleSelectors: [{matchLabels: {[`example.com/l${i + 1}`]: 'true'}}]}}
        : {rules: [{apiGroups: [''], resources: ['pods'], verbs: ['get']}]}),
    });
  }
  objects.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {name: 'b'},
    roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r0'},
    subjects: [{kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io'}],
  });
  return objects;
}

/** `pods` pods in 4 namespaces and 12 policies (ingress by pod and namespace, named ports, egress by ipBlock). */
export function networkCluster(pods: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < pods; i++) {
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: `p${i}`, namespace: `ns${i % 4}`, labels: {app: `a${i % 10}`, tier: i % 2 ? 'web' : 'db'}},
      spec: {containers: [{name: 'c', image: 'nginx:1.27', ports: [{name: 'http', containerPort: 80}]}]},
    });
  }
  for (let j = 0; j < 12; j++) {
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {name: `np${j}`, namespace: `ns${j % 4}`},
      spec: {
        podSelector: {matchLabels: {tier: j % 2 ? 'web' : 'db'}},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{podSelector: {matchLabels: {app: `a${j % 10}`}}}, {namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': `ns${(j + 1) % 4}`}}}],
            ports: [{port: 'http'}],
          },
        ],
        egress: [{to: [{ipBlock: {cidr: '10.0.0.0/8'}}, {podSelector: {}}]}],
      },
    });
  }
  return out;
}

/** "namespace/name" of the pods of networkCluster(). */
export function podNames(objects: Record<string, unknown>[]): string[] {
  return objects
    .filter((o) => o.kind === 'Pod')
    .map((o) => {
      const m = o.metadata as {name: string; namespace: string};
      return `${m.namespace}/${m.name}`;
    });
}

/** As YAML text: JSON is YAML, one document per object. */
export function asText(objects: Record<string, unknown>[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n---\n') + '\n';
}

/** Values that break `String(v)` and template literals. */
export const OBJECT_SCALARS = ['{toString: 1}', '[{toString: 2}]', '{valueOf: {}, toString: {}}', '{toString: 1, valueOf: 2}'];

export function hostileCases(): HostileCase[] {
  return [
    {name: '13,500 unknown 60-character fields', text: unknownFields(13_500), boundMs: 8_000},
    {name: '4 MB of ---x lines', text: badSeparators(800_000), boundMs: 20_000},
    {name: 'a chain of 1,000 aggregated ClusterRoles, validated', text: asText(aggregationChain(1_000)), boundMs: 20_000},
    {name: '200 pods and 12 NetworkPolicies, validated', text: asText(networkCluster(200)), boundMs: 10_000},
    ...OBJECT_SCALARS.map((v) => ({
      name: `a Pod with ${v} in every string field`,
      text: `apiVersion: v1\nkind: Pod\nmetadata: {name: ${v}, namespace: ${v}, labels: {app: ${v}}, annotations: {a: ${v}}}\nspec:\n  nodeName: ${v}\n  dnsConfig: {searches: [${v}], nameservers: [${v}]}\n  containers:\n  - name: ${v}\n    image: ${v}\n    command: [${v}]\n    env: [{name: ${v}, value: ${v}}]\n    ports: [{name: ${v}, containerPort: ${v}}]\n    resources: {limits: {cpu: ${v}}, requests: {cpu: ${v}}}\n  volumes: [{name: ${v}, emptyDir: {sizeLimit: ${v}}}]\n`,
      boundMs: 5_000,
    })),
    {
      name: 'a NetworkPolicy with {toString: 2} in every selector',
      text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  podSelector: {matchLabels: {a: {toString: 1}}, matchExpressions: [{key: {toString: 1}, operator: In, values: [{toString: 2}]}]}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {b: {toString: 1}}}}], ports: [{port: {toString: 1}, protocol: {toString: 1}}]}]\n',
      boundMs: 5_000,
    },
  ];
}
