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
import {
  checkBinding,
  checkCoreEvent,
  checkEndpoints,
  checkEventsEvent,
  checkLimitRange,
  checkNode,
  checkPersistentVolume,
  checkPodTemplateObject,
  checkReplicationController,
  checkResourceQuota,
} from './rules/core-more';
import * as groups from './rules/api-groups';
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
  'v1/ReplicationController': checkReplicationController,
  'v1/PersistentVolume': checkPersistentVolume,
  'v1/ResourceQuota': checkResourceQuota,
  'v1/LimitRange': checkLimitRange,
  'v1/Endpoints': checkEndpoints,
  'v1/PodTemplate': checkPodTemplateObject,
  'v1/Event': checkCoreEvent,
  'v1/Node': checkNode,
  'v1/Binding': checkBinding,
  'apps/v1/ControllerRevision': groups.checkControllerRevision,
  'policy/v1/PodDisruptionBudget': groups.checkPodDisruptionBudget,
  'autoscaling/v1/HorizontalPodAutoscaler': groups.checkHPAv1,
  'autoscaling/v2/HorizontalPodAutoscaler': groups.checkHPAv2,
  'storage.k8s.io/v1/StorageClass': groups.checkStorageClass,
  'storage.k8s.io/v1/CSIDriver': groups.checkCSIDriver,
  'storage.k8s.io/v1/CSINode': groups.checkCSINode,
  'storage.k8s.io/v1/CSIStorageCapacity': groups.checkCSIStorageCapacity,
  'storage.k8s.io/v1/VolumeAttachment': groups.checkVolumeAttachment,
  'storage.k8s.io/v1/VolumeAttributesClass': groups.checkVolumeAttributesClass,
  'scheduling.k8s.io/v1/PriorityClass': groups.checkPriorityClass,
  'coordination.k8s.io/v1/Lease': groups.checkLease,
  'discovery.k8s.io/v1/EndpointSlice': groups.checkEndpointSlice,
  'events.k8s.io/v1/Event': checkEventsEvent,
  'networking.k8s.io/v1/IngressClass': groups.checkIngressClass,
  'networking.k8s.io/v1/IPAddress': groups.checkIPAddress,
  'networking.k8s.io/v1/ServiceCIDR': groups.checkServiceCIDR,
  'node.k8s.io/v1/RuntimeClass': groups.checkRuntimeClass,
  'certificates.k8s.io/v1/CertificateSigningRequest': groups.checkCertificateSigningRequest,
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': groups.checkValidatingWebhookConfiguration,
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': groups.checkMutatingWebhookConfiguration,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': groups.checkValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': groups.checkValidatingAdmissionPolicyBinding,
  'admissionregistration.k8s.io/v1/MutatingAdmissionPolicy': groups.checkMutatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding': groups.checkMutatingAdmissionPolicyBinding,
  'apiextensions.k8s.io/v1/CustomResourceDefinition': groups.checkCustomResourceDefinition,
  'apiregistration.k8s.io/v1/APIService': groups.checkAPIService,
  'flowcontrol.apiserver.k8s.io/v1/FlowSchema': groups.checkFlowSchema,
  'flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration': groups.checkPriorityLevelConfiguration,
  'resource.k8s.io/v1/DeviceClass': groups.checkDeviceClass,
  'resource.k8s.io/v1/ResourceClaim': groups.checkResourceClaim,
  'resource.k8s.io/v1/ResourceClaimTemplate': groups.checkResourceClaimTemplate,
  'resource.k8s.io/v1/ResourceSlice': groups.checkResourceSlice,
  'authentication.k8s.io/v1/TokenReview': groups.checkTokenReview,
  'authentication.k8s.io/v1/SelfSubjectReview': groups.checkSelfReview,
  'authorization.k8s.io/v1/SubjectAccessReview': groups.checkAccessReview,
  'authorization.k8s.io/v1/LocalSubjectAccessReview': groups.checkAccessReview,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': groups.checkAccessReview,
  'authorization.k8s.io/v1/SelfSubjectRulesReview': groups.checkSelfReview,
};

/** The kinds with the API server's own validation rules ported, as `apiVersion/kind` (the catalog test reads it). */
export const RULE_KINDS: readonly string[] = Object.keys(RULES);

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

/** Every served kind is checked (the catalog test holds it), so a kind not found is not served. */
function reportUnknownKind(r: Reporter, apiVersion: string, kind: string): void {
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
