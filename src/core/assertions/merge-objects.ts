/**
 * The objects an exercise is judged against in the browser: the lab's `given` objects with the
 * reader's objects applied on top, as `kubectl apply -f answer.yaml` on the lab would leave them.
 * A reader's object replaces the given one with the same kind, namespace and name (a namespaced
 * object without metadata.namespace lands in `defaultNamespace`; a cluster-scoped kind ignores
 * the namespace). The result keeps the given objects first, then the reader's, in their order.
 * The browser checker judges the merged list; the verifier deletes each replaced given object
 * before it applies the reader's, so both sides replace the same objects.
 */
import {findObject, flattenObjects, type KubeObject} from './objects';
import {isRecord} from '../is-record';

export interface MergedObjects {
  objects: KubeObject[];
  /** "Kind namespace/name" (or "Kind name" when the given object names no namespace) of every given object a reader's object replaced. */
  replaced: string[];
  /** Each replaced given object with the reader's object that replaces it, in the reader's order. */
  replacements: {given: KubeObject; by: KubeObject}[];
}

function identity(o: KubeObject): {kind: string; name: string; namespace?: string} | undefined {
  const metadata = isRecord(o.metadata) ? o.metadata : {};
  if (typeof o.kind !== 'string' || typeof metadata.name !== 'string') return undefined;
  return {kind: o.kind, name: metadata.name, ...(typeof metadata.namespace === 'string' && metadata.namespace ? {namespace: metadata.namespace} : {})};
}

export function mergeObjects(given: readonly unknown[], reader: readonly unknown[], defaultNamespace = 'default'): MergedObjects {
  const mine = flattenObjects(reader);
  const kept: KubeObject[] = [];
  const replaced: string[] = [];
  const replacements: MergedObjects['replacements'] = [];
  for (const o of flattenObjects(given)) {
    const id = identity(o);
    const replacement = id ? findObject(mine, id, defaultNamespace) : undefined;
    if (replacement && id) {
      replaced.push(id.namespace ? `${id.kind} ${id.namespace}/${id.name}` : `${id.kind} ${id.name}`);
      replacements.push({given: o, by: replacement});
      continue;
    }
    kept.push(o);
  }
  replacements.sort((a, b) => mine.indexOf(a.by) - mine.indexOf(b.by));
  return {objects: [...kept, ...mine], replaced, replacements};
}
