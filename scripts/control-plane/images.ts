/**
 * The images the examples name, built here without a registry on the internet: single-layer OCI
 * image archives (`ctr images import` reads them) made from local files only.
 *
 * Usage (as a library; node.ts calls it):
 *   const images = imageCatalog(nodeBinDir, agnhostVersion);
 *   writeOciArchive(images[0], '/tmp/x.tar');
 *
 * Each entry says which image of the pages it stands in for, so the verifier's report can list
 * every substitution. The base of the stand-ins is Debian's busybox-static (/bin/busybox): the
 * examples need `sh`, `sleep`, `id`, `whoami`, `grep`, `date`, `ip`, `nc` and an HTTP server.
 * The OCI image layout is https://github.com/opencontainers/image-spec/blob/main/image-layout.md.
 */
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';

export const BUSYBOX = '/bin/busybox';

export interface ImageSpec {
  /** Full reference, e.g. docker.io/library/ubuntu:latest. */
  ref: string;
  /** What it is, for the report: "busybox stand-in", "agnhost 2.63.0 built from k8s.io/kubernetes v1.36.3". */
  builtFrom: string;
  /** Where it is served: the open mirror, or the registry that requires a password. */
  registry: 'mirror' | 'private' | 'preloaded';
  files: LayerFile[];
  config: {Entrypoint?: string[]; Cmd?: string[]; User?: string; ExposedPorts?: Record<string, object>; WorkingDir?: string};
}

export type LayerFile =
  | {path: string; type: 'file'; data: Buffer; mode: number}
  | {path: string; type: 'dir'; mode: number}
  | {path: string; type: 'symlink'; target: string};

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\nubuntu:x:1000:1000:ubuntu:/home/ubuntu:/bin/sh\n';
const GROUP = 'root:x:0:\nnobody:x:65534:\nubuntu:x:1000:\n';

/** A root file system with busybox and its applets, /etc/passwd and /etc/group. */
export function busyboxFiles(extra: LayerFile[] = []): LayerFile[] {
  const files: LayerFile[] = [];
  for (const d of ['bin', 'sbin', 'usr', 'usr/bin', 'usr/sbin', 'etc', 'root', 'home', 'home/ubuntu', 'var', 'var/run', 'var/www', 'proc', 'sys', 'dev', 'run'])
    files.push({path: d, type: 'dir', mode: 0o755});
  files.push({path: 'tmp', type: 'dir', mode: 0o1777});
  files.push({path: 'bin/busybox', type: 'file', data: readFileSync(BUSYBOX), mode: 0o755});
  const list = spawnSync(BUSYBOX, ['--list-full'], {encoding: 'utf8'});
  if (list.status !== 0) throw new Error(`${BUSYBOX} --list-full failed: is busybox-static installed? (apt-get install busybox-static)`);
  for (const applet of list.stdout.split('\n').filter(Boolean)) {
    if (applet !== 'bin/busybox') files.push({path: applet, type: 'symlink', target: '/bin/busybox'});
  }
  // `bash` is what ubuntu's image runs by default and what readers type; busybox has no applet by that name.
  files.push({path: 'bin/bash', type: 'file', data: Buffer.from('#!/bin/sh\nexec /bin/sh "$@"\n'), mode: 0o755});
  files.push({path: 'etc/passwd', type: 'file', data: Buffer.from(PASSWD), mode: 0o644});
  files.push({path: 'etc/group', type: 'file', data: Buffer.from(GROUP), mode: 0o644});
  return [...files, ...extra];
}

/** Every image the examples use, and the node's own (pause, CoreDNS). */
export function imageCatalog(nodeBinDir: string, versions: {kubernetes: string; agnhost: string; coredns: string; pause: string}): ImageSpec[] {
  const bin = (name: string) => readFileSync(join(nodeBinDir, name));
  const standIn = 'busybox stand-in (Debian busybox-static)';
  const httpd = (port: number, page: string): Pick<ImageSpec, 'files' | 'config'> => ({
    files: busyboxFiles([
      {path: 'usr/share', type: 'dir', mode: 0o755},
      {path: 'usr/share/nginx', type: 'dir', mode: 0o755},
      {path: 'usr/share/nginx/html', type: 'dir', mode: 0o755},
      {path: 'usr/share/nginx/html/index.html', type: 'file', data: Buffer.from(page), mode: 0o644},
    ]),
    config: {Cmd: ['httpd', '-f', '-p', String(port), '-h', '/usr/share/nginx/html'], ExposedPorts: {[`${port}/tcp`]: {}}},
  });
  const nginx = httpd(80, '<h1>Welcome to nginx!</h1>\n');
  const agnhost: Pick<ImageSpec, 'files' | 'config'> = {
    files: busyboxFiles([{path: 'agnhost', type: 'file', data: bin('agnhost'), mode: 0o755}]),
    // test/images/agnhost/Dockerfile: ENTRYPOINT ["/agnhost"], CMD ["pause"]
    config: {Entrypoint: ['/agnhost'], Cmd: ['pause']},
  };
  return [
    {
      ref: `registry.k8s.io/pause:${versions.pause}`,
      builtFrom: `pause ${versions.pause} built from k8s.io/kubernetes ${versions.kubernetes} build/pause`,
      registry: 'preloaded',
      files: [{path: 'pause', type: 'file', data: bin('pause'), mode: 0o755}],
      config: {Entrypoint: ['/pause'], User: '65535:65535'},
    },
    {
      ref: `docker.io/coredns/coredns:${versions.coredns.replace(/^v/, '')}`,
      builtFrom: `CoreDNS ${versions.coredns} built from its Go module`,
      registry: 'mirror',
      files: [
        {path: 'coredns', type: 'file', data: bin('coredns'), mode: 0o755},
        {path: 'etc', type: 'dir', mode: 0o755},
      ],
      config: {Entrypoint: ['/coredns']},
    },
    {
      ref: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
      builtFrom: `agnhost ${versions.agnhost} built from k8s.io/kubernetes ${versions.kubernetes} test/images/agnhost, with busybox`,
      registry: 'mirror',
      ...agnhost,
    },
    {ref: 'docker.io/library/ubuntu:latest', builtFrom: standIn, registry: 'mirror', files: busyboxFiles(), config: {Cmd: ['/bin/bash']}},
    {ref: 'docker.io/library/busybox:latest', builtFrom: 'Debian busybox-static', registry: 'mirror', files: busyboxFiles(), config: {Cmd: ['sh']}},
    {ref: 'docker.io/library/nginx:1.27-alpine', builtFrom: `${standIn}, busybox httpd on port 80`, registry: 'mirror', ...nginx},
    {ref: 'docker.io/library/nginx:alpine', builtFrom: `${standIn}, busybox httpd on port 80`, registry: 'mirror', ...nginx},
    {ref: 'docker.io/library/nginx:latest', builtFrom: `${standIn}, busybox httpd on port 80`, registry: 'mirror', ...nginx},
    {
      ref: 'docker.io/kodekloud/my-kubernetes-dashboard:latest',
      builtFrom: `${standIn}, busybox httpd on port 8080`,
      registry: 'mirror',
      ...httpd(8080, 'dashboard\n'),
    },
    {ref: 'myprivateregistry.com:5000/nginx:alpine', builtFrom: `${standIn}, busybox httpd on port 80, behind a password`, registry: 'private', ...nginx},
    {ref: 'private-registry.io/apps/internal-app:latest', builtFrom: `${standIn}, busybox httpd on port 80, behind a password`, registry: 'private', ...nginx},
  ];
}

// ---------------------------------------------------------------------------------------------
// tar (ustar) and the OCI layout

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(name: string, opts: {size: number; mode: number; type: '0' | '2' | '5'; linkname?: string}): Buffer {
  const h = Buffer.alloc(512);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`path too long for a tar header: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write(octal(opts.mode, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii'); // uid
  h.write(octal(0, 8), 116, 8, 'ascii'); // gid
  h.write(octal(opts.size, 12), 124, 12, 'ascii');
  h.write(octal(0, 12), 136, 12, 'ascii'); // mtime: 0, so the same files give the same digest
  h.write('        ', 148, 8, 'ascii'); // checksum placeholder
  h.write(opts.type, 156, 1, 'ascii');
  if (opts.linkname) h.write(opts.linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return h;
}

/** A tar stream of the files, in order, with two zero blocks at the end. */
export function tar(files: LayerFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    if (f.type === 'dir') parts.push(tarHeader(f.path.replace(/\/?$/, '/'), {size: 0, mode: f.mode, type: '5'}));
    else if (f.type === 'symlink') parts.push(tarHeader(f.path, {size: 0, mode: 0o777, type: '2', linkname: f.target}));
    else {
      parts.push(tarHeader(f.path, {size: f.data.length, mode: f.mode, type: '0'}), f.data);
      const pad = (512 - (f.data.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Writes the image as an OCI layout archive; returns the manifest digest. */
export function writeOciArchive(image: ImageSpec, out: string): string {
  const layer = tar(image.files);
  const gz = gzipSync(layer, {level: 1});
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '1970-01-01T00:00:00Z',
      config: {Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ...image.config},
      rootfs: {type: 'layers', diff_ids: [sha256(layer)]},
      history: [{created: '1970-01-01T00:00:00Z', created_by: `kube-security-notes: ${image.builtFrom}`}],
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length},
      layers: [{mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(gz), size: gz.length}],
    }),
  );
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: sha256(manifest),
          size: manifest.length,
          platform: {architecture: 'amd64', os: 'linux'},
          annotations: {'io.containerd.image.name': image.ref, 'org.opencontainers.image.ref.name': image.ref.slice(image.ref.lastIndexOf(':') + 1)},
        },
      ],
    }),
  );
  const blobs: LayerFile[] = [config, gz, manifest].map((b) => ({path: `blobs/sha256/${sha256(b).slice(7)}`, type: 'file' as const, data: b, mode: 0o644}));
  writeFileSync(
    out,
    tar([
      {path: 'oci-layout', type: 'file', data: Buffer.from('{"imageLayoutVersion":"1.0.0"}'), mode: 0o644},
      {path: 'index.json', type: 'file', data: index, mode: 0o644},
      {path: 'blobs', type: 'dir', mode: 0o755},
      {path: 'blobs/sha256', type: 'dir', mode: 0o755},
      ...blobs,
    ]),
  );
  return sha256(manifest);
}
