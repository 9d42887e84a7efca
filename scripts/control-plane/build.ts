/**
 * Finds or builds the four control-plane binaries: etcd, kube-apiserver, kube-controller-manager
 * and kubectl.
 *
 * Usage:
 *   npm run control-plane -- build            build for the pins in go.mod unless cached
 *   npm run control-plane -- build --force    rebuild even if cached
 *   (as a library) const {binDir, version} = await ensureBinaries({log: console.error});
 *
 * Where the binaries come from, in order:
 *   1. KUBEBUILDER_ASSETS, if set: a folder with etcd, kube-apiserver and kubectl (the layout
 *      controller-runtime's `setup-envtest use 1.36.x -p path` prints). kube-controller-manager is
 *      optional there; without it the harness creates the `default` ServiceAccounts itself and
 *      Deployments get no ReplicaSets.
 *   2. The cache, ${KSN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-security-notes}/control-plane/
 *      k8s-<version>-etcd-<version>/bin, used when all four binaries are there, run, and report the
 *      pinned versions.
 *   3. `go build` from scripts/control-plane/go.mod (Go >= the go.mod `go` line). The build goes to
 *      a bin.partial-<pid> folder that is renamed to bin only when all four are done, so an
 *      interrupted build never leaves a half-filled cache. A lock file keeps two builds apart.
 */
import {spawn, spawnSync} from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  accessSync,
  constants as fsConstants,
} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {cacheLayout, readPins, type Pins} from './pins';

export const MODULE_DIR = dirname(fileURLToPath(import.meta.url));
export const GO_MOD = join(MODULE_DIR, 'go.mod');

export const BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kubectl'] as const;
export type BinaryName = (typeof BINARIES)[number];

/** Go package of each binary (the same list as tools.go). */
const PACKAGES: Record<BinaryName, string> = {
  etcd: 'go.etcd.io/etcd/server/v3',
  'kube-apiserver': 'k8s.io/kubernetes/cmd/kube-apiserver',
  'kube-controller-manager': 'k8s.io/kubernetes/cmd/kube-controller-manager',
  kubectl: 'k8s.io/kubernetes/cmd/kubectl',
};

export interface Binaries {
  binDir: string;
  /** The Kubernetes version the binaries report, e.g. 'v1.36.3'. */
  version: string;
  /** Where they came from. */
  source: 'KUBEBUILDER_ASSETS' | 'cache' | 'build';
  /** False only for a KUBEBUILDER_ASSETS folder without kube-controller-manager. */
  controllerManager: boolean;
}

export interface EnsureOptions {
  /** Progress lines (human-readable); defaults to nothing. */
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Rebuild even when the cache is complete (ignored with KUBEBUILDER_ASSETS). */
  force?: boolean;
  signal?: AbortSignal;
}

/** Thrown when there is neither a Go toolchain nor KUBEBUILDER_ASSETS: the one case callers may turn into a skip. */
export class ToolchainMissingError extends Error {
  readonly code = 'KSN_CONTROL_PLANE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'ToolchainMissingError';
  }
}

export const MISSING_TOOLCHAIN_HINT =
  'the local control plane needs Go >= 1.26 on PATH (https://go.dev/dl/) to build etcd, kube-apiserver, ' +
  'kube-controller-manager and kubectl from scripts/control-plane/go.mod, or KUBEBUILDER_ASSETS set to a folder ' +
  'with etcd, kube-apiserver and kubectl (e.g. `export KUBEBUILDER_ASSETS=$(setup-envtest use 1.36.x -p path)`)';

/** The `go` command to use: $GO if set (and nothing else), else `go` on PATH, else /usr/local/go/bin/go. Null if none runs. */
export function findGo(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.GO ? [env.GO] : ['go', '/usr/local/go/bin/go'];
  for (const c of candidates) {
    const r = spawnSync(c, ['version'], {encoding: 'utf8', timeout: 20_000, env});
    if (r.status === 0 && /^go version /.test(r.stdout)) return c;
  }
  return null;
}

/** Whether a control plane can be had here, without building anything. */
export function availability(env: NodeJS.ProcessEnv = process.env): {ok: true; via: 'KUBEBUILDER_ASSETS' | 'cache' | 'go'} | {ok: false; why: string} {
  if (env.KUBEBUILDER_ASSETS) return {ok: true, via: 'KUBEBUILDER_ASSETS'};
  try {
    const layout = cacheLayout(readPins(readFileSync(GO_MOD, 'utf8')), env);
    if (BINARIES.every((b) => isExecutable(join(layout.bin, b)))) return {ok: true, via: 'cache'};
  } catch {
    // A broken go.mod is reported by ensureBinaries, with its own message.
  }
  if (findGo(env)) return {ok: true, via: 'go'};
  return {ok: false, why: MISSING_TOOLCHAIN_HINT};
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Runs `<binary> --version` (kubectl: `version --client`) and returns the version it prints, or null. */
export function reportedVersion(binDir: string, name: BinaryName): string | null {
  const args = name === 'kubectl' ? ['version', '--client', '-o', 'json'] : ['--version'];
  const r = spawnSync(join(binDir, name), args, {encoding: 'utf8', timeout: 20_000});
  if (r.status !== 0) return null;
  if (name === 'kubectl') {
    try {
      return JSON.parse(r.stdout).clientVersion?.gitVersion ?? null;
    } catch {
      return null;
    }
  }
  // kube-apiserver/kube-controller-manager: "Kubernetes v1.36.3"; etcd: "etcd Version: 3.6.8"
  const m = name === 'etcd' ? /etcd Version:\s*(\S+)/.exec(r.stdout) : /Kubernetes\s+(v\S+)/.exec(r.stdout);
  return m ? (name === 'etcd' ? `v${m[1]}` : m[1]) : null;
}

function expectedVersion(pins: Pins, name: BinaryName): string {
  return name === 'etcd' ? pins.etcd : pins.kubernetes;
}

/** Names the binaries in binDir that are missing, do not run, or report another version than the pin. */
export function checkCache(binDir: string, pins: Pins): string[] {
  const problems: string[] = [];
  for (const name of BINARIES) {
    if (!isExecutable(join(binDir, name))) {
      problems.push(`${name} is missing`);
      continue;
    }
    const v = reportedVersion(binDir, name);
    if (v === null) problems.push(`${name} does not run`);
    else if (v !== expectedVersion(pins, name)) problems.push(`${name} reports ${v}, the pin is ${expectedVersion(pins, name)}`);
  }
  return problems;
}

export async function ensureBinaries(options: EnsureOptions = {}): Promise<Binaries> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});

  if (env.KUBEBUILDER_ASSETS) return fromAssets(env.KUBEBUILDER_ASSETS, log);

  const pins = readPins(readFileSync(GO_MOD, 'utf8'));
  const layout = cacheLayout(pins, env);
  if (!options.force) {
    const problems = existsSync(layout.bin) ? checkCache(layout.bin, pins) : ['not built yet'];
    if (problems.length === 0) return {binDir: layout.bin, version: pins.kubernetes, source: 'cache', controllerManager: true};
    log(`control plane ${pins.kubernetes} (etcd ${pins.etcd}): building into ${layout.bin} (${problems.join('; ')})`);
  }
  const go = findGo(env);
  if (!go) throw new ToolchainMissingError(`cannot build the control plane: ${MISSING_TOOLCHAIN_HINT}`);

  mkdirSync(layout.keyDir, {recursive: true});
  const release = await acquireLock(join(layout.keyDir, 'build.lock'), log, options.signal);
  try {
    // Another process may have finished the same build while this one waited for the lock.
    if (!options.force && existsSync(layout.bin) && checkCache(layout.bin, pins).length === 0) {
      return {binDir: layout.bin, version: pins.kubernetes, source: 'cache', controllerManager: true};
    }
    await build(go, pins, layout.keyDir, layout.bin, log, env, options.signal);
    const problems = checkCache(layout.bin, pins);
    if (problems.length) throw new Error(`the build finished but the binaries are not usable: ${problems.join('; ')}`);
    return {binDir: layout.bin, version: pins.kubernetes, source: 'build', controllerManager: true};
  } finally {
    release();
  }
}

function fromAssets(dir: string, log: (line: string) => void): Binaries {
  const required: BinaryName[] = ['etcd', 'kube-apiserver', 'kubectl'];
  const missing = required.filter((b) => !isExecutable(join(dir, b)));
  if (missing.length) {
    throw new Error(
      `KUBEBUILDER_ASSETS=${dir} lacks ${missing.join(', ')} (it needs etcd, kube-apiserver and kubectl; unset it to build them with Go instead)`,
    );
  }
  const version = reportedVersion(dir, 'kube-apiserver');
  if (!version) throw new Error(`KUBEBUILDER_ASSETS=${dir}: kube-apiserver --version failed`);
  const controllerManager = isExecutable(join(dir, 'kube-controller-manager'));
  log(`control plane ${version} from KUBEBUILDER_ASSETS=${dir}`);
  if (!controllerManager) {
    log(
      'KUBEBUILDER_ASSETS has no kube-controller-manager: the harness creates the `default` ServiceAccount in each namespace ' +
        'it is asked to create, but Deployments get no ReplicaSets or Pods and namespaces are not emptied on deletion',
    );
  }
  return {binDir: dir, version, source: 'KUBEBUILDER_ASSETS', controllerManager};
}

/** The -ldflags that stamp the release into `kubectl version` (as hack/lib/version.sh does upstream). */
export function versionLdflags(pins: Pins): string {
  const m = /^v(\d+)\.(\d+)\./.exec(pins.kubernetes);
  if (!m) throw new Error(`unexpected Kubernetes version ${pins.kubernetes}`);
  const flags: string[] = ['-s', '-w'];
  for (const pkg of ['k8s.io/client-go/pkg/version', 'k8s.io/component-base/version']) {
    flags.push(`-X ${pkg}.gitVersion=${pins.kubernetes}`, `-X ${pkg}.gitMajor=${m[1]}`, `-X ${pkg}.gitMinor=${m[2]}`, `-X ${pkg}.gitTreeState=clean`);
  }
  return flags.join(' ');
}

async function build(
  go: string,
  pins: Pins,
  keyDir: string,
  binDir: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<void> {
  cleanStale(keyDir);
  const partial = join(keyDir, `bin.partial-${process.pid}`);
  rmSync(partial, {recursive: true, force: true});
  mkdirSync(partial, {recursive: true});
  const started = Date.now();
  try {
    const ldflags = versionLdflags(pins);
    for (const [i, name] of BINARIES.entries()) {
      await goBuild(go, name, ldflags, partial, `${i + 1}/${BINARIES.length}`, log, env, signal);
    }
    const goVersion = spawnSync(go, ['env', 'GOVERSION'], {encoding: 'utf8', env}).stdout.trim();
    const manifest = {
      key: `k8s-${pins.kubernetes}-etcd-${pins.etcd}`,
      kubernetes: pins.kubernetes,
      etcd: pins.etcd,
      staging: pins.staging,
      go: goVersion,
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((Date.now() - started) / 1000),
      binaries: Object.fromEntries(BINARIES.map((b) => [b, {package: PACKAGES[b], bytes: statSync(join(partial, b)).size}])),
    };
    writeFileSync(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    const old = join(keyDir, `bin.old-${process.pid}`);
    if (existsSync(binDir)) renameSync(binDir, old);
    renameSync(partial, binDir);
    rmSync(old, {recursive: true, force: true});
    log(`built the control plane in ${Math.round((Date.now() - started) / 1000)} s: ${binDir}`);
  } catch (err) {
    rmSync(partial, {recursive: true, force: true});
    throw err;
  }
}

/** Removes partial/old folders left by builds whose process is gone (e.g. killed mid-build). */
function cleanStale(keyDir: string): void {
  for (const entry of readdirSync(keyDir)) {
    const m = /^bin\.(?:partial|old)-(\d+)$/.exec(entry);
    if (m && !pidAlive(Number(m[1]))) rmSync(join(keyDir, entry), {recursive: true, force: true});
  }
}

function goBuild(
  go: string,
  name: BinaryName,
  ldflags: string,
  outDir: string,
  step: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<void> {
  log(`[${step}] go build ${name} (${PACKAGES[name]})`);
  const args = ['build', '-trimpath', '-ldflags', ldflags, '-o', join(outDir, name), PACKAGES[name]];
  return runBuildStep(go, args, {
    cwd: MODULE_DIR,
    env,
    log,
    signal,
    tickMs: 15_000,
    ticking: `[${step}] building ${name}`,
    done: `[${step}] ${name}`,
    aborted: `build of ${name}`,
    failed: `go build ${PACKAGES[name]}`,
  });
}

/**
 * Runs one build command (go build, gcc) with its output kept for the error, a progress line
 * every tickMs, and SIGTERM on abort. The labels name the step in each message. node-build.ts
 * uses it too.
 */
export function runBuildStep(
  cmd: string,
  args: string[],
  o: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    log: (line: string) => void;
    signal?: AbortSignal;
    tickMs: number;
    ticking: string;
    done: string;
    aborted: string;
    failed: string;
  },
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(new Error('build aborted'));
    const started = Date.now();
    const child = spawn(cmd, args, {cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe']});
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(() => o.log(`${o.ticking}: ${Math.round((Date.now() - started) / 1000)} s`), o.tickMs);
    const onAbort = () => child.kill('SIGTERM');
    o.signal?.addEventListener('abort', onAbort, {once: true});
    child.on('error', (err) => {
      clearInterval(ticker);
      reject(new Error(`could not run ${cmd}: ${err.message}`));
    });
    child.on('close', (code, sig) => {
      clearInterval(ticker);
      o.signal?.removeEventListener('abort', onAbort);
      if (o.signal?.aborted) return reject(new Error(`${o.aborted} aborted`));
      if (code === 0) {
        o.log(`${o.done} done in ${Math.round((Date.now() - started) / 1000)} s`);
        resolve();
      } else {
        reject(new Error(`${o.failed} failed (${sig ?? `exit ${code}`}) in ${o.cwd}:\n${output.slice(-30).join('\n')}`));
      }
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An exclusive lock file holding the owner's pid; a lock whose owner is gone is taken over. */
export async function acquireLock(path: string, log: (line: string) => void, signal?: AbortSignal, timeoutMs = 60 * 60 * 1000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, {force: true});
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner: number;
    try {
      owner = Number(readFileSync(path, 'utf8').trim());
    } catch {
      continue; // released between the two calls
    }
    if (!owner || !pidAlive(owner)) {
      rmSync(path, {force: true});
      continue;
    }
    if (!announced) {
      log(`waiting for another build of the control plane (pid ${owner}, lock ${path})`);
      announced = true;
    }
    if (signal?.aborted) throw new Error('build aborted while waiting for the lock');
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for the build lock ${path} held by pid ${owner}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
