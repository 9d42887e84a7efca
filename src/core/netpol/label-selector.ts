/**
 * metav1.LabelSelector matching, shared by NetworkPolicy (pod and namespace selectors) and RBAC
 * (ClusterRole aggregation). Pure data in, boolean out.
 *
 * Upstream: k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go, LabelSelectorAsSelector, and
 * k8s.io/apimachinery/pkg/labels/selector.go, Requirement.Matches.
 */
import {scalarText, scalarTexts} from '../scalar-text';
import {isRecord} from '../is-record';

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type Labels = Record<string, string>;

/** The labels of an object (metadata.labels), with non-string values left out. */
export function labelsOf(object: unknown): Labels {
  const metadata = isRecord(object) ? object.metadata : undefined;
  const labels = isRecord(metadata) ? metadata.labels : undefined;
  const out: Labels = {};
  if (!isRecord(labels)) return out;
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Whether `labels` satisfy `selector`.
 *
 * - `null`/`undefined` selects nothing (LabelSelectorAsSelector returns labels.Nothing() for nil);
 *   callers for which a missing selector means "everything" (NetworkPolicySpec.podSelector) pass `{}`.
 * - An empty selector (no matchLabels, no matchExpressions) selects everything (labels.Everything()).
 * - matchLabels and matchExpressions are ANDed (selector.Add of all requirements).
 * - In: the label exists and its value is listed. NotIn: the label is absent, or its value is not
 *   listed (Requirement.Matches, case selection.NotIn: `if !ls.Has(r.key) { return true }`).
 *   Exists / DoesNotExist: presence only.
 * - An unknown operator makes LabelSelectorAsSelector fail; the API server's validation rejects
 *   such objects, and here such a selector selects nothing.
 */
export function matchesLabelSelector(selector: unknown, labels: Labels): boolean {
  if (selector === null || selector === undefined) return false;
  if (!isRecord(selector)) return false;
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const [key, value] of Object.entries(matchLabels)) {
    if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== scalarText(value)) return false;
  }
  for (const expr of expressions) {
    if (!isRecord(expr) || typeof expr.key !== 'string') return false;
    const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
    const values = scalarTexts(expr.values);
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(labels[expr.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[expr.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
