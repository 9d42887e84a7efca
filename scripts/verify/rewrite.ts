/**
 * Namespace isolation: every example runs in namespaces of its own, so examples never collide
 * with each other, with an earlier run, or with a real `default` namespace.
 *
 * A namespace set maps each namespace name an example uses to `ksn-<set>-<name>` (`<set>` is
 * five random lower-case letters and digits, new for every set). The rules, one per place a
 * namespace name can hide (each has a unit test in __tests__/rewrite.test.ts):
 *
 *  1. metadata.namespace of a namespaced object; an object without one gets the mapped
 *     `default`, as `kubectl apply` would put it in the context's namespace.
 *  2. metadata.name of a Namespace, and its `kubernetes.io/metadata.name` label if written out.
 *  3. subjects[] of RoleBindings and ClusterRoleBindings: a ServiceAccount's namespace, a User
 *     named `system:serviceaccount:<ns>:<name>`, a Group named `system:serviceaccounts:<ns>`.
 *  4. every `namespaceSelector` (NetworkPolicy peers, pod affinity terms): the value of the
 *     `kubernetes.io/metadata.name` key in matchLabels and in matchExpressions.
 *  5. `namespaces: [...]` of pod (anti-)affinity terms.
 *  6. the user and groups of a can-i question (`system:serviceaccount:<ns>:<name>`,
 *     `system:serviceaccounts:<ns>`) and its namespace; `<ns>/<pod>` ends of traffic questions
 *     (a bare pod name means `default`); the namespace of exercise assertions.
 *  7. kubectl command lines: -n/--namespace values (every spelling), --as/--as-group as in 6,
 *     --serviceaccount=<ns>:<name>, `namespace/<name>` arguments and the names after a
 *     `namespace`/`ns` resource argument (kubectl get ns blue). A command without a namespace
 *     flag gets --namespace <mapped default>.
 *
 * Not rewritten: other labels (a `name: prod` label on a Namespace stays `prod`, and so does a
 * selector on it), names of cluster-scoped objects (examples that create them run alone instead,
 * see runner.ts), text inside annotations or ConfigMaps.
 *
 * Output the reader compares with the page is mapped back (reverseText), so a message or a
 * `kubectl describe` shows `default`, not `ksn-x1y2z-default`.
 */
import {randomBytes} from 'node:crypto';
import {isRecord, CLUSTER_SCOPED_KINDS, type Assertion, type CanIQuestion, type TrafficQuestion} from '../../src/core';

export const RUN_LABEL = 'ksn.dev/verify-run';
const METADATA_NAME = 'kubernetes.io/metadata.name';
const SA_USER = /^system:serviceaccount:([^:]+):(.+)$/;
const SA_GROUP = /^system:serviceaccounts:([^:]+)$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type Rec = Record<string, unknown>;

/** Kinds that are not namespaced: the core's list, so the verifier and the checkers agree on scope. */
export const CLUSTER_SCOPED: ReadonlySet<string> = CLUSTER_SCOPED_KINDS;

export function newSetId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(5)].map((b) => alphabet[b % alphabet.length]).join('');
}

export class NamespaceMap {
  private readonly forward = new Map<string, string>();

  constructor(readonly setId: string = newSetId()) {
    if (!/^[a-z0-9]{3,8}$/.test(setId)) throw new Error(`namespace set id "${setId}" must be 3-8 lower-case letters or digits`);
  }

  /** The namespace this set uses for `name`. */
  map(name: string): string {
    let mapped = this.forward.get(name);
    if (mapped) return mapped;
    if (this.isMapped(name)) return name;
    mapped = `ksn-${this.setId}-${name}`;
    if (!DNS_LABEL.test(name) || mapped.length > 63) {
      throw new Error(
        `namespace "${name}" cannot be isolated: a namespace name is a DNS label, and "${mapped}" must fit in 63 characters (use a name of at most ${63 - this.setId.length - 5} characters)`,
      );
    }
    this.forward.set(name, mapped);
    return mapped;
  }

  isMapped(name: string): boolean {
    return name.startsWith(`ksn-${this.setId}-`);
  }

  /** original -> mapped, for every name mapped so far. */
  entries(): [string, string][] {
    return [...this.forward.entries()];
  }

  mappedNames(): string[] {
    return [...this.forward.values()];
  }

  /** Mapped names in a text back to the names the page uses. */
  reverseText(text: string): string {
    const pairs = this.entries().sort((a, b) => b[1].length - a[1].length);
    let out = text;
    for (const [original, mapped] of pairs) out = out.split(mapped).join(original);
    return out;
  }

  /** reverseText on every string of a value (for diffs of live objects). */
  reverseValue<T>(value: T): T {
    if (typeof value === 'string') return this.reverseText(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.reverseValue(v)) as T;
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.reverseText(k), this.reverseValue(v)])) as T;
    return value;
  }

  user(name: string): string {
    const sa = SA_USER.exec(name);
    return sa ? `system:serviceaccount:${this.map(sa[1])}:${sa[2]}` : name;
  }

  group(name: string): string {
    const g = SA_GROUP.exec(name);
    return g ? `system:serviceaccounts:${this.map(g[1])}` : name;
  }
}

export interface RewriteOptions {
  /** Labels added to Namespaces and cluster-scoped objects (the leftover check finds them by label). */
  labels?: Record<string, string>;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function rewriteSelector(selector: unknown, map: NamespaceMap): void {
  if (!isRecord(selector)) return;
  if (isRecord(selector.matchLabels) && typeof selector.matchLabels[METADATA_NAME] === 'string') {
    selector.matchLabels[METADATA_NAME] = map.map(selector.matchLabels[METADATA_NAME] as string);
  }
  if (Array.isArray(selector.matchExpressions)) {
    for (const e of selector.matchExpressions) {
      if (isRecord(e) && e.key === METADATA_NAME && Array.isArray(e.values)) e.values = e.values.map((v) => (typeof v === 'string' ? map.map(v) : v));
    }
  }
}

/** Rules 4 and 5, anywhere in the object. */
function rewriteNested(value: unknown, map: NamespaceMap): void {
  if (Array.isArray(value)) {
    for (const v of value) rewriteNested(v, map);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'namespaceSelector') rewriteSelector(v, map);
    else if (key === 'namespaces' && 'topologyKey' in value && Array.isArray(v)) value[key] = v.map((n) => (typeof n === 'string' ? map.map(n) : n));
    rewriteNested(v, map);
  }
}

/**
 * One object of a manifest, rewritten into the set's namespaces (rules 1-5), as a new object.
 * `kind: List` items are rewritten one by one.
 */
export function rewriteObject(object: Rec, map: NamespaceMap, options: RewriteOptions = {}): Rec {
  const o = clone(object);
  const kind = typeof o.kind === 'string' ? o.kind : '';
  if (/List$/.test(kind) && Array.isArray(o.items)) {
    o.items = o.items.map((item) => (isRecord(item) ? rewriteObject(item, map, options) : item));
    return o;
  }
  const meta: Rec = isRecord(o.metadata) ? o.metadata : (o.metadata = {});
  if (kind === 'Namespace') {
    if (typeof meta.name === 'string') meta.name = map.map(meta.name);
    if (isRecord(meta.labels) && typeof meta.labels[METADATA_NAME] === 'string') meta.labels[METADATA_NAME] = map.map(meta.labels[METADATA_NAME] as string);
  } else if (!CLUSTER_SCOPED.has(kind)) {
    meta.namespace = map.map(typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default');
  }
  if ((kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && Array.isArray(o.subjects)) {
    for (const s of o.subjects) {
      if (!isRecord(s)) continue;
      if (s.kind === 'ServiceAccount' && typeof s.namespace === 'string' && s.namespace) s.namespace = map.map(s.namespace);
      if (s.kind === 'User' && typeof s.name === 'string') s.name = map.user(s.name);
      if (s.kind === 'Group' && typeof s.name === 'string') s.name = map.group(s.name);
    }
  }
  rewriteNested(o, map);
  if (options.labels && CLUSTER_SCOPED.has(kind)) meta.labels = {...(isRecord(meta.labels) ? meta.labels : {}), ...options.labels};
  return o;
}

export function rewriteCanI(q: CanIQuestion, map: NamespaceMap): CanIQuestion {
  const out: CanIQuestion = {...q, user: map.user(q.user)};
  if (q.groups) out.groups = q.groups.map((g) => map.group(g));
  if (q.namespace) out.namespace = map.map(q.namespace);
  return out;
}

function rewriteEnd(end: string | {ip: string}, map: NamespaceMap): string | {ip: string} {
  if (typeof end !== 'string') return end;
  const slash = end.indexOf('/');
  return slash > 0 ? `${map.map(end.slice(0, slash))}/${end.slice(slash + 1)}` : `${map.map('default')}/${end}`;
}

export function rewriteTraffic(q: TrafficQuestion, map: NamespaceMap): TrafficQuestion {
  return {...q, from: rewriteEnd(q.from, map), to: rewriteEnd(q.to, map)};
}

/** An exercise assertion in the set's namespaces (namespace left out stays out: evaluate with defaultNamespace = map('default')). */
export function rewriteAssertion(a: Assertion, map: NamespaceMap): Assertion {
  const out = clone(a) as Assertion & Rec;
  const ns = (ref: Rec) => {
    if (typeof ref.namespace === 'string' && ref.namespace) ref.namespace = map.map(ref.namespace);
  };
  if ('object' in out) ns(out.object as unknown as Rec);
  if ('absent' in out) ns(out.absent as unknown as Rec);
  if ('securityContext' in out) ns(out.securityContext as unknown as Rec);
  if ('canI' in a) (out as {canI: CanIQuestion}).canI = rewriteCanI(a.canI, map);
  if ('reach' in out) (out as {reach: TrafficQuestion}).reach = rewriteTraffic((a as {reach: TrafficQuestion}).reach, map);
  if ('matches' in out) out.matches = rewriteExpected(out.matches as Rec, map, (out as {object?: {kind?: string}}).object?.kind);
  return out;
}

/** Expected fields of an `assert` step or a `matches:` (same rules, no labels added). */
export function rewriteExpected(expected: Rec, map: NamespaceMap, kind?: string): Rec {
  const withKind = {kind, ...expected};
  const out = rewriteObject(withKind, map);
  // rewriteObject gives every namespaced object a namespace; an expectation only names one if it said so.
  const hadNamespace = isRecord(expected.metadata) && 'namespace' in expected.metadata;
  if (!hadNamespace && isRecord(out.metadata) && kind !== 'Namespace') delete out.metadata.namespace;
  if (isRecord(out.metadata) && Object.keys(out.metadata).length === 0 && !isRecord(expected.metadata)) delete out.metadata;
  if (!('kind' in expected)) delete out.kind;
  return out;
}

// -------------------------------------------------------------------------------------------
// kubectl command lines

export class CommandSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandSyntaxError';
  }
}

/**
 * Splits a kubectl step into words as a POSIX shell would for simple commands: blanks separate,
 * '...' keeps everything, "..." keeps everything but \" and \\, a backslash escapes one
 * character. Steps run without a shell, so pipes, redirections, `;`, `&&`, `$(...)`, backquotes,
 * variables and unquoted parentheses are refused with a message instead of being passed on as
 * words. Braces and brackets pass as they are (jsonpath={.items[*].name}), as bash leaves a
 * brace group without a comma and a glob that matches no file.
 */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new CommandSyntaxError(`unterminated ' in: ${text}`);
      word += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) j++;
        else if (text[j] === '$' || text[j] === '`') throw new CommandSyntaxError(`kubectl steps run without a shell: no ${text[j]} expansion (in: ${text})`);
        word += text[j];
      }
      if (j >= text.length) throw new CommandSyntaxError(`unterminated " in: ${text}`);
      i = j;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < text.length && text[i + 1] !== '\n') word += text[i + 1];
      i++;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if ('|&;<>`$()'.includes(c) || (c === '#' && !inWord)) {
      throw new CommandSyntaxError(
        `kubectl steps run without a shell: "${c}" is not allowed (in: ${text}); split the command into steps or quote the character`,
      );
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** kubectl's global flags that take a value as the next word (kubectl options). */
const GLOBAL_VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '--as',
  '--as-group',
  '--as-uid',
  '--context',
  '--cluster',
  '--user',
  '--kubeconfig',
  '--request-timeout',
  '-s',
  '--server',
  '--token',
  '--cache-dir',
  '-v',
  '--v',
]);

/** The subcommand of a kubectl command line (get, auth, create, ...), skipping global flags and their values. */
export function kubectlVerb(words: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') return undefined;
    if (w.startsWith('-')) {
      if (GLOBAL_VALUE_FLAGS.has(w)) i++;
      continue;
    }
    return w;
  }
  return undefined;
}

export interface KubectlRewrite {
  args: string[];
  /** The mapped namespace the command runs in (its own -n, else the mapped default). */
  namespace: string;
  allNamespaces: boolean;
  /** Cluster-scoped objects the command creates for real (not --dry-run), to label and clean up. */
  creates: {kind: 'Namespace' | 'ClusterRole' | 'ClusterRoleBinding'; name: string}[];
  /** -f/--filename values. */
  files: string[];
}

const NAMESPACE_RESOURCES = new Set(['namespace', 'namespaces', 'ns']);
const CREATE_KINDS: Record<string, KubectlRewrite['creates'][number]['kind']> = {
  namespace: 'Namespace',
  ns: 'Namespace',
  clusterrole: 'ClusterRole',
  clusterrolebinding: 'ClusterRoleBinding',
};

/**
 * Rule 7 on the words of a kubectl command (without the leading "kubectl"). Words after `--`
 * (the command of kubectl exec) are left alone.
 */
export function rewriteKubectlArgs(words: string[], map: NamespaceMap): KubectlRewrite {
  const args: string[] = [];
  let namespace: string | undefined;
  let allNamespaces = false;
  let dryRun = false;
  const files: string[] = [];
  const positionals: {index: number; value: string}[] = [];
  const valueFlag = (w: string, long: string, short?: string): {value: string; inline: boolean} | null => {
    if (w === long || (short && w === short)) return {value: '', inline: false};
    if (w.startsWith(`${long}=`)) return {value: w.slice(long.length + 1), inline: true};
    if (short && w.startsWith(`${short}=`)) return {value: w.slice(short.length + 1), inline: true};
    if (short && w.startsWith(short) && w.length > short.length && !w.startsWith('--')) return {value: w.slice(short.length), inline: true};
    return null;
  };
  const serviceAccountRef = (v: string) => {
    const i = v.indexOf(':');
    return i > 0 ? `${map.map(v.slice(0, i))}:${v.slice(i + 1)}` : v;
  };
  const flags: {long: string; short?: string; map: (v: string) => string; onValue?: (v: string) => void}[] = [
    {long: '--namespace', short: '-n', map: (v) => map.map(v), onValue: (v) => (namespace = v)},
    {long: '--as', map: (v) => map.user(v)},
    {long: '--as-group', map: (v) => map.group(v)},
    {long: '--serviceaccount', map: serviceAccountRef},
    {long: '--filename', short: '-f', map: (v) => v, onValue: (v) => files.push(v)},
  ];
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    if (w === '--') break;
    if (w === '-A' || w === '--all-namespaces' || w === '--all-namespaces=true') allNamespaces = true;
    if (w === '--dry-run' || (w.startsWith('--dry-run=') && w !== '--dry-run=none')) dryRun = true;
    let handled = false;
    for (const f of flags) {
      // "-n" also prefixes words such as "-no-headers"? kubectl has no such short flag; --no-headers starts with "--".
      const m = valueFlag(w, f.long, f.short);
      if (!m) continue;
      handled = true;
      if (m.inline) {
        const mapped = f.map(m.value);
        f.onValue?.(mapped);
        args.push(w.startsWith(f.long) ? `${f.long}=${mapped}` : `${f.short}=${mapped}`);
      } else {
        const value = words[i + 1];
        if (value === undefined) throw new CommandSyntaxError(`${w} needs a value`);
        const mapped = f.map(value);
        f.onValue?.(mapped);
        args.push(w, mapped);
        i++;
      }
      break;
    }
    if (handled) continue;
    if (!w.startsWith('-')) {
      positionals.push({index: args.length, value: w});
      const typed = /^(namespaces?|ns)\/(.+)$/.exec(w);
      args.push(typed ? `${typed[1]}/${map.map(typed[2])}` : w);
      continue;
    }
    args.push(w);
  }
  args.push(...words.slice(i));

  // Names after a namespace resource argument: kubectl get ns blue, kubectl create namespace test.
  const creates: KubectlRewrite['creates'] = [];
  const verb = kubectlVerb(words);
  // Positionals that are values of global flags given before the verb are not arguments.
  const verbAt = positionals.findIndex((p) => p.value === verb);
  positionals.splice(0, Math.max(0, verbAt));
  const resourceAt = positionals.findIndex((p, k) => k >= 1 && NAMESPACE_RESOURCES.has(p.value));
  if (resourceAt >= 1 && resourceAt <= 2 && ['get', 'describe', 'delete', 'create', 'label', 'annotate', 'edit', 'patch'].includes(verb ?? '')) {
    for (const p of positionals.slice(resourceAt + 1)) {
      if (verb === 'label' || verb === 'annotate') {
        if (p.value.includes('=') || p.value.endsWith('-')) break;
      }
      args[p.index] = map.map(p.value);
    }
  }
  if (verb === 'create' && !dryRun && positionals[1] && CREATE_KINDS[positionals[1].value] && positionals[2]) {
    const kind = CREATE_KINDS[positionals[1].value];
    creates.push({kind, name: kind === 'Namespace' ? args[positionals[2].index] : positionals[2].value});
  }
  const ns = namespace ?? map.map('default');
  const hasNamespaceFlag = namespace !== undefined;
  return {args: hasNamespaceFlag ? args : ['--namespace', ns, ...args], namespace: ns, allNamespaces, creates, files};
}
