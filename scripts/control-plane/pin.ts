/**
 * Moves the control-plane pin to another Kubernetes (and optionally etcd) release.
 *
 * Usage:
 *   npm run control-plane -- pin v1.36.4             Kubernetes only
 *   npm run control-plane -- pin v1.36.4 v3.6.9      Kubernetes and etcd
 *   npm run control-plane -- build                   then build: the cache key follows the pin
 *
 * k8s.io/kubernetes lists each staging module (k8s.io/api, k8s.io/apiserver, ...) as v0.0.0 with a
 * replace to ./staging/src/..., which only works inside its own repository. A module that builds
 * it must replace every one of them with the published v0.<minor>.<patch>. The list changes
 * between releases, so it is read from the upstream go.mod of the new release itself
 * (`go list -m -json k8s.io/kubernetes@<version>` names that file), and `go mod tidy` then
 * settles go.mod and go.sum. Needs Go and access to the Go module proxy.
 */
import {spawnSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {findGo, GO_MOD, MODULE_DIR} from './build';
import {PinError, readPins, type Pins} from './pins';

/** The modules an upstream k8s.io/kubernetes go.mod replaces with ./staging/src/<module>. */
export function stagingModules(upstreamGoMod: string): string[] {
  const found = new Set<string>();
  for (const m of upstreamGoMod.matchAll(/^\s*(?:replace\s+)?(k8s\.io\/[\w.-]+)\s+=>\s+\.\/staging\/src\/(k8s\.io\/[\w.-]+)\s*$/gm)) {
    if (m[1] === m[2]) found.add(m[1]);
  }
  if (found.size === 0) throw new PinError('the upstream k8s.io/kubernetes go.mod has no `=> ./staging/src/...` replaces: is this really k8s.io/kubernetes?');
  return [...found].sort();
}

/**
 * Returns go.mod text with k8s.io/kubernetes (and etcd, if given) required at the new versions and
 * the staging replaces regenerated for exactly `staging`. Other lines are kept as they are.
 */
export function rewriteGoMod(text: string, target: {kubernetes: string; etcd?: string; staging: string[]}): string {
  const k = /^v1\.(\d+)\.(\d+)$/.exec(target.kubernetes);
  if (!k) throw new PinError(`"${target.kubernetes}" is not a Kubernetes release like v1.36.4`);
  if (target.etcd !== undefined && !/^v3\.\d+\.\d+$/.test(target.etcd)) throw new PinError(`"${target.etcd}" is not an etcd release like v3.6.9`);
  const stagingVersion = `v0.${k[1]}.${k[2]}`;
  const stagingSet = new Set(target.staging);

  const setRequire = (src: string, mod: string, version: string) => {
    const re = new RegExp(`^(\\s*(?:require\\s+)?${mod.replace(/[./]/g, '\\$&')}\\s+)v\\S+`, 'm');
    if (!re.test(src)) throw new PinError(`go.mod has no require line for ${mod}`);
    return src.replace(re, `$1${version}`);
  };
  let out = setRequire(text, 'k8s.io/kubernetes', target.kubernetes);
  if (target.etcd) out = setRequire(out, 'go.etcd.io/etcd/server/v3', target.etcd);

  const lines = out.split('\n');
  const isStagingReplace = (line: string) => /^\s*k8s\.io\/[\w.-]+\s+=>/.test(line) && stagingSet.has(line.trim().split(/\s+/)[0]);
  const generated = target.staging.map((mod) => `\t${mod} => ${mod} ${stagingVersion}`);
  const start = lines.findIndex((l) => /^replace\s*\($/.test(l.trim()));
  if (start === -1) return `${out.replace(/\n*$/, '\n')}\nreplace (\n${generated.join('\n')}\n)\n`;
  const end = lines.findIndex((l, i) => i > start && l.trim() === ')');
  if (end === -1) throw new PinError('go.mod has an unterminated replace block');
  const kept = lines.slice(start + 1, end).filter((l) => !isStagingReplace(l) && !/^\s*k8s\.io\/[\w.-]+\s+=>\s+k8s\.io\/[\w.-]+\s+v0\.\d+\.\d+\s*$/.test(l));
  const body = [...kept.filter((l) => l.trim()), ...generated].sort((a, b) => a.trim().localeCompare(b.trim()));
  return [...lines.slice(0, start + 1), ...body, ...lines.slice(end)].join('\n');
}

function go(goCmd: string, args: string[]): string {
  const r = spawnSync(goCmd, args, {cwd: MODULE_DIR, encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024});
  if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed:\n${(r.stderr || r.error?.message || '').trim()}`);
  return r.stdout;
}

export async function pin(kubernetes: string, etcd: string | undefined, log: (line: string) => void): Promise<Pins> {
  const goCmd = findGo();
  if (!goCmd) throw new PinError('changing the pin needs Go on PATH (https://go.dev/dl/)');
  log(`reading the staging modules of k8s.io/kubernetes ${kubernetes}`);
  const info = JSON.parse(go(goCmd, ['list', '-m', '-json', `k8s.io/kubernetes@${kubernetes}`])) as {GoMod?: string; Error?: {Err: string}};
  if (info.Error || !info.GoMod) throw new PinError(`k8s.io/kubernetes@${kubernetes}: ${info.Error?.Err ?? 'no go.mod found'}`);
  const staging = stagingModules(readFileSync(info.GoMod, 'utf8'));
  const before = readFileSync(GO_MOD, 'utf8');
  const goSum = GO_MOD.replace(/go\.mod$/, 'go.sum');
  const sumBefore = readFileSync(goSum, 'utf8');
  writeFileSync(GO_MOD, rewriteGoMod(before, {kubernetes, etcd, staging}));
  try {
    log(`go mod tidy (${staging.length} staging modules at v0.${kubernetes.slice(3)})`);
    go(goCmd, ['mod', 'tidy']);
    return readPins(readFileSync(GO_MOD, 'utf8'));
  } catch (err) {
    writeFileSync(GO_MOD, before); // leave the old, working pin in place
    writeFileSync(goSum, sumBefore);
    throw err;
  }
}
