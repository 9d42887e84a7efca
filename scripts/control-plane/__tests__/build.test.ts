import {afterAll, describe, expect, it} from '@jest/globals';
import {chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {availability, checkCache, ensureBinaries, GO_MOD, MISSING_TOOLCHAIN_HINT, ToolchainMissingError, versionLdflags} from '../build';
import {cacheLayout, readPins} from '../pins';

const root = mkdtempSync(join(tmpdir(), 'ksn-build-test-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));

/** A folder of stand-in binaries that print what the real ones print for --version. */
function fakeBin(name: string, versions: {kubernetes: string; etcd: string}, only = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kubectl']): string {
  const dir = join(root, name);
  mkdirSync(dir, {recursive: true});
  const scripts: Record<string, string> = {
    etcd: `echo "etcd Version: ${versions.etcd.slice(1)}"; echo "Git SHA: x"`,
    'kube-apiserver': `echo "Kubernetes ${versions.kubernetes}"`,
    'kube-controller-manager': `echo "Kubernetes ${versions.kubernetes}"`,
    kubectl: `echo '{"clientVersion":{"gitVersion":"${versions.kubernetes}"}}'`,
  };
  for (const b of only) {
    writeFileSync(join(dir, b), `#!/bin/sh\n${scripts[b]}\n`);
    chmodSync(join(dir, b), 0o755);
  }
  return dir;
}

const pins = {kubernetes: 'v1.36.3', etcd: 'v3.6.8', staging: 'v0.36.3'};

describe('versionLdflags', () => {
  it('stamps the release into both version packages, as `kubectl version` reads them', () => {
    const flags = versionLdflags(pins);
    for (const pkg of ['k8s.io/client-go/pkg/version', 'k8s.io/component-base/version']) {
      expect(flags).toContain(`-X ${pkg}.gitVersion=v1.36.3`);
      expect(flags).toContain(`-X ${pkg}.gitMajor=1`);
      expect(flags).toContain(`-X ${pkg}.gitMinor=36`);
    }
  });
});

describe('checkCache', () => {
  it('accepts binaries that run and report the pins', () => {
    expect(checkCache(fakeBin('good', pins), pins)).toEqual([]);
  });

  it('names binaries that are missing or report another version', () => {
    const dir = fakeBin('stale', {kubernetes: 'v1.35.0', etcd: 'v3.6.8'}, ['etcd', 'kube-apiserver', 'kubectl']);
    expect(checkCache(dir, pins)).toEqual([
      'kube-apiserver reports v1.35.0, the pin is v1.36.3',
      'kube-controller-manager is missing',
      'kubectl reports v1.35.0, the pin is v1.36.3',
    ]);
  });
});

describe('ensureBinaries with KUBEBUILDER_ASSETS', () => {
  it('uses the folder and says when kube-controller-manager is absent', async () => {
    const dir = fakeBin('assets', pins, ['etcd', 'kube-apiserver', 'kubectl']);
    const lines: string[] = [];
    const b = await ensureBinaries({env: {KUBEBUILDER_ASSETS: dir, PATH: process.env.PATH}, log: (l) => lines.push(l)});
    expect(b).toEqual({binDir: dir, version: 'v1.36.3', source: 'KUBEBUILDER_ASSETS', controllerManager: false});
    expect(lines.join('\n')).toMatch(/no kube-controller-manager/);
  });

  it('names what a KUBEBUILDER_ASSETS folder lacks', async () => {
    const dir = fakeBin('incomplete', pins, ['kube-apiserver']);
    await expect(ensureBinaries({env: {KUBEBUILDER_ASSETS: dir}})).rejects.toThrow(/lacks etcd, kubectl/);
  });
});

describe('without Go and without assets', () => {
  const env = {GO: join(root, 'no-go-here'), KSN_CACHE_DIR: join(root, 'empty-cache'), PATH: '/nonexistent'};

  it('ensureBinaries fails with one message saying what is missing and how to get it', async () => {
    const err = await ensureBinaries({env}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolchainMissingError);
    expect((err as Error).message).toContain(MISSING_TOOLCHAIN_HINT);
    expect(MISSING_TOOLCHAIN_HINT).toMatch(/go\.dev\/dl/);
    expect(MISSING_TOOLCHAIN_HINT).toMatch(/KUBEBUILDER_ASSETS/);
  });

  it('availability reports the same reason', () => {
    expect(availability(env)).toEqual({ok: false, why: MISSING_TOOLCHAIN_HINT});
  });

  it('availability is ok with a complete cache even without Go', () => {
    const cache = join(root, 'cache');
    const repoPins = readPins(readFileSync(GO_MOD, 'utf8'));
    const bin = cacheLayout(repoPins, {KSN_CACHE_DIR: cache}).bin;
    expect(availability({...env, KSN_CACHE_DIR: cache}).ok).toBe(false);
    const made = fakeBin('unused', repoPins);
    mkdirSync(bin, {recursive: true});
    for (const b of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kubectl']) copyFileSync(join(made, b), join(bin, b));
    expect(availability({...env, KSN_CACHE_DIR: cache})).toEqual({ok: true, via: 'cache'});
  });
});
