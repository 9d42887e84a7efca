/**
 * Starts and stops a local Kubernetes control plane: etcd, kube-apiserver and
 * kube-controller-manager on random 127.0.0.1 ports, with throw-away credentials, in a temp folder.
 * The same idea as controller-runtime's envtest, with the binaries from build.ts.
 *
 * Usage (as a library; the CLI is cli.ts):
 *   import {start} from './scripts/control-plane/harness';
 *   const cp = await start({log: (l) => console.error(l)});
 *   // KUBECONFIG=cp.kubeconfig cp.kubectl get ns   (admin: CN=kubernetes-admin, O=system:masters)
 *   await cp.stop();
 *
 * What runs (flags cite their upstream definitions; `<binary> --help` lists them all):
 *   etcd                     v3 API on http://127.0.0.1, --unsafe-no-fsync (test data only)
 *   kube-apiserver           --authorization-mode=Node,RBAC, default admission plugins plus
 *                            NodeRestriction (ServiceAccount is on by default:
 *                            pkg/kubeapiserver/options/plugins.go, DefaultOffAdmissionPlugins),
 *                            service-account issuer and RS256 signing key so TokenRequest
 *                            (`kubectl create token`) works, --allow-privileged=true as kubeadm and
 *                            kind set it (cmd/kubeadm/app/phases/controlplane/manifests.go)
 *   kube-controller-manager  the controllers in CONTROLLERS, --leader-elect=false, no serving port
 *
 * start() resolves when /readyz is ok, the `default` ServiceAccount exists in `default`, and the
 * aggregated ClusterRoles admin/edit/view have rules. Every wait has a deadline; a component that
 * exits during start rejects start() with its name and the last lines of its log.
 *
 * Nothing outlives the caller: the components run under supervisor.mjs, which stops them when the
 * caller's pipe closes (even after SIGKILL). SIGINT/SIGTERM to the caller stop them too.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import {request as httpRequest} from 'node:http';
import {request as httpsRequest} from 'node:https';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {ensureBinaries, MODULE_DIR, type Binaries, type EnsureOptions} from './build';
import {renderKubeconfig} from './kubeconfig';
import {makePki, type Pki} from './pki';
import {freePorts} from './ports';
import {ensureNodeBinaries, type NodeBinaries} from './node-build';
import {imageCatalog, writeOciArchive, type ImageSpec} from './images';
import {
  corednsManifest,
  KUBE_ROUTER_HEALTH_PORT,
  kubeletArgs,
  kubeRouterArgs,
  MIRROR,
  namespaceScript,
  NODE_IP,
  NODE_NAME,
  nodeLayout,
  nodeUnavailable,
  NodeUnavailableError,
  prepareCgroups,
  PRIVATE_REGISTRIES,
  writeNodeConfigs,
  type NodeCgroups,
  type NodeLayout,
} from './node';

export {ensureBinaries, ToolchainMissingError, availability} from './build';
export {NodeUnavailableError, nodeUnavailable, NODE_NAME} from './node';
export type {Binaries} from './build';

export interface ControlPlane {
  /** https://127.0.0.1:PORT */
  server: string;
  /** Absolute path of an admin kubeconfig (CN=kubernetes-admin, O=system:masters). */
  kubeconfig: string;
  /** Absolute path of the kubectl that matches the server version. */
  kubectl: string;
  binDir: string;
  /** The temp folder holding data, credentials and logs; removed by stop(). */
  dataDir: string;
  /** Process ids: etcd, kube-apiserver, kube-controller-manager (if any) and supervisor. */
  pids: Record<string, number>;
  /** Kubernetes version of the server, e.g. 'v1.36.3'. */
  version: string;
  /** False when running from KUBEBUILDER_ASSETS without kube-controller-manager. */
  controllerManager: boolean;
  /** Milliseconds start() took, from making credentials to ready (binaries excluded). */
  readyMs: number;
  /** Set when a component exited after start() resolved. */
  crashed?: ComponentExit;
  /** With `node: true`: the node, its images, and where it lives. */
  node?: NodeInfo;
  /** Stops every process (TERM, then KILL after a grace period) and removes dataDir. Idempotent. */
  stop(): Promise<void>;
}

export interface NodeInfo {
  name: string;
  ip: string;
  /** The namespace holder process: `nsenter -t <pid> -n -m -u` enters the node. */
  holderPid: number;
  /** kubelet's cgroupRoot. */
  cgroupRoot: string;
  /** Every image the examples name, and what stands in for it. */
  images: {ref: string; builtFrom: string; registry: string}[];
  /** Milliseconds from the control plane being ready to the node being Ready with DNS and policy enforcement up. */
  readyMs: number;
}

export interface StartOptions {
  /** Start one node as well: containerd, kubelet, kube-proxy, kube-scheduler, kube-router, CoreDNS, registries (node.ts). */
  node?: boolean;
  /** Progress lines; defaults to nothing. */
  log?: (line: string) => void;
  /** Aborting stops whatever has started and rejects start(). */
  signal?: AbortSignal;
  /** Deadline for the whole start, binaries excluded; default 120 s (KSN_START_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Seconds-long grace between SIGTERM and SIGKILL in stop(); default 10 s. */
  graceMs?: number;
  /** Use these binaries instead of calling ensureBinaries(). */
  binaries?: Binaries;
  /** Passed to ensureBinaries (force, env). */
  build?: Omit<EnsureOptions, 'log' | 'signal'>;
  /** Parent of the temp data folder; default os.tmpdir(). */
  tmpRoot?: string;
}

export interface ComponentExit {
  name: string;
  pid?: number;
  code: number | null;
  signal: string | null;
}

/** A component failed: its name, how it ended, and the end of its log. */
export class ComponentError extends Error {
  constructor(
    message: string,
    readonly component: string,
    readonly logTail: string,
    readonly logFile?: string,
  ) {
    super(message);
    this.name = 'ComponentError';
  }
}

/**
 * kube-controller-manager controllers (canonical names: cmd/kube-controller-manager/names/
 * controller_names.go). Deployments and ReplicaSets make Pods; the namespace controller and the
 * garbage collector empty deleted namespaces and orphaned objects; clusterrole-aggregation fills
 * admin/edit/view; the certificate signer makes `kubectl certificate approve` produce a client
 * certificate from a CertificateSigningRequest, as a kubeadm cluster does.
 */
export const CONTROLLERS = [
  'serviceaccount-token-controller',
  'serviceaccount-controller',
  'namespace-controller',
  'deployment-controller',
  'replicaset-controller',
  'garbage-collector-controller',
  'clusterrole-aggregation-controller',
  'root-ca-certificate-publisher-controller',
  'certificatesigningrequest-signing-controller',
];

/** The context (and cluster) name in every kubeconfig the harness writes; the verifier trusts it as a test cluster. */
export const CONTEXT_NAME = 'ksn-local';

/** The issuer kind and kubeadm use; tokens carry it as `iss`. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** kind's default service range; the first address is the `kubernetes` Service. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/16';

const LOG_TAIL_LINES = 25;

// ---------------------------------------------------------------------------------------------
// Parent signals: every running control plane of this process is stopped on SIGINT/SIGTERM.

const running = new Set<() => Promise<void>>();
const handlers = new Map<NodeJS.Signals, () => void>();

/** Called when a control plane starts: the first one installs the SIGINT/SIGTERM handlers. */
function track(stop: () => Promise<void>): void {
  running.add(stop);
  if (handlers.size) return;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const handler = () => {
      const stops = [...running].map((s) => s().catch(() => {}));
      const deadline = new Promise((r) => setTimeout(r, 60_000).unref());
      void Promise.race([Promise.all(stops), deadline]).then(() => {
        // Nobody else listens: keep the usual meaning of the signal (exit), after cleaning up.
        if (process.listenerCount(sig) <= 1) process.exit(sig === 'SIGINT' ? 130 : 143);
      });
    };
    handlers.set(sig, handler);
    process.on(sig, handler);
  }
}

/** Called when a control plane has stopped: the last one removes the handlers again. */
function untrack(stop: () => Promise<void>): void {
  running.delete(stop);
  if (running.size) return;
  for (const [sig, handler] of handlers) process.off(sig, handler);
  handlers.clear();
}

// ---------------------------------------------------------------------------------------------
// The supervisor connection.

interface SupervisorEvent {
  event: string;
  name?: string;
  pid?: number;
  code?: number | null;
  signal?: string | null;
  message?: string;
  forced?: string[];
}

class Supervisor {
  readonly child: ChildProcess;
  private listeners = new Set<(e: SupervisorEvent) => void>();
  exited = false;
  readonly exitedPromise: Promise<void>;

  constructor(cleanup: string[], graceMs: number) {
    this.child = spawn(process.execPath, [join(MODULE_DIR, 'supervisor.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
      detached: true, // own session: a terminal's Ctrl-C reaches the caller only
    });
    this.exitedPromise = new Promise((resolve) => {
      this.child.on('exit', () => {
        this.exited = true;
        resolve();
      });
      this.child.on('error', () => {
        this.exited = true;
        resolve();
      });
    });
    // Do not keep the caller alive: if it exits without stop(), the pipe closes and the
    // supervisor cleans up on its own.
    this.child.unref();
    (this.child.stdout as unknown as {unref?: () => void}).unref?.();
    (this.child.stdin as unknown as {unref?: () => void}).unref?.();
    this.child.stdin!.on('error', () => {});
    createInterface({input: this.child.stdout!}).on('line', (line) => {
      let e: SupervisorEvent;
      try {
        e = JSON.parse(line);
      } catch {
        return;
      }
      for (const l of this.listeners) l(e);
    });
    this.send({op: 'init', cleanup, graceMs});
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  on(listener: (e: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(message: object): void {
    if (!this.exited && this.child.stdin?.writable) this.child.stdin.write(JSON.stringify(message) + '\n');
  }

  /** Waits for the next event matching pred, or rejects after ms. */
  waitFor(pred: (e: SupervisorEvent) => boolean, ms: number, what: string): Promise<SupervisorEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out after ${ms / 1000} s waiting for the supervisor: ${what}`));
      }, ms);
      const off = this.on((e) => {
        if (pred(e)) {
          clearTimeout(timer);
          off();
          resolve(e);
        }
      });
      void this.exitedPromise.then(() => {
        clearTimeout(timer);
        off();
        reject(new Error(`the supervisor exited while waiting for ${what}`));
      });
    });
  }

  async spawnComponent(name: string, command: string, args: string[], log: string): Promise<number> {
    const env = {...process.env};
    delete env.KUBECONFIG; // the components get their credentials from flags only
    const answer = this.waitFor((e) => (e.event === 'spawned' || e.event === 'spawn-error') && e.name === name, 10_000, `spawn of ${name}`);
    this.send({op: 'spawn', name, command, args, env, log});
    const e = await answer;
    if (e.event === 'spawn-error' || !e.pid) throw new ComponentError(`could not start ${name} (${command}): ${e.message}`, name, '');
    return e.pid;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP(S) probes.

interface Probe {
  status: number;
  body: string;
}

function probe(
  url: string,
  tls: {ca: string; cert: string; key: string} | null,
  opts: {method?: string; body?: string; timeoutMs?: number} = {},
): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      u,
      {
        method: opts.method ?? 'GET',
        ...(tls ?? {}),
        headers: opts.body ? {'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body)} : {},
        timeout: opts.timeoutMs ?? 3000,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8')}));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, {once: true});
  });
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');
  const e = new Error(`control plane start aborted: ${reason}`);
  e.name = 'AbortError';
  return e;
}

export function tail(file: string, lines = LOG_TAIL_LINES): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.split('\n').filter(Boolean).slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

// ---------------------------------------------------------------------------------------------

/** Writes the credentials and kubeconfigs into dir/pki; returns the file paths. */
function writePki(pki: Pki, dir: string, server: string) {
  const pkiDir = join(dir, 'pki');
  mkdirSync(pkiDir, {recursive: true, mode: 0o700});
  const file = (name: string, text: string) => {
    const p = join(pkiDir, name);
    writeFileSync(p, text, {mode: 0o600});
    return p;
  };
  const files = {
    caCert: file('ca.crt', pki.ca.cert),
    adminCert: file('admin.crt', pki.admin.cert),
    adminKey: file('admin.key', pki.admin.key),
    caKey: file('ca.key', pki.ca.key),
    servingCert: file('apiserver.crt', pki.serving.cert),
    servingKey: file('apiserver.key', pki.serving.key),
    saKey: file('sa.key', pki.serviceAccount.privateKey),
    saPub: file('sa.pub', pki.serviceAccount.publicKey),
    controllerManagerKubeconfig: file(
      'controller-manager.kubeconfig',
      renderKubeconfig({
        name: CONTEXT_NAME,
        user: 'kube-controller-manager',
        server,
        caCert: pki.ca.cert,
        clientCert: pki.controllerManager.cert,
        clientKey: pki.controllerManager.key,
      }),
    ),
  };
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    renderKubeconfig({name: CONTEXT_NAME, user: 'kubernetes-admin', server, caCert: pki.ca.cert, clientCert: pki.admin.cert, clientKey: pki.admin.key}),
    {mode: 0o600},
  );
  return {...files, kubeconfig};
}

function isPortClash(err: unknown): boolean {
  return err instanceof ComponentError && /address already in use/i.test(err.logTail);
}

export async function start(options: StartOptions = {}): Promise<ControlPlane> {
  const log = options.log ?? (() => {});
  let nodeBins: NodeBinaries | undefined;
  if (options.node) {
    const why = nodeUnavailable();
    if (why) throw new NodeUnavailableError(why);
  }
  const binaries = options.binaries ?? (await ensureBinaries({...options.build, log, signal: options.signal}));
  if (options.node) nodeBins = await ensureNodeBinaries({log, signal: options.signal, env: options.build?.env});
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binaries, options, log, nodeBins);
    } catch (err) {
      if (attempt < 3 && isPortClash(err)) {
        log(`a port was taken between picking and binding (${(err as ComponentError).component}); retrying with new ports`);
        continue;
      }
      throw err;
    }
  }
}

async function startOnce(bins: Binaries, options: StartOptions, log: (line: string) => void, nodeBins?: NodeBinaries): Promise<ControlPlane> {
  const envTimeout = Number(process.env.KSN_START_TIMEOUT_MS);
  const timeoutMs = options.timeoutMs ?? (Number.isFinite(envTimeout) && envTimeout > 0 ? envTimeout : nodeBins ? 240_000 : 120_000);
  const graceMs = options.graceMs ?? 10_000;
  const signal = options.signal;
  if (signal?.aborted) throw abortError(signal);

  const dataDir = mkdtempSync(join(options.tmpRoot ?? tmpdir(), 'ksn-control-plane-'));
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir);
  const logFile = (name: string) => join(logDir, `${name}.log`);

  // The supervisor and the stop() that undoes everything come first, so that a signal at any
  // later point finds a handler that removes dataDir.
  const supervisor = new Supervisor([dataDir], graceMs);
  const pids: Record<string, number> = {supervisor: supervisor.pid};
  const started = Date.now();
  let stopping: Promise<void> | null = null;
  let keepLogsOnStop: string | null = null;
  let onCrashDuringStart: ((exit: ComponentExit) => void) | null = null;
  // Declared before the crash handler that reads it, assigned once start-up is done.
  // eslint-disable-next-line prefer-const
  let cp!: ControlPlane; // assigned before anything can crash outside start

  supervisor.on((e) => {
    if (e.event !== 'exit' || stopping) return;
    const exit: ComponentExit = {name: e.name ?? '?', pid: e.pid, code: e.code ?? null, signal: e.signal ?? null};
    if (onCrashDuringStart) onCrashDuringStart(exit);
    else if (cp) {
      cp.crashed = exit;
      log(`${exit.name} (pid ${exit.pid}) exited unexpectedly (${describeExit(exit)}); last lines of ${logFile(exit.name)}:\n${tail(logFile(exit.name))}`);
    }
  });

  // The supervisor itself should never die first; if it does, its children are orphans: end them.
  void supervisor.exitedPromise.then(() => {
    if (stopping) return;
    const exit: ComponentExit = {name: 'supervisor', pid: supervisor.pid, code: supervisor.child.exitCode, signal: supervisor.child.signalCode};
    for (const [name, pid] of Object.entries(pids)) {
      if (name === 'supervisor' || !pidAlive(pid)) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
    if (onCrashDuringStart) onCrashDuringStart(exit);
    else if (cp) {
      cp.crashed = exit;
      log(`the supervisor (pid ${exit.pid}) exited unexpectedly (${describeExit(exit)}): its components were killed`);
    }
  });

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const forcedBySupervisor = supervisor.waitFor((e) => e.event === 'stopped', 3 * (graceMs + 5_000) + 5_000, 'stop').catch(() => null);
      supervisor.send({op: 'stop'});
      const answer = await forcedBySupervisor;
      if (answer?.forced?.length) log(`${answer.forced.join(', ')}: no exit within ${graceMs / 1000} s of SIGTERM, killed`);
      let t: NodeJS.Timeout | undefined;
      await Promise.race([supervisor.exitedPromise, new Promise((r) => (t = setTimeout(r, 5_000)))]);
      clearTimeout(t);
      // Belt and braces: whatever is still alive (a wedged supervisor) is killed directly.
      for (const [name, pid] of Object.entries(pids)) {
        if (pidAlive(pid)) {
          log(`${name} (pid ${pid}) still running after stop: SIGKILL`);
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      if (keepLogsOnStop) {
        try {
          cpSync(logDir, keepLogsOnStop, {recursive: true});
        } catch {
          keepLogsOnStop = null;
        }
      }
      rmSync(dataDir, {recursive: true, force: true});
      untrack(stop);
    })();
    return stopping;
  };
  track(stop);

  let etcdPort: number, peerPort: number, apiPort: number, server: string, pki: Pki, files: ReturnType<typeof writePki>;
  try {
    [etcdPort, peerPort, apiPort] = await freePorts(3);
    server = `https://127.0.0.1:${apiPort}`;
    pki = makePki({
      ips: ['127.0.0.1', '10.96.0.1', ...(nodeBins ? [NODE_IP] : [])],
      dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
      extra: nodeBins
        ? {
            // The Node authorizer and NodeRestriction know a kubelet by this name and group.
            kubelet: {subject: {commonName: `system:node:${NODE_NAME}`, organizations: ['system:nodes']}, ext: ['clientAuth']},
            registry: {
              subject: {commonName: 'private-registry.io'},
              ext: ['serverAuth'],
              san: {dnsNames: Object.keys(PRIVATE_REGISTRIES).map((h) => h.replace(/:\d+$/, '')), ipAddresses: [NODE_IP]},
            },
          }
        : {},
    });
    files = writePki(pki, dataDir, server);
  } catch (err) {
    await stop();
    throw err;
  }
  const tls = {ca: pki.ca.cert, cert: pki.admin.cert, key: pki.admin.key};
  const bin = (name: string) => join(bins.binDir, name);

  cp = {
    server,
    kubeconfig: files.kubeconfig,
    kubectl: bin('kubectl'),
    binDir: bins.binDir,
    dataDir,
    pids,
    version: bins.version,
    controllerManager: bins.controllerManager,
    readyMs: 0,
    stop,
  };

  // Any exit during start, the deadline, or the caller's abort ends the start.
  const deadline = started + timeoutMs;
  let failStart: (err: Error) => void = () => {};
  const failure = new Promise<never>((_, reject) => (failStart = reject));
  failure.catch(() => {});
  onCrashDuringStart = (exit) => {
    failStart(
      new ComponentError(
        `${exit.name} exited during start (${describeExit(exit)}); last lines of its log:\n${tail(logFile(exit.name))}`,
        exit.name,
        tail(logFile(exit.name)),
        logFile(exit.name),
      ),
    );
  };
  const onAbort = () => failStart(abortError(signal!));
  signal?.addEventListener('abort', onAbort, {once: true});
  let waitingOn = 'etcd';
  const startTimer = setTimeout(() => {
    const t = tail(logFile(waitingOn));
    failStart(
      new ComponentError(
        `the control plane was not ready within ${timeoutMs / 1000} s (waiting for ${waitingOn}); last lines of its log:\n${t}`,
        waitingOn,
        t,
        logFile(waitingOn),
      ),
    );
  }, timeoutMs);

  /** Races p against the start's failure; p's own late rejection is then ignored. */
  const race = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => {});
    return Promise.race([p, failure]);
  };

  /** Polls check() until it returns true; each failure is remembered for the timeout message. */
  const until = async (what: string, component: string, check: () => Promise<boolean>): Promise<void> => {
    waitingOn = component;
    let last = '';
    const poll = (async () => {
      while (Date.now() < deadline && !stopping) {
        try {
          if (await check()) return;
          last = '';
        } catch (err) {
          last = (err as Error).message;
        }
        await sleep(150);
      }
      throw new ComponentError(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last})` : ''}; last lines of the ${component} log:\n${tail(logFile(component))}`,
        component,
        tail(logFile(component)),
        logFile(component),
      );
    })();
    await race(poll);
  };

  // With a node, every component lives in the node's namespaces (node.ts): `inNode` wraps a
  // command in nsenter, and joins the node's cgroup when it starts processes nobody else tracks.
  const node: NodeState = {holderPid: 0};
  const inNode = (command: string, args: string[], opts: {cgroup?: boolean} = {}): [string, string[]] => {
    if (!nodeBins) return [command, args];
    const enter = ['-t', String(node.holderPid), '-n', '-m', '-u', '--', command, ...args];
    if (opts.cgroup && node.cgroups) return ['/bin/sh', ['-c', 'echo $$ > "$0" && exec nsenter "$@"', node.cgroups.daemonsProcs, ...enter]];
    return ['nsenter', enter];
  };
  const spawnIn = (name: string, command: string, args: string[], opts: {cgroup?: boolean} = {}) => {
    const [c, a] = inNode(command, args, opts);
    return race(supervisor.spawnComponent(name, c, a, logFile(name)));
  };
  /** Runs a command inside the node's namespaces (or on the host without a node); resolves with its result. */
  const nodeRun = (args: string[], timeout = 30_000, input?: string) =>
    new Promise<{code: number | null; stdout: string; stderr: string}>((resolve) => {
      const [c, a] = inNode(args[0], args.slice(1));
      const child = spawn(c, a, {stdio: ['pipe', 'pipe', 'pipe'], timeout});
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (e) => resolve({code: -1, stdout, stderr: e.message}));
      child.on('close', (code) => resolve({code, stdout, stderr}));
      child.stdin!.on('error', () => {}); // a command that exits without reading its input
      child.stdin!.end(input ?? '');
    });
  const must = async (args: string[], what: string, timeout = 60_000) => {
    const r = await race(nodeRun(args, timeout));
    if (r.code !== 0) throw new ComponentError(`${what} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(-800)}`, 'node', r.stderr);
    return r.stdout;
  };

  const s: Starting = {
    log,
    logFile,
    bins,
    nodeBins,
    supervisor,
    pids,
    dataDir,
    started,
    etcdPort,
    peerPort,
    apiPort,
    server,
    pki,
    files,
    tls,
    bin,
    cp,
    node,
    race,
    until,
    spawnIn,
    nodeRun,
    must,
  };
  try {
    if (nodeBins) await enterNodeNamespaces(s);
    await startEtcd(s);
    await startApiServer(s);
    await startControllers(s);
    if (nodeBins && node.dir && node.cgroups) await startNode(s, nodeBins, node.dir, node.cgroups);
    cp.readyMs = Date.now() - started;
    log(`control plane ${bins.version} ready in ${(cp.readyMs / 1000).toFixed(1)} s at ${server} (data ${dataDir})`);
    return cp;
  } catch (caught) {
    let err = caught;
    if (stopping) {
      // stop() ran first (the caller's SIGINT/SIGTERM, or stop() itself): an interruption, not a failure.
      err = new Error('control plane start interrupted: it was stopped (SIGINT/SIGTERM or stop()) before it was ready');
      (err as Error).name = 'AbortError';
    } else if (!(err instanceof Error && err.name === 'AbortError')) {
      keepLogsOnStop = mkdtempSync(join(options.tmpRoot ?? tmpdir(), 'ksn-control-plane-failed-'));
    }
    await stop();
    if (keepLogsOnStop && existsSync(keepLogsOnStop) && err instanceof Error) err.message += `\n(all logs kept in ${keepLogsOnStop})`;
    else if (keepLogsOnStop) rmSync(keepLogsOnStop, {recursive: true, force: true});
    throw err;
  } finally {
    onCrashDuringStart = null;
    clearTimeout(startTimer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Where a node's components live: the namespace holder, its cgroups and its folders (node.ts). */
interface NodeState {
  holderPid: number;
  cgroups?: NodeCgroups;
  dir?: NodeLayout;
}

/** What the phases of a start share: the started processes, the addresses, and the waits that end with the start. */
interface Starting {
  log: (line: string) => void;
  logFile: (name: string) => string;
  bins: Binaries;
  nodeBins?: NodeBinaries;
  supervisor: Supervisor;
  pids: Record<string, number>;
  dataDir: string;
  started: number;
  etcdPort: number;
  peerPort: number;
  apiPort: number;
  server: string;
  pki: Pki;
  files: ReturnType<typeof writePki>;
  tls: {ca: string; cert: string; key: string};
  bin: (name: string) => string;
  cp: ControlPlane;
  node: NodeState;
  /** Races a promise against the start's failure (a crash, the deadline, the caller's abort). */
  race: <T>(p: Promise<T>) => Promise<T>;
  /** Polls check() until true, or fails the start with the component's log. */
  until: (what: string, component: string, check: () => Promise<boolean>) => Promise<void>;
  spawnIn: (name: string, command: string, args: string[], opts?: {cgroup?: boolean}) => Promise<number>;
  nodeRun: (args: string[], timeout?: number, input?: string) => Promise<{code: number | null; stdout: string; stderr: string}>;
  must: (args: string[], what: string, timeout?: number) => Promise<string>;
}

/** Node only: the network, mount and UTS namespaces every node component lives in, and its cgroups. */
async function enterNodeNamespaces(s: Starting): Promise<void> {
  const {log, logFile, supervisor, pids, dataDir, node, race, until, must} = s;
  log('node: creating its network, mount and UTS namespaces');
  node.holderPid = await race(
    supervisor.spawnComponent(
      'node-namespaces',
      'unshare',
      ['--net', '--mount', '--uts', '--propagation', 'private', 'sleep', 'infinity'],
      logFile('node-namespaces'),
    ),
  );
  pids['node-namespaces'] = node.holderPid;
  await until('the node namespaces', 'node-namespaces', async () => readlinkSync(`/proc/${node.holderPid}/ns/net`) !== readlinkSync('/proc/self/ns/net'));
  node.cgroups = prepareCgroups(String(supervisor.pid));
  supervisor.send({op: 'cgroups', dirs: node.cgroups.dirs, created: node.cgroups.created});
  node.dir = nodeLayout(dataDir);
  await must(['/bin/sh', '-c', namespaceScript(node.dir)], 'setting up the node namespaces');
}

/** etcd on its loopback port, until /health says true. */
async function startEtcd(s: Starting): Promise<void> {
  const {log, nodeBins, pids, dataDir, etcdPort, peerPort, bin, until, spawnIn, nodeRun} = s;
  log(`starting etcd on 127.0.0.1:${etcdPort}${nodeBins ? ' (inside the node)' : ''}`);
  pids.etcd = await spawnIn('etcd', bin('etcd'), etcdArgs(dataDir, etcdPort, peerPort));
  await until('etcd /health', 'etcd', async () => {
    if (nodeBins)
      return /"health":\s*"true"/.test(
        (await nodeRun(['timeout', '3', '/bin/busybox', 'wget', '-q', '-O', '-', `http://127.0.0.1:${etcdPort}/health`], 5_000)).stdout,
      );
    const r = await probe(`http://127.0.0.1:${etcdPort}/health`, null);
    return r.status === 200 && /"health":\s*"true"/.test(r.body);
  });
}

/** kube-apiserver (with a node: reached from the host through a Unix socket), until /readyz. */
async function startApiServer(s: Starting): Promise<void> {
  const {log, logFile, nodeBins, supervisor, pids, dataDir, started, etcdPort, apiPort, server, files, tls, bin, race, until, spawnIn} = s;
  log(`starting kube-apiserver on ${server}`);
  pids['kube-apiserver'] = await spawnIn(
    'kube-apiserver',
    bin('kube-apiserver'),
    apiserverArgs(files, etcdPort, apiPort, dataDir, nodeBins ? {advertise: NODE_IP} : undefined),
  );
  if (nodeBins) {
    // The host reaches the API server inside the node through a Unix socket in the 0700 data folder.
    const sock = join(dataDir, 'api.sock');
    const forward = join(MODULE_DIR, 'forward.mjs');
    pids['api-forward-node'] = await spawnIn('api-forward-node', process.execPath, [forward, `unix:${sock}`, `tcp:127.0.0.1:${apiPort}`]);
    pids['api-forward'] = await race(
      supervisor.spawnComponent('api-forward', process.execPath, [forward, `tcp:127.0.0.1:${apiPort}`, `unix:${sock}`], logFile('api-forward')),
    );
  }
  await until('kube-apiserver /readyz', 'kube-apiserver', async () => (await probe(`${server}/readyz`, tls)).status === 200);
  log(`kube-apiserver ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * kube-controller-manager (or, without one, the `default` ServiceAccount made directly), until the
 * `default` ServiceAccount exists and the aggregated ClusterRoles have their rules.
 */
async function startControllers(s: Starting): Promise<void> {
  const {log, bins, nodeBins, pids, server, files, tls, bin, until, spawnIn} = s;
  if (bins.controllerManager) {
    log('starting kube-controller-manager');
    pids['kube-controller-manager'] = await spawnIn('kube-controller-manager', bin('kube-controller-manager'), controllerManagerArgs(files, !!nodeBins));
  } else {
    log('no kube-controller-manager: creating the `default` ServiceAccount in `default` directly');
    await until('the default ServiceAccount to be created', 'kube-apiserver', async () => {
      const r = await probe(`${server}/api/v1/namespaces/default/serviceaccounts`, tls, {
        method: 'POST',
        body: JSON.stringify({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default'}}),
      });
      return r.status === 201 || r.status === 409;
    });
  }
  const component = bins.controllerManager ? 'kube-controller-manager' : 'kube-apiserver';
  await until(
    'the `default` ServiceAccount in namespace `default`',
    component,
    async () => (await probe(`${server}/api/v1/namespaces/default/serviceaccounts/default`, tls)).status === 200,
  );
  if (bins.controllerManager) {
    // The aggregated roles start empty and are filled by clusterrole-aggregation-controller
    // (pkg/controller/clusterroleaggregation); RoleBindings to `view` mean nothing until then.
    await until('rules in the aggregated ClusterRole `view`', component, async () => {
      const r = await probe(`${server}/apis/rbac.authorization.k8s.io/v1/clusterroles/view`, tls);
      return r.status === 200 && (JSON.parse(r.body).rules?.length ?? 0) > 0;
    });
  }
}

/**
 * Node only, once the control plane answers: containerd and the registries, the locally built
 * images, kubelet, kube-proxy and kube-scheduler until the node is Ready, kube-router
 * (NetworkPolicy) and CoreDNS, until the node has no taints.
 */
async function startNode(s: Starting, nb: NodeBinaries, l: NodeLayout, cgroups: NodeCgroups): Promise<void> {
  const {log, bins, pids, server, pki, files, tls, bin, cp, node, race, until, spawnIn, nodeRun, must} = s;
  const nodeStarted = Date.now();
  const nodeBin = (n: string) => join(nb.binDir, n);
  const manifest = JSON.parse(readFileSync(join(nb.binDir, 'manifest.json'), 'utf8')) as {agnhost: string; pause: string};
  const sandboxImage = `registry.k8s.io/pause:${manifest.pause}`;
  const kubeletKubeconfig = join(l.dir, 'kubelet.kubeconfig');
  writeFileSync(
    kubeletKubeconfig,
    renderKubeconfig({
      name: CONTEXT_NAME,
      user: `system-node-${NODE_NAME}`,
      server,
      caCert: pki.ca.cert,
      clientCert: pki.extra.kubelet.cert,
      clientKey: pki.extra.kubelet.key,
    }),
    {mode: 0o600},
  );
  writeFileSync(join(l.dir, 'admin.kubeconfig'), readFileSync(files.kubeconfig));
  const registryCert = join(l.registry, 'tls.crt');
  const registryKey = join(l.registry, 'tls.key');
  writeFileSync(registryCert, pki.extra.registry.cert + pki.ca.cert, {mode: 0o600});
  writeFileSync(registryKey, pki.extra.registry.key, {mode: 0o600});
  const configs = writeNodeConfigs(l, {cgroupRoot: cgroups.root, caFile: files.caCert, sandboxImage, registryCert, registryKey});

  log('node: starting containerd and the registries');
  pids.containerd = await spawnIn('containerd', '/usr/bin/containerd', ['--config', configs.containerd], {cgroup: true});
  for (const [name, config] of Object.entries(configs.registries))
    pids[name] = await spawnIn(name, '/usr/bin/docker-registry', ['serve', config], {cgroup: true});
  await until('containerd', 'containerd', async () => (await nodeRun(['ctr', 'version'], 5_000)).code === 0);
  for (const addr of [MIRROR, ...Object.values(PRIVATE_REGISTRIES).map((r) => r.listen)]) {
    const [host, port] = addr.split(':');
    await until(`the registry on ${addr}`, 'registry-mirror', async () => (await nodeRun([process.execPath, '-e', TCP_CHECK, host, port], 5_000)).code === 0);
  }

  log('node: building the images and pushing them to the local registries');
  const images = imageCatalog(nb.binDir, {kubernetes: bins.version, agnhost: manifest.agnhost, coredns: nb.pins.coredns, pause: manifest.pause});
  for (const image of images) await loadImage(image, l.images, must);
  cp.node = {
    name: NODE_NAME,
    ip: NODE_IP,
    holderPid: node.holderPid,
    cgroupRoot: cgroups.root,
    images: images.map(({ref, builtFrom, registry}) => ({ref, builtFrom, registry})),
    readyMs: 0,
  };

  log('node: starting kubelet, kube-proxy and kube-scheduler');
  pids.kubelet = await spawnIn('kubelet', nodeBin('kubelet'), kubeletArgs(configs.kubelet, kubeletKubeconfig), {cgroup: true});
  pids['kube-proxy'] = await spawnIn('kube-proxy', nodeBin('kube-proxy'), [`--config=${configs.kubeProxy}`, '--v=1'], {cgroup: true});
  pids['kube-scheduler'] = await spawnIn('kube-scheduler', nodeBin('kube-scheduler'), [
    `--kubeconfig=${files.kubeconfig}`,
    `--authentication-kubeconfig=${files.kubeconfig}`,
    `--authorization-kubeconfig=${files.kubeconfig}`,
    '--bind-address=127.0.0.1',
    '--leader-elect=false',
    '--v=1',
  ]);
  const nodeReady = async () => {
    const r = await probe(`${server}/api/v1/nodes/${NODE_NAME}`, tls);
    if (r.status !== 200) return false;
    const n = JSON.parse(r.body);
    return (n.status?.conditions ?? []).some((c: {type: string; status: string}) => c.type === 'Ready' && c.status === 'True');
  };
  await until(`node ${NODE_NAME} Ready`, 'kubelet', nodeReady);

  // kube-router exits when its Node does not exist yet ("failed to identify the node").
  log('node: starting kube-router (NetworkPolicy)');
  pids['kube-router'] = await spawnIn('kube-router', nodeBin('kube-router'), kubeRouterArgs(join(l.dir, 'admin.kubeconfig')), {cgroup: true});
  await until(
    'kube-router /healthz',
    'kube-router',
    async () =>
      (await nodeRun(['timeout', '3', '/bin/busybox', 'wget', '-q', '-O', '-', `http://127.0.0.1:${KUBE_ROUTER_HEALTH_PORT}/healthz`], 5_000)).code === 0,
  );

  log('node: starting CoreDNS');
  const coredns = images.find((i) => i.ref.includes('/coredns/coredns:'))!.ref.replace(/^docker\.io\//, '');
  const applied = await race(
    new Promise<{code: number | null; stderr: string}>((resolve) => {
      const child = spawn(bin('kubectl'), ['--kubeconfig', files.kubeconfig, 'apply', '-f', '-'], {stdio: ['pipe', 'ignore', 'pipe']});
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({code, stderr}));
      child.on('error', (e) => resolve({code: -1, stderr: e.message}));
      child.stdin!.on('error', () => {});
      child.stdin!.end(corednsManifest(coredns));
    }),
  );
  if (applied.code !== 0) throw new ComponentError(`applying CoreDNS failed: ${applied.stderr}`, 'kube-apiserver', applied.stderr);
  await until('CoreDNS Ready', 'kubelet', async () => {
    const r = await probe(`${server}/api/v1/namespaces/kube-system/pods/coredns`, tls);
    if (r.status !== 200) return false;
    return (JSON.parse(r.body).status?.conditions ?? []).some((c: {type: string; status: string}) => c.type === 'Ready' && c.status === 'True');
  });
  await until(`node ${NODE_NAME} without taints`, 'kube-controller-manager', async () => {
    const r = await probe(`${server}/api/v1/nodes/${NODE_NAME}`, tls);
    return r.status === 200 && !JSON.parse(r.body).spec?.taints?.length;
  });
  cp.node.readyMs = Date.now() - nodeStarted;
  log(`node ${NODE_NAME} Ready with CoreDNS and kube-router in ${(cp.node.readyMs / 1000).toFixed(1)} s`);
}

function describeExit(exit: ComponentExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

export function pidAlive(pid: number): boolean {
  if (!pid || pid < 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (exited, not yet reaped) counts as gone.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * True if pid is alive and runs a binary of binDir, or this checkout's supervisor or forwarder
 * (full paths compared), or names the data folder of this control plane: a recycled pid, or
 * another checkout's control plane, is never killed.
 */
export function ownsPid(pid: number, binDir: string, dataDir: string, cmdline?: string): boolean {
  if (cmdline === undefined) {
    if (!pidAlive(pid)) return false;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return false;
    }
  }
  const argv = cmdline.split('\0');
  const ours = [join(MODULE_DIR, 'supervisor.mjs'), join(MODULE_DIR, 'forward.mjs')];
  return argv[0].startsWith(`${binDir}/`) || argv.some((a) => ours.includes(a)) || argv.some((a) => a.startsWith(`${dataDir}/`) || a.includes(`=${dataDir}/`));
}

// ---------------------------------------------------------------------------------------------
// Command lines.

export function etcdArgs(dataDir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=ksn',
    `--data-dir=${join(dataDir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=ksn=${peer}`,
    '--unsafe-no-fsync=true', // throw-away data: skip fsync (server/embed/config.go, UnsafeNoFsync)
    '--log-level=warn',
  ];
}

export function apiserverArgs(files: ReturnType<typeof writePki>, etcdPort: number, apiPort: number, dataDir: string, node?: {advertise: string}): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    // With a node, the API server lives in the node's network namespace and pods reach it at the
    // node's address (the `kubernetes` Service's endpoint); the host reaches it through forward.mjs.
    `--bind-address=${node ? '0.0.0.0' : '127.0.0.1'}`,
    `--advertise-address=${node ? node.advertise : '127.0.0.1'}`,
    `--secure-port=${apiPort}`,
    `--cert-dir=${join(dataDir, 'apiserver')}`,
    `--tls-cert-file=${files.servingCert}`,
    `--tls-private-key-file=${files.servingKey}`,
    `--client-ca-file=${files.caCert}`,
    // Every caller here has a certificate or a token; nobody needs system:anonymous.
    '--anonymous-auth=false',
    '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NodeRestriction,ServiceAccount',
    '--allow-privileged=true',
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-account-key-file=${files.saPub}`,
    `--service-account-signing-key-file=${files.saKey}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    ...(node
      ? [
          // exec, logs and port-forward dial the kubelet at the node's InternalIP (notes: by name it fails).
          '--kubelet-preferred-address-types=InternalIP,Hostname',
          `--kubelet-client-certificate=${files.adminCert}`,
          `--kubelet-client-key=${files.adminKey}`,
        ]
      : [
          // The `kubernetes` Service's Endpoints would name the advertise address, and Endpoints may
          // not hold a loopback address (pkg/apis/core/validation/validation.go, ValidateEndpointIP):
          // the lease reconciler would log a failure every 10 s. Nothing here runs in-cluster clients.
          '--endpoint-reconciler-type=none', // pkg/controlplane/reconcilers/reconcilers.go
        ]),
    '--profiling=false',
  ];
}

export function controllerManagerArgs(files: ReturnType<typeof writePki>, node = false): string[] {
  return [
    `--kubeconfig=${files.controllerManagerKubeconfig}`,
    '--leader-elect=false',
    '--secure-port=0', // no serving endpoint: nothing here scrapes it (cmd/kube-controller-manager/app/options/options.go)
    // With a node, every default controller (node lifecycle, endpoints, jobs, ...) except those that
    // need a cloud provider (cmd/kube-controller-manager/names/controller_names.go).
    `--controllers=${node ? NODE_CONTROLLERS.join(',') : CONTROLLERS.join(',')}`,
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${files.saKey}`,
    `--root-ca-file=${files.caCert}`,
    `--cluster-signing-cert-file=${files.caCert}`,
    `--cluster-signing-key-file=${files.caKey}`,
  ];
}

/** `node -e TCP_CHECK host port`: exit 0 once something accepts a TCP connection there. */
const TCP_CHECK =
  "const s=require('net').connect(+process.argv[2],process.argv[1],()=>process.exit(0));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),2000)";

export const NODE_CONTROLLERS = ['*', '-cloud-node-lifecycle-controller', '-service-lb-controller', '-node-route-controller'];

/** Writes one image as an archive, imports it into the node's containerd, and pushes it to its registry. */
async function loadImage(image: ImageSpec, dir: string, must: (args: string[], what: string, timeout?: number) => Promise<string>): Promise<void> {
  const archive = join(dir, `${image.ref.replace(/[^a-zA-Z0-9.-]+/g, '_')}.tar`);
  writeOciArchive(image, archive);
  if (image.registry === 'preloaded') {
    await must(['ctr', '-n', 'k8s.io', 'images', 'import', archive], `importing ${image.ref}`);
    return;
  }
  await must(['ctr', '-n', 'ksn-images', 'images', 'import', archive], `importing ${image.ref}`);
  const slash = image.ref.indexOf('/');
  const host = image.ref.slice(0, slash);
  const path = image.ref.slice(slash + 1);
  if (image.registry === 'mirror') {
    await must(['ctr', '-n', 'ksn-images', 'images', 'push', '--plain-http', `${MIRROR}/${path}`, image.ref], `pushing ${image.ref}`);
  } else {
    const r = PRIVATE_REGISTRIES[host as keyof typeof PRIVATE_REGISTRIES];
    // Both private names share one storage: push through the plain-HTTP one.
    const pushTo = PRIVATE_REGISTRIES['myprivateregistry.com:5000'].listen;
    await must(
      ['ctr', '-n', 'ksn-images', 'images', 'push', '--plain-http', '--user', `${r.user}:${r.password}`, `${pushTo}/${path}`, image.ref],
      `pushing ${image.ref}`,
    );
  }
}
