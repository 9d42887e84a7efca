/**
 * One real node beside the local control plane (`npm run control-plane -- up --node`, or
 * `start({node: true})`): containerd and runc (Debian's), kubelet, kube-proxy and kube-scheduler
 * (from the pinned k8s.io/kubernetes module), the CNI bridge plugin, kube-router as the
 * NetworkPolicy enforcer (its firewall only), CoreDNS as a pod, and three local registries: an open
 * mirror for docker.io and registry.k8s.io, and the two private registries the image-security
 * pages name (myprivateregistry.com:5000 and private-registry.io), which require a password.
 *
 * Containment: nothing on the host changes.
 * - Network: every component (etcd and kube-apiserver too) runs inside a network + mount + UTS
 *   namespace held by one `sleep` process (`unshare --net --mount --uts --propagation private`).
 *   The node's eth0 is a veth pair whose two ends both stay inside; the host's links, routes,
 *   iptables rules and sysctls are never touched. The host reaches the API server through
 *   forward.mjs and a Unix socket in the 0700 data folder.
 * - Files: /run, /var/lib, /var/log, /etc/hosts and the three global sysctls kubelet writes are
 *   bind-mounted from the data folder inside the private mount namespace only.
 * - cgroups: nothing is remounted. A folder `ksn-node-<pid>` is made under the caller's own memory
 *   cgroup path in every v1 hierarchy and in the v2 `unified` tree; kubelet's cgroupRoot is that
 *   folder, and the daemons join its `daemons` child. The supervisor kills every process listed
 *   under it and removes the folders (and any parent it had to create) at stop.
 *
 * Facts this relies on, measured on these machines (local-node-notes in the shared folder):
 * no CAP_SYS_RESOURCE, so containerd must `restrict_oom_score_adj` and kubelet `oomScoreAdj: 0`;
 * cgroup v1, so kubelet needs `failCgroupV1: false`; kube-router exits if its Node does not exist
 * yet, so it starts after the node registered; it REJECTs denied traffic (a reader sees "refused").
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

export const NODE_NAME = 'ksn-node';
export const NODE_IP = '172.30.0.2';
export const NODE_GATEWAY = '172.30.0.1';
export const POD_CIDR = '10.244.0.0/24';
export const CLUSTER_CIDR = '10.244.0.0/16';
export const CLUSTER_DNS = '10.96.0.10';
export const MIRROR = '127.0.0.1:5000';
/** The private registries of the image-security pages: host name -> the credentials the pages use. */
export const PRIVATE_REGISTRIES = {
  'myprivateregistry.com:5000': {user: 'dock_user', password: 'dock_password', listen: `${NODE_IP}:5000`, tls: false},
  'private-registry.io': {user: 'registry-user', password: 'registry-password', listen: `${NODE_IP}:443`, tls: true},
} as const;
export const KUBE_ROUTER_HEALTH_PORT = 20244;

/** The Debian packages the node needs, by the command each provides. */
export const SYSTEM_COMMANDS: Record<string, string> = {
  '/usr/bin/containerd': 'containerd',
  '/usr/bin/ctr': 'containerd',
  '/usr/sbin/runc': 'runc',
  '/usr/lib/cni/bridge': 'containernetworking-plugins',
  '/usr/sbin/iptables': 'iptables',
  '/usr/sbin/ipset': 'ipset',
  '/usr/bin/docker-registry': 'docker-registry',
  '/usr/bin/htpasswd': 'apache2-utils',
  '/bin/busybox': 'busybox-static',
  '/usr/bin/unshare': 'util-linux',
  '/usr/bin/nsenter': 'util-linux',
  '/usr/sbin/ip': 'iproute2',
};

export class NodeUnavailableError extends Error {
  readonly code = 'KSN_NODE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'NodeUnavailableError';
  }
}

/** Why a node cannot run here (not Linux, not root, a package missing), or null. */
export function nodeUnavailable(): string | null {
  if (process.platform !== 'linux') return `the local node needs Linux (this is ${process.platform}); --cluster kind runs the runtime tier elsewhere`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'the local node needs root (network and mount namespaces, cgroups, containerd); run as root or use --cluster kind';
  const missing = [
    ...new Set(
      Object.entries(SYSTEM_COMMANDS)
        .filter(([path]) => !existsSync(path))
        .map(([, pkg]) => pkg),
    ),
  ];
  if (missing.length) return `the local node needs these Debian packages: apt-get install ${missing.join(' ')}`;
  if (!existsSync('/sys/fs/cgroup/memory')) return 'the local node expects cgroup v1 hierarchies under /sys/fs/cgroup (as on these machines)';
  return null;
}

// ---------------------------------------------------------------------------------------------
// cgroups

export interface NodeCgroups {
  /** kubelet's cgroupRoot, the same relative path in every hierarchy: /<own memory path>/ksn-node-<pid> */
  root: string;
  /** <hierarchy>/<root> for each hierarchy, e.g. /sys/fs/cgroup/memory/process_api/x/ksn-node-1 */
  dirs: string[];
  /** Folders made here (parents before children), removed in reverse at stop. */
  created: string[];
  /** cgroup.procs file the daemons write their pid to (memory hierarchy). */
  daemonsProcs: string;
}

export function ownMemoryCgroup(selfCgroup = readFileSync('/proc/self/cgroup', 'utf8')): string {
  const line = selfCgroup.split('\n').find((l) => l.split(':')[1]?.split(',').includes('memory'));
  if (!line) throw new NodeUnavailableError('no memory cgroup in /proc/self/cgroup: the local node needs cgroup v1');
  return line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
}

export function prepareCgroups(id: string, base = '/sys/fs/cgroup'): NodeCgroups {
  const own = ownMemoryCgroup().replace(/\/$/, '');
  const root = `${own}/ksn-node-${id}`;
  const hierarchies = ['memory', 'cpu', 'cpuacct', 'cpuset', 'devices', 'freezer', 'blkio', 'pids', 'systemd', 'unified'].filter((h) =>
    existsSync(join(base, h)),
  );
  const created: string[] = [];
  const dirs: string[] = [];
  for (const h of hierarchies) {
    let dir = join(base, h);
    for (const part of root.split('/').filter(Boolean)) {
      const parent = dir;
      dir = join(dir, part);
      if (!existsSync(dir)) {
        mkdirSync(dir);
        created.push(dir);
        // A new cpuset has no CPUs or memory nodes until given its parent's.
        if (h === 'cpuset') for (const f of ['cpuset.cpus', 'cpuset.mems']) writeFileSync(join(dir, f), readFileSync(join(parent, f)));
      }
    }
    dirs.push(dir);
  }
  const daemons = join(base, 'memory', root, 'daemons');
  mkdirSync(daemons);
  created.push(daemons);
  return {root, dirs, created, daemonsProcs: join(daemons, 'cgroup.procs')};
}

// ---------------------------------------------------------------------------------------------
// The namespaces and the file system inside them

export interface NodeLayout {
  dir: string;
  run: string;
  varLib: string;
  varLog: string;
  cniConf: string;
  certsD: string;
  registry: string;
  hosts: string;
  resolv: string;
  sysctl: string;
  apiSocket: string;
  images: string;
}

export function nodeLayout(dataDir: string): NodeLayout {
  const dir = join(dataDir, 'node');
  const l: NodeLayout = {
    dir,
    run: join(dir, 'run'),
    varLib: join(dir, 'var-lib'),
    varLog: join(dir, 'var-log'),
    cniConf: join(dir, 'cni-net.d'),
    certsD: join(dir, 'certs.d'),
    registry: join(dir, 'registry'),
    hosts: join(dir, 'hosts'),
    resolv: join(dir, 'resolv.conf'),
    sysctl: join(dir, 'sysctl'),
    apiSocket: join(dataDir, 'api.sock'),
    images: join(dir, 'images'),
  };
  for (const d of [l.dir, l.run, l.varLib, l.varLog, l.cniConf, l.certsD, l.registry, l.sysctl, l.images]) mkdirSync(d, {recursive: true, mode: 0o700});
  return l;
}

/** The shell script run once inside the new namespaces (through nsenter) before any component. */
export function namespaceScript(l: NodeLayout): string {
  writeFileSync(l.hosts, `127.0.0.1 localhost\n${NODE_IP} ${NODE_NAME}\n${NODE_IP} myprivateregistry.com private-registry.io\n`);
  writeFileSync(l.resolv, `nameserver ${CLUSTER_DNS}\nsearch cluster.local\n`);
  // kubelet writes these global sysctls unless they already hold its values (pkg/kubelet/cm/
  // container_manager_linux.go, setupKernelTunables): give it private files that already do.
  const sysctls: [string, string][] = [
    ['vm/overcommit_memory', '1'],
    ['kernel/panic', '10'],
    ['kernel/panic_on_oops', '1'],
  ];
  for (const [k, v] of sysctls) writeFileSync(join(l.sysctl, k.replace('/', '.')), `${v}\n`);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    'set -eu',
    `hostname ${NODE_NAME}`,
    'ip link set lo up',
    'ip link add eth0 type veth peer name eth0-peer',
    `ip addr add ${NODE_IP}/24 dev eth0`,
    'ip link set eth0-peer up',
    'ip link set eth0 up',
    `ip route add default via ${NODE_GATEWAY} dev eth0`,
    // A sysfs of this network namespace (kubelet and kube-proxy read /sys/class/net), with the
    // host's cgroup mounts moved back on top, unchanged.
    `mkdir -p ${q(join(l.dir, 'cgmove'))}`,
    `mount --rbind /sys/fs/cgroup ${q(join(l.dir, 'cgmove'))}`,
    'mount -t sysfs sysfs /sys',
    `mount --move ${q(join(l.dir, 'cgmove'))} /sys/fs/cgroup`,
    `mount --bind ${q(l.run)} /run`,
    `mount --bind ${q(l.varLib)} /var/lib`,
    `mount --bind ${q(l.varLog)} /var/log`,
    `mount --bind ${q(l.hosts)} /etc/hosts`,
    ...sysctls.map(([k]) => `mount --bind ${q(join(l.sysctl, k.replace('/', '.')))} /proc/sys/${k}`),
    // kubelet wants shared mount propagation for volumes; this is the private namespace's own root.
    'mount --make-rshared /',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Configuration files

export function writeNodeConfigs(
  l: NodeLayout,
  o: {cgroupRoot: string; caFile: string; sandboxImage: string; registryCert: string; registryKey: string},
): {containerd: string; kubelet: string; kubeProxy: string; registries: Record<string, string>} {
  const containerd = join(l.dir, 'containerd.toml');
  writeFileSync(
    containerd,
    `version = 2
root = "/var/lib/containerd"
state = "/run/containerd"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "/run/containerd/containerd.sock"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${o.sandboxImage}"
  # No CAP_SYS_RESOURCE here: runc cannot lower oom_score_adj below the caller's (pause asks -998).
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${l.cniConf}"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "${l.certsD}"
`,
  );
  // containerd's hosts.toml (docs/hosts.md): docker.io and registry.k8s.io resolve through the
  // open mirror; the private names go to their own registries (in /etc/hosts of the namespace).
  const hostsToml = (name: string, text: string) => {
    mkdirSync(join(l.certsD, name), {recursive: true});
    writeFileSync(join(l.certsD, name, 'hosts.toml'), text);
  };
  for (const upstream of ['docker.io', 'registry.k8s.io']) {
    hostsToml(upstream, `server = "https://${upstream}"\n\n[host."http://${MIRROR}"]\n  capabilities = ["pull", "resolve"]\n`);
  }
  hostsToml(
    'myprivateregistry.com:5000',
    `server = "http://myprivateregistry.com:5000"\n\n[host."http://myprivateregistry.com:5000"]\n  capabilities = ["pull", "resolve"]\n`,
  );
  hostsToml(
    'private-registry.io',
    `server = "https://private-registry.io"\n\n[host."https://private-registry.io"]\n  capabilities = ["pull", "resolve"]\n  ca = "${o.caFile}"\n`,
  );

  writeFileSync(
    join(l.cniConf, '10-ksn-bridge.conflist'),
    JSON.stringify(
      {
        cniVersion: '0.4.0',
        name: 'ksn',
        plugins: [
          {
            type: 'bridge',
            bridge: 'cni0',
            isGateway: true,
            ipMasq: true,
            hairpinMode: true,
            ipam: {type: 'host-local', ranges: [[{subnet: POD_CIDR}]], routes: [{dst: '0.0.0.0/0'}]},
          },
          {type: 'portmap', capabilities: {portMappings: true}},
        ],
      },
      null,
      2,
    ),
  );

  // KubeletConfiguration v1beta1 (k8s.io/kubelet/config/v1beta1/types.go).
  const kubelet = join(l.dir, 'kubelet.yaml');
  writeFileSync(
    kubelet,
    `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: ${o.cgroupRoot}
containerRuntimeEndpoint: unix:///run/containerd/containerd.sock
address: ${NODE_IP}
healthzBindAddress: 127.0.0.1
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: ${o.caFile}}
authorization: {mode: Webhook}
clusterDNS: [${CLUSTER_DNS}]
clusterDomain: cluster.local
resolvConf: ${l.resolv}
staticPodPath: ""
failSwapOn: false
protectKernelDefaults: false
makeIPTablesUtilChains: false
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
serializeImagePulls: false
enforceNodeAllocatable: [pods]
oomScoreAdj: 0
`,
  );
  // KubeProxyConfiguration v1alpha1: conntrack sysctls are global, so leave them alone (0).
  const kubeProxy = join(l.dir, 'kube-proxy.yaml');
  writeFileSync(
    kubeProxy,
    `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: ${join(l.dir, 'admin.kubeconfig')}}
mode: iptables
clusterCIDR: ${CLUSTER_CIDR}
hostnameOverride: ${NODE_NAME}
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
iptables: {localhostNodePorts: false}
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
nodePortAddresses: [primary]
`,
  );
  const htpasswd = join(l.registry, 'htpasswd');
  const lines = Object.values(PRIVATE_REGISTRIES).map((r) => {
    const out = spawnSync('htpasswd', ['-nbB', r.user, r.password], {encoding: 'utf8'});
    if (out.status !== 0) throw new Error(`htpasswd failed: ${out.stderr}`);
    return out.stdout.trim();
  });
  writeFileSync(htpasswd, lines.join('\n') + '\n', {mode: 0o600});
  // distribution v2 configuration (docs/configuration.md)
  const registry = (name: string, addr: string, storage: string, extra: string) => {
    const file = join(l.registry, `${name}.yml`);
    writeFileSync(
      file,
      `version: 0.1\nlog: {level: warn}\nstorage:\n  filesystem: {rootdirectory: ${storage}}\n  delete: {enabled: true}\nhttp:\n  addr: ${addr}\n${extra}`,
    );
    return file;
  };
  const auth = `auth:\n  htpasswd: {realm: ksn-private, path: ${htpasswd}}\n`;
  return {
    containerd,
    kubelet,
    kubeProxy,
    registries: {
      'registry-mirror': registry('mirror', MIRROR, join(l.registry, 'mirror'), ''),
      'registry-private': registry('private', PRIVATE_REGISTRIES['myprivateregistry.com:5000'].listen, join(l.registry, 'private'), auth),
      'registry-private-tls': registry(
        'private-tls',
        PRIVATE_REGISTRIES['private-registry.io'].listen,
        join(l.registry, 'private'),
        `  tls: {certificate: ${o.registryCert}, key: ${o.registryKey}}\n${auth}`,
      ),
    },
  };
}

/** kube-router as a NetworkPolicy enforcer only (pkg/options/options.go of kube-router v2.1). */
export function kubeRouterArgs(kubeconfig: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    '--run-firewall=true',
    '--run-router=false',
    '--run-service-proxy=false',
    '--run-loadbalancer=false',
    '--enable-cni=false',
    `--hostname-override=${NODE_NAME}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    `--health-port=${KUBE_ROUTER_HEALTH_PORT}`,
    '--metrics-port=0',
    '--iptables-sync-period=30s',
    '--v=1',
  ];
}

export function kubeletArgs(config: string, kubeconfig: string): string[] {
  return [
    `--config=${config}`,
    `--kubeconfig=${kubeconfig}`,
    `--hostname-override=${NODE_NAME}`,
    `--node-ip=${NODE_IP}`,
    '--root-dir=/var/lib/kubelet',
    '--v=1',
  ];
}

/** CoreDNS as in kubeadm's addon (cmd/kubeadm/app/phases/addons/dns/manifests.go), trimmed to one pod. */
export function corednsManifest(image: string): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: 'system:coredns'}
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: 'system:coredns'}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'system:coredns'}
subjects: [{kind: ServiceAccount, name: coredns, namespace: kube-system}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health :8080
        ready :8181
        kubernetes cluster.local in-addr.arpa ip6.arpa {
           pods insecure
           fallthrough in-addr.arpa ip6.arpa
        }
        cache 30
        loop
    }
---
apiVersion: v1
kind: Pod
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  serviceAccountName: coredns
  dnsPolicy: Default
  containers:
  - name: coredns
    image: ${image}
    args: ["-conf", "/etc/coredns/Corefile"]
    volumeMounts: [{name: config, mountPath: /etc/coredns}]
    ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53, protocol: TCP}]
    readinessProbe: {httpGet: {path: /ready, port: 8181}}
    securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}
  volumes: [{name: config, configMap: {name: coredns}}]
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: ${CLUSTER_DNS}
  selector: {k8s-app: kube-dns}
  ports:
  - {name: dns, port: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, protocol: TCP}
`;
}
