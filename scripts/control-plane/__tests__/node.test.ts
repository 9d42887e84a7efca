/**
 * The pieces of the local node that need no root: image archives, the namespace script, the
 * configuration files, which processes `down` may kill.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/control-plane/__tests__/node
 */
import {describe, expect, it} from '@jest/globals';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {tar, writeOciArchive, type ImageSpec} from '../images';
import {MODULE_DIR} from '../build';
import {ownsPid} from '../harness';
import {namespaceScript, nodeLayout, ownMemoryCgroup, writeNodeConfigs} from '../node';

describe('image archives', () => {
  it('writes a tar that GNU tar lists, with directories, files, symlinks and long paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-img-'));
    try {
      const long = `${'a'.repeat(60)}/${'b'.repeat(60)}/file`;
      const data = tar([
        {path: 'bin', type: 'dir', mode: 0o755},
        {path: 'bin/tool', type: 'file', data: Buffer.from('#!/bin/sh\n'), mode: 0o755},
        {path: 'bin/alias', type: 'symlink', target: '/bin/tool'},
        {path: long, type: 'file', data: Buffer.from('x'), mode: 0o644},
      ]);
      const file = join(dir, 'x.tar');
      writeFileSync(file, data);
      const r = spawnSync('tar', ['-tvf', file], {encoding: 'utf8'});
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^drwxr-xr-x .* bin\/$/m);
      expect(r.stdout).toMatch(/^-rwxr-xr-x .* bin\/tool$/m);
      expect(r.stdout).toMatch(/bin\/alias -> \/bin\/tool/);
      expect(r.stdout).toContain(long);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('writes an OCI layout whose index names the image and whose blobs match their digests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-img-'));
    try {
      const image: ImageSpec = {
        ref: 'docker.io/library/x:1',
        builtFrom: 'test',
        registry: 'mirror',
        files: [{path: 'hello', type: 'file', data: Buffer.from('hi'), mode: 0o644}],
        config: {Cmd: ['/hello']},
      };
      const archive = join(dir, 'x.tar');
      const digest = writeOciArchive(image, archive);
      const out = join(dir, 'out');
      mkdirSync(out);
      expect(spawnSync('tar', ['-xf', archive, '-C', out]).status).toBe(0);
      const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
      expect(index.manifests[0]).toMatchObject({digest, annotations: {'io.containerd.image.name': 'docker.io/library/x:1'}});
      const manifest = readFileSync(join(out, 'blobs', 'sha256', digest.slice(7)));
      const sha = spawnSync('sha256sum', [join(out, 'blobs', 'sha256', digest.slice(7))], {encoding: 'utf8'}).stdout.split(' ')[0];
      expect(`sha256:${sha}`).toBe(digest);
      expect(JSON.parse(manifest.toString()).layers).toHaveLength(1);
      // Same input, same bytes: a rebuilt image has the same digest.
      expect(writeOciArchive(image, join(dir, 'y.tar'))).toBe(digest);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('the node namespaces and configuration', () => {
  it('reads the memory cgroup of a process from /proc/<pid>/cgroup (cgroup v1)', () => {
    expect(ownMemoryCgroup('9:name=systemd:/\n4:memory:/process_api/abc\n0::/\n')).toBe('/process_api/abc');
    expect(() => ownMemoryCgroup('0::/user.slice\n')).toThrow(/cgroup v1/);
  });

  it('changes the network only inside the new namespace and bind-mounts only inside its own mount namespace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-node-'));
    try {
      const script = namespaceScript(nodeLayout(dir));
      // Every network command works on links the script made in the namespace (lo, eth0, eth0-peer).
      for (const line of script.split('\n').filter((l) => l.startsWith('ip '))) expect(line).toMatch(/\b(lo|eth0|eth0-peer)\b/);
      expect(script).not.toMatch(/sysctl -w|iptables|nft /);
      expect(script).toContain('mount --make-rshared /');
      expect(readFileSync(join(dir, 'node', 'hosts'), 'utf8')).toContain('172.30.0.2 myprivateregistry.com private-registry.io');
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('writes containerd, kubelet and registry configuration for this machine (no CAP_SYS_RESOURCE, cgroup v1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-node-'));
    try {
      const l = nodeLayout(dir);
      const files = writeNodeConfigs(l, {
        cgroupRoot: '/x/ksn-node-1',
        caFile: '/ca.crt',
        sandboxImage: 'registry.k8s.io/pause:3.10.2',
        registryCert: '/r.crt',
        registryKey: '/r.key',
      });
      expect(readFileSync(files.containerd, 'utf8')).toMatch(/restrict_oom_score_adj = true/);
      const kubelet = readFileSync(files.kubelet, 'utf8');
      expect(kubelet).toMatch(/^failCgroupV1: false$/m);
      expect(kubelet).toMatch(/^oomScoreAdj: 0$/m);
      expect(kubelet).toMatch(/^cgroupRoot: \/x\/ksn-node-1$/m);
      expect(readFileSync(files.registries['registry-private-tls'], 'utf8')).toMatch(
        /addr: 172\.30\.0\.2:443\n {2}tls: \{certificate: \/r\.crt, key: \/r\.key\}\nauth:\n {2}htpasswd:/,
      );
      expect(readFileSync(files.registries['registry-mirror'], 'utf8')).not.toContain('auth');
      expect(readFileSync(join(l.certsD, 'private-registry.io', 'hosts.toml'), 'utf8')).toContain('ca = "/ca.crt"');
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('ownsPid: what down may kill', () => {
  const bin = '/home/u/.cache/kube-security-notes/control-plane/k8s-v1/bin';
  const data = '/tmp/ksn-control-plane-abc';
  it("owns a binary of this cache, this checkout's supervisor and forwarder, and processes that name the data folder", () => {
    expect(ownsPid(1, bin, data, `${bin}/kube-apiserver\0--secure-port=1\0`)).toBe(true);
    expect(ownsPid(1, bin, data, `/usr/bin/node\0${join(MODULE_DIR, 'supervisor.mjs')}\0`)).toBe(true);
    expect(ownsPid(1, bin, data, `/usr/bin/containerd\0--config\0${data}/node/containerd.toml\0`)).toBe(true);
    expect(ownsPid(1, bin, data, `nsenter\0-t\x00123\x00--\0/usr/bin/docker-registry\0serve\0${data}/node/registry/mirror.yml\0`)).toBe(true);
  });

  it("does not own another checkout's supervisor, a binary of a folder that only starts like this one, or a recycled pid", () => {
    expect(ownsPid(1, bin, data, '/usr/bin/node\0/other/checkout/scripts/control-plane/supervisor.mjs\0')).toBe(false);
    expect(ownsPid(1, bin, data, `${bin}-old/kube-apiserver\0`)).toBe(false);
    expect(ownsPid(1, bin, data, '/usr/sbin/sshd\0-D\0')).toBe(false);
    expect(ownsPid(1, bin, data, `/usr/bin/containerd\0--config\0${data}-other/node/containerd.toml\0`)).toBe(false);
  });
});
