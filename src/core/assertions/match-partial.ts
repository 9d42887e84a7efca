/**
 * Partial match of an object against the fields an exercise expects (examples/README.md,
 * `matches:` and `assert:`). What the expected value says:
 * - a scalar: the actual value is the same (===; 8080 and "8080" differ, as they do to the API);
 * - `null`: the field is absent (or null);
 * - a mapping: every key matches recursively; keys it does not mention are free;
 * - a list of scalars: each one is in the actual list (set containment, order free);
 * - a list of mappings that all have `name` (containers, ports, env, volumes, ...): each one
 *   matches a distinct actual item with that name, like a strategic merge patch keys them;
 * - any other list of mappings: each expected item matches a distinct actual item (order free);
 * - an empty list: the actual list is empty or absent.
 *
 * Mismatches are data: a path such as `spec.containers[name=ubuntu].securityContext.runAsUser`,
 * the expected and the actual value, and a code; turning them into a diff is the UI's job.
 */
import {isRecord} from '../is-record';

export type MismatchCode = 'VALUE_DIFFERS' | 'MISSING' | 'TYPE_DIFFERS' | 'ITEM_MISSING' | 'NAMED_ITEM_MISSING' | 'NOT_EMPTY' | 'UNEXPECTED_PRESENT';

export interface Mismatch {
  /** Where, from the root of the actual object: `rules[0].verbs`, `spec.containers[name=web].image`, `metadata.labels["app.kubernetes.io/name"]`. */
  path: string;
  expected: unknown;
  /** The actual value there (undefined when the field is missing). */
  actual: unknown;
  code: MismatchCode;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function joinPath(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'mapping';
  return typeof v;
}

function isNamedItem(v: unknown): v is Record<string, unknown> & {name: string} {
  return isRecord(v) && typeof v.name === 'string';
}

/** Maximum bipartite matching (Kuhn's augmenting paths): expected index -> actual index. */
function assign(compatible: boolean[][], actualCount: number): number[] {
  const ownerOfActual = new Array<number>(actualCount).fill(-1);
  const assigned = new Array<number>(compatible.length).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < actualCount; j++) {
      if (!compatible[i][j] || seen[j]) continue;
      seen[j] = true;
      if (ownerOfActual[j] < 0 || tryAssign(ownerOfActual[j], seen)) {
        ownerOfActual[j] = i;
        assigned[i] = j;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < compatible.length; i++) tryAssign(i, new Array<boolean>(actualCount).fill(false));
  return assigned;
}

/**
 * Each expected item must partially match a distinct actual item among those `candidate` allows;
 * the assignment is a maximum bipartite matching, so the order of items does not matter. An
 * expected item left without a partner reports its differences to the closest candidate
 * (preferring one no other item took), or ITEM_MISSING / NAMED_ITEM_MISSING when there is none.
 */
function matchDistinct(
  actual: unknown[],
  expected: unknown[],
  path: string,
  candidate: (e: unknown, a: unknown) => boolean,
  itemPath: (e: unknown, j: number) => string,
  missing: (e: unknown, i: number) => Mismatch,
  crowdedPath: (e: unknown) => string,
): Mismatch[] {
  const results = expected.map((e) => actual.map((a, j) => (candidate(e, a) ? matchPartial(a, e, itemPath(e, j)) : undefined)));
  const assigned = assign(
    results.map((row) => row.map((m) => m !== undefined && m.length === 0)),
    actual.length,
  );
  const taken = new Set(assigned.filter((j) => j >= 0));
  const out: Mismatch[] = [];
  expected.forEach((e, i) => {
    if (assigned[i] >= 0) return;
    let best = -1;
    let bestScore = Infinity;
    results[i].forEach((m, j) => {
      if (m === undefined) return;
      const score = m.length + (taken.has(j) ? 0.5 : 0);
      if (score < bestScore) {
        best = j;
        bestScore = score;
      }
    });
    if (best < 0) out.push(missing(e, i));
    else if (results[i][best]!.length === 0) {
      // It matches only items other expected items need: the list lacks one more such item.
      out.push({path: crowdedPath(e), expected: e, actual, code: 'ITEM_MISSING'});
    } else out.push(...results[i][best]!);
  });
  return out;
}

function matchList(actual: unknown, expected: unknown[], path: string): Mismatch[] {
  if (expected.length === 0) {
    if (actual === undefined || actual === null || (Array.isArray(actual) && actual.length === 0)) return [];
    return [{path, expected, actual, code: 'NOT_EMPTY'}];
  }
  if (actual === undefined || actual === null) return [{path, expected, actual, code: 'MISSING'}];
  if (!Array.isArray(actual)) return [{path, expected, actual, code: 'TYPE_DIFFERS'}];

  // Named items: matched by name, like containers. Two items may share a name where name is not
  // the list's key (subjects: a User and a Group both called "devs"): then the best of them.
  if (expected.every(isNamedItem)) {
    return matchDistinct(
      actual,
      expected,
      path,
      (e, a) => isNamedItem(a) && a.name === (e as {name: string}).name,
      (e) => `${path}[name=${(e as {name: string}).name}]`,
      (e) => ({path: `${path}[name=${(e as {name: string}).name}]`, expected: e, actual: undefined, code: 'NAMED_ITEM_MISSING'}),
      (e) => `${path}[name=${(e as {name: string}).name}]`,
    );
  }

  // Scalars only: set containment.
  if (expected.every((e) => !isRecord(e) && !Array.isArray(e))) {
    return expected.filter((e) => !actual.some((a) => a === e)).map((e) => ({path, expected: e, actual, code: 'ITEM_MISSING' as const}));
  }

  // Anything else: each expected item partially matches a distinct actual item.
  return matchDistinct(
    actual,
    expected,
    path,
    () => true,
    (_e, j) => `${path}[${j}]`,
    (e, i) => ({path: `${path}[${i}]`, expected: e, actual: undefined, code: 'ITEM_MISSING'}),
    () => path,
  );
}

/**
 * The differences between `actual` and what `expected` asks for (see the file comment). An empty
 * result means it matches. `path` is the location of `actual` in the object being checked.
 *
 * @example matchPartial(pod, {spec: {containers: [{name: 'ubuntu', securityContext: {runAsUser: 1010}}]}})
 *   // [{path: 'spec.containers[name=ubuntu].securityContext.runAsUser', expected: 1010, actual: undefined, code: 'MISSING'}]
 */
export function matchPartial(actual: unknown, expected: unknown, path = ''): Mismatch[] {
  if (expected === null) {
    return actual === undefined || actual === null ? [] : [{path, expected: null, actual, code: 'UNEXPECTED_PRESENT'}];
  }
  if (Array.isArray(expected)) return matchList(actual, expected, path);
  if (isRecord(expected)) {
    if (actual === undefined || actual === null) return [{path, expected, actual, code: 'MISSING'}];
    if (!isRecord(actual)) return [{path, expected, actual, code: 'TYPE_DIFFERS'}];
    const out: Mismatch[] = [];
    for (const [key, value] of Object.entries(expected)) {
      const childPath = joinPath(path, key);
      const child = Object.prototype.hasOwnProperty.call(actual, key) ? actual[key] : undefined;
      if (child === undefined && value !== null && !(Array.isArray(value) && value.length === 0)) {
        out.push({path: childPath, expected: value, actual: undefined, code: 'MISSING'});
        continue;
      }
      out.push(...matchPartial(child, value, childPath));
    }
    return out;
  }
  if (actual === undefined) return [{path, expected, actual, code: 'MISSING'}];
  if (actual === expected) return [];
  return [{path, expected, actual, code: typeName(actual) === typeName(expected) ? 'VALUE_DIFFERS' : 'TYPE_DIFFERS'}];
}
