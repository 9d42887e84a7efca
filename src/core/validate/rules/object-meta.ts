/**
 * ObjectMeta, labels, annotations and label selectors, as the API server validates them.
 */
import {byteLength, isDNS1123Label, isDNS1123Subdomain, isLabelValue, isPathSegmentName, isQualifiedName} from '../formats';
import type {Path, Reporter} from '../reporter';
import {arr, isObj, obj, str, strMap, type Obj} from './values';
import {scalarTexts} from '../../scalar-text';

export type NameFormat = 'dns1123-subdomain' | 'dns1123-label' | 'path-segment';

/** Checks a name in the given format, reporting the matching code. Returns whether it is valid. */
export function checkName(r: Reporter, path: Path, value: string, format: NameFormat): boolean {
  switch (format) {
    case 'dns1123-subdomain':
      // NameIsDNSSubdomain (apimachinery/pkg/api/validation/generic.go)
      if (isDNS1123Subdomain(value)) return true;
      r.report('INVALID_DNS1123_SUBDOMAIN', path, {value, maxLength: 253});
      return false;
    case 'dns1123-label':
      // NameIsDNSLabel / ValidateDNS1123Label (apimachinery/pkg/api/validation/generic.go)
      if (isDNS1123Label(value)) return true;
      r.report('INVALID_DNS1123_LABEL', path, {value, maxLength: 63});
      return false;
    case 'path-segment':
      // ValidateRBACName -> content.IsPathSegmentName (pkg/apis/rbac/validation/validation.go)
      if (isPathSegmentName(value)) return true;
      r.report('INVALID_PATH_SEGMENT_NAME', path, {value});
      return false;
  }
}

/** maskTrailingDash (apimachinery/pkg/api/validation/generic.go): a prefix may end in '-'. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? name.slice(0, -2) + 'a' : name;
}

/**
 * ValidateObjectMetaAccessor (apimachinery/pkg/api/validation/objectmeta.go) as it runs on
 * create: the registry first fills name from generateName (BeforeCreate, names.SimpleNameGenerator:
 * at most 58 characters of the prefix plus 5 random ones), then validates.
 */
export function checkObjectMeta(r: Reporter, o: Obj, format: NameFormat, namespaced: boolean): void {
  const meta = obj(o.metadata) ?? {};
  const name = str(meta.name);
  const generateName = str(meta.generateName);
  if (generateName) {
    const prefixOk = format === 'path-segment' ? isPathSegmentName(generateName) : checkNameQuiet(maskTrailingDash(generateName), format);
    if (!prefixOk) checkName(r, ['metadata', 'generateName'], generateName, format);
  }
  if (name === '') {
    if (generateName === '') {
      r.report('REQUIRED_FIELD', ['metadata', 'name'], {field: 'name'});
    } else {
      // The generated name is what gets validated: prefix (cut to 58) + 5 characters.
      const generated = generateName.slice(0, 58) + 'xxxxx';
      if (!checkNameQuiet(generated, format) && checkNameQuiet(maskTrailingDash(generateName), format)) {
        checkName(r, ['metadata', 'generateName'], generateName, format);
      }
      r.report('GENERATE_NAME_WITH_APPLY', ['metadata', 'generateName']);
    }
  } else {
    checkName(r, ['metadata', 'name'], name, format);
  }

  const namespace = str(meta.namespace);
  if (namespace !== '') {
    if (namespaced) {
      // ValidateNamespaceName (apimachinery/pkg/api/validation/generic.go) = DNS-1123 label
      checkName(r, ['metadata', 'namespace'], namespace, 'dns1123-label');
    } else {
      // kubectl drops metadata.namespace of cluster-scoped kinds (resource.FilterNamespace).
      r.report('NAMESPACE_IGNORED', ['metadata', 'namespace'], {namespace});
    }
  }

  // ValidateNonnegativeField (apimachinery/pkg/api/validation/generic.go) for generation
  if (typeof meta.generation === 'number' && meta.generation < 0) {
    r.report('VALUE_OUT_OF_RANGE', ['metadata', 'generation'], {value: meta.generation, min: 0});
  }
  checkLabels(r, ['metadata', 'labels'], meta.labels);
  checkAnnotations(r, ['metadata', 'annotations'], meta.annotations);
  checkOwnerReferences(r, meta.ownerReferences);
  checkFinalizers(r, meta.finalizers);
}

function checkNameQuiet(value: string, format: NameFormat): boolean {
  switch (format) {
    case 'dns1123-subdomain':
      return isDNS1123Subdomain(value);
    case 'dns1123-label':
      return isDNS1123Label(value);
    case 'path-segment':
      return isPathSegmentName(value);
  }
}

/** ValidateLabels (apimachinery/pkg/apis/meta/v1/validation/validation.go). */
export function checkLabels(r: Reporter, path: Path, labels: unknown): void {
  for (const [k, v] of strMap(labels)) {
    // ValidateLabelName -> IsQualifiedName
    if (!isQualifiedName(k)) r.report('INVALID_QUALIFIED_NAME', [...path, k], {value: k}, 'key');
    // IsValidLabelValue
    if (!isLabelValue(v)) r.report('INVALID_LABEL_VALUE', [...path, k], {value: v});
  }
}

/** ValidateAnnotations (apimachinery/pkg/api/validation/objectmeta.go): keys are lower-cased first. */
export function checkAnnotations(r: Reporter, path: Path, annotations: unknown): void {
  let size = 0;
  for (const [k, v] of strMap(annotations)) {
    if (!isQualifiedName(k.toLowerCase())) r.report('INVALID_QUALIFIED_NAME', [...path, k], {value: k}, 'key');
    size += byteLength(k) + byteLength(v);
  }
  // ValidateAnnotationsSize: TotalAnnotationSizeLimitB = 256 KiB
  const limit = 256 * 1024;
  if (size > limit) r.report('ANNOTATIONS_TOO_LARGE', path, {size, limit});
}

/** ValidateOwnerReferences / validateOwnerReference (apimachinery/pkg/api/validation/objectmeta.go). */
function checkOwnerReferences(r: Reporter, refs: unknown): void {
  let controllers = 0;
  arr(refs).forEach((ref, i) => {
    if (!isObj(ref)) return;
    const p = ['metadata', 'ownerReferences', i];
    const apiVersion = str(ref.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version === '') r.report('REQUIRED_FIELD', [...p, 'apiVersion'], {field: 'apiVersion'});
    if (str(ref.kind) === '') r.report('REQUIRED_FIELD', [...p, 'kind'], {field: 'kind'});
    if (str(ref.name) === '') r.report('REQUIRED_FIELD', [...p, 'name'], {field: 'name'});
    if (str(ref.uid) === '') r.report('REQUIRED_FIELD', [...p, 'uid'], {field: 'uid'});
    // BannedOwners: v1 Event may not own anything.
    if (version === 'v1' && !apiVersion.includes('/') && ref.kind === 'Event') {
      r.report('INVALID_VALUE', p, {value: 'Event', reason: 'not-allowed'});
    }
    if (ref.controller === true && ++controllers === 2) {
      r.report('INVALID_VALUE', p, {value: 'controller', reason: 'format'});
    }
  });
}

/** ValidateFinalizers (apimachinery/pkg/api/validation/objectmeta.go). */
function checkFinalizers(r: Reporter, finalizers: unknown): void {
  const list = arr(finalizers);
  list.forEach((f, i) => {
    if (typeof f === 'string' && !isQualifiedName(f)) r.report('INVALID_QUALIFIED_NAME', ['metadata', 'finalizers', i], {value: f});
  });
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    r.report('MUTUALLY_EXCLUSIVE', ['metadata', 'finalizers'], {fields: 'orphan, foregroundDeletion'});
  }
}

// ---------------------------------------------------------------------------------------------
// Label selectors

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * ValidateLabelSelector + ValidateLabelSelectorRequirement
 * (apimachinery/pkg/apis/meta/v1/validation/validation.go). Returns whether the selector is
 * usable (metav1.LabelSelectorAsSelector would succeed).
 */
export function checkLabelSelector(r: Reporter, path: Path, selector: unknown): boolean {
  const sel = obj(selector);
  if (!sel) return true;
  let ok = true;
  const before = r.diagnostics.length;
  checkLabels(r, [...path, 'matchLabels'], sel.matchLabels);
  arr(sel.matchExpressions).forEach((e, i) => {
    if (!isObj(e)) return;
    const p = [...path, 'matchExpressions', i];
    const op = str(e.operator);
    const values = arr(e.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) r.report('REQUIRED_FIELD', [...p, 'values'], {field: 'values'});
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) r.report('FORBIDDEN_FIELD', [...p, 'values'], {field: 'values', reason: 'needs-other-field'});
    } else {
      r.report('UNSUPPORTED_VALUE', [...p, 'operator'], {value: op, supported: OPERATORS.join(', ')});
    }
    const key = str(e.key);
    if (!isQualifiedName(key)) r.report('INVALID_QUALIFIED_NAME', [...p, 'key'], {value: key});
    values.forEach((v, j) => {
      if (typeof v === 'string' && !isLabelValue(v)) r.report('INVALID_LABEL_VALUE', [...p, 'values', j], {value: v});
    });
  });
  if (r.diagnostics.length > before) ok = false;
  return ok;
}

/** A selector with neither matchLabels nor matchExpressions. */
export function selectorIsEmpty(selector: unknown): boolean {
  const sel = obj(selector);
  return !sel || (strMap(sel.matchLabels).length === 0 && arr(sel.matchExpressions).length === 0);
}

/**
 * Whether the requirements contradict each other, so no set of labels can match (a warning:
 * decidable from the selector alone). E.g. app In [a] with app DoesNotExist, or app=a with app NotIn [a].
 */
export function selectorContradicts(selector: unknown): boolean {
  const sel = obj(selector);
  if (!sel) return false;
  // For each key: the set of values still possible (undefined = any), and whether it must exist.
  const allowed = new Map<string, Set<string> | undefined>();
  const mustExist = new Set<string>();
  const mustNotExist = new Set<string>();
  const excluded = new Map<string, Set<string>>();
  const restrict = (key: string, values: string[]) => {
    const prev = allowed.get(key);
    const next = new Set(values.filter((v) => prev === undefined || prev.has(v)));
    allowed.set(key, next);
    mustExist.add(key);
  };
  for (const [k, v] of strMap(sel.matchLabels)) restrict(k, [v]);
  for (const e of arr(sel.matchExpressions)) {
    if (!isObj(e)) continue;
    const key = str(e.key);
    const values = scalarTexts(e.values);
    if (e.operator === 'In') restrict(key, values);
    else if (e.operator === 'Exists') mustExist.add(key);
    else if (e.operator === 'DoesNotExist') mustNotExist.add(key);
    else if (e.operator === 'NotIn') {
      const s = excluded.get(key) ?? new Set<string>();
      values.forEach((v) => s.add(v));
      excluded.set(key, s);
    }
  }
  for (const key of mustExist) {
    if (mustNotExist.has(key)) return true;
    const a = allowed.get(key);
    if (a === undefined) continue;
    const ex = excluded.get(key);
    if ([...a].every((v) => ex?.has(v))) return true;
  }
  return false;
}
