/**
 * `kubectl describe` for the kinds in scope, written as k8s.io/kubectl pkg/describe/describe.go
 * writes them: lines through a PrefixWriter into one tabwriter with padding 2
 * (tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)), labels and annotations by
 * printLabelsMultiline / printAnnotationsMultiline, RBAC rules broken down, compacted
 * (k8s.io/kubectl pkg/util/rbac CompactRules) and sorted by the rule's generated String method.
 */
import {displayText} from '../scalar-text';
import {isRecord} from '../is-record';
import type {Ctx} from './context';
import type {ApiResource} from './resources';
import type {KubeObject} from './store';
import {nameOf, namespaceOf} from './store';
import {tabwriteText} from './print-table';
import {formatSelector} from './print-objects';
import {resourceByName} from './api-server';
import {templateHash} from './controllers';

function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function strs(v: unknown): string[] {
  return arr(v).map(displayText);
}
/** Go's %v of a []string. */
function list(v: string[]): string {
  return `[${v.join(' ')}]`;
}

class Writer {
  text = '';
  write(level: number, s: string): void {
    this.text += '  '.repeat(level) + s;
  }
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

function labels(w: Writer, title: string, map: Record<string, unknown>): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(map).sort();
  if (!keys.length) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i) w.write(0, '\t');
    w.write(0, `${k}=${displayText(map[k])}\n`);
  });
}

function annotations(w: Writer, map: Record<string, unknown>): void {
  w.write(0, 'Annotations:\t');
  const keys = Object.keys(map)
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort();
  if (!keys.length) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i) w.write(0, '\t');
    const value = displayText(map[k]).replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
}

function header(w: Writer, o: KubeObject, withNamespace: boolean): void {
  w.write(0, `Name:\t${nameOf(o)}\n`);
  if (withNamespace) w.write(0, `Namespace:\t${namespaceOf(o)}\n`);
}

function meta(o: KubeObject): Record<string, unknown> {
  return rec(o.metadata);
}

// --- RBAC ------------------------------------------------------------------------------------

interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

/** rbac.BreakdownRule: one rule per group x resource x name, and per non-resource URL. */
function breakdown(r: Record<string, unknown>): Rule[] {
  const verbs = strs(r.verbs);
  const out: Rule[] = [];
  for (const g of strs(r.apiGroups)) {
    for (const res of strs(r.resources)) {
      const names = strs(r.resourceNames);
      if (names.length) for (const n of names) out.push({verbs, apiGroups: [g], resources: [res], resourceNames: [n], nonResourceURLs: []});
      else out.push({verbs, apiGroups: [g], resources: [res], resourceNames: [], nonResourceURLs: []});
    }
  }
  for (const u of strs(r.nonResourceURLs)) out.push({verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [u]});
  return out;
}

function compact(rules: Rule[]): Rule[] {
  const out: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple = r.apiGroups.length === 1 && r.resources.length === 1 && r.resourceNames.length <= 1 && r.nonResourceURLs.length === 0;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = `${r.apiGroups[0]}\u0000${r.resources[0]}\u0000${r.resourceNames.length}\u0000${r.resourceNames[0] ?? ''}`;
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else simple.set(key, {...r, verbs: [...r.verbs]});
  }
  return [...out, ...simple.values()];
}

/** The generated PolicyRule.String() that SortableRuleSlice compares. */
function ruleString(r: Rule): string {
  return `&PolicyRule{Verbs:${list(r.verbs)},APIGroups:${list(r.apiGroups)},Resources:${list(r.resources)},ResourceNames:${list(r.resourceNames)},NonResourceURLs:${list(r.nonResourceURLs)},}`;
}

function combineResourceGroup(resources: string[], groups: string[]): string {
  if (!resources.length) return '';
  const [head, ...rest] = resources[0].split('/');
  let combined = head;
  if (groups.length && groups[0] !== '') combined += `.${groups[0]}`;
  if (rest.length) combined += `/${rest.join('/')}`;
  return combined;
}

function goLess(a: string, b: string): number {
  // strings.Compare on UTF-8 bytes; these strings are ASCII in practice
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rules as rows (resource.group, URLs, names, verbs): broken down, compacted and sorted. */
export function ruleRows(rules: Record<string, unknown>[]): string[][] {
  const compacted = compact(rules.flatMap(breakdown));
  return compacted
    .map((r, i) => ({r, i, s: ruleString(r)}))
    .sort((a, b) => goLess(a.s, b.s) || a.i - b.i)
    .map(({r}) => [combineResourceGroup(r.resources, r.apiGroups), list(r.nonResourceURLs), list(r.resourceNames), list(r.verbs)]);
}

function describeRole(o: KubeObject): string {
  const w = new Writer();
  header(w, o, false);
  labels(w, 'Labels', rec(meta(o).labels));
  annotations(w, rec(meta(o).annotations));
  const rules = compact(arr(o.rules).map(rec).flatMap(breakdown));
  const sorted = rules.map((r, i) => ({r, i, s: ruleString(r)})).sort((a, b) => goLess(a.s, b.s) || a.i - b.i);
  w.write(0, 'PolicyRule:\n');
  w.write(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(1, '---------\t-----------------\t--------------\t-----\n');
  for (const {r} of sorted)
    w.write(1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${list(r.nonResourceURLs)}\t${list(r.resourceNames)}\t${list(r.verbs)}\n`);
  return w.text;
}

function describeBinding(o: KubeObject): string {
  const w = new Writer();
  header(w, o, false);
  labels(w, 'Labels', rec(meta(o).labels));
  annotations(w, rec(meta(o).annotations));
  const ref = rec(o.roleRef);
  w.write(0, 'Role:\n');
  w.write(1, `Kind:\t${displayText(ref.kind)}\n`);
  w.write(1, `Name:\t${displayText(ref.name)}\n`);
  w.write(0, 'Subjects:\n');
  w.write(1, 'Kind\tName\tNamespace\n');
  w.write(1, '----\t----\t---------\n');
  for (const s of arr(o.subjects).map(rec)) w.write(1, `${displayText(s.kind)}\t${displayText(s.name)}\t${displayText(s.namespace)}\n`);
  return w.text;
}

// --- core kinds --------------------------------------------------------------------------------

function describeServiceAccount(o: KubeObject, showEvents: boolean): string {
  const w = new Writer();
  header(w, o, true);
  labels(w, 'Labels', rec(meta(o).labels));
  annotations(w, rec(meta(o).annotations));
  const pulls = arr(o.imagePullSecrets).map((s) => displayText(rec(s).name));
  const mount = arr(o.secrets).map((s) => displayText(rec(s).name));
  const lines = (title: string, names: string[]) => {
    if (!names.length) {
      w.write(0, `${title}\t<none>\n`);
      return;
    }
    names.forEach((n, i) => w.write(0, `${i === 0 ? title : ''}\t${n}\n`));
  };
  lines('Image pull secrets:', pulls);
  if (mount.length) lines('Mountable secrets:', mount);
  if (showEvents) w.write(0, 'Events:\t<none>\n');
  return w.text;
}

function base64Length(b64: string): number {
  const clean = b64.replace(/[^A-Za-z0-9+/]/g, '');
  return Math.floor((clean.length * 6) / 8);
}

function describeSecret(o: KubeObject): string {
  const w = new Writer();
  header(w, o, true);
  labels(w, 'Labels', rec(meta(o).labels));
  annotations(w, rec(meta(o).annotations));
  w.write(0, `\nType:\t${displayText(o.type)}\n`);
  w.write(0, '\nData\n====\n');
  const data = rec(o.data);
  for (const k of Object.keys(data).sort()) {
    // describe.go: a service-account token is shown as it is
    if (k === 'token' && o.type === 'kubernetes.io/service-account-token') w.write(0, `${k}:\t${decodeBase64(displayText(data[k]))}\n`);
    else w.write(0, `${k}:\t${base64Length(displayText(data[k]))} bytes\n`);
  }
  return w.text;
}

function decodeBase64(b64: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const ch of b64.replace(/[^A-Za-z0-9+/]/g, '')) {
    value = (value << 6) | alphabet.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}

function describeConfigMap(o: KubeObject, showEvents: boolean): string {
  const w = new Writer();
  header(w, o, true);
  labels(w, 'Labels', rec(meta(o).labels));
  annotations(w, rec(meta(o).annotations));
  w.write(0, '\nData\n====\n');
  const data = rec(o.data);
  for (const k of Object.keys(data).sort()) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${displayText(data[k])}\n\n`);
  }
  w.write(0, '\nBinaryData\n====\n');
  for (const k of Object.keys(rec(o.binaryData)).sort()) w.write(0, `${k}: ${base64Length(displayText(rec(o.binaryData)[k]))} bytes\n`);
  w.write(0, '\n');
  if (showEvents) w.write(0, 'Events:  <none>\n');
  return w.text;
}

function describeNamespace(o: KubeObject): string {
  const w = new Writer();
  header(w, o, false);
  labels(w, 'Labels', rec(meta(o).labels));
  annotations(w, rec(meta(o).annotations));
  w.write(0, `Status:\t${displayText(rec(o.status).phase)}\n`);
  w.write(0, '\nNo resource quota.\n');
  w.write(0, '\nNo LimitRange resource.\n');
  return w.text;
}

/** metav1.Time's String method: "2006-01-02 15:04:05 -0700 MST". */
function goTime(ts: unknown): string {
  const t = displayText(ts);
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)Z$/.exec(t);
  return m ? `${m[1]} ${m[2]} +0000 UTC` : t;
}

function peers(w: Writer, rules: unknown[], indent: string, dir: 'ingress' | 'egress'): void {
  if (!rules.length) {
    w.write(0, `${indent}<none> (Selected pods are isolated for ${dir} connectivity)\n`);
    return;
  }
  const peerWord = dir === 'ingress' ? 'From' : 'To';
  rules.map(rec).forEach((rule, i) => {
    const ports = arr(rule.ports).map(rec);
    if (!ports.length) w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const p of ports) {
      const proto = p.protocol === undefined ? 'TCP' : displayText(p.protocol);
      const port = p.port === undefined ? '<nil>' : displayText(p.port);
      if (p.endPort === undefined) w.write(0, `${indent}To Port: ${port}/${proto}\n`);
      else w.write(0, `${indent}To Port Range: ${port}-${displayText(p.endPort)}/${proto}\n`);
    }
    const list2 = arr(rule[dir === 'ingress' ? 'from' : 'to']).map(rec);
    if (!list2.length) w.write(0, `${indent}${peerWord}: <any> (traffic not restricted by ${dir === 'ingress' ? 'source' : 'destination'})\n`);
    for (const peer of list2) {
      w.write(0, `${indent}${peerWord}:\n`);
      if (peer.podSelector !== undefined && peer.namespaceSelector !== undefined) {
        w.write(1, `${indent}NamespaceSelector: ${formatSelector(peer.namespaceSelector)}\n`);
        w.write(1, `${indent}PodSelector: ${formatSelector(peer.podSelector)}\n`);
      } else if (peer.podSelector !== undefined) w.write(1, `${indent}PodSelector: ${formatSelector(peer.podSelector)}\n`);
      else if (peer.namespaceSelector !== undefined) w.write(1, `${indent}NamespaceSelector: ${formatSelector(peer.namespaceSelector)}\n`);
      else if (peer.ipBlock !== undefined) {
        w.write(1, `${indent}IPBlock:\n`);
        w.write(2, `${indent}CIDR: ${displayText(rec(peer.ipBlock).cidr)}\n`);
        w.write(2, `${indent}Except: ${strs(rec(peer.ipBlock).except).join(', ')}\n`);
      }
    }
    if (i !== rules.length - 1) w.write(0, `${indent}----------\n`);
  });
}

function describeNetworkPolicy(o: KubeObject): string {
  const w = new Writer();
  header(w, o, true);
  w.write(0, `Created on:\t${goTime(meta(o).creationTimestamp)}\n`);
  labels(w, 'Labels', rec(meta(o).labels));
  annotations(w, rec(meta(o).annotations));
  const spec = rec(o.spec);
  w.write(0, 'Spec:\n');
  w.write(1, 'PodSelector: ');
  const sel = rec(spec.podSelector);
  if (!Object.keys(rec(sel.matchLabels)).length && !arr(sel.matchExpressions).length)
    w.write(2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  else w.write(2, `${formatSelector(sel)}\n`);
  const types = strs(spec.policyTypes);
  if (types.includes('Ingress')) {
    w.write(1, 'Allowing ingress traffic:\n');
    peers(w, arr(spec.ingress), '    ', 'ingress');
  } else w.write(1, 'Not affecting ingress traffic\n');
  if (types.includes('Egress')) {
    w.write(1, 'Allowing egress traffic:\n');
    peers(w, arr(spec.egress), '    ', 'egress');
  } else w.write(1, 'Not affecting egress traffic\n');
  w.write(1, `Policy Types: ${types.join(', ')}\n`);
  return w.text;
}

// --- Deployment (describe.go describeDeployment, DescribePodTemplate, describeContainers) --------

/** time.RFC1123Z of an RFC 3339 timestamp: "Mon, 02 Jan 2006 15:04:05 -0700". */
function rfc1123z(ts: unknown): string {
  const d = new Date(displayText(ts));
  if (Number.isNaN(d.getTime())) return displayText(ts);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => displayText(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

const optionalOf = (v: unknown) => (rec(v).optional === true ? 'true' : 'false');

function describeVolumes(w: Writer, volumes: Record<string, unknown>[], space: string): void {
  if (!volumes.length) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  const nameIndent = space ? ' ' : '';
  for (const v of volumes) {
    w.write(1, `${nameIndent}${displayText(v.name)}:\n`);
    if (v.hostPath !== undefined) {
      const hp = rec(v.hostPath);
      w.write(
        2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${displayText(hp.path)}\n    HostPathType:\t${hp.type === undefined ? '<none>' : displayText(hp.type)}\n`,
      );
    } else if (v.emptyDir !== undefined) {
      const ed = rec(v.emptyDir);
      w.write(
        2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${ed.medium === undefined ? '' : displayText(ed.medium)}\n    SizeLimit:\t${ed.sizeLimit === undefined ? '<unset>' : displayText(ed.sizeLimit)}\n`,
      );
    } else if (v.secret !== undefined) {
      const sv = rec(v.secret);
      w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${displayText(sv.secretName ?? '')}\n    Optional:\t${optionalOf(sv)}\n`);
    } else if (v.configMap !== undefined) {
      const cm = rec(v.configMap);
      w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${displayText(cm.name ?? '')}\n    Optional:\t${optionalOf(cm)}\n`);
    } else if (v.projected !== undefined) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const src of arr(rec(v.projected).sources).map(rec)) {
        if (src.secret !== undefined) w.write(2, `SecretName:\t${displayText(rec(src.secret).name ?? '')}\n    Optional:\t${optionalOf(src.secret)}\n`);
        else if (src.downwardAPI !== undefined) w.write(2, 'DownwardAPI:\ttrue\n');
        else if (src.configMap !== undefined)
          w.write(2, `ConfigMapName:\t${displayText(rec(src.configMap).name ?? '')}\n    Optional:\t${optionalOf(src.configMap)}\n`);
        else if (src.serviceAccountToken !== undefined) w.write(2, `TokenExpirationSeconds:\t${displayText(rec(src.serviceAccountToken).expirationSeconds)}\n`);
      }
    } else if (v.persistentVolumeClaim !== undefined) {
      const c = rec(v.persistentVolumeClaim);
      w.write(
        2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${displayText(c.claimName ?? '')}\n    ReadOnly:\t${c.readOnly === true}\n`,
      );
    } else w.write(2, `<unknown>\n`);
  }
}

function ports(list: Record<string, unknown>[], field: 'containerPort' | 'hostPort'): string {
  return list
    .map((p) => {
      const s = `${displayText(p[field] ?? 0)}/${displayText(p.protocol ?? 'TCP')}`;
      return p.name ? `${s} (${displayText(p.name)})` : s;
    })
    .join(', ');
}

/** resource.Quantity's String of a value as written (the lab keeps the canonical text it was given). */
function describeResources(w: Writer, resources: Record<string, unknown>): void {
  for (const part of ['limits', 'requests'] as const) {
    const m = rec(resources[part]);
    const keys = Object.keys(m).sort();
    if (!keys.length) continue;
    w.write(2, `${part === 'limits' ? 'Limits' : 'Requests'}:\n`);
    for (const k of keys) w.write(3, `${k}:\t${displayText(m[k])}\n`);
  }
}

function describeContainers(w: Writer, label: string, containers: Record<string, unknown>[], space: string): void {
  w.write(0, `${space}${label}:${containers.length ? '' : ' <none>'}\n`);
  const nameIndent = space ? ' ' : '';
  for (const c of containers) {
    w.write(1, `${nameIndent}${displayText(c.name)}:\n`);
    w.write(2, `Image:\t${displayText(c.image ?? '')}\n`);
    const ps = arr(c.ports).map(rec);
    const cp = ports(ps, 'containerPort');
    const hp = ports(ps, 'hostPort');
    w.write(2, cp.includes(',') ? `Ports:\t${cp}\n` : `Port:\t${cp || '<none>'}\n`);
    w.write(2, hp.includes(',') ? `Host Ports:\t${hp}\n` : `Host Port:\t${hp || '<none>'}\n`);
    const seccomp = rec(rec(c.securityContext).seccompProfile);
    if (rec(c.securityContext).seccompProfile !== undefined) {
      w.write(2, `SeccompProfile:\t${displayText(seccomp.type)}\n`);
      if (seccomp.type === 'Localhost') w.write(3, `LocalhostProfile:\t${displayText(seccomp.localhostProfile)}\n`);
    }
    for (const [field, title] of [
      ['command', 'Command'],
      ['args', 'Args'],
    ] as const) {
      const items = strs(c[field]);
      if (!items.length) continue;
      w.write(2, `${title}:\n`);
      for (const item of items) for (const line of item.split('\n')) w.write(3, `${line}\n`);
    }
    describeResources(w, rec(c.resources));
    const envFrom = arr(c.envFrom).map(rec);
    if (envFrom.length) {
      w.write(2, 'Environment Variables from:\n');
      for (const e of envFrom) {
        const ref = e.configMapRef !== undefined ? rec(e.configMapRef) : rec(e.secretRef);
        const from = e.configMapRef !== undefined ? 'ConfigMap' : e.secretRef !== undefined ? 'Secret' : '';
        const prefix = displayText(e.prefix ?? '');
        w.write(3, `${displayText(ref.name ?? '')}\t${from}${prefix ? ` with prefix '${prefix}'` : ''}\tOptional: ${optionalOf(ref)}\n`);
      }
    }
    const env = arr(c.env).map(rec);
    w.write(2, `Environment:${env.length ? '' : '\t<none>'}\n`);
    for (const e of env) {
      const name = displayText(e.name);
      const from = rec(e.valueFrom);
      if (e.valueFrom === undefined) {
        displayText(e.value ?? '')
          .split('\n')
          .forEach((line, i) => w.write(3, i === 0 ? `${name}:\t${line}\n` : `\t${line}\n`));
      } else if (from.fieldRef !== undefined) {
        // a template has no pod to resolve the field from: kubectl prints an empty value
        w.write(3, `${name}:\t (${displayText(rec(from.fieldRef).apiVersion ?? '')}:${displayText(rec(from.fieldRef).fieldPath)})\n`);
      } else if (from.secretKeyRef !== undefined) {
        const r = rec(from.secretKeyRef);
        w.write(3, `${name}:\t<set to the key '${displayText(r.key)}' in secret '${displayText(r.name ?? '')}'>\tOptional: ${optionalOf(r)}\n`);
      } else if (from.configMapKeyRef !== undefined) {
        const r = rec(from.configMapKeyRef);
        w.write(3, `${name}:\t<set to the key '${displayText(r.key)}' of config map '${displayText(r.name ?? '')}'>\tOptional: ${optionalOf(r)}\n`);
      }
    }
    const mounts = arr(c.volumeMounts)
      .map(rec)
      .sort((a, b) => goLess(displayText(a.mountPath), displayText(b.mountPath)));
    w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly === true ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path=${JSON.stringify(displayText(m.subPath))}`);
      w.write(3, `${displayText(m.mountPath)} from ${displayText(m.name)} (${flags.join(',')})\n`);
    }
  }
}

function tolerationsLine(w: Writer, title: string, tolerations: Record<string, unknown>[]): void {
  w.write(0, `${title}:\t`);
  if (!tolerations.length) {
    w.write(0, '<none>\n');
    return;
  }
  [...tolerations]
    .sort((a, b) => goLess(displayText(a.key ?? ''), displayText(b.key ?? '')))
    .forEach((t, i) => {
      if (i) w.write(0, '\t');
      let s = displayText(t.key ?? '');
      if (t.value) s += `=${displayText(t.value)}`;
      if (t.effect) s += `:${displayText(t.effect)}`;
      if (t.operator === 'Exists' && !t.value) s += t.key ? ' op=Exists' : 'op=Exists';
      if (t.tolerationSeconds !== undefined) s += ` for ${displayText(t.tolerationSeconds)}s`;
      w.write(0, `${s}\n`);
    });
}

function describePodTemplate(w: Writer, template: Record<string, unknown>): void {
  const tm = rec(template.metadata);
  const spec = rec(template.spec);
  w.write(0, 'Pod Template:\n');
  labels(w, '  Labels', rec(tm.labels));
  if (Object.keys(rec(tm.annotations)).length) {
    // printAnnotationsMultiline with the title "  Annotations"
    const inner = new Writer();
    annotations(inner, rec(tm.annotations));
    w.text += `  ${inner.text}`;
  }
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${displayText(spec.serviceAccountName)}\n`);
  if (arr(spec.initContainers).length) describeContainers(w, 'Init Containers', arr(spec.initContainers).map(rec), '  ');
  describeContainers(w, 'Containers', arr(spec.containers).map(rec), '  ');
  describeVolumes(w, arr(spec.volumes).map(rec), '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${displayText(spec.priorityClassName)}\n`);
  labels(w, '  Node-Selectors', rec(spec.nodeSelector));
  tolerationsLine(w, '  Tolerations', arr(spec.tolerations).map(rec));
}

/**
 * DescribeEvents: "Events:\t<none>" goes through the same writer as the lines before it; a
 * table of events follows a Flush, as its own tab-aligned block.
 */
function writeEvents(ctx: Ctx, w: Writer, uid: unknown): string {
  const events = ctx.server.events.filter((e) => e.uid === displayText(uid));
  if (!events.length) {
    w.write(0, 'Events:\t<none>\n');
    return tabwriteText(w.text, 2);
  }
  const e2 = new Writer();
  e2.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  e2.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of events) e2.write(1, `${e.type}\t${e.reason}\t${age(ctx, e.time)}\t${e.source}\t${e.message}\n`);
  return tabwriteText(w.text, 2) + tabwriteText(e2.text, 2);
}

function age(ctx: Ctx, time: string): string {
  const secs = Math.max(0, Math.floor((ctx.now.getTime() - new Date(time).getTime()) / 1000));
  // duration.HumanDuration for the short ages a lab reaches
  if (secs < 120) return `${secs}s`;
  if (secs < 600) return `${Math.floor(secs / 60)}m${secs % 60 ? `${secs % 60}s` : ''}`;
  return `${Math.floor(secs / 60)}m`;
}

function intOrString(v: unknown): string {
  return displayText(v);
}

function describeDeployment(ctx: Ctx, o: KubeObject, showEvents: boolean): string {
  const w = new Writer();
  const m = meta(o);
  const spec = rec(o.spec);
  const status = rec(o.status);
  header(w, o, true);
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
  labels(w, 'Labels', rec(m.labels));
  annotations(w, rec(m.annotations));
  const selector = formatSelector(spec.selector);
  w.write(0, `Selector:\t${selector === '<none>' ? '' : selector}\n`);
  const n = (v: unknown) => displayText(v ?? 0);
  w.write(
    0,
    `Replicas:\t${n(spec.replicas ?? 1)} desired | ${n(status.updatedReplicas)} updated | ${n(status.replicas)} total | ${n(status.availableReplicas)} available | ${n(status.unavailableReplicas)} unavailable\n`,
  );
  const strategy = rec(spec.strategy);
  w.write(0, `StrategyType:\t${displayText(strategy.type ?? '')}\n`);
  w.write(0, `MinReadySeconds:\t${n(spec.minReadySeconds)}\n`);
  if (strategy.rollingUpdate !== undefined) {
    const ru = rec(strategy.rollingUpdate);
    w.write(0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable ?? 0)} max unavailable, ${intOrString(ru.maxSurge ?? 0)} max surge\n`);
  }
  describePodTemplate(w, rec(spec.template));
  const conditions = arr(status.conditions).map(rec);
  if (conditions.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of conditions) w.write(1, `${displayText(c.type)} \t${displayText(c.status)}\t${displayText(c.reason ?? '')}\n`);
  }
  // deploymentutil.GetAllReplicaSetsInChunks: the ReplicaSets the Deployment controls; the new one
  // has the template's hash
  const owned = ctx.server.store
    .list(resourceByName('replicasets', 'apps'), namespaceOf(o))
    .filter((rs) => arr(meta(rs).ownerReferences).some((r) => rec(r).uid === m.uid && rec(r).controller === true));
  if (owned.length) {
    const hash = templateHash(JSON.stringify(spec.template ?? {}));
    const isNew = (rs: KubeObject) => rec(meta(rs).labels)['pod-template-hash'] === hash;
    const show = (list: KubeObject[]) =>
      list.map((rs) => `${nameOf(rs)} (${n(rec(rs.status).replicas)}/${n(rec(rs.spec).replicas)} replicas created)`).join(', ') || '<none>';
    w.write(0, `OldReplicaSets:\t${show(owned.filter((rs) => !isNew(rs)))}\n`);
    w.write(0, `NewReplicaSet:\t${show(owned.filter(isNew))}\n`);
  }
  return showEvents ? writeEvents(ctx, w, m.uid) : tabwriteText(w.text, 2);
}

/** describe.go describePod, for the pods the lab has: not scheduled (no node), no container status. */
function describePod(ctx: Ctx, o: KubeObject, showEvents: boolean): string {
  const w = new Writer();
  const m = meta(o);
  const spec = rec(o.spec);
  const status = rec(o.status);
  header(w, o, true);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${displayText(spec.priority)}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${displayText(spec.priorityClassName)}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${displayText(spec.runtimeClassName)}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${displayText(spec.serviceAccountName)}\n`);
  w.write(0, spec.nodeName ? `Node:\t${displayText(spec.nodeName)}/${displayText(status.hostIP ?? '')}\n` : 'Node:\t<none>\n');
  if (status.startTime !== undefined) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  labels(w, 'Labels', rec(m.labels));
  annotations(w, rec(m.annotations));
  w.write(0, `Status:\t${displayText(status.phase ?? '')}\n`);
  if (status.reason) w.write(0, `Reason:\t${displayText(status.reason)}\n`);
  if (status.message) w.write(0, `Message:\t${displayText(status.message)}\n`);
  const seccomp = rec(rec(spec.securityContext).seccompProfile);
  if (rec(spec.securityContext).seccompProfile !== undefined) {
    w.write(0, `SeccompProfile:\t${displayText(seccomp.type)}\n`);
    if (seccomp.type === 'Localhost') w.write(0, `LocalhostProfile:\t${displayText(seccomp.localhostProfile)}\n`);
  }
  w.write(0, `IP:\t${displayText(status.podIP ?? '')}\n`);
  const ips = arr(status.podIPs).map(rec);
  if (!ips.length) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${displayText(ip.ip)}\n`);
  }
  const controller = arr(m.ownerReferences)
    .map(rec)
    .find((r) => r.controller === true);
  if (controller) w.write(0, `Controlled By:\t${displayText(controller.kind)}/${displayText(controller.name)}\n`);
  if (arr(spec.initContainers).length) describeContainers(w, 'Init Containers', arr(spec.initContainers).map(rec), '');
  describeContainers(w, 'Containers', arr(spec.containers).map(rec), '');
  const conditions = arr(status.conditions).map(rec);
  if (conditions.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(1, `${displayText(c.type)} \t${displayText(c.status)} \n`);
  }
  describeVolumes(w, arr(spec.volumes).map(rec), '');
  w.write(0, `QoS Class:\t${displayText(status.qosClass ?? 'BestEffort')}\n`);
  labels(w, 'Node-Selectors', rec(spec.nodeSelector));
  tolerationsLine(w, 'Tolerations', arr(spec.tolerations).map(rec));
  return showEvents ? writeEvents(ctx, w, m.uid) : tabwriteText(w.text, 2);
}

function describeGeneric(o: KubeObject): string {
  const w = new Writer();
  header(w, o, !!namespaceOf(o));
  labels(w, 'Labels', rec(meta(o).labels));
  annotations(w, rec(meta(o).annotations));
  return w.text;
}

/** One object's describe text (tab-aligned; ends with a line break). */
export function describe(ctx: Ctx, r: ApiResource, o: KubeObject, showEvents = true): string {
  let text: string;
  switch (`${r.group}/${r.name}`) {
    // aligned already: DescribeEvents flushes the writer before a table of events
    case 'apps/deployments':
      return describeDeployment(ctx, o, showEvents);
    case '/pods':
      return describePod(ctx, o, showEvents);
    case 'rbac.authorization.k8s.io/roles':
    case 'rbac.authorization.k8s.io/clusterroles':
      text = describeRole(o);
      break;
    case 'rbac.authorization.k8s.io/rolebindings':
    case 'rbac.authorization.k8s.io/clusterrolebindings':
      text = describeBinding(o);
      break;
    case '/serviceaccounts':
      text = describeServiceAccount(o, showEvents);
      break;
    case '/secrets':
      text = describeSecret(o);
      break;
    case '/configmaps':
      text = describeConfigMap(o, showEvents);
      break;
    case '/namespaces':
      text = describeNamespace(o);
      break;
    case 'networking.k8s.io/networkpolicies':
      text = describeNetworkPolicy(o);
      break;
    default:
      text = describeGeneric(o);
  }
  return tabwriteText(text, 2);
}
