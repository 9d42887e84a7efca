/**
 * Warnings: what the API server accepts but a reviewer would flag. None of these changes whether
 * the server accepts the object; each says why it matters.
 */
import type {Reporter} from '../reporter';
import {selectorContradicts, selectorIsEmpty} from './object-meta';
import {matchesLabelSelector as selectorMatches} from '../../netpol/label-selector';
import {arr, has, obj, objItems, str, strMap, type Obj} from './values';

/** Linux capability names (capabilities(7)), as Kubernetes wants them: no CAP_ prefix, upper case. */
const CAPABILITIES = new Set([
  'ALL',
  'AUDIT_CONTROL',
  'AUDIT_READ',
  'AUDIT_WRITE',
  'BLOCK_SUSPEND',
  'BPF',
  'CHECKPOINT_RESTORE',
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'IPC_LOCK',
  'IPC_OWNER',
  'KILL',
  'LEASE',
  'LINUX_IMMUTABLE',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'MKNOD',
  'NET_ADMIN',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_RAW',
  'PERFMON',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_CHROOT',
  'SYS_MODULE',
  'SYS_NICE',
  'SYS_PACCT',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'SYSLOG',
  'WAKE_ALARM',
]);

/** Where the pod specs of an object are, with the pod labels they get. */
export function podSpecsOf(kind: string, o: Obj): {path: (string | number)[]; spec: Obj; labels: Record<string, string>}[] {
  const spec = obj(o.spec) ?? {};
  const labelsOf = (meta: unknown) => Object.fromEntries(strMap(obj(meta)?.labels));
  switch (kind) {
    case 'Pod':
      return [{path: ['spec'], spec, labels: labelsOf(o.metadata)}];
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job': {
      const t = obj(spec.template) ?? {};
      return [{path: ['spec', 'template', 'spec'], spec: obj(t.spec) ?? {}, labels: labelsOf(t.metadata)}];
    }
    case 'CronJob': {
      const t = obj(obj(obj(spec.jobTemplate)?.spec)?.template) ?? {};
      return [{path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], spec: obj(t.spec) ?? {}, labels: labelsOf(t.metadata)}];
    }
  }
  return [];
}

/** Container-level warnings for every pod spec of the object. */
export function warnPodSpecs(r: Reporter, kind: string, o: Obj): void {
  for (const {path, spec} of podSpecsOf(kind, o)) {
    const podSC = obj(spec.securityContext) ?? {};
    for (const list of ['initContainers', 'containers'] as const) {
      for (const [c, i] of objItems(spec[list])) {
        const p = [...path, list, i];
        warnImage(r, [...p, 'image'], c.image);
        const sc = obj(c.securityContext) ?? {};
        const caps = obj(sc.capabilities) ?? {};
        for (const field of ['add', 'drop']) {
          arr(caps[field]).forEach((cap, j) => {
            if (typeof cap !== 'string') return;
            const cp = [...p, 'securityContext', 'capabilities', field, j];
            const upper = cap.toUpperCase();
            const bare = upper.startsWith('CAP_') ? upper.slice(4) : upper;
            if (cap.toUpperCase().startsWith('CAP_') && CAPABILITIES.has(bare)) {
              r.report('CAPABILITY_PREFIXED', cp, {value: cap, suggestion: bare});
            } else if (cap !== upper && CAPABILITIES.has(upper)) {
              r.report('CAPABILITY_LOWERCASE', cp, {value: cap, suggestion: upper});
            } else if (!CAPABILITIES.has(upper)) {
              r.report('CAPABILITY_UNKNOWN', cp, {value: cap});
            }
          });
        }
        // The effective values: the container's setting wins over the pod's.
        const runAsNonRoot = has(sc, 'runAsNonRoot') ? sc.runAsNonRoot : podSC.runAsNonRoot;
        const runAsUser = has(sc, 'runAsUser') ? sc.runAsUser : podSC.runAsUser;
        if (runAsNonRoot === true && runAsUser === 0) {
          r.report('RUN_AS_ROOT_CONFLICT', [...p, 'securityContext'], {container: str(c.name)});
        }
        // pkg/api/pod/warnings.go: "hides previous definition of ..."
        const names = new Set<string>();
        for (const [ev, j] of objItems(c.env)) {
          const name = str(ev.name);
          if (name !== '' && names.has(name)) r.report('DUPLICATE_ENV_VAR', [...p, 'env', j, 'name'], {value: name});
          names.add(name);
        }
      }
    }
  }
}

function warnImage(r: Reporter, path: (string | number)[], image: unknown): void {
  if (typeof image !== 'string' || image.trim() === '') return;
  if (image.includes('@')) return; // pinned by digest
  const lastSlash = image.lastIndexOf('/');
  const lastPart = image.slice(lastSlash + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon < 0) r.report('IMAGE_UNTAGGED', path, {image});
  else if (lastPart.slice(colon + 1) === 'latest') r.report('IMAGE_TAG_LATEST', path, {image});
}

/** Pods (or pod templates) of the whole manifest, by namespace, for policy warnings. */
export interface ManifestPods {
  /** Namespace ('' and 'default' are the same here) -> label sets of the pods defined there. */
  byNamespace: Map<string, Record<string, string>[]>;
}

export function namespaceKey(ns: string): string {
  return ns === '' ? 'default' : ns;
}

/** NetworkPolicy warnings: contradictory selectors, and a podSelector that matches none of the pods defined alongside. */
export function warnNetworkPolicy(r: Reporter, o: Obj, pods: ManifestPods): void {
  const spec = obj(o.spec) ?? {};
  const check = (path: (string | number)[], sel: unknown) => {
    if (sel !== undefined && selectorContradicts(sel)) r.report('SELECTOR_MATCHES_NOTHING', path);
  };
  check(['spec', 'podSelector'], spec.podSelector);
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    for (const [rule, i] of objItems(spec[dir])) {
      for (const [peer, j] of objItems(rule[peers])) {
        check(['spec', dir, i, peers, j, 'podSelector'], peer.podSelector);
        check(['spec', dir, i, peers, j, 'namespaceSelector'], peer.namespaceSelector);
      }
    }
  }
  const ns = namespaceKey(str(obj(o.metadata)?.namespace));
  const here = pods.byNamespace.get(ns) ?? [];
  if (here.length > 0 && has(spec, 'podSelector') && !selectorIsEmpty(spec.podSelector) && !here.some((labels) => selectorMatches(spec.podSelector, labels))) {
    r.report('POLICY_SELECTS_NO_POD_IN_MANIFEST', ['spec', 'podSelector'], {namespace: ns});
  }
}
