/**
 * ClusterRole aggregation, computed the way the clusterrole-aggregation controller of
 * kube-controller-manager does it, so that `admin`, `edit`, `view` and any reader-made ClusterRole
 * with an aggregationRule carry the rules a real cluster would give them.
 *
 * Upstream: pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go,
 * ClusterRoleAggregationController.syncClusterRole and ruleExists.
 */
import {matchesLabelSelector} from '../netpol/label-selector';
import {scalarText} from '../scalar-text';
import type {PolicyRule} from './policy-rule';
import {normalizeRule, rulesEqual} from './policy-rule';

export interface ClusterRoleLike {
  name: string;
  labels: Record<string, string>;
  rules: PolicyRule[];
  /** clusterRoleSelectors of the aggregationRule, when the role has one. */
  aggregationSelectors?: unknown[];
}

/**
 * Fills in the rules of every aggregated ClusterRole (in place, and returns the list).
 *
 * syncClusterRole: for each selector of the aggregationRule, in order, list the ClusterRoles that
 * match it, sorted by name (sort.Sort(byName)), skip the role itself, and append each of their
 * rules unless an equal rule is already there (ruleExists uses equality.Semantic.DeepEqual, for
 * which a missing list equals an empty one). A non-empty result replaces the role's rules,
 * whatever they were: rules written by hand into an aggregated role do not survive.
 *
 * An empty result changes nothing: applyClusterRoles writes the rules with a server-side apply
 * (field manager clusterrole-aggregation-controller, Force), and an apply configuration with no
 * rules omits the field, so rules owned by whoever created the role (kubectl) stay. Seen on the
 * v1.36 control plane: a role created with a rule and selectors that match nothing keeps its rule.
 * (History can matter on a live cluster: rules the controller once wrote are removed when their
 * sources go away later. Here the objects are taken as written, applied once.)
 *
 * The controller re-syncs a role whenever any ClusterRole changes, so chains (admin aggregates
 * edit, which aggregates its own sources) settle at a fixed point. That fixed point is reached
 * here in one sweep, in dependency order: which roles each aggregated role draws from is worked
 * out once (each selector against each role's labels), the roles are ordered so that every
 * source comes before the roles that aggregate it (Tarjan's strongly connected components, which
 * come out sources first), and each is synced once. Only roles that aggregate each other in a
 * cycle are synced repeatedly, among themselves, until nothing changes (bounded by their number,
 * plus one), as the controller's re-syncs would. A chain of 1,000 aggregated roles costs about a
 * million label matches instead of the billion of re-syncing every role until nothing changes.
 */
export function aggregateClusterRoles<T extends ClusterRoleLike>(roles: T[]): T[] {
  const aggregated = roles.filter((r) => r.aggregationSelectors !== undefined);
  if (aggregated.length === 0) return roles;
  const byName = [...roles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const written = new Map(aggregated.map((r) => [r.name, r.rules]));

  // The sources of each aggregated role, in the order syncClusterRole reads them: per selector,
  // the matching roles by name. Labels do not change while aggregating; only rules do.
  // A selector with matchLabels can only match roles carrying its first pair: look those up in
  // an index (by name order kept) instead of trying every role.
  const byLabel = new Map<string, T[]>();
  for (const source of byName) {
    for (const [k, v] of Object.entries(source.labels)) {
      const key = `${k}\u0000${v}`;
      const list = byLabel.get(key);
      if (list) list.push(source);
      else byLabel.set(key, [source]);
    }
  }
  const candidates = (selector: unknown): T[] => {
    const matchLabels = typeof selector === 'object' && selector !== null ? (selector as {matchLabels?: unknown}).matchLabels : undefined;
    if (typeof matchLabels !== 'object' || matchLabels === null || Array.isArray(matchLabels)) return byName;
    const first = Object.entries(matchLabels)[0];
    const value = first && scalarText(first[1]);
    if (!first) return byName;
    return value === undefined ? [] : (byLabel.get(`${first[0]}\u0000${value}`) ?? []);
  };
  const sources = new Map<T, T[][]>();
  for (const role of aggregated) {
    sources.set(
      role,
      (role.aggregationSelectors ?? []).map((selector) =>
        candidates(selector).filter((source) => source !== role && source.name !== role.name && matchesLabelSelector(selector, source.labels)),
      ),
    );
  }

  const sync = (role: T): boolean => {
    const next: PolicyRule[] = [];
    const have = new Set<string>();
    for (const matching of sources.get(role) ?? []) {
      for (const source of matching) {
        for (const rule of source.rules) {
          const normalized = normalizeRule(rule);
          const key = ruleKey(normalized);
          if (have.has(key)) continue;
          have.add(key);
          next.push(normalized);
        }
      }
    }
    const result = next.length > 0 ? next : (written.get(role.name) ?? []);
    if (result.length === role.rules.length && result.every((r, i) => rulesEqual(r, role.rules[i]))) return false;
    role.rules = result;
    return true;
  };

  for (const component of componentsSourcesFirst(aggregated, (role) => (sources.get(role) ?? []).flat().filter((s) => sources.has(s)))) {
    const cyclic = component.length > 1;
    if (!cyclic) {
      sync(component[0]);
      continue;
    }
    // Keep the roles' own order inside a cycle, as the controller's queue would meet them.
    const inOrder = aggregated.filter((r) => component.includes(r));
    for (let pass = 0; pass <= inOrder.length; pass++) {
      let changed = false;
      for (const role of inOrder) if (sync(role)) changed = true;
      if (!changed) break;
    }
  }
  return roles;
}

/** equality.Semantic.DeepEqual of two normalized rules is equality of this key. */
function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
}

/**
 * Strongly connected components of the graph "role -> the aggregated roles it draws from", each
 * listed after every component it draws from (Tarjan's algorithm emits components in that
 * order). Iterative, so a chain of any length does not exhaust the call stack.
 */
function componentsSourcesFirst<N>(nodes: readonly N[], edges: (n: N) => N[]): N[][] {
  const index = new Map<N, number>();
  const low = new Map<N, number>();
  const onStack = new Set<N>();
  const stack: N[] = [];
  const out: N[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: {node: N; next: N[]; i: number}[] = [];
    const open = (n: N) => {
      index.set(n, counter);
      low.set(n, counter);
      counter++;
      stack.push(n);
      onStack.add(n);
      work.push({node: n, next: edges(n), i: 0});
    };
    open(root);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.next.length) {
        const m = top.next[top.i++];
        if (!index.has(m)) open(m);
        else if (onStack.has(m)) low.set(top.node, Math.min(low.get(top.node)!, index.get(m)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: N[] = [];
        let m: N;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          component.push(m);
        } while (m !== top.node);
        out.push(component);
      }
    }
  }
  return out;
}
