/**
 * A list of manifests as the API server would hold them after `kubectl apply`: List items spread
 * out, namespaced objects without a namespace put in the default one, a later object with the same
 * kind/namespace/name replacing an earlier one. Shared by canI, reachable and the assertions.
 */
import {SERVED_RESOURCES} from '../generated/catalog';
import {isRecord} from '../is-record';

export type KubeObject = Record<string, unknown>;

/** [apiGroup, resource] of every cluster-scoped resource, from the same generated table. */
export const CLUSTER_SCOPED_RESOURCES: readonly (readonly [string, string])[] = SERVED_RESOURCES.filter(([, , , namespaced]) => !namespaced).map(
  ([group, resource]) => [group, resource] as const,
);

/**
 * Kinds of the built-in API that are not namespaced (`kubectl api-resources --namespaced=false`
 * on the pinned version), from the OpenAPI spec by scripts/generate-schemas.ts. Any other kind
 * is treated as namespaced.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set(SERVED_RESOURCES.filter(([, , , namespaced]) => !namespaced).map(([, , kind]) => kind));

/** Objects, with `kind: List` (and any *List with items) spread out, as `kubectl apply` does. */
export function flattenObjects(objects: readonly unknown[]): KubeObject[] {
  const out: KubeObject[] = [];
  const visit = (o: unknown, depth: number) => {
    if (!isRecord(o)) return;
    if (typeof o.kind === 'string' && /List$/.test(o.kind) && Array.isArray(o.items) && depth < 4) {
      for (const item of o.items) visit(item, depth + 1);
      return;
    }
    out.push(o);
  };
  for (const o of objects) visit(o, 0);
  return out;
}

export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
  apiVersion?: string;
}

/** kind, name and (for namespaced kinds) namespace of an object; the namespace defaults to `defaultNamespace`. */
export function refOf(o: KubeObject, defaultNamespace = 'default'): ObjectRef {
  const m = isRecord(o.metadata) ? o.metadata : {};
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const name = typeof m.name === 'string' ? m.name : '';
  const ref: ObjectRef = {kind, name};
  if (!CLUSTER_SCOPED_KINDS.has(kind)) ref.namespace = typeof m.namespace === 'string' && m.namespace ? m.namespace : defaultNamespace;
  if (typeof o.apiVersion === 'string') ref.apiVersion = o.apiVersion;
  return ref;
}

/** The reference with its namespace filled in (namespaced kinds) or dropped (cluster-scoped kinds). */
export function scopedRef(ref: ObjectRef, defaultNamespace = 'default'): ObjectRef {
  const {namespace, ...rest} = ref;
  return CLUSTER_SCOPED_KINDS.has(ref.kind) ? rest : {...rest, namespace: namespace ?? defaultNamespace};
}

export function describeRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

/**
 * The object with this kind, name and namespace (the last one, as a second apply would replace
 * the first). For a namespaced kind a missing `namespace` means `defaultNamespace`; for a
 * cluster-scoped kind the namespace is ignored. `apiVersion`, when given, must match too.
 */
export function findObject(objects: readonly unknown[], want: ObjectRef, defaultNamespace = 'default'): KubeObject | undefined {
  let found: KubeObject | undefined;
  const wantNamespace = CLUSTER_SCOPED_KINDS.has(want.kind) ? undefined : (want.namespace ?? defaultNamespace);
  for (const o of flattenObjects(objects)) {
    const ref = refOf(o, defaultNamespace);
    if (ref.kind !== want.kind || ref.name !== want.name || ref.namespace !== wantNamespace) continue;
    if (want.apiVersion && ref.apiVersion !== want.apiVersion) continue;
    found = o;
  }
  return found;
}

/** Objects of the same kind as `want` (any name or namespace): candidates for a "did you mean". */
export function similarObjects(objects: readonly unknown[], want: ObjectRef, defaultNamespace = 'default'): ObjectRef[] {
  return flattenObjects(objects)
    .map((o) => refOf(o, defaultNamespace))
    .filter((r) => r.kind === want.kind || (r.name === want.name && r.kind.toLowerCase() === want.kind.toLowerCase()));
}
