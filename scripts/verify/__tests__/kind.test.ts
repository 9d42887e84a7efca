/**
 * The kind backend's commands, with an injected runner (no Docker on these machines), and its
 * cluster config.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/verify
 */
import {describe, expect, it} from '@jest/globals';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {load, loadAll} from 'js-yaml';
import {
  CANARY_IMAGE,
  canaryManifest,
  contextOf,
  createArgs,
  createKindCluster,
  deleteArgs,
  KIND_CONFIG,
  KindError,
  kindPlan,
  parseKindVersion,
  prepareKindCluster,
  registryHosts,
  RefusedContextError,
  startBackend,
  type CommandResult,
  type CommandRunner,
} from '../index';

type Answer = Partial<CommandResult> | Error;

/** Answers by the longest matching prefix of "command arg1 arg2 ..."; a list is used in order, its last entry repeated. */
function fakeRunner(answers: Record<string, Answer | Answer[]>) {
  const calls: string[][] = [];
  const inputs: (string | undefined)[] = [];
  const used = new Map<string, number>();
  const run: CommandRunner = async (command, args, options) => {
    calls.push([command, ...args]);
    inputs.push(options?.input);
    const line = [command, ...args].join(' ');
    const key = Object.keys(answers)
      .filter((k) => line === k || line.startsWith(`${k} `))
      .sort((a, b) => b.length - a.length)[0];
    let answer: Answer | undefined;
    if (key) {
      const a = answers[key];
      if (Array.isArray(a)) {
        const n = used.get(key) ?? 0;
        used.set(key, n + 1);
        answer = a[Math.min(n, a.length - 1)];
      } else answer = a;
    }
    if (answer instanceof Error) throw answer;
    return {code: 0, signal: null, stdout: '', stderr: '', timedOut: false, durationMs: 1, ...answer};
  };
  return {calls, inputs, run};
}

const plan = kindPlan('/tmp/run');

/** Every `image:` of every YAML file under examples/ -> the first file that names it. */
function exampleImages(): Map<string, string> {
  const root = join(process.cwd(), 'examples');
  const found = new Map<string, string>();
  const walk = (v: unknown, file: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, file));
    else if (v && typeof v === 'object')
      for (const [key, x] of Object.entries(v)) {
        if (key === 'image' && typeof x === 'string') found.set(x, found.get(x) ?? file);
        else walk(x, file);
      }
  };
  for (const id of readdirSync(root)) {
    if (!statSync(join(root, id)).isDirectory()) continue;
    for (const f of readdirSync(join(root, id)).filter((n) => /\.ya?ml$/.test(n)))
      loadAll(readFileSync(join(root, id, f), 'utf8'), (doc) => walk(doc, `${id}/${f}`));
  }
  return found;
}

describe('kind commands', () => {
  it('creates the cluster ksn-verify (a fixed name, for kind export logs) from the repo config, with its own kubeconfig', () => {
    expect(plan).toEqual({name: 'ksn-verify', config: KIND_CONFIG, kubeconfig: '/tmp/run/kind-kubeconfig', waitSeconds: 180});
    expect(createArgs(plan)).toEqual([
      'create',
      'cluster',
      '--name',
      'ksn-verify',
      '--config',
      KIND_CONFIG,
      '--kubeconfig',
      '/tmp/run/kind-kubeconfig',
      '--wait',
      '180s',
    ]);
    expect(deleteArgs(plan)).toEqual(['delete', 'cluster', '--name', 'ksn-verify', '--kubeconfig', '/tmp/run/kind-kubeconfig']);
    expect(contextOf(plan)).toBe('kind-ksn-verify');
  });

  it('reads kind versions', () => {
    expect(parseKindVersion('kind v0.32.0 go1.24.6 linux/amd64')).toEqual([0, 32, 0]);
    expect(parseKindVersion('kind version 0.24.0')).toEqual([0, 24, 0]);
    expect(parseKindVersion('nothing')).toBeUndefined();
  });

  it('runs kind version, kind get clusters, then kind create; delete() runs kind delete once', async () => {
    const {calls, run} = fakeRunner({'kind version': {stdout: 'kind v0.32.0 go1.24.6 linux/amd64'}, 'kind get clusters': {stdout: 'other\n'}});
    const cluster = await createKindCluster(run, plan);
    expect(calls).toEqual([
      ['kind', 'version'],
      ['kind', 'get', 'clusters'],
      ['kind', ...createArgs(plan)],
    ]);
    expect(cluster.context).toBe('kind-ksn-verify');
    await cluster.delete();
    await cluster.delete();
    expect(calls.slice(3)).toEqual([['kind', ...deleteArgs(plan)]]);
  });

  it.each(['kind v0.31.0 go1.25 linux/amd64', 'kind v0.24.0 go1.22 linux/amd64'])(
    'refuses %s (the pinned node image is built for kind 0.32) before creating anything',
    async (text) => {
      const {calls, run} = fakeRunner({'kind version': {stdout: text}});
      await expect(createKindCluster(run, plan)).rejects.toThrow(/kind 0\.(31|24)\.0 is too old: kind-config.yaml pins a node image built for kind v0\.32\.0/);
      expect(calls).toEqual([['kind', 'version']]);
    },
  );

  it('says how to install kind when it is missing', async () => {
    const {run} = fakeRunner({'kind version': new Error('kind is not installed or not on PATH')});
    await expect(createKindCluster(run, plan)).rejects.toThrow(KindError);
    await expect(createKindCluster(run, plan)).rejects.toThrow(/install kind >= 0.32.0/);
  });

  it('refuses, and leaves alone, a ksn-verify cluster that is already there', async () => {
    const {calls, run} = fakeRunner({'kind version': {stdout: 'kind v0.32.0'}, 'kind get clusters': {stdout: 'kind\nksn-verify\n'}});
    await expect(createKindCluster(run, plan)).rejects.toThrow(
      /a kind cluster named ksn-verify already exists .*kind export logs --name ksn-verify.*kind delete cluster --name ksn-verify/,
    );
    expect(calls.map((c) => c.slice(0, 3).join(' '))).toEqual(['kind version', 'kind get clusters']);
  });

  it("deletes a half-made cluster when create fails, and reports kind's message", async () => {
    const {calls, run} = fakeRunner({
      'kind version': {stdout: 'kind v0.32.0'},
      'kind create cluster': {
        code: 1,
        stderr: 'ERROR: failed to create cluster: could not find a log line that matches "Reached target .*Multi-User System.*"',
      },
    });
    await expect(createKindCluster(run, plan)).rejects.toThrow(/kind create cluster failed \(exit 1\):\nERROR: failed to create cluster/);
    expect(calls.map((c) => c.slice(0, 3).join(' '))).toEqual(['kind version', 'kind get clusters', 'kind create cluster', 'kind delete cluster']);
  });

  it('deletes a half-made cluster when create is interrupted', async () => {
    const interrupted = Object.assign(new Error('interrupted'), {name: 'AbortError'});
    const {calls, run} = fakeRunner({'kind version': {stdout: 'kind v0.32.0'}, 'kind create cluster': interrupted});
    await expect(createKindCluster(run, plan)).rejects.toThrow('interrupted');
    expect(calls.at(-1)).toEqual(['kind', ...deleteArgs(plan)]);
  });
});

describe('prepareKindCluster: checks kind --wait does not make', () => {
  const kc = '/tmp/run/run.kubeconfig';
  const k = (...args: string[]) => ['kubectl', '--kubeconfig', kc, ...args].join(' ');
  const probeKey = k('-n', 'ksn-canary', 'exec', 'client');
  const healthy = (probes: Answer[]) => ({
    'kind get nodes': {stdout: 'ksn-verify-control-plane\n'},
    [k('-n', 'ksn-canary', 'get', 'pod', 'server')]: {stdout: '10.244.0.7'},
    [probeKey]: probes,
  });
  const prepare = (run: CommandRunner) =>
    prepareKindCluster(run, plan, {kubectl: 'kubectl', kubeconfig: kc, probeIntervalMs: 0, connectAttempts: 3, blockAttempts: 4});
  const blocked = {code: 1, stderr: 'TIMEOUT\n'};

  it('writes the registry hosts on every node, waits for Ready nodes and kindnet, then sees the deny-all canary block', async () => {
    const {calls, inputs, run} = fakeRunner(healthy([{code: 0}, blocked, blocked]));
    await prepare(run);
    const lines = calls.map((c) => c.join(' '));
    const hosts = [...registryHosts().keys()];
    expect(lines.slice(0, 1 + hosts.length)).toEqual([
      'kind get nodes --name ksn-verify',
      ...hosts.map(
        (h) => `docker exec -i ksn-verify-control-plane sh -c mkdir -p '/etc/containerd/certs.d/${h}' && cat > '/etc/containerd/certs.d/${h}/hosts.toml'`,
      ),
    ]);
    expect(inputs.slice(1, 1 + hosts.length)).toEqual([...registryHosts().values()]);
    // Every kubectl call uses the run's own kubeconfig, nothing else.
    for (const c of calls.filter((x) => x[0] === 'kubectl')) expect(c.slice(1, 3)).toEqual(['--kubeconfig', kc]);
    expect(lines.slice(1 + hosts.length)).toEqual([
      k('wait', '--for=condition=Ready', 'node', '--all', '--timeout=180s'),
      k('-n', 'kube-system', 'rollout', 'status', 'ds/kindnet', '--timeout=180s'),
      k('apply', '-f', '-'),
      k('apply', '-f', '-'),
      k('-n', 'ksn-canary', 'wait', '--for=condition=Ready', 'pod', '--all', '--timeout=240s'),
      k('-n', 'ksn-canary', 'get', 'pod', 'server', '-o', 'jsonpath={.status.podIP}'),
      k('-n', 'ksn-canary', 'exec', 'client', '--', '/agnhost', 'connect', '10.244.0.7:8080', '--timeout=3s', '--protocol=tcp'),
      k('apply', '-f', '-'),
      k('-n', 'ksn-canary', 'exec', 'client', '--', '/agnhost', 'connect', '10.244.0.7:8080', '--timeout=3s', '--protocol=tcp'),
      k('-n', 'ksn-canary', 'exec', 'client', '--', '/agnhost', 'connect', '10.244.0.7:8080', '--timeout=3s', '--protocol=tcp'),
      k('delete', 'namespace', 'ksn-canary', '--wait=false'),
    ]);
    const applied = inputs.filter((_, i) => lines[i] === k('apply', '-f', '-'));
    expect(applied).toEqual([canaryManifest().namespace, canaryManifest().pods, canaryManifest().denyAll]);
  });

  it("retries the canary pods until the namespace's default ServiceAccount exists, and fails on any other error", async () => {
    const noSa = {
      code: 1,
      stderr:
        'Error from server (Forbidden): error when creating "STDIN": pods "server" is forbidden: error looking up service account ksn-canary/default: serviceaccount "default" not found',
    };
    const ok = fakeRunner({...healthy([{code: 0}, blocked, blocked]), [k('apply', '-f', '-')]: [{code: 0}, noSa, noSa, {code: 0}]});
    await prepare(ok.run);
    expect(ok.calls.filter((c) => c.join(' ') === k('apply', '-f', '-'))).toHaveLength(5);
    const bad = fakeRunner({...healthy([{code: 0}]), [k('apply', '-f', '-')]: [{code: 0}, {code: 1, stderr: 'error: no matches for kind "Pod"'}]});
    await expect(prepare(bad.run)).rejects.toThrow(/the canary could not be created: .*no matches for kind "Pod"/s);
  });

  it('fails when a node is not Ready (kind create --wait said nothing)', async () => {
    const {run} = fakeRunner({
      ...healthy([{code: 0}]),
      [k('wait', '--for=condition=Ready', 'node')]: {code: 1, stderr: 'error: timed out waiting for the condition on nodes/ksn-verify-control-plane'},
    });
    await expect(prepare(run)).rejects.toThrow(
      /a node is not Ready: kubectl wait --for=condition=Ready node --all --timeout=180s failed \(exit 1\):\nerror: timed out waiting/,
    );
  });

  it('fails when kindnet does not roll out', async () => {
    const {run} = fakeRunner({...healthy([{code: 0}]), [k('-n', 'kube-system', 'rollout')]: {code: 1, stderr: 'error: timed out waiting for the condition'}});
    await expect(prepare(run)).rejects.toThrow(/kindnet \(the CNI and NetworkPolicy enforcer\) did not roll out/);
  });

  it('fails when kindnet fails open: the deny-all policy never blocks', async () => {
    const {calls, run} = fakeRunner(healthy([{code: 0}]));
    await expect(prepare(run)).rejects.toThrow(/kindnet fails open: a deny-all NetworkPolicy in ksn-canary did not block/);
    expect(calls.filter((c) => c.join(' ').startsWith(probeKey))).toHaveLength(1 + 4);
  });

  it('needs "blocked" twice in a row: a blocked probe followed by a connection does not count', async () => {
    const {run} = fakeRunner(healthy([{code: 0}, blocked, {code: 0}, blocked, {code: 0}]));
    await expect(prepare(run)).rejects.toThrow(/kindnet fails open/);
  });

  it('fails when the canary cannot connect even before the policy (a block would prove nothing)', async () => {
    const {run} = fakeRunner(healthy([blocked]));
    await expect(prepare(run)).rejects.toThrow(/cannot reach the server before any NetworkPolicy \(TIMEOUT\): pod networking is broken/);
  });

  it('fails when the probe itself does not run', async () => {
    const {run} = fakeRunner(healthy([{code: 1, stderr: 'error: unable to upgrade connection: container not found ("client")'}]));
    await expect(prepare(run)).rejects.toThrow(/the canary probe did not run: error: unable to upgrade connection/);
  });

  it('fails when kind lists no node', async () => {
    const {run} = fakeRunner({'kind get nodes': {stdout: ''}});
    await expect(prepare(run)).rejects.toThrow(/kind get nodes --name ksn-verify found no node/);
  });

  it('the canary uses the image the NetworkPolicy examples use (nothing extra to pull)', () => {
    expect(canaryManifest().pods).toContain(`image: ${CANARY_IMAGE}`);
    expect([...exampleImages().keys()]).toContain(CANARY_IMAGE);
  });
});

describe('kind-config.yaml', () => {
  const config = load(readFileSync(KIND_CONFIG, 'utf8')) as {
    kind: string;
    apiVersion: string;
    nodes: {role: string; image: string}[];
    networking?: {disableDefaultCNI?: boolean};
    containerdConfigPatches?: string[];
    kubeadmConfigPatches?: string[];
  };

  it('is a kind Cluster config with the default CNI (kindnet enforces NetworkPolicy)', () => {
    expect(config.kind).toBe('Cluster');
    expect(config.apiVersion).toBe('kind.x-k8s.io/v1alpha4');
    expect(config.networking?.disableDefaultCNI ?? false).toBe(false);
  });

  it("pins every node to kind v0.32.0's v1.36.1 image by digest (pkg/apis/config/defaults/image.go at v0.32.0), the minor of the local control plane", () => {
    expect(config.nodes.length).toBeGreaterThan(0);
    for (const node of config.nodes) expect(node.image).toBe('kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5');
    const goMod = readFileSync('scripts/control-plane/go.mod', 'utf8');
    expect(goMod).toMatch(/k8s\.io\/kubernetes v1\.36\./);
  });

  it('points containerd at the hosts folder kind.ts fills, and pulls images in parallel', () => {
    expect(config.containerdConfigPatches?.join('\n')).toMatch(
      /\[plugins\."io\.containerd\.grpc\.v1\.cri"\.registry\]\s+config_path = "\/etc\/containerd\/certs\.d"/,
    );
    const kubelet = (config.kubeadmConfigPatches ?? []).map((p) => load(p) as Record<string, unknown>).find((p) => p.kind === 'KubeletConfiguration');
    expect(kubelet).toEqual({kind: 'KubeletConfiguration', serializeImagePulls: false});
  });
});

describe('kind-registries.yaml', () => {
  const hosts = registryHosts();
  const imageHosts = exampleImages();
  const hostOf = (image: string) => {
    const first = image.split('/')[0];
    return image.includes('/') && /[.:]/.test(first) ? first : 'docker.io';
  };

  it('Docker Hub goes through a pull-through mirror first, with Docker Hub as the fallback', () => {
    expect(hosts.get('docker.io')).toMatch(
      /^server = "https:\/\/registry-1\.docker\.io"\n\n\[host\."https:\/\/mirror\.gcr\.io"\]\n\s+capabilities = \["pull", "resolve"\]/,
    );
  });

  it.each([...imageHosts].map(([image, id]) => [image, id]))(
    '%s (%s) comes from Docker Hub, registry.k8s.io or a registry that fails fast on kind',
    (image) => {
      const host = hostOf(image);
      if (host === 'registry.k8s.io') return;
      expect(hosts.has(host) ? host : `no entry for ${host} in scripts/verify/kind-registries.yaml`).toBe(host);
      if (host !== 'docker.io') expect(hosts.get(host)).toMatch(/^server = "http:\/\/127\.0\.0\.1:1"/);
    },
  );

  it('refuses a host name that is not a registry host', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-kind-'));
    try {
      writeFileSync(join(dir, 'r.yaml'), '\'docker.io/library\': |\n  server = "x"\n');
      expect(() => registryHosts(join(dir, 'r.yaml'))).toThrow(/"docker.io\/library" must be a registry host/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('startBackend(kind): guard, keep-on-failure', () => {
  /** A runner where `kind create` writes kind's kubeconfig (server given) and the node never gets Ready. */
  function kindRunner(server: string) {
    const fake = fakeRunner({
      'kind version': {stdout: 'kind v0.32.0'},
      'kind get nodes': {stdout: 'ksn-verify-control-plane\n'},
      kubectl: {code: 1, stderr: 'error: timed out waiting for the condition on nodes/ksn-verify-control-plane'},
    });
    const run: CommandRunner = async (command, args, options) => {
      if (command === 'kind' && args[0] === 'create') {
        const file = args[args.indexOf('--kubeconfig') + 1];
        writeFileSync(
          file,
          `apiVersion: v1\nkind: Config\nclusters: [{name: kind-ksn-verify, cluster: {server: "${server}"}}]\nusers: [{name: kind-ksn-verify, user: {token: t}}]\ncontexts: [{name: kind-ksn-verify, context: {cluster: kind-ksn-verify, user: kind-ksn-verify}}]\ncurrent-context: kind-ksn-verify\n`,
        );
      }
      return fake.run(command, args, options);
    };
    return {...fake, run};
  }
  const start = async (run: CommandRunner, keepOnFailure: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-kind-'));
    try {
      return await startBackend({
        cluster: 'kind',
        runId: 'k',
        keep: false,
        keepOnFailure,
        log: () => {},
        runner: run,
        workDir: dir,
        env: {KSN_KUBECTL: 'kubectl'},
      });
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  };

  it('a node that never gets Ready fails the start and deletes the cluster and its folder', async () => {
    const {calls, run} = kindRunner('https://127.0.0.1:40000');
    await expect(start(run, false)).rejects.toThrow(/a node is not Ready/);
    const del = calls.at(-1) ?? [];
    expect(del.slice(0, 3)).toEqual(['kind', 'delete', 'cluster']);
    expect(existsSync(dirname(del[del.indexOf('--kubeconfig') + 1]))).toBe(false);
  });

  it('--keep-on-failure leaves it (and its kubeconfig) for kind export logs', async () => {
    const {calls, run} = kindRunner('https://127.0.0.1:40000');
    await expect(start(run, true)).rejects.toThrow(/a node is not Ready/);
    expect(calls.some((c) => c[0] === 'kind' && c[1] === 'delete')).toBe(false);
    const create = calls.find((c) => c[1] === 'create') ?? [];
    const kubeconfig = create[create.indexOf('--kubeconfig') + 1];
    expect(existsSync(kubeconfig)).toBe(true);
    rmSync(dirname(kubeconfig), {recursive: true, force: true});
  });

  it('a kind context whose server is not on loopback is refused before any kubectl call', async () => {
    const {calls, run} = kindRunner('https://10.20.30.40:6443');
    await expect(start(run, false)).rejects.toThrow(RefusedContextError);
    expect(calls.filter((c) => c[0] === 'kubectl' || c[0] === 'docker')).toEqual([]);
  });
});
