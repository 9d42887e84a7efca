import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadAll} from 'js-yaml';
import {cidrContains, ipBlockContains, matchesLabelSelector, parseAddress, parseCidr, policyTypesOf, reachable, TrafficQueryError} from '../../index';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../__fixtures__');
const fixture = (name: string): object[] => loadAll(readFileSync(join(FIXTURES, name), 'utf8')) as object[];

const pod = (ns: string, name: string, labels: Record<string, string>, extra: {ip?: string; ports?: object[]} = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: ns, labels},
  spec: {containers: [{name: 'c', image: 'busybox', ...(extra.ports ? {ports: extra.ports} : {})}]},
  ...(extra.ip ? {status: {podIP: extra.ip}} : {}),
});
const policy = (ns: string, name: string, spec: object) => ({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name, namespace: ns}, spec});
const namespace = (name: string, labels: Record<string, string> = {}) => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels}});

const a = pod('x', 'a', {app: 'a'}, {ip: '10.0.0.1'});
const b = pod(
  'x',
  'b',
  {app: 'b'},
  {
    ip: '10.0.0.2',
    ports: [
      {name: 'http', containerPort: 8080},
      {name: 'dns', containerPort: 53, protocol: 'UDP'},
    ],
  },
);
const c = pod('y', 'c', {app: 'c'}, {ip: '10.0.1.3'});

describe('reachable: isolation and policyTypes', () => {
  it('without policies everything is allowed and nothing is isolated', () => {
    const r = reachable([a, b], {from: 'x/a', to: 'x/b', port: 80});
    expect(r).toMatchObject({allowed: true, code: 'ALLOWED_NOT_ISOLATED', egress: {isolated: false, allowedBy: []}, ingress: {isolated: false, allowedBy: []}});
  });

  it('a policy selecting a pod for Ingress isolates its ingress only', () => {
    const denyIngress = policy('x', 'deny-b', {podSelector: {matchLabels: {app: 'b'}}, policyTypes: ['Ingress']});
    const r = reachable([a, b, denyIngress], {from: 'x/a', to: 'x/b', port: 80});
    expect(r).toMatchObject({
      allowed: false,
      code: 'DENIED_INGRESS',
      ingress: {isolated: true, allowedBy: [], isolatedBy: ['x/deny-b']},
      egress: {isolated: false},
    });
    expect(r.reason).toBe('ingress to x/b is isolated by x/deny-b and no ingress rule allows x/a on TCP 80');
    // b's egress is not isolated by an Ingress-only policy.
    expect(reachable([a, b, denyIngress], {from: 'x/b', to: 'x/a', port: 80}).allowed).toBe(true);
  });

  it('policyTypes default: Ingress always, Egress only when spec.egress has a rule', () => {
    expect(policyTypesOf({ingress: [{}]})).toEqual(['Ingress']);
    expect(policyTypesOf({egress: [{}]})).toEqual(['Ingress', 'Egress']);
    expect(policyTypesOf({egress: []})).toEqual(['Ingress']);
    expect(policyTypesOf({})).toEqual(['Ingress']);
    expect(policyTypesOf({policyTypes: ['Egress'], ingress: [{}]})).toEqual(['Egress']);
    // An egress-only policy written without policyTypes also isolates ingress (a classic surprise).
    const egressOnlyByMistake = policy('x', 'p', {podSelector: {matchLabels: {app: 'a'}}, egress: [{to: [{podSelector: {matchLabels: {app: 'b'}}}]}]});
    expect(reachable([a, b, egressOnlyByMistake], {from: 'x/b', to: 'x/a', port: 80})).toMatchObject({allowed: false, code: 'DENIED_INGRESS'});
    expect(reachable([a, b, egressOnlyByMistake], {from: 'x/a', to: 'x/b', port: 80})).toMatchObject({
      allowed: true,
      egress: {isolated: true, allowedBy: ['x/p']},
    });
    // egress: [] without policyTypes does not touch egress; with policyTypes [Egress] it denies all egress.
    const emptyEgress = policy('x', 'p', {podSelector: {}, egress: []});
    expect(reachable([a, b, emptyEgress], {from: 'x/a', to: {ip: '8.8.8.8'}, port: 53, protocol: 'UDP'}).allowed).toBe(true);
    const denyEgress = policy('x', 'p', {podSelector: {}, policyTypes: ['Egress']});
    expect(reachable([a, b, denyEgress], {from: 'x/a', to: {ip: '8.8.8.8'}, port: 53, protocol: 'UDP'})).toMatchObject({allowed: false, code: 'DENIED_EGRESS'});
  });

  it('an empty podSelector selects every pod of its namespace and none elsewhere', () => {
    const denyAll = policy('x', 'default-deny', {podSelector: {}, policyTypes: ['Ingress']});
    expect(reachable([a, b, c, denyAll], {from: 'y/c', to: 'x/a', port: 80}).allowed).toBe(false);
    expect(reachable([a, b, c, denyAll], {from: 'y/c', to: 'x/b', port: 80}).allowed).toBe(false);
    expect(reachable([a, b, c, denyAll], {from: 'x/a', to: 'y/c', port: 80}).allowed).toBe(true);
    // A missing podSelector is the same as an empty one.
    const noSelector = policy('x', 'no-selector', {policyTypes: ['Ingress']});
    expect(reachable([a, b, noSelector], {from: 'x/a', to: 'x/b', port: 80}).allowed).toBe(false);
  });

  it('an allow-all rule ({}) allows every peer and port', () => {
    const allowAll = policy('x', 'allow-all', {podSelector: {}, ingress: [{}], egress: [{}]});
    const r = reachable([a, b, c, allowAll], {from: 'y/c', to: 'x/b', port: 1234, protocol: 'SCTP'});
    expect(r).toMatchObject({allowed: true, ingress: {isolated: true, allowedBy: ['x/allow-all'], rules: [{policy: 'x/allow-all', rule: 0}]}});
  });
});

describe('reachable: peers', () => {
  const toB = (from: string | {ip: string}, peers: object[], extra: object[] = []) =>
    reachable([a, b, c, ...extra, policy('x', 'p', {podSelector: {matchLabels: {app: 'b'}}, ingress: [{from: peers}]})], {from, to: 'x/b', port: 8080});

  it('podSelector alone: pods of the policy namespace only', () => {
    const peers = [{podSelector: {matchLabels: {app: 'c'}}}];
    expect(toB('y/c', peers).allowed).toBe(false); // c matches the labels, but lives in y
    expect(toB('x/a', [{podSelector: {matchLabels: {app: 'a'}}}]).allowed).toBe(true);
    expect(toB('x/a', [{podSelector: {}}]).allowed).toBe(true);
    expect(toB('y/c', [{podSelector: {}}]).allowed).toBe(false);
  });

  it('namespaceSelector alone: every pod of the matching namespaces, by the automatic kubernetes.io/metadata.name label', () => {
    const byName = [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': 'y'}}}];
    // There is no Namespace object for y: the label still exists.
    expect(toB('y/c', byName).allowed).toBe(true);
    expect(toB('x/a', byName).allowed).toBe(false);
    expect(toB('y/c', [{namespaceSelector: {}}]).allowed).toBe(true);
    expect(toB('x/a', [{namespaceSelector: {}}]).allowed).toBe(true);
    // Labels of a Namespace object count; they cannot override the metadata.name label.
    const labelled = [namespace('y', {team: 'blue', 'kubernetes.io/metadata.name': 'fake'})];
    expect(toB('y/c', [{namespaceSelector: {matchLabels: {team: 'blue'}}}], labelled).allowed).toBe(true);
    expect(toB('y/c', [{namespaceSelector: {matchLabels: {team: 'blue'}}}]).allowed).toBe(false);
    expect(toB('y/c', [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': 'fake'}}}], labelled).allowed).toBe(false);
  });

  it('podSelector and namespaceSelector in one peer: AND; in two peers: OR', () => {
    const d = pod('y', 'd', {app: 'a'}, {ip: '10.0.1.4'});
    const and = [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': 'y'}}, podSelector: {matchLabels: {app: 'a'}}}];
    const or = [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': 'y'}}}, {podSelector: {matchLabels: {app: 'a'}}}];
    expect(toB('y/d', and, [d]).allowed).toBe(true);
    expect(toB('y/c', and, [d]).allowed).toBe(false);
    expect(toB('x/a', and, [d]).allowed).toBe(false);
    expect(toB('y/c', or, [d]).allowed).toBe(true);
    expect(toB('x/a', or, [d]).allowed).toBe(true);
  });

  it('matchExpressions: In, NotIn, Exists, DoesNotExist', () => {
    const expr = (operator: string, values?: string[]) => [{podSelector: {matchExpressions: [{key: 'app', operator, ...(values ? {values} : {})}]}}];
    expect(toB('x/a', expr('In', ['a', 'z'])).allowed).toBe(true);
    expect(toB('x/a', expr('In', ['z'])).allowed).toBe(false);
    expect(toB('x/a', expr('NotIn', ['a'])).allowed).toBe(false);
    expect(toB('x/a', expr('NotIn', ['z'])).allowed).toBe(true);
    expect(toB('x/a', expr('Exists')).allowed).toBe(true);
    expect(toB('x/a', expr('DoesNotExist')).allowed).toBe(false);
    expect(matchesLabelSelector({matchExpressions: [{key: 'tier', operator: 'NotIn', values: ['db']}]}, {})).toBe(true);
    expect(matchesLabelSelector({matchExpressions: [{key: 'tier', operator: 'DoesNotExist'}]}, {})).toBe(true);
    expect(matchesLabelSelector({matchLabels: {app: 'a'}, matchExpressions: [{key: 'tier', operator: 'Exists'}]}, {app: 'a'})).toBe(false);
    expect(matchesLabelSelector({matchExpressions: [{key: 'tier', operator: 'Bogus'}]}, {tier: 'x'})).toBe(false);
    expect(matchesLabelSelector(undefined, {app: 'a'})).toBe(false);
    expect(matchesLabelSelector({}, {})).toBe(true);
  });

  it('ipBlock: addresses outside the cluster, with except', () => {
    const block = [{ipBlock: {cidr: '172.17.0.0/16', except: ['172.17.1.0/24']}}];
    expect(toB({ip: '172.17.0.5'}, block).allowed).toBe(true);
    expect(toB({ip: '172.17.1.5'}, block).allowed).toBe(false);
    expect(toB({ip: '172.18.0.5'}, block).allowed).toBe(false);
    // Selectors never match an address outside the cluster.
    expect(toB({ip: '172.17.0.5'}, [{namespaceSelector: {}}]).allowed).toBe(false);
    const r = toB({ip: '172.17.0.5'}, block);
    expect(r.egress).toEqual({isolated: false, allowed: true, allowedBy: [], rules: [], isolatedBy: []});
  });

  it('ipBlock and pods: matches the pod IP from status.podIP / status.podIPs, never a pod without one', () => {
    expect(toB('x/a', [{ipBlock: {cidr: '10.0.0.0/24'}}]).allowed).toBe(true);
    expect(toB('x/a', [{ipBlock: {cidr: '10.0.0.0/24', except: ['10.0.0.1/32']}}]).allowed).toBe(false);
    const noIp = pod('x', 'n', {app: 'n'});
    expect(toB('x/n', [{ipBlock: {cidr: '0.0.0.0/0'}}], [noIp]).allowed).toBe(false);
    const dual = {...pod('x', 'v6', {app: 'v6'}), status: {podIPs: [{ip: '10.0.0.9'}, {ip: 'fd00::9'}]}};
    expect(toB('x/v6', [{ipBlock: {cidr: 'fd00::/64'}}], [dual]).allowed).toBe(true);
  });
});

describe('reachable: ports', () => {
  const toB = (ports: object[], port: number, protocol?: 'TCP' | 'UDP' | 'SCTP', from: string | {ip: string} = 'x/a') =>
    reachable([a, b, policy('x', 'p', {podSelector: {matchLabels: {app: 'b'}}, ingress: [{ports}]})], {from, to: 'x/b', port, ...(protocol ? {protocol} : {})})
      .allowed;

  it('protocol defaults to TCP on both sides', () => {
    expect(toB([{port: 8080}], 8080)).toBe(true);
    expect(toB([{port: 8080}], 8080, 'UDP')).toBe(false);
    expect(toB([{port: 53, protocol: 'UDP'}], 53, 'UDP')).toBe(true);
    expect(toB([{port: 53, protocol: 'UDP'}], 53)).toBe(false);
    expect(toB([{protocol: 'SCTP'}], 9999, 'SCTP')).toBe(true);
    // A port entry without port: every port of its protocol.
    expect(toB([{protocol: 'TCP'}], 1)).toBe(true);
    expect(toB([{}], 65535)).toBe(true);
  });

  it('endPort: a range, inclusive', () => {
    const range = [{port: 32000, endPort: 32768}];
    expect(toB(range, 32000)).toBe(true);
    expect(toB(range, 32768)).toBe(true);
    expect(toB(range, 32769)).toBe(false);
    expect(toB(range, 31999)).toBe(false);
  });

  it('named ports: looked up in the destination pod, name and protocol', () => {
    expect(toB([{port: 'http'}], 8080)).toBe(true);
    expect(toB([{port: 'http'}], 8081)).toBe(false);
    expect(toB([{port: 'dns', protocol: 'UDP'}], 53, 'UDP')).toBe(true);
    expect(toB([{port: 'dns'}], 53)).toBe(false); // dns is a UDP port of b
    expect(toB([{port: 'nope'}], 8080)).toBe(false);
  });

  it('named ports on egress are looked up in the destination too, and never match an address', () => {
    const egress = (port: number, to: string | {ip: string}) =>
      reachable([a, b, policy('x', 'p', {podSelector: {matchLabels: {app: 'a'}}, policyTypes: ['Egress'], egress: [{ports: [{port: 'http'}]}]})], {
        from: 'x/a',
        to,
        port,
      }).allowed;
    expect(egress(8080, 'x/b')).toBe(true);
    expect(egress(80, 'x/b')).toBe(false);
    expect(egress(8080, {ip: '1.2.3.4'})).toBe(false);
  });
});

describe('reachable: union of policies, both ends', () => {
  it('allowedBy lists every policy (and rule) that allows it', () => {
    const p1 = policy('x', 'p1', {
      podSelector: {matchLabels: {app: 'b'}},
      ingress: [{from: [{podSelector: {matchLabels: {app: 'z'}}}]}, {from: [{podSelector: {matchLabels: {app: 'a'}}}]}],
    });
    const p2 = policy('x', 'p2', {podSelector: {}, ingress: [{ports: [{port: 8080}]}]});
    const p3 = policy('x', 'p3', {podSelector: {}, ingress: [{ports: [{port: 9090}]}]});
    const r = reachable([a, b, p1, p2, p3], {from: 'x/a', to: 'x/b', port: 8080});
    expect(r.ingress).toMatchObject({isolated: true, allowed: true, allowedBy: ['x/p1', 'x/p2'], isolatedBy: ['x/p1', 'x/p2', 'x/p3']});
    expect(r.ingress.rules).toEqual([
      {policy: 'x/p1', rule: 1},
      {policy: 'x/p2', rule: 0},
    ]);
    expect(r.code).toBe('ALLOWED_BY_POLICY');
  });

  it('a denied direction says which rule came closest and what it failed on', () => {
    const p = policy('x', 'p', {
      podSelector: {matchLabels: {app: 'b'}},
      ingress: [
        {from: [{podSelector: {matchLabels: {app: 'z'}}}], ports: [{port: 1}]},
        {from: [{podSelector: {matchLabels: {app: 'a'}}}], ports: [{port: 9090}]},
      ],
    });
    const r = reachable([a, b, p], {from: 'x/a', to: 'x/b', port: 8080});
    expect(r.ingress.closest).toEqual({policy: 'x/p', rule: 1, failed: ['port']});
  });

  it('both ends must allow: the sender egress and the receiver ingress', () => {
    const egressA = policy('x', 'a-out', {
      podSelector: {matchLabels: {app: 'a'}},
      policyTypes: ['Egress'],
      egress: [{to: [{podSelector: {matchLabels: {app: 'b'}}}]}],
    });
    const ingressB = policy('x', 'b-in', {podSelector: {matchLabels: {app: 'b'}}, ingress: [{from: [{podSelector: {matchLabels: {app: 'z'}}}]}]});
    expect(reachable([a, b, egressA], {from: 'x/a', to: 'x/b', port: 80}).allowed).toBe(true);
    expect(reachable([a, b, egressA, ingressB], {from: 'x/a', to: 'x/b', port: 80})).toMatchObject({
      allowed: false,
      code: 'DENIED_INGRESS',
      egress: {allowed: true},
    });
    const egressNone = policy('x', 'a-none', {podSelector: {matchLabels: {app: 'a'}}, policyTypes: ['Egress']});
    const both = reachable([a, b, egressNone, ingressB], {from: 'x/a', to: 'x/b', port: 80});
    expect(both).toMatchObject({allowed: false, code: 'DENIED_BOTH'});
    expect(both.egress.allowed).toBe(false);
    expect(both.ingress.allowed).toBe(false);
  });

  it('a policy of another namespace does not select the pod', () => {
    const elsewhere = policy('y', 'deny', {podSelector: {}, policyTypes: ['Ingress', 'Egress']});
    expect(reachable([a, b, c, elsewhere], {from: 'x/a', to: 'x/b', port: 80}).allowed).toBe(true);
    expect(reachable([a, b, c, elsewhere], {from: 'x/a', to: 'y/c', port: 80}).allowed).toBe(false);
  });
});

describe('reachable: endpoints', () => {
  it('an unknown pod is an error with a code, not a guess', () => {
    expect(() => reachable([a], {from: 'x/a', to: 'x/ghost', port: 80})).toThrow(TrafficQueryError);
    try {
      reachable([a], {from: 'x/a', to: 'x/ghost', port: 80});
    } catch (e) {
      expect(e).toMatchObject({code: 'UNKNOWN_POD', params: {pod: 'x/ghost', role: 'to'}});
    }
    expect(() => reachable([a], {from: {ip: '999.1.1.1'}, to: 'x/a', port: 80})).toThrow(expect.objectContaining({code: 'INVALID_ADDRESS'}));
    expect(() => reachable([a, b], {from: 'x/a', to: 'x/b', port: 0})).toThrow(expect.objectContaining({code: 'INVALID_PORT'}));
  });

  it('a bare pod name is in the default namespace, like a manifest without metadata.namespace', () => {
    const objs = fixture('payroll.yaml');
    expect(reachable(objs, {from: 'internal', to: 'payroll', port: 8080}).allowed).toBe(true);
    expect(reachable(objs, {from: 'default/internal', to: 'default/payroll', port: 8080}).allowed).toBe(true);
  });
});

describe('reachable: the CKA labs', () => {
  it('payroll-policy: only internal reaches payroll, only on 8080 (Practice Test - Network Policy, 5-9)', () => {
    const objs = fixture('payroll.yaml');
    expect(reachable(objs, {from: 'default/internal', to: 'default/payroll', port: 8080})).toMatchObject({
      allowed: true,
      ingress: {allowedBy: ['default/payroll-policy']},
    });
    expect(reachable(objs, {from: 'default/external', to: 'default/payroll', port: 8080})).toMatchObject({allowed: false, code: 'DENIED_INGRESS'});
    expect(reachable(objs, {from: 'default/internal', to: 'default/payroll', port: 9090}).allowed).toBe(false);
    // The policy selects payroll only: internal -> external is not restricted (question 9).
    expect(reachable(objs, {from: 'default/internal', to: 'default/external', port: 8080}).allowed).toBe(true);
  });

  it('internal-policy: internal talks only to payroll:8080, mysql:3306 and DNS (question 10)', () => {
    const objs = [...fixture('payroll.yaml'), ...fixture('internal-policy.yaml')];
    expect(reachable(objs, {from: 'default/internal', to: 'default/payroll', port: 8080}).allowed).toBe(true);
    expect(reachable(objs, {from: 'default/internal', to: 'default/mysql', port: 3306})).toMatchObject({
      allowed: true,
      egress: {rules: [{policy: 'default/internal-policy', rule: 0}]},
    });
    expect(reachable(objs, {from: 'default/internal', to: 'default/mysql', port: 8080}).allowed).toBe(false);
    expect(reachable(objs, {from: 'default/internal', to: 'default/external', port: 8080})).toMatchObject({allowed: false, code: 'DENIED_EGRESS'});
    expect(reachable(objs, {from: 'default/internal', to: {ip: '10.96.0.10'}, port: 53, protocol: 'UDP'})).toMatchObject({
      allowed: true,
      egress: {rules: [{rule: 2}]},
    });
    // ingress: [{}] keeps internal reachable from anywhere.
    expect(reachable(objs, {from: 'default/external', to: 'default/internal', port: 8080}).allowed).toBe(true);
  });

  it('db-policy with one peer (AND): api pods of prod only', () => {
    const objs = [...fixture('web-api-db.yaml'), ...fixture('db-policy-and.yaml')];
    expect(reachable(objs, {from: 'prod/api', to: 'prod/db', port: 3306}).allowed).toBe(true);
    expect(reachable(objs, {from: 'staging/api', to: 'prod/db', port: 3306}).allowed).toBe(false);
    expect(reachable(objs, {from: 'prod/web', to: 'prod/db', port: 3306}).allowed).toBe(false);
    expect(reachable(objs, {from: 'prod/api', to: 'prod/db', port: 3307}).allowed).toBe(false);
  });

  it('db-policy with two peers (OR): api pods of prod, or any pod of staging', () => {
    const objs = [...fixture('web-api-db.yaml'), ...fixture('db-policy-or.yaml')];
    expect(reachable(objs, {from: 'prod/api', to: 'prod/db', port: 3306}).allowed).toBe(true);
    expect(reachable(objs, {from: 'staging/api', to: 'prod/db', port: 3306}).allowed).toBe(true);
    expect(reachable(objs, {from: 'staging/web', to: 'prod/db', port: 3306}).allowed).toBe(true);
    expect(reachable(objs, {from: 'prod/web', to: 'prod/db', port: 3306}).allowed).toBe(false);
  });

  it('db-backup: ingress from the backup server, egress to it but not to the excepted address', () => {
    const objs = [...fixture('web-api-db.yaml'), ...fixture('db-policy-and.yaml'), ...fixture('db-backup.yaml')];
    expect(reachable(objs, {from: {ip: '192.168.5.10'}, to: 'prod/db', port: 3306})).toMatchObject({allowed: true, ingress: {allowedBy: ['prod/db-backup']}});
    expect(reachable(objs, {from: {ip: '192.168.5.11'}, to: 'prod/db', port: 3306}).allowed).toBe(false);
    // The union: api still gets in through db-policy.
    expect(reachable(objs, {from: 'prod/api', to: 'prod/db', port: 3306})).toMatchObject({allowed: true, ingress: {allowedBy: ['prod/db-policy']}});
    expect(reachable(objs, {from: 'prod/db', to: {ip: '192.168.5.20'}, port: 80}).allowed).toBe(true);
    expect(reachable(objs, {from: 'prod/db', to: {ip: '192.168.5.99'}, port: 80}).allowed).toBe(false);
    expect(reachable(objs, {from: 'prod/db', to: {ip: '192.168.5.20'}, port: 443}).allowed).toBe(false);
    // db's egress is now isolated: even to api.
    expect(reachable(objs, {from: 'prod/db', to: 'prod/api', port: 5000})).toMatchObject({allowed: false, code: 'DENIED_EGRESS'});
  });
});

describe('ip-block', () => {
  it('parses IPv4 and IPv6 addresses and CIDRs', () => {
    expect(parseAddress('10.1.2.3')).toEqual({family: 4, value: 0x0a010203n});
    expect(parseAddress('::1')).toEqual({family: 6, value: 1n});
    expect(parseAddress('2001:db8::ff00:42:8329')?.value).toBe(0x20010db8000000000000ff0000428329n);
    expect(parseAddress('::ffff:10.0.0.1')?.value).toBe(0xffff0a000001n);
    for (const bad of ['10.1.2', '10.1.2.256', '010.1.2.3', '1::2::3', 'g::1', '', '1:2:3:4:5:6:7:8:9']) expect(parseAddress(bad)).toBeUndefined();
    expect(parseCidr('10.0.0.1/24')).toEqual({family: 4, value: 0x0a000000n, prefix: 24});
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });

  it('contains by prefix, never across families; except carves holes', () => {
    const net = parseCidr('192.168.0.0/16')!;
    expect(cidrContains(net, parseAddress('192.168.255.255')!)).toBe(true);
    expect(cidrContains(net, parseAddress('192.169.0.0')!)).toBe(false);
    expect(cidrContains(parseCidr('0.0.0.0/0')!, parseAddress('8.8.8.8')!)).toBe(true);
    expect(cidrContains(parseCidr('::/0')!, parseAddress('8.8.8.8')!)).toBe(false);
    expect(ipBlockContains({cidr: '10.0.0.0/8', except: ['10.1.0.0/16']}, parseAddress('10.1.2.3')!)).toBe(false);
    expect(ipBlockContains({cidr: '10.0.0.0/8', except: ['10.1.0.0/16']}, parseAddress('10.2.2.3')!)).toBe(true);
    expect(ipBlockContains({cidr: 'garbage'}, parseAddress('10.2.2.3')!)).toBe(false);
  });
});
