/**
 * The local node (scripts/control-plane/node.ts) and the runtime tier of the verifier on it:
 * - a control plane with one node starts, its node is Ready, CoreDNS answers, kube-router enforces;
 * - the NetworkPolicy canary passes (a deny-all blocks what worked a moment before);
 * - runtime fixtures: what must pass passes; what must fail fails, with the reason a reader needs
 *   (a policy that does not block, a container that runs as another user, "blocked" toward a port
 *   nothing listens on);
 * - stopping it leaves the host as it was: no process, network namespace, mount or cgroup folder,
 *   and the host's links, routes and firewall rules unchanged.
 *
 * It starts a control plane of its own (the global one has no node). It needs Linux, root and the
 * Debian packages of README.md: elsewhere it is skipped with that reason, and under CI=true that
 * is a failure.
 *
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects cluster -- test/cluster/node.test.ts
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {
  DEFAULT_TIMEOUTS,
  KubeClient,
  loadExamples,
  readKubeconfig,
  renderSummary,
  runExamples,
  type Created,
  type ExampleResult,
  type RunContextWithCleanup,
} from '../../scripts/verify';
import {kubectlRunner} from '../../scripts/verify/runtime';
import {policyCanary} from '../../scripts/verify/policy-sentinel';
import {start, type ControlPlane} from '../../scripts/control-plane/harness';
import {nodeSkipReason} from './support';

const FIXTURES = join(process.cwd(), 'scripts', 'verify', '__fixtures__', 'runtime');
const why = nodeSkipReason();

/** What the host looks like from outside the node: compared before start and after stop. */
function hostState() {
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, {encoding: 'utf8'});
    return r.status === 0 ? r.stdout : `(${cmd} failed: ${r.stderr.trim()})`;
  };
  const netns = new Set<string>();
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      netns.add(readlinkSync(`/proc/${p}/ns/net`));
    } catch {
      // exited meanwhile
    }
  }
  return {
    links: run('ip', ['-o', 'link', 'show'])
      .replace(/\s+link\/\S+ .*$/gm, '')
      .trim(),
    routes: run('ip', ['route', 'show', 'table', 'all']).trim(),
    iptables: run('iptables-save', [])
      .replace(/^#.*$/gm, '')
      .replace(/\[\d+:\d+\]/g, '')
      .trim(),
    forwarding: readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim(),
    netns,
  };
}

/** Every folder under a cgroup path, in every hierarchy. */
function cgroupFolders(relative: string): string[] {
  const out: string[] = [];
  for (const h of readdirSync('/sys/fs/cgroup')) {
    const d = join('/sys/fs/cgroup', h, relative);
    if (existsSync(d)) out.push(d);
  }
  return out;
}

(why ? describe.skip : describe)(why ? `local node (skipped: ${why})` : 'local node', () => {
  let cp: ControlPlane;
  let before: ReturnType<typeof hostState>;
  let client: KubeClient;
  let workDir: string;
  let results: Map<string, ExampleResult>;

  beforeAll(async () => {
    before = hostState();
    const log = (line: string) => process.stderr.write(`[node] ${line}\n`);
    cp = await start({node: true, log});
    client = new KubeClient(readKubeconfig(cp.kubeconfig));
    workDir = mkdtempSync(join(tmpdir(), 'ksn-node-test-'));
  }, 600_000);

  afterAll(async () => {
    client?.close();
    await cp?.stop();
    if (workDir) rmSync(workDir, {recursive: true, force: true});
  }, 120_000);

  it('starts a Ready node with CoreDNS and lists the images it built', async () => {
    expect(cp.node).toBeDefined();
    const node = await client.get('v1', 'Node', cp.node!.name, undefined);
    const ready = ((node?.status as {conditions?: {type: string; status: string}[]}).conditions ?? []).find((c) => c.type === 'Ready');
    expect(ready?.status).toBe('True');
    const dns = await client.get('v1', 'Pod', 'coredns', 'kube-system');
    expect((dns?.status as {phase?: string}).phase).toBe('Running');
    expect(cp.node!.images.map((i) => i.ref)).toEqual(
      expect.arrayContaining([
        'docker.io/library/ubuntu:latest',
        'registry.k8s.io/e2e-test-images/agnhost:2.53',
        'private-registry.io/apps/internal-app:latest',
      ]),
    );
    // The node's cgroups nest under this process's own memory cgroup.
    const own = readFileSync('/proc/self/cgroup', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[1] === 'memory')!
      .split(':')[2];
    expect(cp.node!.cgroupRoot.startsWith(`${own.replace(/\/$/, '')}/ksn-node-`)).toBe(true);
  });

  it('enforces NetworkPolicy: the canary deny-all blocks a connection that worked before', async () => {
    const run = kubectlRunner(cp.kubectl, cp.kubeconfig, join(workDir, 'cache'), workDir);
    const ms = await policyCanary(client, run, `ksn-canary-${Date.now().toString(36)}`, {'ksn.dev/test': 'node'}, 60_000);
    expect(ms).toBeLessThan(60_000);
  }, 180_000);

  describe('runtime fixtures', () => {
    beforeAll(async () => {
      const examples = loadExamples(FIXTURES);
      const ctx: RunContextWithCleanup = {
        cluster: {client, kubectl: cp.kubectl, kubeconfig: cp.kubeconfig, serviceAccounts: true},
        runId: `n${Date.now().toString(36).slice(-5)}`,
        tier: 'all',
        keep: false,
        signal: new AbortController().signal,
        workDir,
        timeouts: DEFAULT_TIMEOUTS,
        cleanupOnAbort: true,
      };
      const created: Created = {namespaces: new Set(), objects: new Map()};
      const list = await runExamples(examples, ctx, 2, {onStart: () => {}, onFinish: () => {}}, created);
      results = new Map(list.map((r) => [r.id, r]));
      process.stderr.write(
        `${renderSummary({runId: ctx.runId, cluster: 'local', tier: 'all', examples: list, checks: [], interrupted: false, startupMs: 0, durationMs: 0})}\n`,
      );
    }, 600_000);

    it('passes real traffic (by address, by Service name), a deny-all that blocks, and the user a pod runs as', () => {
      const r = results.get('runtime-ok')!;
      expect(r.steps.filter((s) => s.status !== 'passed')).toEqual([]);
      expect(r.steps.filter((s) => s.tier === 'runtime')).toHaveLength(5);
    });

    it('fails a policy that does not block what the page says', () => {
      const step = results.get('policy-does-not-block')!.steps.find((s) => s.kind === 'reach')!;
      expect(step.status).toBe('failed');
      expect(step.reason).toMatch(/expected blocked, got connected/);
    });

    it('fails a container that does not run as the claimed user', () => {
      const step = results.get('wrong-user')!.steps.find((s) => s.kind === 'exec')!;
      expect(step.status).toBe('failed');
      expect(step.details).toMatch(/1000/);
    });

    it('refuses to call a refused connection "blocked" when nothing shows the port listens', () => {
      const step = results.get('refused-is-not-blocked')!.steps.find((s) => s.kind === 'reach')!;
      expect(step.status).toBe('failed');
      expect(step.reason).toMatch(/cannot be proven: nothing shows that default\/server listens on 3306/);
    });
  });

  it('stops and leaves the host as it was', async () => {
    const {dataDir, pids} = cp;
    const cgroupRoot = cp.node!.cgroupRoot;
    const holder = cp.node!.holderPid;
    // The node's own network namespaces (its holder's and every pod's), to look for after stop;
    // other namespaces may come and go on the machine meanwhile.
    const ours = new Set<string>([readlinkSync(`/proc/${holder}/ns/net`)]);
    const walk = (dir: string) => {
      for (const p of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
        try {
          ours.add(readlinkSync(`/proc/${p}/ns/net`));
        } catch {
          // exited meanwhile
        }
      }
      for (const e of readdirSync(dir, {withFileTypes: true})) if (e.isDirectory()) walk(join(dir, e.name));
    };
    walk(join('/sys/fs/cgroup/memory', cgroupRoot));
    expect(ours.size).toBeGreaterThan(2); // the node's and at least CoreDNS's
    ours.delete(readlinkSync('/proc/self/ns/net'));
    await cp.stop();
    const after = hostState();
    expect(after.links).toBe(before.links);
    expect(after.routes).toBe(before.routes);
    expect(after.iptables).toBe(before.iptables);
    expect(after.forwarding).toBe(before.forwarding);
    expect([...after.netns].filter((n) => ours.has(n))).toEqual([]);
    expect(existsSync(`/proc/${holder}`)).toBe(false);
    for (const [name, pid] of Object.entries(pids)) expect(`${name} ${existsSync(`/proc/${pid}`) ? 'alive' : 'gone'}`).toBe(`${name} gone`);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(dataDir);
    expect(cgroupFolders(cgroupRoot)).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);
    const left = spawnSync('ps', ['-eo', 'pid,args'], {encoding: 'utf8'})
      .stdout.split('\n')
      .filter((l) => l.includes(dataDir));
    expect(left).toEqual([]);
  }, 120_000);
});
