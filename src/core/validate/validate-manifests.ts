/**
 * validateManifests: every diagnostic for a manifest text, errors exactly where the API server
 * (with strict field validation, as `kubectl apply` uses it) rejects an object.
 *
 * Per object: which kind it is (the kinds a default kube-apiserver serves), strict decoding
 * (the generated schema), then the server's own validation rules for that kind, then warnings.
 */
import type {Diagnostic} from '../diagnostics';
import {CHECKED_KINDS, NOT_SERVED_BY_DEFAULT, SERVED_KINDS, type CheckedKind} from '../generated/catalog';
import {parseManifestsDetailed, type ParsedManifests, type ParsedObject} from '../parse';
import {limitDiagnostics} from '../limit-diagnostics';
import {checkSchema} from './check-schema';
import {Reporter} from './reporter';
import {checkConfigMap, checkNamespace, checkPersistentVolumeClaim, checkSecret, checkService, checkServiceAccount} from './rules/core-objects';
import {checkIngress, checkNetworkPolicy} from './rules/networking';
import {checkRole, checkRoleBinding} from './rules/rbac';
import {isObj, obj, str, type Obj} from './rules/values';
import {namespaceKey, podSpecsOf, warnNetworkPolicy, warnPodSpecs, type ManifestPods} from './rules/warnings';
import {checkCronJob, checkDaemonSet, checkDeployment, checkJob, checkPod, checkReplicaSet, checkStatefulSet} from './rules/workloads';
import {displayText} from '../scalar-text';

const RULES: Record<string, (r: Reporter, o: Obj) => void> = {
  'v1/Pod': checkPod,
  'v1/Service': checkService,
  'v1/ServiceAccount': checkServiceAccount,
  'v1/Secret': checkSecret,
  'v1/ConfigMap': checkConfigMap,
  'v1/Namespace': checkNamespace,
  'v1/PersistentVolumeClaim': checkPersistentVolumeClaim,
  'apps/v1/Deployment': checkDeployment,
  'apps/v1/ReplicaSet': checkReplicaSet,
  'apps/v1/DaemonSet': checkDaemonSet,
  'apps/v1/StatefulSet': checkStatefulSet,
  'batch/v1/Job': checkJob,
  'batch/v1/CronJob': checkCronJob,
  'rbac.authorization.k8s.io/v1/Role': (r, o) => checkRole(r, o, true),
  'rbac.authorization.k8s.io/v1/ClusterRole': (r, o) => checkRole(r, o, false),
  'rbac.authorization.k8s.io/v1/RoleBinding': (r, o) => checkRoleBinding(r, o, true),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': (r, o) => checkRoleBinding(r, o, false),
  'networking.k8s.io/v1/NetworkPolicy': checkNetworkPolicy,
  'networking.k8s.io/v1/Ingress': checkIngress,
};

/**
 * A copy without null-valued fields: the API server's JSON decoding treats `field: null` as an
 * absent field (Go leaves the zero value), so `name:` with nothing after it is "missing".
 */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) continue;
    const value = withoutNulls(x);
    if (k === '__proto__') Object.defineProperty(out, k, {value, enumerable: true, writable: true, configurable: true});
    else out[k] = value;
  }
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
}

/** Collects the pods a manifest defines (Pods and pod templates), by namespace. */
function manifestPods(objects: ParsedObject[]): ManifestPods {
  const byNamespace = new Map<string, Record<string, string>[]>();
  for (const {object} of objects) {
    const kind = str(object.kind);
    const ns = namespaceKey(str(obj(object.metadata)?.namespace));
    for (const {labels} of podSpecsOf(kind, object)) {
      const list = byNamespace.get(ns) ?? [];
      list.push(labels);
      byNamespace.set(ns, list);
    }
  }
  return {byNamespace};
}

function validateObject(parsed: ParsedObject, manifest: ParsedManifests, pods: ManifestPods): Diagnostic[] {
  const object = parsed.object;
  const apiVersion = object.apiVersion;
  const kind = object.kind;
  const found = CHECKED_KINDS.find((k) => k.apiVersion === apiVersion && k.kind === kind);
  const r = new Reporter(parsed, manifest.lines, found?.shape);
  // kubectl needs both to find the resource (resource.Builder -> RESTMapper).
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') r.report('MISSING_API_VERSION', ['apiVersion']);
  else if (typeof apiVersion !== 'string') r.report('INVALID_TYPE', ['apiVersion'], {expected: 'string', actual: typeName(apiVersion)});
  if (kind === undefined || kind === null || kind === '') r.report('MISSING_KIND', ['kind']);
  else if (typeof kind !== 'string') r.report('INVALID_TYPE', ['kind'], {expected: 'string', actual: typeName(kind)});
  if (r.diagnostics.length) return r.diagnostics;

  if (!found) {
    reportUnknownKind(r, displayText(apiVersion), displayText(kind));
    return r.diagnostics;
  }
  const normalized = withoutNulls(object) as Obj;
  checkSchema(found, normalized, r, manifest.text);
  RULES[`${found.apiVersion}/${found.kind}`]?.(r, normalized);
  warnPodSpecs(r, found.kind, normalized);
  if (found.kind === 'NetworkPolicy') warnNetworkPolicy(r, normalized, pods);
  return r.diagnostics;
}

function reportUnknownKind(r: Reporter, apiVersion: string, kind: string): void {
  if (SERVED_KINDS.some(([v, k]) => v === apiVersion && k === kind)) {
    r.report('KIND_NOT_CHECKED', [], {apiVersion, kind});
    return;
  }
  const servedElsewhere = SERVED_KINDS.find(([, k]) => k === kind) ?? SERVED_KINDS.find(([, k]) => k.toLowerCase() === kind.toLowerCase());
  const suggestion = servedElsewhere ? `${servedElsewhere[0]} ${servedElsewhere[1]}` : undefined;
  const params: Record<string, string> = {apiVersion, kind};
  if (suggestion) params.suggestion = suggestion;
  if (NOT_SERVED_BY_DEFAULT.some(([v, k]) => v === apiVersion && k === kind)) r.report('API_VERSION_NOT_SERVED', ['apiVersion'], params);
  else r.report('UNKNOWN_KIND', ['kind'], params);
}

/**
 * Every diagnostic for the manifest: parse problems, then per object the API server's verdict
 * (severity 'error' exactly where it rejects the object) and reviewer warnings, sorted by line.
 */
export function validateManifests(text: string): Diagnostic[] {
  let manifest: ParsedManifests;
  try {
    manifest = parseManifestsDetailed(text);
  } catch (e) {
    return [checkFailed(e, 1)];
  }
  const out: Diagnostic[] = [...manifest.diagnostics];
  let pods: ManifestPods = {byNamespace: new Map()};
  try {
    pods = manifestPods(manifest.objects);
  } catch (e) {
    out.push(checkFailed(e, 1));
  }
  for (const parsed of manifest.objects) {
    // The contract: never throw on a reader's input. A rule that fails is a bug in the checker,
    // reported on its object (the fuzz test fails on any CHECK_FAILED), and the other objects
    // are still judged.
    try {
      out.push(...validateObject(parsed, manifest, pods));
    } catch (e) {
      out.push(checkFailed(e, parsed.line));
    }
  }
  out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return limitDiagnostics(out);
}

function checkFailed(e: unknown, line: number): Diagnostic {
  const reason = e instanceof Error ? `${e.name}: ${e.message}` : 'unknown failure';
  return {code: 'CHECK_FAILED', severity: 'warning', line, column: 1, params: {reason: reason.slice(0, 200)}};
}

export type {CheckedKind};
