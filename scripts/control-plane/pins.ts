/**
 * The pinned versions of the local control plane, read from scripts/control-plane/go.mod, and the
 * cache folder they map to.
 *
 * Usage (as a library):
 *   import {readPins, cacheKey, cacheLayout} from './pins';
 *   const pins = readPins(fs.readFileSync('scripts/control-plane/go.mod', 'utf8'));
 *   cacheKey(pins)                       // 'k8s-v1.36.3-etcd-v3.6.8'
 *   cacheLayout(pins, process.env).bin  // ~/.cache/kube-security-notes/control-plane/k8s-v1.36.3-etcd-v3.6.8/bin
 *
 * The cache lives outside the repository clone on purpose: CI clones into a fresh folder on
 * every run, and a rebuild of kube-apiserver costs minutes.
 */
import {homedir} from 'node:os';
import {isAbsolute, join} from 'node:path';

export interface Pins {
  /** k8s.io/kubernetes, e.g. 'v1.36.3' (what `kubectl version` reports). */
  kubernetes: string;
  /** go.etcd.io/etcd/server/v3, e.g. 'v3.6.8'. */
  etcd: string;
  /** The version every k8s.io staging module is replaced with, e.g. 'v0.36.3'. */
  staging: string;
}

export class PinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinError';
  }
}

const SEMVER = /^v(\d+)\.(\d+)\.(\d+)$/;
/** k8s.io modules with their own release line (not published from kubernetes/staging). */
const NOT_STAGING = new Set(['k8s.io/kubernetes', 'k8s.io/utils', 'k8s.io/kube-openapi', 'k8s.io/klog', 'k8s.io/gengo']);

/**
 * Reads the pins from the text of go.mod. Both `require x v` and the block form are understood.
 * k8s.io/kubernetes publishes its staging modules (k8s.io/api, k8s.io/apiserver, ...) as
 * v0.<minor>.<patch> and lists them in its own go.mod as v0.0.0 with a replace to ./staging,
 * which a downstream module must override; so every `k8s.io/<staging> => k8s.io/<staging> vX`
 * replace must name v0.<minor>.<patch> of the pinned Kubernetes release, or the build would
 * mix versions. Throws PinError naming the line to fix.
 */
export function readPins(goMod: string): Pins {
  const requires = new Map<string, string>();
  const replaces = new Map<string, string>();
  let block: 'require' | 'replace' | null = null;
  for (const raw of goMod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (line === ')') {
      block = null;
      continue;
    }
    const open = /^(require|replace)\s*\($/.exec(line);
    if (open) {
      block = open[1] as 'require' | 'replace';
      continue;
    }
    const single = /^(require|replace)\s+(.*)$/.exec(line);
    const kind = single ? (single[1] as 'require' | 'replace') : block;
    const body = single ? single[2] : line;
    if (kind === 'require') {
      const m = /^(\S+)\s+(\S+)$/.exec(body);
      if (m) requires.set(m[1], m[2]);
    } else if (kind === 'replace') {
      const m = /^(\S+)(?:\s+\S+)?\s+=>\s+(\S+)(?:\s+(\S+))?$/.exec(body);
      if (m && m[3]) replaces.set(m[1], m[3]);
    }
  }

  const kubernetes = requires.get('k8s.io/kubernetes');
  const etcd = requires.get('go.etcd.io/etcd/server/v3');
  if (!kubernetes) throw new PinError('go.mod has no `require k8s.io/kubernetes vX.Y.Z` line');
  if (!etcd) throw new PinError('go.mod has no `require go.etcd.io/etcd/server/v3 vX.Y.Z` line');
  const k = SEMVER.exec(kubernetes);
  if (!k) throw new PinError(`k8s.io/kubernetes is pinned to "${kubernetes}": expected a release like v1.36.3`);
  if (!SEMVER.test(etcd)) throw new PinError(`go.etcd.io/etcd/server/v3 is pinned to "${etcd}": expected a release like v3.6.8`);
  const staging = `v0.${k[2]}.${k[3]}`;
  const stagingReplaces = [...replaces].filter(([mod]) => /^k8s\.io\/[^/]+$/.test(mod) && !NOT_STAGING.has(mod));
  if (stagingReplaces.length === 0) {
    throw new PinError(`go.mod has no replace for the k8s.io staging modules: add e.g. \`k8s.io/api => k8s.io/api ${staging}\``);
  }
  const wrong = stagingReplaces.filter(([, v]) => v !== staging);
  if (wrong.length > 0) {
    const list = wrong.map(([mod, v]) => `${mod} ${v}`).join(', ');
    throw new PinError(`k8s.io/kubernetes ${kubernetes} needs its staging modules at ${staging}, but go.mod replaces ${list}`);
  }
  return {kubernetes, etcd, staging};
}

/** The cache folder name for a pin: readable, and different whenever either pin changes. */
export function cacheKey(pins: Pick<Pins, 'kubernetes' | 'etcd'>): string {
  return `k8s-${pins.kubernetes}-etcd-${pins.etcd}`;
}

export interface CacheLayout {
  /** ${KSN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-security-notes} */
  root: string;
  /** <root>/control-plane/<key> */
  keyDir: string;
  /** <keyDir>/bin: etcd, kube-apiserver, kube-controller-manager, kubectl, manifest.json */
  bin: string;
  /** <root>/control-plane/run: state of the control plane started by `control-plane up`. */
  run: string;
}

/** Where the binaries for these pins live. Relative cache variables are refused, as a shell would surprise. */
export function cacheLayout(pins: Pick<Pins, 'kubernetes' | 'etcd'>, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): CacheLayout {
  const root = cacheRoot(env, home);
  const keyDir = join(root, 'control-plane', cacheKey(pins));
  return {root, keyDir, bin: join(keyDir, 'bin'), run: join(root, 'control-plane', 'run')};
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (env.KSN_CACHE_DIR) {
    if (!isAbsolute(env.KSN_CACHE_DIR)) throw new PinError(`KSN_CACHE_DIR must be an absolute path, got "${env.KSN_CACHE_DIR}"`);
    return env.KSN_CACHE_DIR;
  }
  if (env.XDG_CACHE_HOME) {
    if (!isAbsolute(env.XDG_CACHE_HOME)) throw new PinError(`XDG_CACHE_HOME must be an absolute path, got "${env.XDG_CACHE_HOME}"`);
    return join(env.XDG_CACHE_HOME, 'kube-security-notes');
  }
  if (!home) throw new PinError('no home directory: set KSN_CACHE_DIR to an absolute path for the control-plane cache');
  return join(home, '.cache', 'kube-security-notes');
}
