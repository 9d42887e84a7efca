/**
 * The objects an exercise is judged against in the browser: the lab's `given` objects with the
 * reader's objects applied on top, as `kubectl apply -f answer.yaml` on the lab would leave them.
 * A reader's object replaces the given one with the same kind, namespace and name (a namespaced
 * object without metadata.namespace lands in `defaultNamespace`; a cluster-scoped kind ignores
 * the namespace). The result keeps the given objects first, then the reader's, in their order.
 */
import {findObject, flattenObjects} from '../../core';

type KubeObject = Record<string, unknown>;

export interface MergedObjects {
  objects: KubeObject[];
  /** "Kind namespace/name" (or "Kind name" when the given object names no namespace) of every given object a reader's object replaced. */
  replaced: string[];
}

function identity(o: KubeObject): {kind: string; name: string; namespace?: string} | undefined {
  const metadata = typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as KubeObject) : {};
  if (typeof o.kind !== 'string' || typeof metadata.name !== 'string') return undefined;
  return {kind: o.kind, name: metadata.name, ...(typeof metadata.namespace === 'string' && metadata.namespace ? {namespace: metadata.namespace} : {})};
}

export function mergeObjects(given: readonly unknown[], reader: readonly unknown[], defaultNamespace = 'default'): MergedObjects {
  const mine = flattenObjects(reader);
  const kept: KubeObject[] = [];
  const replaced: string[] = [];
  for (const o of flattenObjects(given)) {
    const id = identity(o);
    const replacement = id ? findObject(mine, id, defaultNamespace) : undefined;
    if (replacement && id) {
      replaced.push(id.namespace ? `${id.kind} ${id.namespace}/${id.name}` : `${id.kind} ${id.name}`);
      continue;
    }
    kept.push(o);
  }
  return {objects: [...kept, ...mine], replaced};
}
