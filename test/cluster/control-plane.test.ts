/**
 * The local control plane answers like a real cluster, and cleans up after itself.
 *
 * Usage: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects cluster
 *
 * Every test works in a namespace of its own (createNamespace). The last block starts extra control
 * planes to check that stop(), a parent's SIGTERM and a parent's SIGKILL leave no process behind.
 */
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals';
import {spawn} from 'node:child_process';
import {createPublicKey, verify} from 'node:crypto';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {createInterface} from 'node:readline';
import {ComponentError, pidAlive, SERVICE_ACCOUNT_ISSUER, start} from '../../scripts/control-plane/harness';
import {cluster, clusterSkipReason, createNamespace, deleteNamespace, kubectl, kubectlJson, waitFor} from './support';

const skip = clusterSkipReason();
const suite = skip ? describe.skip : describe;
const title = (name: string) => (skip ? `${name} (skipped: ${skip})` : name);

const namespaces: string[] = [];
async function namespace(prefix: string): Promise<string> {
  const ns = await createNamespace(prefix);
  namespaces.push(ns);
  return ns;
}
afterAll(async () => {
  for (const ns of namespaces) await deleteNamespace(ns);
});

function decodeSegment(s: string): any {
  return JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
}

suite(title('RBAC: Role + RoleBinding answer access reviews'), () => {
  let ns = '';
  beforeAll(async () => {
    ns = await namespace('rbac');
    const manifest = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader}
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods}
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
`;
    const r = kubectl(['apply', '-f', '-'], {input: manifest, namespace: ns});
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it('kubectl auth can-i --as: yes for a verb the Role grants, no for one it does not, no in another namespace', async () => {
    // The RBAC authorizer reads from informers, so a fresh binding can take a moment to count.
    const yes = await waitFor('can-i list pods to become yes', () => {
      const r = kubectl(['auth', 'can-i', 'list', 'pods', '--as', 'jane'], {namespace: ns});
      return r.stdout.trim() === 'yes' ? r : false;
    });
    expect(yes.status).toBe(0);

    const no = kubectl(['auth', 'can-i', 'delete', 'pods', '--as', 'jane'], {namespace: ns});
    expect(no.stdout.trim()).toBe('no');
    expect(no.status).toBe(1);

    const elsewhere = kubectl(['auth', 'can-i', 'list', 'pods', '--as', 'jane'], {namespace: 'default'});
    expect(elsewhere.stdout.trim()).toBe('no');

    const secrets = kubectl(['auth', 'can-i', 'get', 'secrets', '--as', 'jane'], {namespace: ns});
    expect(secrets.stdout.trim()).toBe('no');
  }, 60_000);

  it('a SubjectAccessReview is allowed by the RoleBinding and denied for another verb', async () => {
    const review = (verb: string) =>
      kubectlJson(['create', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {user: 'jane', resourceAttributes: {namespace: ns, verb, resource: 'pods'}},
        }),
      });
    const allowed = await waitFor('the review to allow get', () => {
      const r = review('get');
      return r.status?.allowed === true ? r : false;
    });
    // The RBAC authorizer names the binding that allowed it (plugin/pkg/auth/authorizer/rbac/rbac.go, authorizingVisitor).
    expect(allowed.status.reason).toContain(`RoleBinding "read-pods/${ns}"`);
    expect(allowed.status.reason).toContain('Role "pod-reader"');

    const denied = review('create');
    expect(denied.status.allowed).toBe(false);
    expect(denied.status.denied ?? false).toBe(false); // RBAC never denies explicitly: it just does not allow
  }, 60_000);
});

suite(title('ServiceAccount tokens (TokenRequest)'), () => {
  it('kubectl create token returns a JWT for the ServiceAccount, signed by the server key and accepted by TokenReview', async () => {
    const ns = await namespace('token');
    expect(kubectl(['create', 'serviceaccount', 'builder'], {namespace: ns}).status).toBe(0);
    const r = kubectl(['create', 'token', 'builder', '--duration=10m'], {namespace: ns});
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const token = r.stdout.trim();

    const parts = token.split('.');
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
    const header = decodeSegment(parts[0]);
    const payload = decodeSegment(parts[1]);
    expect(header.alg).toBe('RS256');
    expect(payload.sub).toBe(`system:serviceaccount:${ns}:builder`);
    expect(payload.iss).toBe(SERVICE_ACCOUNT_ISSUER);
    expect(payload.aud).toContain(SERVICE_ACCOUNT_ISSUER);
    expect(payload.exp - payload.iat).toBe(600);
    expect(payload['kubernetes.io'].namespace).toBe(ns);
    expect(payload['kubernetes.io'].serviceaccount.name).toBe('builder');

    // The signature checks out against the key the server publishes for OIDC discovery.
    const jwks = JSON.parse(kubectl(['get', '--raw', '/openid/v1/jwks']).stdout);
    const jwk = jwks.keys.find((k: {kid: string}) => k.kid === header.kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({key: jwk, format: 'jwk'});
    expect(verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'))).toBe(true);
    const tampered = Buffer.from(JSON.stringify({...payload, sub: 'system:serviceaccount:kube-system:default'})).toString('base64url');
    expect(verify('sha256', Buffer.from(`${parts[0]}.${tampered}`), key, Buffer.from(parts[2], 'base64url'))).toBe(false);

    const review = kubectlJson(['create', '-f', '-'], {input: JSON.stringify({apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: {token}})});
    expect(review.status.authenticated).toBe(true);
    expect(review.status.user.username).toBe(`system:serviceaccount:${ns}:builder`);
    expect(review.status.user.groups).toEqual(expect.arrayContaining(['system:serviceaccounts', `system:serviceaccounts:${ns}`]));
  }, 60_000);
});

// Known when this file loads: global setup has exported KSN_CONTROLLER_MANAGER by then.
const noControllers =
  !skip && process.env.KSN_CONTROLLER_MANAGER === '0' ? 'KUBEBUILDER_ASSETS has no kube-controller-manager, so nothing turns Deployments into Pods' : null;

suite(title('controllers: a Deployment gets a ReplicaSet and Pods'), () => {
  const test = noControllers ? it.skip : it;
  test(`creates the ReplicaSet and two Pods, which stay Pending without nodes${noControllers ? ` (skipped: ${noControllers})` : ''}`, async () => {
    const ns = await namespace('deploy');
    const r = kubectl(['create', 'deployment', 'web', '--image=registry.k8s.io/pause:3.10', '--replicas=2'], {namespace: ns});
    expect(r.status).toBe(0);
    const deployment = kubectlJson(['get', 'deployment', 'web'], {namespace: ns});

    const rs = await waitFor('a ReplicaSet owned by the Deployment', () =>
      kubectlJson(['get', 'replicasets'], {namespace: ns}).items.find((x: any) =>
        x.metadata.ownerReferences?.some((o: any) => o.kind === 'Deployment' && o.uid === deployment.metadata.uid),
      ),
    );
    const pods = await waitFor('two Pods owned by the ReplicaSet', () => {
      const items = kubectlJson(['get', 'pods'], {namespace: ns}).items.filter((p: any) =>
        p.metadata.ownerReferences?.some((o: any) => o.kind === 'ReplicaSet' && o.uid === rs.metadata.uid),
      );
      return items.length === 2 ? items : false;
    });
    for (const pod of pods) {
      expect(pod.status.phase).toBe('Pending');
      expect(pod.spec.nodeName).toBeUndefined();
      expect(pod.spec.serviceAccountName).toBe('default'); // set by the ServiceAccount admission plugin
    }
  }, 90_000);
});

suite(title('server-side dry-run with strict field validation'), () => {
  const pod = (field: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: private-image
spec:
  ${field}:
  - name: regcred
  containers:
  - name: app
    image: registry.example.com/app:1.0
`;

  it('rejects spec.imagePullsecrets as an unknown field', async () => {
    const ns = await namespace('dryrun');
    const r = kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], {input: pod('imagePullsecrets'), namespace: ns});
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('unknown field "spec.imagePullsecrets"');
  }, 60_000);

  it('accepts spec.imagePullSecrets and stores nothing', async () => {
    const ns = await namespace('dryrun');
    const r = kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], {input: pod('imagePullSecrets'), namespace: ns});
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('pod/private-image created (server dry run)');
    const get = kubectl(['get', 'pod', 'private-image'], {namespace: ns});
    expect(get.status).toBe(1);
    expect(get.stderr).toContain('NotFound');
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Process lifecycle: extra control planes, each checked for leftovers.

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Every process on the machine: pid, parent pid and command line (from /proc). */
function processes(): {pid: number; ppid: number; cmdline: string}[] {
  const out: {pid: number; ppid: number; cmdline: string}[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // exited, waiting to be reaped
      out.push({pid: Number(entry), ppid: Number(fields[1]), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ')});
    } catch {
      // gone while reading
    }
  }
  return out;
}

/** Supervisors started by this process (the run's own control plane has one too). */
const mySupervisors = () =>
  processes()
    .filter((p) => p.ppid === process.pid && p.cmdline.includes('supervisor.mjs'))
    .map((p) => p.pid);
/** Processes whose command line mentions path (e.g. etcd's --data-dir under a temp root). */
const mentioning = (path: string) => processes().filter((p) => p.cmdline.includes(path) && p.pid !== process.pid);

/** Starts a control plane in a child node process; resolves with what it reports once ready. */
function startInChild(): Promise<{child: ReturnType<typeof spawn>; pids: Record<string, number>; dataDir: string}> {
  const harness = join(REPO, 'scripts', 'control-plane', 'harness.ts');
  const code = `
    const {start} = require(${JSON.stringify(harness)});
    start({}).then(
      (cp) => { console.log(JSON.stringify({pids: cp.pids, dataDir: cp.dataDir})); setInterval(() => {}, 60000); },
      (err) => { console.error(err.message); process.exit(1); },
    );`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], {cwd: REPO, stdio: ['ignore', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child control plane was not ready within 120 s: ${stderr}`));
    }, 120_000);
    createInterface({input: child.stdout!}).once('line', (line) => {
      clearTimeout(timer);
      resolvePromise({child, ...JSON.parse(line)});
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code}) before its control plane was ready: ${stderr}`));
    });
  });
}

async function allGone(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && pids.some(pidAlive)) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(pidAlive);
}

suite(title('process lifecycle: nothing outlives the control plane'), () => {
  it('stop() ends every process and removes the temp folder', async () => {
    const cp = await start({});
    const pids = Object.values(cp.pids);
    const expected = ['supervisor', 'etcd', 'kube-apiserver', ...(cp.controllerManager ? ['kube-controller-manager'] : [])];
    expect(Object.keys(cp.pids).sort()).toEqual(expected.sort());
    expect(pids.every(pidAlive)).toBe(true);
    const r = await new Promise<string>((done) => {
      const k = spawn(cp.kubectl, ['get', '--raw', '/readyz'], {env: {...process.env, KUBECONFIG: cp.kubeconfig}});
      let out = '';
      k.stdout.on('data', (c) => (out += c));
      k.on('close', () => done(out));
    });
    expect(r).toBe('ok');
    await cp.stop();
    expect(pids.filter(pidAlive)).toEqual([]);
    expect(existsSync(cp.dataDir)).toBe(false);
  }, 120_000);

  it('a parent killed with SIGKILL or stopped with SIGTERM leaves no process and no temp folder', async () => {
    const [killed, terminated] = await Promise.all([startInChild(), startInChild()]);
    for (const c of [killed, terminated]) expect(Object.values(c.pids).every(pidAlive)).toBe(true);

    const termExit = new Promise<number | null>((r) => terminated.child.once('exit', (code) => r(code)));
    killed.child.kill('SIGKILL');
    terminated.child.kill('SIGTERM');

    expect(await allGone(Object.values(killed.pids), 30_000)).toEqual([]);
    expect(await allGone(Object.values(terminated.pids), 30_000)).toEqual([]);
    expect(await termExit).toBe(143); // the harness stops, then exits as SIGTERM would have
    await waitFor('the temp folders to be removed', () => !existsSync(killed.dataDir) && !existsSync(terminated.dataDir), {timeoutMs: 10_000});
  }, 240_000);
});

suite(title('start() fails fast and clearly'), () => {
  let tmpRoot = '';
  let supervisorsBefore: number[] = [];
  beforeAll(() => {
    supervisorsBefore = mySupervisors();
  });
  beforeEach(() => {
    tmpRoot = mkdtempSync(join(tmpdir(), 'ksn-start-test-'));
  });
  afterEach(async () => {
    // Nothing the failed start began may still run: no process naming its temp root (etcd's
    // --data-dir, kube-apiserver's --cert-dir) and no supervisor beyond the run's own.
    expect(mentioning(tmpRoot).map((p) => p.cmdline)).toEqual([]);
    expect(
      await allGone(
        mySupervisors().filter((pid) => !supervisorsBefore.includes(pid)),
        10_000,
      ),
    ).toEqual([]);
    rmSync(tmpRoot, {recursive: true, force: true});
  });

  /** A bin folder with the real etcd and kubectl, and a stand-in kube-apiserver script. */
  function binWithFakeApiserver(script: string) {
    const dir = join(tmpRoot, 'bin');
    mkdirSync(dir);
    const real = dirname(cluster().kubectl);
    for (const b of ['etcd', 'kubectl']) symlinkSync(join(real, b), join(dir, b));
    writeFileSync(join(dir, 'kube-apiserver'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, 'kube-apiserver'), 0o755);
    return {binDir: dir, version: cluster().version, source: 'cache' as const, controllerManager: false};
  }

  const keptLogs = (err: unknown) => /all logs kept in (\S+)\)/.exec((err as Error).message)?.[1];

  it('names the component that exited and shows the end of its log', async () => {
    const binaries = binWithFakeApiserver('echo "E0101 boom: cannot open the flux capacitor" >&2; exit 7');
    const err = await start({binaries, tmpRoot}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ComponentError);
    expect((err as ComponentError).component).toBe('kube-apiserver');
    expect((err as Error).message).toContain('kube-apiserver exited during start (exit code 7)');
    expect((err as Error).message).toContain('boom: cannot open the flux capacitor');
    const kept = keptLogs(err);
    expect(kept && readFileSync(join(kept, 'kube-apiserver.log'), 'utf8')).toContain('flux capacitor');
  }, 60_000);

  it('gives up at the deadline instead of hanging', async () => {
    // `exec` keeps the pid written to the file, so the test can look for it afterwards.
    const binaries = binWithFakeApiserver(`echo $$ > ${tmpRoot}/apiserver.pid; echo "waiting forever" >&2; exec sleep 600`);
    const started = Date.now();
    const err = await start({binaries, tmpRoot, timeoutMs: 3000, graceMs: 1000}).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(20_000);
    const pid = Number(readFileSync(join(tmpRoot, 'apiserver.pid'), 'utf8'));
    expect(pid).toBeGreaterThan(0);
    expect(pidAlive(pid)).toBe(false);
    expect((err as Error).message).toMatch(/timed out after 3 s waiting for kube-apiserver \/readyz|not ready within 3 s/);
    expect((err as Error).message).toContain('waiting forever');
  }, 60_000);

  it('stops what it started when the caller aborts', async () => {
    const controller = new AbortController();
    const log = (line: string) => {
      if (line.startsWith('starting kube-apiserver')) controller.abort(new Error('test abort'));
    };
    const err = await start({signal: controller.signal, log, tmpRoot}).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect((err as Error).message).toContain('test abort');
    expect(readdirSync(tmpRoot)).toEqual([]); // an abort is not a failure: no logs kept
  }, 60_000);
});
