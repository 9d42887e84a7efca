/**
 * The smaller pieces: reading kubeconfigs and example folders, the scheduler (exclusive examples
 * run alone), which failures stop an example, tier skips, output matching and traffic probes.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/verify
 */
import {describe, expect, it} from '@jest/globals';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {
  checkOnly,
  classifyProbe,
  exclusiveReason,
  KubeconfigError,
  loadExample,
  loadExamples,
  namespacesOf,
  outputMatches,
  parseKubeconfig,
  parseManifest,
  probeCommand,
  schedule,
  skipReason,
  stepLabel,
  type CommandResult,
} from '../index';

const FIXTURES = join(process.cwd(), 'scripts', 'verify', '__fixtures__', 'examples');

describe('parseKubeconfig', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const config = (user: string, extra = '') =>
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443/", certificate-authority-data: ${b64('CA')}}}]`,
      `users: [{name: u, user: ${user}}]`,
      'contexts: [{name: one, context: {cluster: c, user: u, namespace: blue}}, {name: two, context: {cluster: c, user: u}}]',
      'current-context: one',
      extra,
    ].join('\n');

  it('reads the current context: server, CA, client certificate and namespace', () => {
    const k = parseKubeconfig(config(`{client-certificate-data: ${b64('CERT')}, client-key-data: ${b64('KEY')}}`), '/x/config');
    expect(k).toMatchObject({contextName: 'one', clusterName: 'c', server: 'https://127.0.0.1:6443', namespace: 'blue', insecureSkipTlsVerify: false});
    expect([k.ca?.toString(), k.cert?.toString(), k.key?.toString()]).toEqual(['CA', 'CERT', 'KEY']);
  });

  it('reads a token, another context on request, and files relative to the kubeconfig', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-kc-'));
    try {
      writeFileSync(join(dir, 'token'), 'abc\n');
      const k = parseKubeconfig(config('{tokenFile: token}'), join(dir, 'config'), 'two');
      expect(k).toMatchObject({contextName: 'two', token: 'abc', namespace: undefined});
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('refuses exec plugins and missing pieces with the file name', () => {
    expect(() => parseKubeconfig(config('{exec: {command: gke-gcloud-auth-plugin}}'), '/k')).toThrow(/exec or auth-provider plugin/);
    expect(() => parseKubeconfig(config('{}').replace('current-context: one', ''), '/k')).toThrow(KubeconfigError);
    expect(() => parseKubeconfig(config('{}'), '/k', 'three')).toThrow('/k: no context named "three"');
    expect(() => parseKubeconfig('[1, 2', '/k')).toThrow(/not YAML/);
  });
});

describe('example folders', () => {
  it('loads every fixture folder with its steps, manifests and exercises', () => {
    const all = loadExamples(FIXTURES);
    expect(all.map((e) => e.id)).toEqual(['accepted-error', 'failing-assert', 'ok-cluster-scoped', 'ok-namespaced', 'wrong-passes']);
    const ok = all.find((e) => e.id === 'ok-namespaced')!;
    expect(ok.error).toBeUndefined();
    expect([...ok.manifests.keys()]).toEqual([
      'bad-role.yaml',
      'binding.yaml',
      'given.yaml',
      'pod.yaml',
      'policy.yaml',
      'role.yaml',
      'solution.yaml',
      'wrong.yaml',
    ]);
    expect([...ok.exercises.keys()]).toEqual(['exercise.yaml']);
    expect([...ok.tiers].sort()).toEqual(['api', 'runtime']);
  });

  it('marks examples that create cluster-scoped objects as exclusive, with the reason', () => {
    const all = loadExamples(FIXTURES);
    expect(all.find((e) => e.id === 'ok-cluster-scoped')!.exclusive).toBe('clusterrole.yaml holds a ClusterRole');
    expect(all.filter((e) => e.exclusive).map((e) => e.id)).toEqual(['ok-cluster-scoped']);
    expect(exclusiveReason({manifests: new Map(), steps: [{kubectl: 'create clusterrolebinding b --clusterrole=view --user=u'}]})).toMatch(
      /creates a ClusterRoleBinding/,
    );
    expect(
      exclusiveReason({manifests: new Map(), steps: [{kubectl: 'create clusterrole x --verb=get --resource=pods --dry-run=client -o yaml'}]}),
    ).toBeUndefined();
    expect(exclusiveReason({manifests: new Map([['ns.yaml', parseManifest('ns.yaml', 'kind: Namespace\nmetadata: {name: a}')]]), steps: []})).toBeUndefined();
  });

  it('says what is wrong with a broken folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-ex-'));
    try {
      expect(loadExample(dir, 'empty').error).toMatch(/steps.yaml is missing/);
      writeFileSync(join(dir, 'steps.yaml'), 'title: t\nsteps:\n  - apply: nope.yaml\n');
      expect(loadExample(dir, 'x').error).toMatch(/names a file that is not in the folder/);
      writeFileSync(join(dir, 'steps.yaml'), 'title: t\nsteps:\n  - kubectl: get pods | grep x\n');
      expect(loadExample(dir, 'x').error).toMatch(/without a shell/);
      writeFileSync(join(dir, 'steps.yaml'), 'steps: []\n');
      expect(loadExample(dir, 'x').error).toMatch(/title is required/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('keeps a manifest that is not YAML as an error for the step that applies it', () => {
    expect(parseManifest('bad.yaml', 'a: [1').error).toMatch(/^bad.yaml:1: YAML_SYNTAX \(reason: /);
    // kubectl's YAML 1.1: yes is a boolean, 0644 is octal
    expect(parseManifest('cm.yaml', 'kind: ConfigMap\ndata: {a: yes}\nmode: 0644').objects[0]).toEqual({kind: 'ConfigMap', data: {a: true}, mode: 420});
    expect(parseManifest('list.yaml', 'kind: List\nitems: [{kind: Pod}, {kind: Role}]\n---\n').objects.map((o) => o.kind)).toEqual(['Pod', 'Role']);
  });

  it('knows the namespaces manifests use and declare', () => {
    const m = [
      parseManifest(
        'a.yaml',
        'kind: Namespace\nmetadata: {name: prod}\n---\nkind: Pod\nmetadata: {name: p, namespace: prod}\n---\nkind: Role\nmetadata: {name: r}\n---\nkind: ClusterRole\nmetadata: {name: c}',
      ),
    ];
    const {used, declared} = namespacesOf(m);
    expect([...used].sort()).toEqual(['default', 'prod']);
    expect([...declared]).toEqual(['prod']);
  });
});

describe('schedule', () => {
  it('runs up to N at a time, exclusive items first and alone, every item once', async () => {
    const items = ['a', 'b', 'X', 'c', 'd', 'Y', 'e'];
    const running = new Set<string>();
    const log: string[] = [];
    let peak = 0;
    await schedule(
      items,
      3,
      (i) => i === i.toUpperCase(),
      async (i) => {
        if (i === i.toUpperCase() && running.size) log.push(`${i} beside ${[...running]}`);
        for (const r of running) if (r === r.toUpperCase()) log.push(`${i} beside ${r}`);
        running.add(i);
        peak = Math.max(peak, running.size);
        await new Promise((r) => setTimeout(r, 5));
        running.delete(i);
        log.push(i);
      },
    );
    expect(log.slice(0, 2)).toEqual(['X', 'Y']);
    expect(log.filter((l) => l.includes('beside'))).toEqual([]);
    expect([...log].sort()).toEqual([...items].sort());
    expect(peak).toBe(3);
  });

  it('starts nothing new once aborted, and still resolves', async () => {
    const abort = new AbortController();
    const started: number[] = [];
    await schedule(
      [1, 2, 3, 4, 5],
      1,
      () => false,
      async (i) => {
        started.push(i);
        if (i === 2) abort.abort();
      },
      abort.signal,
    );
    expect(started).toEqual([1, 2]);
  });

  it('keeps going when an item throws', async () => {
    const done: number[] = [];
    await schedule(
      [1, 2, 3],
      2,
      () => false,
      async (i) => {
        if (i === 1) throw new Error('boom');
        done.push(i);
      },
    );
    expect(done.sort()).toEqual([2, 3]);
  });
});

describe('step policies', () => {
  it('after a failed check the next steps run; after a failed change they do not', () => {
    expect(checkOnly({canI: {user: 'u', verb: 'get', resource: 'pods'}, expect: true})).toBe(true);
    expect(checkOnly({object: {kind: 'Pod', name: 'p'}, matches: {}})).toBe(true);
    expect(checkOnly({kubectl: 'auth can-i list pods'})).toBe(true);
    expect(checkOnly({kubectl: 'create deployment x --image=nginx --dry-run=server'})).toBe(true);
    expect(checkOnly({kubectl: 'create role developer --verb=list --resource=pods'})).toBe(false);
    expect(checkOnly({apply: 'a.yaml'})).toBe(false);
    expect(checkOnly({expectError: 'a.yaml', contains: 'x'})).toBe(false);
    expect(checkOnly({delete: 'a.yaml'})).toBe(false);
  });

  it('skips runtime steps with the reason: no nodes first, then the tier option', () => {
    const cluster = (noRuntimeReason?: string) => ({client: undefined as never, kubectl: 'kubectl', kubeconfig: 'k', serviceAccounts: true, noRuntimeReason});
    expect(skipReason('api', {tier: 'api', cluster: cluster('no nodes')})).toBeUndefined();
    expect(skipReason('runtime', {tier: 'all', cluster: cluster('the local control plane has no nodes')})).toBe(
      'runtime tier: the local control plane has no nodes',
    );
    expect(skipReason('runtime', {tier: 'api', cluster: cluster()})).toBe('runtime tier not selected (--tier api)');
    expect(skipReason('runtime', {tier: 'all', cluster: cluster()})).toBeUndefined();
  });

  it('labels steps with the command the page shows', () => {
    expect(stepLabel({apply: 'role.yaml'})).toBe('kubectl apply -f role.yaml');
    expect(stepLabel({canI: {user: 'dev-user', verb: 'list', resource: 'pods', namespace: 'blue'}, expect: false})).toBe(
      'can-i list pods -n blue --as dev-user => no',
    );
    expect(stepLabel({reach: {from: 'default/a', to: {ip: '10.0.0.1'}, port: 80}, expect: true})).toBe('reach default/a -> 10.0.0.1:80 => connected');
    expect(stepLabel({object: {kind: 'Role', name: 'r', namespace: 'default'}, matches: {}})).toBe('object Role default/r');
  });
});

describe('outputMatches', () => {
  it('tries the output as printed and without its final newline', () => {
    expect(outputMatches('^root$', 'root\n')).toBe(true);
    expect(outputMatches('^yes', 'yes\n')).toBe(true);
    expect(outputMatches('ClusterRole\\n', 'clusterroles ... ClusterRole\n')).toBe(true);
    expect(outputMatches('^root$', 'root\nmore\n')).toBe(false);
    expect(outputMatches('^1000$', '10000\n')).toBe(false);
  });
});

describe('traffic probes', () => {
  const result = (code: number, stderr = '', stdout = ''): CommandResult => ({code, signal: null, stdout, stderr, timedOut: false, durationMs: 1});
  const agnhost = 'registry.k8s.io/e2e-test-images/agnhost:2.53';

  it('uses agnhost connect in agnhost images, nc elsewhere', () => {
    expect(probeCommand(agnhost, '10.244.0.5', 3306, 'TCP')).toEqual(['/agnhost', 'connect', '10.244.0.5:3306', '--timeout=3s', '--protocol=tcp']);
    expect(probeCommand(agnhost, 'fd00::5', 80, 'UDP')).toEqual(['/agnhost', 'connect', '[fd00::5]:80', '--timeout=3s', '--protocol=udp']);
    expect(probeCommand('busybox:1.36', '10.244.0.5', 80, 'TCP')).toEqual(['sh', '-c', 'nc -z -w 3 10.244.0.5 80']);
  });

  it('tells connected, blocked and a failure of the probe itself apart', () => {
    expect(classifyProbe(agnhost, result(0))).toEqual({kind: 'connected'});
    expect(classifyProbe(agnhost, result(1, 'TIMEOUT\n'))).toMatchObject({kind: 'blocked'});
    expect(classifyProbe(agnhost, result(1, 'REFUSED\n'))).toMatchObject({kind: 'blocked'});
    expect(classifyProbe(agnhost, result(1, 'error: unable to upgrade connection: container not found ("db")\n'))).toMatchObject({kind: 'error'});
    expect(classifyProbe('busybox', result(1, ''))).toMatchObject({kind: 'blocked'});
    expect(
      classifyProbe(
        'nginx',
        result(126, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nc": executable file not found in $PATH'),
      ),
    ).toMatchObject({kind: 'error'});
  });
});
