/**
 * RBAC objects: pkg/apis/rbac/validation/validation.go (Kubernetes v1.36), after the defaults of
 * pkg/apis/rbac/v1/defaults.go (roleRef.apiGroup and User/Group subjects' apiGroup default to
 * rbac.authorization.k8s.io). Names are path segments (ValidateRBACName).
 */
import type {Path, Reporter} from '../reporter';
import {checkLabelSelector, checkName, checkObjectMeta} from './object-meta';
import {arr, has, obj, objItems, str, type Obj} from './values';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** ValidatePolicyRule. */
function checkRule(r: Reporter, path: Path, rule: Obj, namespaced: boolean): void {
  if (arr(rule.verbs).length === 0 && !r.has('REQUIRED_FIELD', [...path, 'verbs'])) {
    r.report('REQUIRED_FIELD', [...path, 'verbs'], {field: 'verbs'});
  }
  if (arr(rule.nonResourceURLs).length > 0) {
    // "namespaced rules cannot apply to non-resource URLs"
    if (namespaced) r.report('FORBIDDEN_FIELD', [...path, 'nonResourceURLs'], {field: 'nonResourceURLs', reason: 'namespaced-role'});
    // "rules cannot apply to both regular resources and non-resource URLs"
    if (arr(rule.apiGroups).length > 0 || arr(rule.resources).length > 0 || arr(rule.resourceNames).length > 0) {
      r.report('FORBIDDEN_FIELD', [...path, 'nonResourceURLs'], {field: 'nonResourceURLs', reason: 'resources-and-urls'});
    }
    return;
  }
  // "resource rules must supply at least one api group" / "... at least one resource"
  if (arr(rule.apiGroups).length === 0) r.report('REQUIRED_FIELD', [...path, 'apiGroups'], {field: 'apiGroups'});
  if (arr(rule.resources).length === 0) r.report('REQUIRED_FIELD', [...path, 'resources'], {field: 'resources'});
}

/** ValidateRole / ValidateClusterRole. */
export function checkRole(r: Reporter, o: Obj, namespaced: boolean): void {
  checkObjectMeta(r, o, 'path-segment', namespaced);
  for (const [rule, i] of objItems(o.rules)) checkRule(r, ['rules', i], rule, namespaced);
  if (!namespaced && has(o, 'aggregationRule')) {
    const agg = obj(o.aggregationRule) ?? {};
    const selectors = arr(agg.clusterRoleSelectors);
    // "at least one clusterRoleSelector required if aggregationRule is non-nil"
    if (selectors.length === 0) r.report('REQUIRED_FIELD', ['aggregationRule', 'clusterRoleSelectors'], {field: 'clusterRoleSelectors'});
    selectors.forEach((s, i) => checkLabelSelector(r, ['aggregationRule', 'clusterRoleSelectors', i], s));
  }
}

/** ValidateRoleBinding / ValidateClusterRoleBinding + ValidateRoleBindingSubject. */
export function checkRoleBinding(r: Reporter, o: Obj, namespaced: boolean): void {
  checkObjectMeta(r, o, 'path-segment', namespaced);
  const ref = obj(o.roleRef);
  if (ref) checkRoleRef(r, ref, namespaced);
  checkSubjects(r, o, namespaced);
}

function checkRoleRef(r: Reporter, ref: Obj, namespaced: boolean): void {
  const apiGroup = str(ref.apiGroup) || RBAC_GROUP;
  if (apiGroup !== RBAC_GROUP) r.report('UNSUPPORTED_VALUE', ['roleRef', 'apiGroup'], {value: apiGroup, supported: RBAC_GROUP});
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const kind = str(ref.kind);
  if (!kinds.includes(kind) && !(kind === '' && r.has('REQUIRED_FIELD', ['roleRef', 'kind']))) {
    r.report('UNSUPPORTED_VALUE', ['roleRef', 'kind'], {value: kind, supported: kinds.join(', ')});
  }
  const name = str(ref.name);
  if (name === '') {
    if (!r.has('REQUIRED_FIELD', ['roleRef', 'name'])) r.report('REQUIRED_FIELD', ['roleRef', 'name'], {field: 'name'});
  } else checkName(r, ['roleRef', 'name'], name, 'path-segment');
}

function checkSubjects(r: Reporter, o: Obj, namespaced: boolean): void {
  for (const [s, i] of objItems(o.subjects)) {
    const p = ['subjects', i];
    const sname = str(s.name);
    if (sname === '' && !r.has('REQUIRED_FIELD', [...p, 'name'])) r.report('REQUIRED_FIELD', [...p, 'name'], {field: 'name'});
    const skind = str(s.kind);
    const sgroup = str(s.apiGroup);
    switch (skind) {
      case 'ServiceAccount':
        // ValidateServiceAccountName = NameIsDNSSubdomain
        if (sname !== '') checkName(r, [...p, 'name'], sname, 'dns1123-subdomain');
        if (sgroup !== '') r.report('UNSUPPORTED_VALUE', [...p, 'apiGroup'], {value: sgroup, supported: '""'});
        if (!namespaced && str(s.namespace) === '') r.report('REQUIRED_FIELD', [...p, 'namespace'], {field: 'namespace'});
        break;
      case 'User':
      case 'Group':
        if (sgroup !== '' && sgroup !== RBAC_GROUP) r.report('UNSUPPORTED_VALUE', [...p, 'apiGroup'], {value: sgroup, supported: RBAC_GROUP});
        break;
      default:
        if (!(skind === '' && r.has('REQUIRED_FIELD', [...p, 'kind']))) {
          r.report('UNSUPPORTED_VALUE', [...p, 'kind'], {value: skind, supported: 'ServiceAccount, User, Group'});
        }
    }
  }
}
