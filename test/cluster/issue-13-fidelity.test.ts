/**
 * The fidelity cases of issue 13 against the real API server (v1.36.3, default feature gates):
 * YAML decoding as kubectl does it (`\'`, `\/`, a mapping used as a key), tolerations with Gt/Lt
 * (TaintTolerationComparisonOperators off), host namespaces with hostUsers: false
 * (UserNamespacesHostNetworkSupport off). For each, validateManifests' verdict (any error or
 * none) must equal kubectl apply --dry-run=server --validate=strict's (exit code).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects cluster -- test/cluster/issue-13-fidelity.test.ts
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {validateManifests} from '../../src/core/index';
import {clusterSkipReason, createNamespace, deleteNamespace, kubectl} from './support';

const pod = (name: string, spec: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n${spec}`;
const cm = (name: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}`;

const CASES: {name: string; text: string; accepted: boolean}[] = [
  {name: "\\' in a double-quoted string", text: cm('esc-quote', `  a: "it\\'s"\n`), accepted: true},
  {name: '\\/ in a double-quoted string', text: cm('esc-slash', `  a: "a\\/b"\n`), accepted: false},
  {name: '\\/ in a plain string', text: cm('plain-slash', `  a: a\\/b\n`), accepted: true},
  {name: '{{replicas}} as a value', text: cm('map-key', `  a: {{replicas}}\n`), accepted: false},
  {
    name: 'toleration operator Gt',
    text: pod('tol-gt', '  tolerations:\n  - {key: example.com/gpu, operator: Gt, value: "4", effect: NoSchedule}\n'),
    accepted: false,
  },
  {
    name: 'toleration operator Lt',
    text: pod('tol-lt', '  tolerations:\n  - {key: example.com/gpu, operator: Lt, value: "4", effect: NoSchedule}\n'),
    accepted: false,
  },
  {
    name: 'toleration operator Exists',
    text: pod('tol-exists', '  tolerations:\n  - {key: example.com/gpu, operator: Exists, effect: NoSchedule}\n'),
    accepted: true,
  },
  {name: 'hostNetwork with hostUsers: false', text: pod('userns-net', '  hostNetwork: true\n  hostUsers: false\n'), accepted: false},
  {name: 'hostPID with hostUsers: false', text: pod('userns-pid', '  hostPID: true\n  hostUsers: false\n'), accepted: false},
  {name: 'hostIPC with hostUsers: false', text: pod('userns-ipc', '  hostIPC: true\n  hostUsers: false\n'), accepted: false},
  {
    name: 'procMount Unmasked with hostUsers: false',
    text: pod('unmasked-userns', '    securityContext: {procMount: Unmasked}\n  hostUsers: false\n'),
    accepted: true,
  },
  {name: 'procMount Unmasked in the host user namespace', text: pod('unmasked-host', '    securityContext: {procMount: Unmasked}\n'), accepted: false},
  {name: 'hostUsers: false alone', text: pod('userns-alone', '  hostUsers: false\n'), accepted: true},
];

const skip = clusterSkipReason();
if (skip) process.stdout.write(`issue-13 fidelity cases skipped: ${skip}\n`);

(skip ? describe.skip : describe)('issue 13 fidelity cases: the engine and the API server agree', () => {
  let ns = '';
  beforeAll(async () => {
    ns = await createNamespace('issue13');
  }, 60_000);
  afterAll(() => deleteNamespace(ns), 60_000);

  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s',
    (_name, c) => {
      const server = kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], {input: c.text, namespace: ns});
      expect(server.stderr).not.toMatch(/Unable to connect|connection refused/);
      const serverAccepted = server.status === 0;
      const ours = validateManifests(c.text).filter((d) => d.severity === 'error');
      expect({case: c.name, server: serverAccepted, message: server.stderr.trim().slice(0, 300)}).toEqual(expect.objectContaining({server: c.accepted}));
      expect({case: c.name, engine: ours.length === 0, errors: ours.map((d) => `${d.code} ${d.path ?? ''}`)}).toEqual(
        expect.objectContaining({engine: c.accepted}),
      );
    },
    60_000,
  );
});
