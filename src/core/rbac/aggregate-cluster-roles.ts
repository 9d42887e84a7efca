/**
 * ClusterRole aggregation, computed the way the clusterrole-aggregation controller of
 * kube-controller-manager does it, so that `admin`, `edit`, `view` and any reader-made ClusterRole
 * with an aggregationRule carry the rules a real cluster would give them.
 *
 * Upstream: pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go,
 * ClusterRoleAggregationController.syncClusterRole and ruleExists.
 */
import {matchesLabelSelector} from '../netpol/label-selector';
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
 * edit, which aggregates its own sources) settle at a fixed point; this repeats the sync of all
 * aggregated roles until nothing changes (bounded by the number of roles, plus one).
 */
export function aggregateClusterRoles<T extends ClusterRoleLike>(roles: T[]): T[] {
  const aggregated = roles.filter((r) => r.aggregationSelectors !== undefined);
  if (aggregated.length === 0) return roles;
  const byName = [...roles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const written = new Map(aggregated.map((r) => [r.name, r.rules]));
  for (let pass = 0; pass <= roles.length; pass++) {
    let changed = false;
    for (const role of aggregated) {
      const next: PolicyRule[] = [];
      for (const selector of role.aggregationSelectors ?? []) {
        for (const source of byName) {
          if (source.name === role.name) continue;
          if (!matchesLabelSelector(selector, source.labels)) continue;
          for (const rule of source.rules) {
            if (!next.some((have) => rulesEqual(have, rule))) next.push(normalizeRule(rule));
          }
        }
      }
      const result = next.length > 0 ? next : (written.get(role.name) ?? []);
      if (result.length !== role.rules.length || result.some((r, i) => !rulesEqual(r, role.rules[i]))) {
        role.rules = result;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return roles;
}
