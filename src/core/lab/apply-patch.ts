/**
 * The error a client-side `kubectl apply` gets when it changes an existing object into one the
 * server cannot decode. kubectl sends a three-way strategic merge patch
 * (k8s.io/apimachinery pkg/util/strategicpatch CreateThreeWayMergePatch: what changed from the
 * live object to the file, plus null for every field the last apply set and the file no longer
 * has). The API server merges it into the live object (StrategicMergeMapPatch, whose
 * mergePatchIntoOriginal deletes the merged lists and their $setElementOrder directives from the
 * patch map as it goes), fails to convert the result, and quotes what is left of the patch as a Go
 * map: `The request is invalid: patch: Invalid value: "map[...]": <reason>`
 * (k8s.io/apiserver pkg/endpoints/handlers/patch.go strategicPatchObject, field.Invalid).
 */
import {isRecord} from '../is-record';
import {displayText} from '../scalar-text';

type Json = unknown;

/**
 * Lists with a merge strategy (patchStrategy "merge" in k8s.io/api), by the key that holds them
 * and the key of the object around them. The server removes these from the quoted patch.
 */
const MERGING_LISTS: Record<string, (parent: string) => boolean> = {
  containers: (p) => p === 'spec',
  initContainers: (p) => p === 'spec',
  ephemeralContainers: (p) => p === 'spec',
  volumes: (p) => p === 'spec',
  imagePullSecrets: (p) => p === 'spec',
  hostAliases: (p) => p === 'spec',
  topologySpreadConstraints: (p) => p === 'spec',
  resourceClaims: (p) => p === 'spec',
  schedulingGates: (p) => p === 'spec',
  env: (p) => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers',
  ports: (p) => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers',
  volumeMounts: (p) => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers',
  volumeDevices: (p) => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers',
  finalizers: (p) => p === 'metadata',
  ownerReferences: (p) => p === 'metadata',
  secrets: (p) => p === '',
};

/** patchMergeKey of each merging list (k8s.io/api); finalizers merge as a set of strings. */
const MERGE_KEYS: Record<string, string> = {
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  ownerReferences: 'uid',
};

/**
 * Whether the strategic merge patch has anything for a merging list: an element of the file with
 * no live element of the same merge key, or one whose fields differ from the live element's
 * (fields the server defaulted and the file does not mention are not a change), or an element
 * the last apply set and the file no longer has.
 */
function listChanged(key: string, original: unknown[], modified: unknown[], current: unknown[] | undefined): boolean {
  if (!current) return modified.length > 0;
  if (key === 'finalizers') return !equal(modified, current);
  const mk = MERGE_KEYS[key] ?? 'name';
  const keyOf = (e: unknown) => (isRecord(e) ? JSON.stringify(e[mk]) : JSON.stringify(e));
  const byKey = (list: unknown[]) => new Map(list.map((e) => [keyOf(e), e]));
  const cur = byKey(current);
  const orig = byKey(original);
  for (const e of modified) {
    const c = cur.get(keyOf(e));
    if (c === undefined) return true;
    if (isRecord(e) && isRecord(c)) {
      const o = orig.get(keyOf(e));
      if (Object.keys(strip(diff(isRecord(o) ? o : {}, e, c, key)) as Record<string, unknown>).length) return true;
    } else if (!equal(e, c)) return true;
  }
  const mod = byKey(modified);
  return original.some((e) => !mod.has(keyOf(e)) && cur.has(keyOf(e)));
}

function equal(a: Json, b: Json): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return a === b;
}

/** The patch as the server's error quotes it: changes and deletions, merging lists left out. */
export function quotedApplyPatch(
  original: Record<string, unknown>,
  modified: Record<string, unknown>,
  current: Record<string, unknown>,
): Record<string, unknown> {
  return strip(diff(original, modified, current, '')) as Record<string, unknown>;
}

function diff(original: Record<string, unknown>, modified: Record<string, unknown>, current: Record<string, unknown>, parent: string): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [k, mv] of Object.entries(modified)) {
    const cv = current[k];
    const ov = original[k];
    if (Array.isArray(mv) && MERGING_LISTS[k]?.(parent)) {
      // merged into the live object and deleted from the patch by the server; the maps around it stay
      if (listChanged(k, Array.isArray(ov) ? ov : [], mv, Array.isArray(cv) ? cv : undefined)) patch[k] = MERGED;
      continue;
    }
    if (isRecord(mv) && isRecord(cv)) {
      const sub = diff(isRecord(ov) ? ov : {}, mv, cv, k);
      if (Object.keys(sub).length) patch[k] = sub;
      continue;
    }
    if (!equal(mv, cv)) patch[k] = mv;
  }
  // deletions: what the last apply set and the file no longer has
  for (const k of Object.keys(original)) {
    if (!(k in modified) && k in current) patch[k] = null;
  }
  return patch;
}

const MERGED = Symbol('merged list');

function strip(v: unknown): unknown {
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === MERGED) continue;
    out[k] = strip(x);
  }
  return out;
}

/** Go's %v of a float64 decoded from JSON: %g with the shortest digits, %e when the exponent is < -4 or >= 6. */
function goFloat(n: number): string {
  if (n === 0) return '0';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  // strconv.FormatFloat(n, 'g', -1, 64): "if precision was the shortest possible, use precision 6"
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 6) {
    const [mant, e] = n.toExponential().split('e');
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[+-]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  return displayText(n);
}

/** Go's fmt %v of a value decoded from JSON into interface{} (maps sorted by key). */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return displayText(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isRecord(v)) {
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goValue(v[k])}`)
      .join(' ')}]`;
  }
  return displayText(v);
}

/**
 * The Go type of an integer field, for "unrecognized type: <type>" (the unstructured converter
 * meeting a string where k8s.io/api declares a number). int32 fields of the kinds in scope; the
 * others are int64.
 */
const INT32_FIELDS = new Set([
  'replicas',
  'containerPort',
  'hostPort',
  'port',
  'targetPort',
  'nodePort',
  'endPort',
  'minReadySeconds',
  'revisionHistoryLimit',
  'progressDeadlineSeconds',
  'defaultMode',
  'mode',
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
  'priority',
  'weight',
]);

export function goIntType(path: string): string {
  const last = /([A-Za-z]+)(?:\[\d+\])*$/.exec(path)?.[1] ?? '';
  return INT32_FIELDS.has(last) ? 'int32' : 'int64';
}
