/**
 * Finds or builds the node's binaries (`up --node`): kubelet, kube-scheduler and kube-proxy from the
 * same pinned k8s.io/kubernetes module as the control plane (one `go build` for the three, so their
 * links run in parallel), agnhost (the examples' traffic image) from
 * k8s.io/kubernetes/test/images/agnhost, kube-router (the NetworkPolicy enforcer) and CoreDNS from
 * their own modules under addons/ (CoreDNS as addons/coredns/main.go: only the plugins the node's
 * Corefile uses), and pause from build/pause/linux/pause.c (gcc -static).
 *
 * Usage:
 *   npm run control-plane -- build --node          build the control plane and the node (cached)
 *   (as a library) const node = await ensureNodeBinaries({log: console.error});
 *
 * The cache is ${KSN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-security-notes}/control-plane/
 * node-<key>/bin, keyed by every pin (see nodeCacheKey), outside the clone like the control
 * plane's. A build goes to bin.partial-<pid> and is renamed to bin when complete, under a lock.
 *
 * What the node needs from the system (Debian packages, installed by .ci/run): containerd, runc,
 * containernetworking-plugins, iptables, ipset, docker-registry, apache2-utils (htpasswd),
 * busybox-static, util-linux (unshare, nsenter), iproute2, gcc with libc6-dev.
 */
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {findGo, GO_MOD, MISSING_TOOLCHAIN_HINT, MODULE_DIR, ToolchainMissingError, versionLdflags, acquireLock, runBuildStep} from './build';
import {cacheRoot, readPins, type Pins} from './pins';

export const NODE_BINARIES = ['kubelet', 'kube-scheduler', 'kube-proxy', 'agnhost', 'kube-router', 'coredns', 'pause'] as const;
export type NodeBinary = (typeof NODE_BINARIES)[number];

interface GoTarget {
  /** Go package; `go build -o <dir>/` names the binary after its last path element, which is the key. */
  pkg: string;
  /** Runs inside an image without a libc: built with CGO_ENABLED=0. */
  static: boolean;
  /** Module folder to build in. */
  dir: string;
  /** Stamp the Kubernetes release (kubelet --version) as build.ts does for kubectl. */
  stamp: boolean;
}

const ADDONS = join(MODULE_DIR, 'addons');

/** Every Go binary of the node; agnhost and CoreDNS run in images without a libc, so they are static. */
export const GO_TARGETS: Record<Exclude<NodeBinary, 'pause'>, GoTarget> = {
  kubelet: {pkg: 'k8s.io/kubernetes/cmd/kubelet', dir: MODULE_DIR, stamp: true, static: false},
  'kube-scheduler': {pkg: 'k8s.io/kubernetes/cmd/kube-scheduler', dir: MODULE_DIR, stamp: true, static: false},
  'kube-proxy': {pkg: 'k8s.io/kubernetes/cmd/kube-proxy', dir: MODULE_DIR, stamp: true, static: false},
  agnhost: {pkg: 'k8s.io/kubernetes/test/images/agnhost', dir: MODULE_DIR, stamp: false, static: true},
  'kube-router': {pkg: 'github.com/cloudnativelabs/kube-router/v2/cmd/kube-router', dir: join(ADDONS, 'kube-router'), stamp: false, static: false},
  // addons/coredns/main.go: CoreDNS with only the Corefile's plugins (upstream's command links all of them).
  coredns: {pkg: 'kube-security-notes/control-plane/addons/coredns', dir: join(ADDONS, 'coredns'), stamp: false, static: true},
};

/** One `go build` per module folder and flags: targets that share them are built by one command. */
export interface GoBuildGroup {
  names: (keyof typeof GO_TARGETS)[];
  dir: string;
  static: boolean;
  stamp: boolean;
}

export function goBuildGroups(targets: Record<string, GoTarget> = GO_TARGETS): GoBuildGroup[] {
  const groups: GoBuildGroup[] = [];
  for (const [name, t] of Object.entries(targets)) {
    const last = t.pkg.split('/').pop();
    if (last !== name) throw new Error(`go build -o <dir>/ would name ${t.pkg} "${last}", not "${name}"`);
    const g = groups.find((x) => x.dir === t.dir && x.static === t.static && x.stamp === t.stamp);
    if (g) g.names.push(name as keyof typeof GO_TARGETS);
    else groups.push({names: [name as keyof typeof GO_TARGETS], dir: t.dir, static: t.static, stamp: t.stamp});
  }
  return groups;
}

/** The file that chooses CoreDNS's plugins; its hash is part of the cache key. */
export const COREDNS_MAIN = join(ADDONS, 'coredns', 'main.go');

export interface NodePins {
  kubernetes: string;
  kubeRouter: string;
  coredns: string;
  /** First 8 hex digits of the SHA-256 of addons/coredns/main.go (its plugin list). */
  corednsMain: string;
  /** test/images/agnhost/VERSION of the pinned Kubernetes module (null before `go mod download`). */
  agnhost: string | null;
}

/** The version a go.mod requires for a module path, or throws naming the file. */
export function requiredVersion(goMod: string, module: string, file = 'go.mod'): string {
  const re = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s+(v\\S+)`, 'm');
  const m = re.exec(goMod);
  if (!m) throw new Error(`${file} does not require ${module}`);
  return m[1];
}

export function readNodePins(): NodePins {
  const pins: Pins = readPins(readFileSync(GO_MOD, 'utf8'));
  const kubeRouter = requiredVersion(
    readFileSync(join(ADDONS, 'kube-router', 'go.mod'), 'utf8'),
    'github.com/cloudnativelabs/kube-router/v2',
    'addons/kube-router/go.mod',
  );
  const coredns = requiredVersion(readFileSync(join(ADDONS, 'coredns', 'go.mod'), 'utf8'), 'github.com/coredns/coredns', 'addons/coredns/go.mod');
  const corednsMain = createHash('sha256').update(readFileSync(COREDNS_MAIN)).digest('hex').slice(0, 8);
  return {kubernetes: pins.kubernetes, kubeRouter, coredns, corednsMain, agnhost: null};
}

/** The node cache folder's name: every pin, and which CoreDNS main (so a changed plugin list is rebuilt). */
export function nodeCacheKey(p: Pick<NodePins, 'kubernetes' | 'kubeRouter' | 'coredns' | 'corednsMain'>): string {
  return `node-k8s-${p.kubernetes}-kube-router-${p.kubeRouter}-coredns-${p.coredns}-min-${p.corednsMain}`;
}

export interface NodeBinaries {
  binDir: string;
  pins: NodePins;
  source: 'cache' | 'build';
}

function nodeLayout(env: NodeJS.ProcessEnv) {
  const pins = readNodePins();
  const keyDir = join(cacheRoot(env), 'control-plane', nodeCacheKey(pins));
  return {pins, keyDir, bin: join(keyDir, 'bin')};
}

/** What is wrong with a cached node folder (empty when usable). */
export function checkNodeCache(binDir: string, pins: NodePins): string[] {
  const problems: string[] = [];
  let manifest: {key?: string};
  try {
    manifest = JSON.parse(readFileSync(join(binDir, 'manifest.json'), 'utf8'));
  } catch {
    return ['no manifest.json'];
  }
  if (manifest.key !== nodeCacheKey(pins)) problems.push(`manifest key ${manifest.key} is not ${nodeCacheKey(pins)}`);
  for (const b of NODE_BINARIES) if (!existsSync(join(binDir, b))) problems.push(`${b} is missing`);
  if (!problems.length) {
    const r = spawnSync(join(binDir, 'kubelet'), ['--version'], {encoding: 'utf8', timeout: 20_000});
    if (!r.stdout.includes(`Kubernetes ${pins.kubernetes}`)) problems.push(`kubelet --version says "${r.stdout.trim()}", the pin is ${pins.kubernetes}`);
  }
  return problems;
}

/** The node's binaries from the cache, or built now (minutes on 2 cores; progress goes to log). */
export async function ensureNodeBinaries(
  options: {log?: (line: string) => void; env?: NodeJS.ProcessEnv; force?: boolean; signal?: AbortSignal} = {},
): Promise<NodeBinaries> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const layout = nodeLayout(env);
  if (!options.force) {
    const problems = existsSync(layout.bin) ? checkNodeCache(layout.bin, layout.pins) : ['not built yet'];
    if (!problems.length) return {binDir: layout.bin, pins: readManifestPins(layout.bin, layout.pins), source: 'cache'};
    log(`node ${nodeCacheKey(layout.pins)}: building into ${layout.bin} (${problems.join('; ')})`);
  }
  const go = findGo(env);
  if (!go) throw new ToolchainMissingError(`cannot build the node: ${MISSING_TOOLCHAIN_HINT}`);
  mkdirSync(layout.keyDir, {recursive: true});
  const release = await acquireLock(join(layout.keyDir, 'build.lock'), log, options.signal);
  try {
    if (!options.force && existsSync(layout.bin) && !checkNodeCache(layout.bin, layout.pins).length) {
      return {binDir: layout.bin, pins: readManifestPins(layout.bin, layout.pins), source: 'cache'};
    }
    for (const entry of readdirSync(layout.keyDir)) if (/^bin\.(partial|old)-/.test(entry)) rmSync(join(layout.keyDir, entry), {recursive: true, force: true});
    const partial = join(layout.keyDir, `bin.partial-${process.pid}`);
    mkdirSync(partial, {recursive: true});
    const started = Date.now();
    try {
      const pins = readPins(readFileSync(GO_MOD, 'utf8'));
      const ldflags = versionLdflags(pins);
      const seconds: Record<string, number> = {};
      let step = 0;
      for (const group of goBuildGroups()) {
        const t = Date.now();
        const first = step + 1;
        step += group.names.length;
        const pkgs = group.names.map((n) => GO_TARGETS[n].pkg);
        await run(
          go,
          ['build', '-trimpath', '-ldflags', group.stamp ? ldflags : '-s -w', '-o', `${partial}/`, ...pkgs],
          group.dir,
          group.static ? {...env, CGO_ENABLED: '0'} : env,
          `[${first === step ? first : `${first}-${step}`}/${NODE_BINARIES.length}] ${group.names.join(', ')}`,
          log,
          options.signal,
          pkgs.join(' '),
        );
        const missing = group.names.filter((n) => !existsSync(join(partial, n)));
        if (missing.length) throw new Error(`go build ${pkgs.join(' ')} in ${group.dir} succeeded but wrote no ${missing.join(', ')} into ${partial}`);
        seconds[group.names.join('+')] = Math.round((Date.now() - t) / 1000);
      }
      const k8sDir = spawnSync(go, ['list', '-m', '-f', '{{.Dir}}', 'k8s.io/kubernetes'], {cwd: MODULE_DIR, encoding: 'utf8', env}).stdout.trim();
      const t = Date.now();
      // build/pause/Makefile builds it the same way: a static C binary, stamped with its version.
      const pauseVersion = /^TAG \?= (\S+)/m.exec(readFileSync(join(k8sDir, 'build', 'pause', 'Makefile'), 'utf8'))?.[1] ?? 'unknown';
      await run(
        'gcc',
        ['-Os', '-static', '-o', join(partial, 'pause'), `-DVERSION=v${pauseVersion}`, join(k8sDir, 'build', 'pause', 'linux', 'pause.c')],
        partial,
        env,
        `[${NODE_BINARIES.length}/${NODE_BINARIES.length}] pause`,
        log,
        options.signal,
      );
      seconds.pause = Math.round((Date.now() - t) / 1000);
      const agnhost = readFileSync(join(k8sDir, 'test', 'images', 'agnhost', 'VERSION'), 'utf8').trim();
      const manifest = {
        key: nodeCacheKey(layout.pins),
        ...layout.pins,
        agnhost,
        pause: pauseVersion,
        go: spawnSync(go, ['env', 'GOVERSION'], {encoding: 'utf8', env}).stdout.trim(),
        builtAt: new Date().toISOString(),
        buildSeconds: Math.round((Date.now() - started) / 1000),
        seconds,
        bytes: Object.fromEntries(NODE_BINARIES.map((b) => [b, statSync(join(partial, b)).size])),
      };
      writeFileSync(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
      const old = join(layout.keyDir, `bin.old-${process.pid}`);
      if (existsSync(layout.bin)) renameSync(layout.bin, old);
      renameSync(partial, layout.bin);
      rmSync(old, {recursive: true, force: true});
      log(`built the node in ${manifest.buildSeconds} s: ${layout.bin}`);
    } catch (err) {
      rmSync(partial, {recursive: true, force: true});
      throw err;
    }
    const problems = checkNodeCache(layout.bin, layout.pins);
    if (problems.length) throw new Error(`the node build finished but is not usable: ${problems.join('; ')}`);
    return {binDir: layout.bin, pins: readManifestPins(layout.bin, layout.pins), source: 'build'};
  } finally {
    release();
  }
}

function readManifestPins(binDir: string, pins: NodePins): NodePins {
  try {
    const m = JSON.parse(readFileSync(join(binDir, 'manifest.json'), 'utf8'));
    return {...pins, agnhost: typeof m.agnhost === 'string' ? m.agnhost : null};
  } catch {
    return pins;
  }
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  what: string,
  log: (line: string) => void,
  signal?: AbortSignal,
  target = args[args.length - 1],
): Promise<void> {
  log(`${what}: ${cmd} ${target}`);
  return runBuildStep(cmd, args, {cwd, env, log, signal, tickMs: 30_000, ticking: what, done: what, aborted: what, failed: what});
}
