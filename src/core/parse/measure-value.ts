/**
 * js-yaml shares one object between an anchor and its aliases, so a short text can stand for an
 * enormous value ("billion laughs"), and an anchor used inside itself makes a cycle. Everything
 * after parsing walks the value as a tree, so measure it as a tree first, in time linear in the
 * number of distinct nodes (sizes and depths are memoized per shared object), without recursion.
 */
export interface ValueMeasure {
  /** Nodes of the value as a tree (aliases expanded). Saturates at `limit + 1`. */
  nodes: number;
  /** Nesting depth of the expanded tree. */
  depth: number;
  /** Distinct objects and arrays (aliases not expanded). */
  distinct: number;
  cycle: boolean;
}

export function measureValue(value: unknown, limit: number): ValueMeasure {
  const size = new Map<object, number>();
  const depth = new Map<object, number>();
  const inProgress = new Set<object>();
  let cycle = false;

  if (typeof value !== 'object' || value === null) return {nodes: 1, depth: 0, distinct: 0, cycle};

  const children = (o: object): unknown[] => (Array.isArray(o) ? o : Object.values(o));
  // Iterative post-order: a frame is [object, children, next child index].
  const stack: [object, unknown[], number][] = [[value, children(value), 0]];
  inProgress.add(value);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [obj, kids] = top;
    if (top[2] < kids.length) {
      const child = kids[top[2]++];
      if (typeof child !== 'object' || child === null) continue;
      if (size.has(child)) continue;
      if (inProgress.has(child)) {
        cycle = true;
        continue;
      }
      inProgress.add(child);
      stack.push([child, children(child), 0]);
      continue;
    }
    let n = 1;
    let d = 0;
    for (const child of kids) {
      if (typeof child === 'object' && child !== null) {
        n += size.get(child) ?? 1;
        d = Math.max(d, depth.get(child) ?? 0);
      } else n += 1;
      if (n > limit) n = limit + 1;
    }
    size.set(obj, n);
    depth.set(obj, d + 1);
    inProgress.delete(obj);
    stack.pop();
  }
  return {nodes: size.get(value) ?? 1, depth: depth.get(value) ?? 0, distinct: size.size, cycle};
}
