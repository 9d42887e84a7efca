/**
 * The columns `kubectl get` shows per kind, as the server's table convertor builds them
 * (pkg/printers/internalversion/printers.go, AddHandlers: podColumnDefinitions,
 * deploymentColumnDefinitions, roleBindingsColumnDefinitions, ...), and the default
 * "NAME CREATED AT" table for kinds without one (k8s.io/apiserver pkg/registry/rest/table.go).
 */
import {displayText} from '../scalar-text';
import {isRecord} from '../is-record';
import type {ApiResource} from './resources';
import type {KubeObject} from './store';
import {labelsOfObject, nameOf} from './store';
import {age} from './print-table';

export interface Columns {
  headers: string[];
  cells: (o: KubeObject, now: Date) => string[];
  wideHeaders?: string[];
  wideCells?: (o: KubeObject) => string[];
}

const ts = (o: KubeObject) => (isRecord(o.metadata) ? o.metadata.creationTimestamp : undefined);
const created = (o: KubeObject) => displayText(ts(o) ?? '<unknown>');

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

/** metav1.FormatLabelSelector. */
export function formatSelector(selector: unknown): string {
  const s = rec(selector);
  const parts: string[] = [];
  const ml = rec(s.matchLabels);
  for (const k of Object.keys(ml).sort()) parts.push(`${k}=${displayText(ml[k])}`);
  for (const e of arr(s.matchExpressions)) {
    const x = rec(e);
    const values = arr(x.values).map(String);
    switch (x.operator) {
      case 'In':
        parts.push(`${x.key} in (${values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${x.key} notin (${values.join(',')})`);
        break;
      case 'Exists':
        parts.push(displayText(x.key));
        break;
      case 'DoesNotExist':
        parts.push(`!${x.key}`);
        break;
    }
  }
  const text = parts.join(',');
  return text === '' ? '<none>' : text;
}

function subjectNames(o: KubeObject, kind: string): string {
  return arr(o.subjects)
    .map(rec)
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : displayText(s.name)))
    .join(', ');
}

function podReady(o: KubeObject): string {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const total = arr(spec.containers).length;
  const ready = arr(status.containerStatuses).filter((c) => rec(c).ready === true).length;
  return `${ready}/${total}`;
}

function podStatus(o: KubeObject): string {
  const status = rec(o.status);
  if (isRecord(o.metadata) && o.metadata.deletionTimestamp) return 'Terminating';
  return displayText(status.reason ?? status.phase ?? 'Unknown');
}

const COLUMNS: Record<string, Columns> = {
  '/pods': {
    headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    cells: (o, now) => [
      nameOf(o),
      podReady(o),
      podStatus(o),
      displayText(arr(rec(o.status).containerStatuses).reduce((n: number, c) => n + Number(rec(c).restartCount ?? 0), 0)),
      age(ts(o), now),
    ],
    wideHeaders: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    wideCells: (o) => [
      displayText(rec(o.status).podIP ?? '<none>'),
      displayText(rec(o.spec).nodeName ?? '<none>'),
      displayText(rec(o.status).nominatedNodeName ?? '<none>'),
      arr(rec(o.spec).readinessGates).length ? displayText(arr(rec(o.spec).readinessGates).length) : '<none>',
    ],
  },
  'apps/deployments': {
    headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    cells: (o, now) => {
      const s = rec(o.status);
      return [
        nameOf(o),
        `${Number(s.readyReplicas ?? 0)}/${Number(rec(o.spec).replicas ?? 0)}`,
        displayText(Number(s.updatedReplicas ?? 0)),
        displayText(Number(s.availableReplicas ?? 0)),
        age(ts(o), now),
      ];
    },
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    wideCells: (o) => {
      const containers = arr(rec(rec(rec(o.spec).template).spec).containers).map(rec);
      return [
        containers.map((c) => displayText(c.name)).join(','),
        containers.map((c) => displayText(c.image)).join(','),
        formatSelector(rec(o.spec).selector),
      ];
    },
  },
  'apps/replicasets': {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    cells: (o, now) => {
      const st = rec(o.status);
      return [
        nameOf(o),
        displayText(Number(rec(o.spec).replicas ?? 0)),
        displayText(Number(st.replicas ?? 0)),
        displayText(Number(st.readyReplicas ?? 0)),
        age(ts(o), now),
      ];
    },
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    wideCells: (o) => {
      const containers = arr(rec(rec(rec(o.spec).template).spec).containers).map(rec);
      return [
        containers.map((c) => displayText(c.name)).join(','),
        containers.map((c) => displayText(c.image)).join(','),
        formatSelector(rec(o.spec).selector),
      ];
    },
  },
  '/namespaces': {headers: ['NAME', 'STATUS', 'AGE'], cells: (o, now) => [nameOf(o), displayText(rec(o.status).phase ?? ''), age(ts(o), now)]},
  '/serviceaccounts': {headers: ['NAME', 'AGE'], cells: (o, now) => [nameOf(o), age(ts(o), now)]},
  '/secrets': {
    headers: ['NAME', 'TYPE', 'DATA', 'AGE'],
    cells: (o, now) => [nameOf(o), displayText(o.type ?? ''), displayText(Object.keys(rec(o.data)).length), age(ts(o), now)],
  },
  '/configmaps': {
    headers: ['NAME', 'DATA', 'AGE'],
    cells: (o, now) => [nameOf(o), displayText(Object.keys(rec(o.data)).length + Object.keys(rec(o.binaryData)).length), age(ts(o), now)],
  },
  '/services': {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    cells: (o, now) => {
      const spec = rec(o.spec);
      const ports = arr(spec.ports)
        .map(rec)
        .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
      return [
        nameOf(o),
        displayText(spec.type ?? ''),
        displayText(spec.clusterIP ?? '<none>'),
        '<none>',
        ports.length ? ports.join(',') : '<none>',
        age(ts(o), now),
      ];
    },
    wideHeaders: ['SELECTOR'],
    wideCells: (o) => {
      const sel = rec(rec(o.spec).selector);
      const keys = Object.keys(sel).sort();
      return [keys.length ? keys.map((k) => `${k}=${sel[k]}`).join(',') : '<none>'];
    },
  },
  'networking.k8s.io/networkpolicies': {
    headers: ['NAME', 'POD-SELECTOR', 'AGE'],
    cells: (o, now) => [nameOf(o), formatSelector(rec(o.spec).podSelector).replace('<none>', '<none>'), age(ts(o), now)],
  },
  'rbac.authorization.k8s.io/roles': {headers: ['NAME', 'CREATED AT'], cells: (o) => [nameOf(o), created(o)]},
  'rbac.authorization.k8s.io/clusterroles': {headers: ['NAME', 'CREATED AT'], cells: (o) => [nameOf(o), created(o)]},
  'rbac.authorization.k8s.io/rolebindings': {
    headers: ['NAME', 'ROLE', 'AGE'],
    cells: (o, now) => [nameOf(o), `${rec(o.roleRef).kind}/${rec(o.roleRef).name}`, age(ts(o), now)],
    wideHeaders: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
    wideCells: (o) => [subjectNames(o, 'User'), subjectNames(o, 'Group'), subjectNames(o, 'ServiceAccount')],
  },
  'rbac.authorization.k8s.io/clusterrolebindings': {
    headers: ['NAME', 'ROLE', 'AGE'],
    cells: (o, now) => [nameOf(o), `${rec(o.roleRef).kind}/${rec(o.roleRef).name}`, age(ts(o), now)],
    wideHeaders: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
    wideCells: (o) => [subjectNames(o, 'User'), subjectNames(o, 'Group'), subjectNames(o, 'ServiceAccount')],
  },
};

const DEFAULT_COLUMNS: Columns = {headers: ['NAME', 'CREATED AT'], cells: (o) => [nameOf(o), created(o)]};

export function columnsFor(resource: ApiResource): Columns {
  return COLUMNS[`${resource.group}/${resource.name}`] ?? DEFAULT_COLUMNS;
}

/** --show-labels: k=v sorted by key, or <none>. */
export function labelText(o: KubeObject): string {
  const labels = labelsOfObject(o);
  const keys = Object.keys(labels).sort();
  return keys.length ? keys.map((k) => `${k}=${labels[k]}`).join(',') : '<none>';
}
