import {describe, expect, it} from '@jest/globals';
import {computeConnectivity, firstHost, ipBlockAddresses, listPods, MATRIX_MAX_ENDPOINTS, portsOf} from '../connectivity';

const pod = (namespace: string, name: string, labels: Record<string, string>, port = 80) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace, labels},
  spec: {containers: [{name, image: 'nginx', ports: [{containerPort: port}]}]},
});

// The web/api/db example of the NetworkPolicy page: only api reaches db on 3306.
const dbPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {name: 'db-policy', namespace: 'default'},
  spec: {
    podSelector: {matchLabels: {role: 'db'}},
    policyTypes: ['Ingress'],
    ingress: [{from: [{podSelector: {matchLabels: {role: 'api-pod'}}}], ports: [{protocol: 'TCP', port: 3306}]}],
  },
};
const pods = [
  pod('default', 'web', {role: 'web'}),
  pod('default', 'api', {role: 'api-pod'}, 5000),
  pod('default', 'db', {role: 'db'}, 3306),
  pod('prod', 'api', {role: 'api-pod'}),
];

function cell(m: ReturnType<typeof computeConnectivity>, from: string, to: string) {
  const i = m.sources.findIndex((e) => e.key === from);
  const j = m.destinations.findIndex((e) => e.key === to);
  return m.cells[i][j];
}

describe('computeConnectivity', () => {
  it(`holds at most ${MATRIX_MAX_ENDPOINTS} endpoints and says how many it left out (200 pods)`, () => {
    const many = Array.from({length: 200}, (_, i) => pod('default', `p${i}`, {app: `a${i % 7}`}));
    const m = computeConnectivity([...many, dbPolicy], {port: 80});
    expect(m.sources).toHaveLength(MATRIX_MAX_ENDPOINTS);
    expect(m.cells).toHaveLength(MATRIX_MAX_ENDPOINTS);
    expect(m.cells.every((row) => row.length === MATRIX_MAX_ENDPOINTS)).toBe(true);
    expect(m.omitted).toBe(200 - MATRIX_MAX_ENDPOINTS);
    expect(computeConnectivity(pods, {port: 80}).omitted).toBe(0);
  });

  it('lists pods grouped by namespace, in the order namespaces first appear', () => {
    const {pods: listed, namespaces} = listPods([pod('b', 'x', {}), pod('a', 'y', {}), pod('b', 'z', {})]);
    expect(namespaces).toEqual(['b', 'a']);
    expect(listed.map((p) => p.key)).toEqual(['b/x', 'b/z', 'a/y']);
  });

  it('allows everything when no policy selects a pod', () => {
    const m = computeConnectivity(pods, {port: 3306});
    const verdicts = m.cells.flat().filter((c) => c.result);
    expect(verdicts).toHaveLength(4 * 3);
    expect(verdicts.every((c) => c.result!.allowed && c.result!.code === 'ALLOWED_NOT_ISOLATED')).toBe(true);
  });

  it('leaves the diagonal empty', () => {
    const m = computeConnectivity(pods, {port: 3306});
    m.sources.forEach((_, i) => expect(m.cells[i][i].result).toBeUndefined());
  });

  it('flips the cells into db when db-policy is added: only api of the same namespace on 3306', () => {
    const m = computeConnectivity([...pods, dbPolicy], {port: 3306});
    expect(cell(m, 'default/api', 'default/db').result!.allowed).toBe(true);
    expect(cell(m, 'default/api', 'default/db').result!.ingress.rules).toEqual([{policy: 'default/db-policy', rule: 0}]);
    expect(cell(m, 'default/web', 'default/db').result!.allowed).toBe(false);
    expect(cell(m, 'default/web', 'default/db').result!.code).toBe('DENIED_INGRESS');
    // podSelector alone means the policy's own namespace: prod/api does not get in.
    expect(cell(m, 'prod/api', 'default/db').result!.allowed).toBe(false);
    // Other destinations are not isolated.
    expect(cell(m, 'default/db', 'default/web').result!.allowed).toBe(true);
  });

  it('judges another port separately: api to db on 80 is refused by the port of the rule', () => {
    const m = computeConnectivity([...pods, dbPolicy], {port: 80});
    const c = cell(m, 'default/api', 'default/db').result!;
    expect(c.allowed).toBe(false);
    expect(c.ingress.closest).toEqual({policy: 'default/db-policy', rule: 0, failed: ['port']});
  });

  it('adds addresses outside the cluster as sources and destinations', () => {
    const m = computeConnectivity([...pods, dbPolicy], {port: 3306, addresses: ['192.168.5.10']});
    expect(m.sources.map((e) => e.key)).toContain('192.168.5.10');
    expect(cell(m, '192.168.5.10', 'default/db').result!.allowed).toBe(false);
    expect(cell(m, 'default/web', '192.168.5.10').result!.allowed).toBe(true);
  });
});

describe('ports and addresses to offer', () => {
  it('collects container ports and policy ports without duplicates', () => {
    expect(portsOf([...pods, dbPolicy])).toEqual([
      {port: 80, protocol: 'TCP'},
      {port: 5000, protocol: 'TCP'},
      {port: 3306, protocol: 'TCP'},
    ]);
  });

  it('takes the first host of a cidr, the address itself for /32', () => {
    expect(firstHost('192.168.5.0/24')).toBe('192.168.5.1');
    expect(firstHost('192.168.5.128/25')).toBe('192.168.5.129');
    expect(firstHost('192.168.5.10/32')).toBe('192.168.5.10');
    expect(firstHost('10.0.0.0/8')).toBe('10.0.0.1');
    expect(firstHost('fd00::/8')).toBeUndefined();
  });

  it('offers an address in each ipBlock and in each of its except blocks', () => {
    const policy = {...dbPolicy, spec: {...dbPolicy.spec, ingress: [{from: [{ipBlock: {cidr: '192.168.5.0/24', except: ['192.168.5.128/25']}}]}]}};
    expect(ipBlockAddresses([policy])).toEqual(['192.168.5.1', '192.168.5.129']);
  });
});
