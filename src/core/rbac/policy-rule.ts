/**
 * One RBAC PolicyRule and the matching functions of the RBAC authorizer.
 *
 * Upstream: pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches, APIGroupMatches,
 * ResourceMatches, ResourceNameMatches, NonResourceURLMatches) and
 * plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows).
 */

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

/** The attributes the authorizer sees for one request (authorizer.Attributes). */
export interface RequestAttributes {
  verb: string;
  /** true for resource requests; false for non-resource URLs (then `path` is set). */
  isResourceRequest: boolean;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  namespace: string;
  path: string;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * A rule as data the authorizer can read. Missing lists are empty lists (Go's nil slice); a field
 * that is not a list of strings (which the API server's validation would have refused) counts as
 * empty, so such a rule matches nothing instead of throwing.
 */
export function normalizeRule(rule: unknown): PolicyRule {
  const r = typeof rule === 'object' && rule !== null ? (rule as Record<string, unknown>) : {};
  return {
    verbs: strings(r.verbs),
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  };
}

function listEqual(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** equality.Semantic.DeepEqual on two PolicyRules: same lists in the same order, nil == empty. */
export function rulesEqual(a: PolicyRule, b: PolicyRule): boolean {
  return (
    listEqual(a.verbs, b.verbs) &&
    listEqual(a.apiGroups, b.apiGroups) &&
    listEqual(a.resources, b.resources) &&
    listEqual(a.resourceNames, b.resourceNames) &&
    listEqual(a.nonResourceURLs, b.nonResourceURLs)
  );
}

/** VerbMatches: `*` or the exact verb. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

/** APIGroupMatches: `*` or the exact group ("" is the core group). */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === '*' || g === group);
}

/**
 * ResourceMatches: `*`, the exact "resource" or "resource/subresource", or a star-slash pattern
 * (`*` + `/log`, written in a rule as star-slash-log) for a request with that subresource. Note what is NOT a pattern: `pods/*` matches only a subresource
 * literally named `*`, and `pods` does not cover `pods/log`.
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.some((r) => {
    if (r === '*' || r === combined) return true;
    if (!subresource) return false;
    return r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource);
  });
}

/**
 * ResourceNameMatches: a rule without resourceNames covers every name; a rule with resourceNames
 * covers only those names. A request without a name (list, create, deletecollection, watch
 * without a metadata.name field selector) has the name "", which no resourceNames entry equals:
 * such requests can never be allowed by a name-restricted rule.
 */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  return rule.resourceNames.some((n) => n === name);
}

/** NonResourceURLMatches: `*`, the exact path, or a prefix ending in `*` (`/apis/*`, `/healthz*`). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some((u) => {
    if (u === '*' || u === path) return true;
    // strings.HasSuffix(ruleURL, "*") && strings.HasPrefix(requestedURL, strings.TrimRight(ruleURL, "*"))
    return u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''));
  });
}

/** RuleAllows (rbac.go). */
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (attrs.isResourceRequest) {
    return (
      verbMatches(rule, attrs.verb) &&
      apiGroupMatches(rule, attrs.apiGroup) &&
      resourceMatches(rule, attrs.resource, attrs.subresource) &&
      resourceNameMatches(rule, attrs.name)
    );
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}

/** Which parts of a rule fail a request: used to explain a denial. Empty when the rule allows it. */
export type RuleMismatch = 'verb' | 'apiGroup' | 'resource' | 'resourceName' | 'nonResourceURL';

export function ruleMismatches(attrs: RequestAttributes, rule: PolicyRule): RuleMismatch[] {
  const out: RuleMismatch[] = [];
  if (!verbMatches(rule, attrs.verb)) out.push('verb');
  if (attrs.isResourceRequest) {
    if (!apiGroupMatches(rule, attrs.apiGroup)) out.push('apiGroup');
    if (!resourceMatches(rule, attrs.resource, attrs.subresource)) out.push('resource');
    if (!resourceNameMatches(rule, attrs.name)) out.push('resourceName');
  } else if (!nonResourceURLMatches(rule, attrs.path)) {
    out.push('nonResourceURL');
  }
  return out;
}
