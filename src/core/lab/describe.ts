/** `kubectl describe` (k8s.io/kubectl pkg/describe/describe.go): the describers of the kinds in scope. */
import {displayText} from '../scalar-text';
import {isRecord} from '../assertions/objects';
import type {Ctx} from './context';
import type {ApiResource} from './resources';
import type {KubeObject} from './store';
import {nameOf, namespaceOf} from './store';
import {tabwrite} from './print-table';

function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** printLabelsMultiline: "<none>" or one key=value per line, sorted, continued lines indented. */
function multiline(title: string, map: Record<string, unknown>, width = 14): string[] {
  const keys = Object.keys(map).sort();
  const pad = (s: string) => s + ' '.repeat(Math.max(1, width - s.length));
  if (!keys.length) return [`${pad(`${title}:`)}<none>`];
  return keys.map((k, i) => `${i === 0 ? pad(`${title}:`) : ' '.repeat(width)}${k}=${displayText(map[k])}`);
}

function annotationsShown(o: KubeObject): Record<string, unknown> {
  const a = {...rec(rec(o.metadata).annotations)};
  delete a['kubectl.kubernetes.io/last-applied-configuration'];
  return a;
}

function describeRole(o: KubeObject): string {
  const lines = [`Name:         ${nameOf(o)}`, ...multiline('Labels', rec(rec(o.metadata).labels)), ...multiline('Annotations', annotationsShown(o)), 'PolicyRule:'];
  const rows: string[][] = [['  Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'], ['  ---------', '-----------------', '--------------', '-----']];
  // describe.go: one row per (resource.group) with merged names/verbs; non-resource URLs after
  const rules = arr(o.rules).map(rec);
  const entries: {res: string; urls: string; names: string; verbs: string}[] = [];
  for (const r of rules) {
    const verbs = `[${arr(r.verbs).join(' ')}]`;
    const names = `[${arr(r.resourceNames).join(' ')}]`;
    if (arr(r.nonResourceURLs).length) {
      entries.push({res: '', urls: `[${arr(r.nonResourceURLs).join(' ')}]`, names, verbs});
      continue;
    }
    for (const g of arr(r.apiGroups).map(String)) for (const res of arr(r.resources).map(String)) entries.push({res: g ? `${res}.${g}` : res, urls: '[]', names, verbs});
  }
  entries.sort((a, b) => (a.res < b.res ? -1 : a.res > b.res ? 1 : 0));
  for (const e of entries) rows.push([`  ${e.res}`, e.urls, e.names, e.verbs]);
  return `${lines.join('\n')}\n${tabwrite(rows).replace(/\n$/, '')}`;
}

function describeBinding(o: KubeObject): string {
  const ref = rec(o.roleRef);
  const lines = [`Name:         ${nameOf(o)}`, ...multiline('Labels', rec(rec(o.metadata).labels)), ...multiline('Annotations', annotationsShown(o)), 'Role:', `  Kind:  ${ref.kind}`, `  Name:  ${ref.name}`, 'Subjects:'];
  const rows: string[][] = [['  Kind', 'Name', 'Namespace'], ['  ----', '----', '---------']];
  for (const s of arr(o.subjects).map(rec)) rows.push([`  ${s.kind}`, displayText(s.name), displayText(s.namespace ?? '')]);
  return `${lines.join('\n')}\n${tabwrite(rows).replace(/\n$/, '')}`;
}

function generic(o: KubeObject, extra: string[]): string {
  const m = rec(o.metadata);
  const lines = [`Name:         ${nameOf(o)}`];
  if (namespaceOf(o)) lines.push(`Namespace:    ${namespaceOf(o)}`);
  lines.push(...multiline('Labels', rec(m.labels)), ...multiline('Annotations', annotationsShown(o)), ...extra);
  return lines.join('\n');
}

export function describe(_ctx: Ctx, r: ApiResource, o: KubeObject): string {
  switch (`${r.group}/${r.name}`) {
    case 'rbac.authorization.k8s.io/roles':
    case 'rbac.authorization.k8s.io/clusterroles':
      return describeRole(o);
    case 'rbac.authorization.k8s.io/rolebindings':
    case 'rbac.authorization.k8s.io/clusterrolebindings':
      return describeBinding(o);
    case '/serviceaccounts':
      return generic(o, [
        `Image pull secrets:  ${arr(o.imagePullSecrets).map((s) => displayText(rec(s).name)).join(', ') || '<none>'}`,
        `Mountable secrets:   ${arr(o.secrets).map((s) => displayText(rec(s).name)).join(', ') || '<none>'}`,
        `Tokens:              <none>`,
        `Events:              <none>`,
      ]);
    case '/secrets': {
      const data = rec(o.data);
      return generic(o, ['', `Type:  ${o.type}`, '', 'Data', '====', ...Object.keys(data).sort().map((k) => `${k}:  ${atobLength(displayText(data[k]))} bytes`)]);
    }
    case '/namespaces':
      return `${generic(o, ['', `Status:  ${rec(o.status).phase}`, '', 'No resource quota.', '', 'No LimitRange resource.'])}`;
    default:
      return generic(o, []);
  }
}

function atobLength(b64: string): number {
  const clean = b64.replace(/=+$/, '');
  return Math.floor((clean.length * 3) / 4);
}
