/**
 * The guard against real clusters (safety.ts, backends.ts): the bypasses found by probing, each
 * against a real listener that stands for the foreign cluster and must see zero connections.
 *   (a) switching the user's current context during a run
 *   (b) a context named like a test cluster (kind-prod-eks, ksn-local) pointing at a foreign server
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/verify/__tests__/safety
 */
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {networkInterfaces, tmpdir} from 'node:os';
import {join} from 'node:path';
import {load} from 'js-yaml';
import {kubectlRunner} from '../runtime';
import {
  checkTarget,
  clientFor,
  isLoopbackServer,
  kubectlStepProblem,
  loadExample,
  readKubeconfig,
  RefusedContextError,
  RUN_KUBECONFIG,
  startBackend,
  writeRunKubeconfig,
  type Backend,
} from '../index';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** An API server stand-in that counts TCP connections; answers /version. */
async function listener(host: string): Promise<{server: Server; url: string; connections: () => number}> {
  let count = 0;
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(req.url?.startsWith('/version') ? JSON.stringify({gitVersion: 'v1.36.1'}) : '{}');
  });
  server.on('connection', () => count++);
  await new Promise<void>((resolve, reject) => server.listen(0, host, resolve).once('error', reject));
  const {port} = server.address() as {port: number};
  return {server, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, connections: () => count};
}

/** A non-loopback address of this machine, where the "foreign" cluster listens. */
function foreignAddress(): string {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  throw new Error('this machine has no non-loopback IPv4 address to stand in for a foreign API server');
}

function kubeconfigText(contexts: {name: string; server: string; ca?: string}[], current: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [${contexts.map((c) => `{name: ${c.name}, cluster: {server: "${c.server}"${c.ca ? `, certificate-authority-data: ${b64(c.ca)}` : ''}}}`).join(', ')}]`,
    `users: [{name: u, user: {token: t0k3n}}]`,
    `contexts: [${contexts.map((c) => `{name: ${c.name}, context: {cluster: ${c.name}, user: u}}`).join(', ')}]`,
    `current-context: ${current}`,
    '',
  ].join('\n');
}

describe('checkTarget: name and server', () => {
  it.each(['https://127.0.0.1:6443', 'https://127.3.4.5', 'https://[::1]:443', 'https://localhost:1'])('%s is loopback', (s) =>
    expect(isLoopbackServer(s)).toBe(true),
  );
  it.each(['https://10.0.0.1:6443', 'https://prod-eks.example.com', 'https://127.0.0.1.nip.io', 'https://[::ffff:10.0.0.1]', 'not a url', ''])(
    '%s is not loopback',
    (s) => expect(isLoopbackServer(s)).toBe(false),
  );

  it('a kind-* context must point at a loopback server', () => {
    expect(checkTarget({contextName: 'kind-ksn-verify', server: 'https://127.0.0.1:40123'}).ok).toBe(true);
    const v = checkTarget({contextName: 'kind-prod-eks', server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com'});
    expect(v).toEqual({
      ok: false,
      why: expect.stringMatching(/^refusing to run against context "kind-prod-eks": .*not a loopback address.*--allow-context kind-prod-eks$/),
    });
  });

  it('ksn-local must be the running local control plane: loopback, same server, same CA', () => {
    const ca = Buffer.from('CA');
    const local = {server: 'https://127.0.0.1:40000', ca};
    expect(checkTarget({contextName: 'ksn-local', server: 'https://127.0.0.1:40000', ca}, {local}).ok).toBe(true);
    expect(checkTarget({contextName: 'ksn-local', server: 'https://127.0.0.1:40000', ca}).why).toMatch(/no local control plane is running/);
    expect(checkTarget({contextName: 'ksn-local', server: 'https://127.0.0.1:40001', ca}, {local}).why).toMatch(
      /not the running local control plane's \(https:\/\/127\.0\.0\.1:40000\)/,
    );
    expect(checkTarget({contextName: 'ksn-local', server: 'https://127.0.0.1:40000', ca: Buffer.from('other CA')}, {local}).why).toMatch(
      /its CA is not the running local control plane's CA/,
    );
    expect(checkTarget({contextName: 'ksn-local', server: 'https://10.1.1.1:40000', ca}, {local}).why).toMatch(/not a loopback address/);
  });

  it.each(['gke_prod_europe-west1_main', 'arn:aws:eks:eu-west-1:1:cluster/prod', 'docker-desktop', 'minikube', 'kind', 'mykind-dev', 'kind-'])(
    'refuses %s on any server, and says how to allow it',
    (ctx) => {
      const v = checkTarget({contextName: ctx, server: 'https://127.0.0.1:6443'});
      expect(v.ok).toBe(false);
      expect(v.why).toContain(`--allow-context ${ctx}`);
    },
  );

  it('--allow-context allows exactly the context it names', () => {
    expect(checkTarget({contextName: 'lab', server: 'https://10.0.0.1'}, {allowContext: 'lab'}).ok).toBe(true);
    expect(checkTarget({contextName: 'prod', server: 'https://10.0.0.1'}, {allowContext: 'lab'}).why).toMatch(
      /current context is "prod", but --allow-context names "lab"/,
    );
    expect(checkTarget({contextName: 'kind-x', server: 'https://127.0.0.1'}, {allowContext: 'other'}).ok).toBe(false);
  });
});

describe('the run kubeconfig', () => {
  it('has one context with the credentials embedded, mode 0600, and reads back the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-safety-'));
    try {
      writeFileSync(join(dir, 'ca.crt'), 'CA');
      const source = join(dir, 'config');
      writeFileSync(
        source,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters: [{name: a, cluster: {server: "https://127.0.0.1:1", certificate-authority: ca.crt}}, {name: b, cluster: {server: "https://10.0.0.1"}}]',
          `users: [{name: u, user: {client-certificate-data: ${b64('CERT')}, client-key-data: ${b64('KEY')}}}]`,
          'contexts: [{name: kind-x, context: {cluster: a, user: u, namespace: blue}}, {name: prod, context: {cluster: b, user: u}}]',
          'current-context: kind-x',
        ].join('\n'),
      );
      const before = readKubeconfig(source);
      const file = writeRunKubeconfig(before, dir);
      expect(file).toBe(join(dir, RUN_KUBECONFIG));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const data = load(readFileSync(file, 'utf8')) as {contexts: unknown[]; clusters: unknown[]; users: unknown[]; 'current-context': string};
      expect([data.contexts.length, data.clusters.length, data.users.length, data['current-context']]).toEqual([1, 1, 1, 'kind-x']);
      expect(readFileSync(file, 'utf8')).not.toContain('10.0.0.1');
      expect(readKubeconfig(file)).toEqual({...before, clusterName: 'a'});
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('startBackend(current) against real listeners', () => {
  let dir: string;
  let prod: Awaited<ReturnType<typeof listener>>;
  let test: Awaited<ReturnType<typeof listener>>;
  const lines: string[] = [];
  const start = (kubeconfig: string, extra: {allowContext?: string; localStatePath?: string} = {}) =>
    startBackend({
      cluster: 'current',
      runId: 'safety',
      keep: false,
      log: (l) => lines.push(l),
      env: {KUBECONFIG: kubeconfig},
      workDir: dir,
      localStatePath: join(dir, 'no-state.json'),
      ...extra,
    });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ksn-safety-'));
    prod = await listener(foreignAddress());
    test = await listener('127.0.0.1');
    lines.length = 0;
  });
  afterEach(async () => {
    await new Promise((r) => prod.server.close(r));
    await new Promise((r) => test.server.close(r));
    rmSync(dir, {recursive: true, force: true});
  });

  it('(b) refuses kind-prod-eks pointing at a foreign server: zero connections', async () => {
    const kc = join(dir, 'config');
    writeFileSync(kc, kubeconfigText([{name: 'kind-prod-eks', server: prod.url}], 'kind-prod-eks'));
    await expect(start(kc)).rejects.toThrow(RefusedContextError);
    await expect(start(kc)).rejects.toThrow(/context "kind-prod-eks": it is named like a kind cluster but its server http:\/\/.* is not a loopback address/);
    expect(prod.connections()).toBe(0);
  });

  it('(b) refuses ksn-local that is not the running local control plane: zero connections', async () => {
    // On loopback, so only the state file can tell: none, then one naming another server.
    const foreignLocal = await listener('127.0.0.1');
    try {
      const kc = join(dir, 'config');
      writeFileSync(kc, kubeconfigText([{name: 'ksn-local', server: foreignLocal.url, ca: 'CA'}], 'ksn-local'));
      await expect(start(kc)).rejects.toThrow(/no local control plane is running/);
      const realKc = join(dir, 'real-local');
      writeFileSync(realKc, kubeconfigText([{name: 'ksn-local', server: 'https://127.0.0.1:1', ca: 'CA'}], 'ksn-local'));
      const state = join(dir, 'state.json');
      writeFileSync(state, JSON.stringify({server: 'https://127.0.0.1:1', kubeconfig: realKc}));
      await expect(start(kc, {localStatePath: state})).rejects.toThrow(/is not the running local control plane's \(https:\/\/127\.0\.0\.1:1\)/);
      expect(foreignLocal.connections()).toBe(0);
    } finally {
      await new Promise((r) => foreignLocal.server.close(r));
    }
  });

  it('(a) switching the current context mid-run changes nothing: kubectl and the client stay on the checked cluster', async () => {
    const kc = join(dir, 'config');
    const contexts = [
      {name: 'kind-test', server: test.url},
      {name: 'prod-eks', server: prod.url},
    ];
    writeFileSync(kc, kubeconfigText(contexts, 'kind-test'));
    const backend: Backend = await start(kc);
    expect(backend.kubeconfig).toBe(join(dir, RUN_KUBECONFIG));
    // What the probe did: kubectl config use-context prod-eks while the run goes on.
    writeFileSync(kc, kubeconfigText(contexts, 'prod-eks'));
    const client = clientFor(backend);
    try {
      for (let i = 0; i < 3; i++) expect((await client.version()).gitVersion).toBe('v1.36.1');
    } finally {
      client.close();
    }
    const kubectl = kubectlRunner(backend.kubectl, backend.kubeconfig, join(dir, 'cache'), dir);
    for (let i = 0; i < 3; i++) {
      const r = await kubectl(['get', '--raw', '/version']);
      expect({code: r.code, stderr: r.stderr}).toEqual({code: 0, stderr: ''});
      expect(r.stdout).toContain('v1.36.1');
    }
    expect(prod.connections()).toBe(0);
    expect(test.connections()).toBeGreaterThanOrEqual(4);
    await backend.stop();
  }, 60_000);

  it('--allow-context pins the named context the same way', async () => {
    const kc = join(dir, 'config');
    writeFileSync(
      kc,
      kubeconfigText(
        [
          {name: 'lab', server: test.url},
          {name: 'prod-eks', server: prod.url},
        ],
        'lab',
      ),
    );
    const backend = await start(kc, {allowContext: 'lab'});
    writeFileSync(
      kc,
      kubeconfigText(
        [
          {name: 'lab', server: test.url},
          {name: 'prod-eks', server: prod.url},
        ],
        'prod-eks',
      ),
    );
    expect(readKubeconfig(backend.kubeconfig).server).toBe(test.url);
    expect(prod.connections()).toBe(0);
  });
});

describe('(c) kubectl steps cannot reach past the checked cluster', () => {
  it.each([
    ['get pods --server https://prod.example.com', '--server'],
    ['get pods --server=https://prod.example.com', '--server'],
    ['get pods -shttps://prod.example.com', '-s'],
    ['--kubeconfig /home/me/.kube/config get pods', '--kubeconfig'],
  ])('refuses `kubectl %s` (%s)', (command, flag) => {
    expect(kubectlStepProblem(command.split(' '))).toContain(`(${flag})`);
  });

  it('refuses kubectl config, which would edit the run kubeconfig', () => {
    expect(kubectlStepProblem(['config', 'set-cluster', 'ksn-local', '--server=https://10.0.0.1'])).toMatch(/^kubectl config steps are not run/);
    expect(kubectlStepProblem(['-n', 'x', 'config', 'use-context', 'prod'])).toMatch(/^kubectl config steps are not run/);
  });

  it('leaves ordinary steps and the command of an exec alone', () => {
    for (const command of [
      'get pods -n blue',
      'auth can-i list pods --as dev-user',
      'exec web -- curl -s https://10.0.0.1 --server x',
      'create token dashboard-sa',
      'create rolebinding b --role=r --user=u',
      'describe secret --selector=a',
    ])
      expect(kubectlStepProblem(command.split(' '))).toBeUndefined();
  });

  it('an example with such a step does not load, and says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-safety-'));
    try {
      writeFileSync(join(dir, 'steps.yaml'), 'title: t\ntier: api\nsteps:\n  - name: escape\n    kubectl: get ns --server https://prod.example.com\n');
      expect(loadExample(dir, 'escape').error).toBe(
        "kubectl: get ns --server https://prod.example.com: kubectl steps may not choose the cluster (--server): the verifier runs them against the cluster it checked, with the run's own kubeconfig",
      );
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
