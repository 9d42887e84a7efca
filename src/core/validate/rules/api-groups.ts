/**
 * The kinds of the other API groups a default v1.36 API server serves: apps (ControllerRevision),
 * policy, autoscaling, scheduling, coordination, discovery, networking (IngressClass, IPAddress,
 * ServiceCIDR), node, storage, certificates, admissionregistration, apiregistration, apiextensions,
 * flowcontrol, resource, authentication and authorization. Ported from each group's
 * pkg/apis/<group>/validation/validation.go in k8s.io/kubernetes v1.36.3 (apiregistration:
 * k8s.io/kube-aggregator pkg/apis/apiregistration/validation; apiextensions:
 * k8s.io/apiextensions-apiserver pkg/apis/apiextensions/validation), after the group's defaults.
 *
 * Not ported (the engine accepts what only these would refuse): CEL expressions are not compiled
 * (ValidatingAdmissionPolicy, MutatingAdmissionPolicy, webhook matchConditions, CRD
 * x-kubernetes-validations, DRA selectors), a CSR's request is checked as PEM, not parsed as
 * PKCS#10 with its signature, and a CRD's schema is checked at its root only (not the whole
 * structural-schema rules).
 */
import {
  byteLength,
  isDNS1123Label,
  isDNS1123Subdomain,
  isPathSegmentName,
  isQualifiedName,
  isValidPercent,
  isValidPortNum,
  parseCIDRStrict,
  parseIP,
  parseQuantity,
} from '../formats';
import type {Path, Reporter} from '../reporter';
import {checkLabelSelector, checkLabels, checkName, checkObjectMeta} from './object-meta';
import {checkCSIDriverName} from './core-more';
import {checkTolerations} from './pod-spec';
import {arr, has, num, obj, objItems, str, strMap, type Obj} from './values';
import {decodeBase64} from './core-objects';
import {displayText} from '../../scalar-text';

function required(r: Reporter, path: Path, field: string): void {
  if (!r.has('REQUIRED_FIELD', path)) r.report('REQUIRED_FIELD', path, {field});
}

function oneOf(r: Reporter, path: Path, value: string, supported: readonly string[]): void {
  if (!supported.includes(value)) r.report('UNSUPPORTED_VALUE', path, {value, supported: supported.join(', ')});
}

function pathSegment(r: Reporter, path: Path, value: string, field: string): void {
  if (value === '') required(r, path, field);
  else checkName(r, path, value, 'path-segment');
}

/** IsDNS1035Label: a DNS-1123 label that starts with a letter. */
function isDNS1035Label(v: string): boolean {
  return isDNS1123Label(v) && /^[a-z]/.test(v);
}

/** IsFullyQualifiedName (apimachinery util/validation): a DNS subdomain with at least three segments. */
function fullyQualified(r: Reporter, path: Path, value: string): void {
  const name = value.replace(/\.$/, '');
  if (value === '') required(r, path, 'name');
  else if (!isDNS1123Subdomain(name)) r.report('INVALID_DNS1123_SUBDOMAIN', path, {value, maxLength: 253});
  else if (name.split('.').length < 3) r.report('INVALID_VALUE', path, {value, reason: 'format'});
}

/** IsDomainPrefixedPath (apimachinery util/validation): "example.com/path". */
function isDomainPrefixedPath(v: string): boolean {
  const i = v.indexOf('/');
  if (i < 0) return false;
  const host = v.slice(0, i);
  const rest = v.slice(i + 1);
  return isDNS1123Subdomain(host) && rest !== '' && /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest);
}

/** schema.ParseGroupVersion: "", "v1" or "group/version"; more slashes are an error. */
function groupOf(apiVersion: string): string | undefined {
  const parts = apiVersion.split('/');
  if (apiVersion === '' || parts.length === 1) return '';
  if (parts.length === 2) return parts[0];
  return undefined;
}

// --- apps ----------------------------------------------------------------------------------

/** ValidateControllerRevisionCreate: revision not negative, data a JSON object. */
export function checkControllerRevision(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  if (typeof o.revision === 'number' && o.revision < 0) r.report('VALUE_OUT_OF_RANGE', ['revision'], {value: o.revision, min: 0});
  if (o.data === undefined) required(r, ['data'], 'data');
  else if (obj(o.data) === undefined) r.report('INVALID_TYPE', ['data'], {expected: 'object', actual: Array.isArray(o.data) ? 'array' : typeof o.data});
}

// --- policy --------------------------------------------------------------------------------

/** ValidatePositiveIntOrPercent + IsNotMoreThan100Percent (apps validation). */
function intOrPercent(r: Reporter, path: Path, value: unknown): void {
  if (typeof value === 'number') {
    if (value < 0) r.report('VALUE_OUT_OF_RANGE', path, {value, min: 0});
  } else if (typeof value === 'string') {
    if (!isValidPercent(value)) r.report('INVALID_VALUE', path, {value, reason: 'format'});
    else if (Number(value.slice(0, -1)) > 100) r.report('VALUE_OUT_OF_RANGE', path, {value, max: '100%'});
  }
}

/** ValidatePodDisruptionBudget -> ValidatePodDisruptionBudgetSpec. */
export function checkPodDisruptionBudget(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  if (has(spec, 'minAvailable') && has(spec, 'maxUnavailable')) r.report('MUTUALLY_EXCLUSIVE', ['spec'], {fields: 'minAvailable, maxUnavailable'});
  if (has(spec, 'minAvailable')) intOrPercent(r, ['spec', 'minAvailable'], spec.minAvailable);
  if (has(spec, 'maxUnavailable')) intOrPercent(r, ['spec', 'maxUnavailable'], spec.maxUnavailable);
  checkLabelSelector(r, ['spec', 'selector'], spec.selector);
  if (typeof spec.unhealthyPodEvictionPolicy === 'string')
    oneOf(r, ['spec', 'unhealthyPodEvictionPolicy'], spec.unhealthyPodEvictionPolicy, ['AlwaysAllow', 'IfHealthyBudget']);
}

// --- autoscaling ---------------------------------------------------------------------------

/** ValidateCrossVersionObjectReference + ValidateAPIVersion. */
function crossVersionRef(r: Reporter, path: Path, ref: Obj, allowEmptyGroup: boolean): void {
  pathSegment(r, [...path, 'kind'], str(ref.kind), 'kind');
  pathSegment(r, [...path, 'name'], str(ref.name), 'name');
  const group = groupOf(str(ref.apiVersion));
  if (group === undefined || (group === '' && !allowEmptyGroup))
    r.report('INVALID_VALUE', [...path, 'apiVersion'], {value: str(ref.apiVersion), reason: 'format'});
}

/** validateMetricTarget. */
function metricTarget(r: Reporter, path: Path, t: Obj): void {
  const type = str(t.type);
  if (type === '') required(r, [...path, 'type'], 'type');
  else oneOf(r, [...path, 'type'], type, ['Utilization', 'Value', 'AverageValue']);
  for (const field of ['value', 'averageValue']) {
    const q = typeof t[field] === 'string' || typeof t[field] === 'number' ? parseQuantity(t[field] as string) : undefined;
    if (q && q.num <= 0n) r.report('INVALID_VALUE', [...path, field], {value: displayText(t[field]), reason: 'must-be-positive'});
  }
  if (typeof t.averageUtilization === 'number' && t.averageUtilization < 1)
    r.report('INVALID_VALUE', [...path, 'averageUtilization'], {value: t.averageUtilization, reason: 'must-be-positive'});
}

const METRIC_SOURCES: Record<string, string> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};

/**
 * validateHorizontalPodAutoscalerSpec (autoscaling/v2 after SetDefaults_HorizontalPodAutoscaler:
 * minReplicas 1, a CPU metric at 80% when none is given; v1's targetCPUUtilizationPercentage is
 * converted to a Resource metric). MinReplicasLowerBound is 1: the HPAScaleToZero feature gate is
 * off by default in v1.36 (pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go).
 */
function checkHPA(r: Reporter, o: Obj, v1: boolean): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  const min = num(spec.minReplicas);
  if (min !== undefined && min < 1) r.report('VALUE_OUT_OF_RANGE', ['spec', 'minReplicas'], {value: min, min: 1});
  const max = num(spec.maxReplicas) ?? 0;
  if (max === 0) required(r, ['spec', 'maxReplicas'], 'maxReplicas');
  else if (max < 0) r.report('VALUE_OUT_OF_RANGE', ['spec', 'maxReplicas'], {value: max, min: 1});
  if (min !== undefined && max < min) r.report('VALUE_OUT_OF_RANGE', ['spec', 'maxReplicas'], {value: max, min});
  const ref = obj(spec.scaleTargetRef) ?? {};
  crossVersionRef(r, ['spec', 'scaleTargetRef'], ref, str(ref.kind) === 'ReplicationController');
  if (v1) {
    const cpu = num(spec.targetCPUUtilizationPercentage);
    if (cpu !== undefined && cpu < 1) r.report('INVALID_VALUE', ['spec', 'targetCPUUtilizationPercentage'], {value: cpu, reason: 'must-be-positive'});
    return;
  }
  for (const [m, i] of objItems(spec.metrics)) {
    const p = ['spec', 'metrics', i];
    const type = str(m.type);
    const present = Object.values(METRIC_SOURCES).filter((f) => has(m, f));
    if (type === '') required(r, [...p, 'type'], 'type');
    else if (!(type in METRIC_SOURCES)) oneOf(r, [...p, 'type'], type, Object.keys(METRIC_SOURCES));
    const expected = METRIC_SOURCES[type];
    if (expected && !has(m, expected)) required(r, [...p, expected], expected);
    if (present.length > 1) for (const f of present) if (f !== expected) r.report('FORBIDDEN_FIELD', [...p, f], {field: f, reason: 'needs-other-field'});
    const first = present[0];
    if (!first) continue;
    const src = obj(m[first]) ?? {};
    const sp = [...p, first];
    const target = obj(src.target) ?? {};
    if (first === 'resource' || first === 'containerResource') {
      if (str(src.name) === '') required(r, [...sp, 'name'], 'name');
      if (first === 'containerResource' && str(src.container) === '') required(r, [...sp, 'container'], 'container');
      metricTarget(r, [...sp, 'target'], target);
      if (!has(target, 'averageUtilization') && !has(target, 'averageValue')) required(r, [...sp, 'target', 'averageUtilization'], 'averageUtilization');
      if (has(target, 'averageUtilization') && has(target, 'averageValue'))
        r.report('MUTUALLY_EXCLUSIVE', [...sp, 'target', 'averageValue'], {fields: 'averageUtilization, averageValue'});
    } else {
      // validateObjectSource / validatePodsSource / validateExternalSource: a metric name and a target
      const metric = obj(src.metric) ?? {};
      if (str(metric.name) === '') required(r, [...sp, 'metric', 'name'], 'name');
      if (has(metric, 'selector')) checkLabelSelector(r, [...sp, 'metric', 'selector'], metric.selector);
      metricTarget(r, [...sp, 'target'], target);
      if (first === 'object') crossVersionRef(r, [...sp, 'describedObject'], obj(src.describedObject) ?? {}, true);
    }
  }
  if (min === 0 && !objItems(spec.metrics).some(([m]) => m.type === 'Object' || m.type === 'External')) {
    r.report('FORBIDDEN_FIELD', ['spec', 'metrics'], {field: 'metrics', reason: 'needs-other-field'});
  }
  const behavior = obj(spec.behavior);
  for (const dir of ['scaleUp', 'scaleDown']) {
    const rules = obj(behavior?.[dir]);
    if (!rules) continue;
    const p = ['spec', 'behavior', dir];
    const window = num(rules.stabilizationWindowSeconds);
    if (window !== undefined && (window < 0 || window > 3600))
      r.report('VALUE_OUT_OF_RANGE', [...p, 'stabilizationWindowSeconds'], {value: window, min: 0, max: 3600});
    if (typeof rules.selectPolicy === 'string') oneOf(r, [...p, 'selectPolicy'], rules.selectPolicy, ['Disabled', 'Max', 'Min']);
    // GenerateHPAScaleUpRules / ScaleDown: absent policies take the defaults; an empty list stays empty
    if (Array.isArray(rules.policies) && rules.policies.length === 0) required(r, [...p, 'policies'], 'policies');
    for (const [pol, i] of objItems(rules.policies)) {
      const pp = [...p, 'policies', i];
      oneOf(r, [...pp, 'type'], str(pol.type), ['Percent', 'Pods']);
      if ((num(pol.value) ?? 0) <= 0) r.report('INVALID_VALUE', [...pp, 'value'], {value: num(pol.value) ?? 0, reason: 'must-be-positive'});
      const period = num(pol.periodSeconds) ?? 0;
      if (period <= 0 || period > 1800) r.report('VALUE_OUT_OF_RANGE', [...pp, 'periodSeconds'], {value: period, min: 1, max: 1800});
    }
    const tol = rules.tolerance;
    const q = typeof tol === 'string' || typeof tol === 'number' ? parseQuantity(tol) : undefined;
    if (q && q.num < 0n) r.report('VALUE_OUT_OF_RANGE', [...p, 'tolerance'], {value: displayText(tol), min: 0});
  }
}

export const checkHPAv1 = (r: Reporter, o: Obj) => checkHPA(r, o, true);
export const checkHPAv2 = (r: Reporter, o: Obj) => checkHPA(r, o, false);

// --- scheduling, coordination, node --------------------------------------------------------

/** ValidatePriorityClass: user classes at most 1,000,000,000; the system- prefix is reserved. */
export function checkPriorityClass(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const name = str(obj(o.metadata)?.name);
  const value = num(o.value) ?? 0;
  if (name.startsWith('system-')) {
    // IsKnownSystemPriorityClass: only the two built-in classes with their own values
    const known: Record<string, number> = {'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000};
    if (known[name] !== value || o.globalDefault === true) r.report('FORBIDDEN_FIELD', ['metadata', 'name'], {field: 'name', reason: 'not-allowed'});
  } else if (value > 1000000000) r.report('VALUE_OUT_OF_RANGE', ['value'], {value, max: 1000000000});
  if (typeof o.preemptionPolicy === 'string') oneOf(r, ['preemptionPolicy'], o.preemptionPolicy, ['Never', 'PreemptLowerPriority']);
}

/**
 * ValidateLease -> ValidateLeaseSpec. strategy and preferredHolder belong to the
 * CoordinatedLeaderElection feature gate, off by default in v1.36: the registry drops them before
 * validation (pkg/registry/coordination/lease/strategy.go), so they are not checked here.
 */
export function checkLease(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  const d = num(spec.leaseDurationSeconds);
  if (d !== undefined && d <= 0) r.report('INVALID_VALUE', ['spec', 'leaseDurationSeconds'], {value: d, reason: 'must-be-positive'});
  const t = num(spec.leaseTransitions);
  if (t !== undefined && t < 0) r.report('VALUE_OUT_OF_RANGE', ['spec', 'leaseTransitions'], {value: t, min: 0});
}

/** ValidateRuntimeClass: handler a DNS label; overhead quantities; scheduling labels and tolerations. */
export function checkRuntimeClass(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const handler = str(o.handler);
  if (handler === '') required(r, ['handler'], 'handler');
  else checkName(r, ['handler'], handler, 'dns1123-label');
  for (const [name, v] of Object.entries(obj(obj(o.overhead)?.podFixed) ?? {})) {
    // validateOverhead -> ValidateResourceRequirements: standard names, not negative
    const p = ['overhead', 'podFixed', name];
    if (!isQualifiedName(name) || (!name.includes('/') && !['cpu', 'memory', 'ephemeral-storage'].includes(name) && !name.startsWith('hugepages-'))) {
      r.report('INVALID_RESOURCE_NAME', p, {value: name}, 'key');
    }
    const q = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
    if (q && q.num < 0n) r.report('VALUE_OUT_OF_RANGE', p, {value: displayText(v), min: 0});
  }
  const scheduling = obj(o.scheduling);
  if (scheduling) {
    checkLabels(r, ['scheduling', 'nodeSelector'], scheduling.nodeSelector);
    checkTolerations(r, ['scheduling', 'tolerations'], scheduling.tolerations);
  }
}

// --- discovery, networking -----------------------------------------------------------------

/** ValidateEndpointSliceCreate: addressType, ports (defaults: name "", protocol TCP), endpoints. */
export function checkEndpointSlice(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const type = str(o.addressType);
  if (type === '') required(r, ['addressType'], 'addressType');
  else oneOf(r, ['addressType'], type, ['FQDN', 'IPv4', 'IPv6']);
  const names = new Set<string>();
  for (const [port, i] of objItems(o.ports)) {
    const p = ['ports', i];
    const name = str(port.name);
    if (name !== '') checkName(r, [...p, 'name'], name, 'dns1123-label');
    if (names.has(name)) r.report('DUPLICATE_VALUE', [...p, 'name'], {value: name});
    names.add(name);
    const protocol = str(port.protocol) || 'TCP';
    oneOf(r, [...p, 'protocol'], protocol, ['SCTP', 'TCP', 'UDP']);
    if (typeof port.appProtocol === 'string' && !isQualifiedName(port.appProtocol))
      r.report('INVALID_QUALIFIED_NAME', [...p, 'appProtocol'], {value: port.appProtocol});
  }
  const endpoints = objItems(o.endpoints);
  if (endpoints.length > 1000) r.report('VALUE_OUT_OF_RANGE', ['endpoints'], {value: endpoints.length, max: 1000});
  for (const [ep, i] of endpoints) {
    const p = ['endpoints', i];
    const addresses = arr(ep.addresses);
    if (addresses.length === 0) required(r, [...p, 'addresses'], 'addresses');
    else if (addresses.length > 100) r.report('VALUE_OUT_OF_RANGE', [...p, 'addresses'], {value: addresses.length, max: 100});
    addresses.forEach((a, j) => {
      if (typeof a !== 'string') return;
      const ap = [...p, 'addresses', j];
      if (type === 'FQDN') {
        // IsFullyQualifiedDomainName: a subdomain with at least two segments
        const n = a.replace(/\.$/, '');
        if (!isDNS1123Subdomain(n) || n.split('.').length < 2) r.report('INVALID_DNS1123_SUBDOMAIN', ap, {value: a, maxLength: 253});
        return;
      }
      const ip = parseIP(a);
      if (!ip || ip.is4in6 || ip.v6 !== (type === 'IPv6')) {
        r.report('INVALID_IP', ap, {value: a});
        return;
      }
      // ValidateEndpointIP: not unspecified, loopback, link-local or link-local multicast
      const v = ip.value;
      const bad = ip.v6
        ? v === 0n || v === 1n || v >> 118n === 0x3fan || v >> 112n === 0xff02n
        : v === 0n || v >> 24n === 127n || v >> 16n === 0xa9fen || v >> 8n === 0xe00000n;
      if (bad) r.report('INVALID_IP', ap, {value: a});
    });
    if (typeof ep.nodeName === 'string') checkName(r, [...p, 'nodeName'], ep.nodeName, 'dns1123-subdomain');
    checkLabels(r, [...p, 'deprecatedTopology'], ep.deprecatedTopology);
    if (typeof ep.hostname === 'string') checkName(r, [...p, 'hostname'], ep.hostname, 'dns1123-label');
  }
}

/** ValidateIngressClass: controller a domain-prefixed path (at most 250), parameters reference. */
export function checkIngressClass(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  const controller = str(spec.controller);
  if (controller.length > 250) r.report('VALUE_OUT_OF_RANGE', ['spec', 'controller'], {value: controller.length, max: 250});
  if (!isDomainPrefixedPath(controller)) r.report('INVALID_VALUE', ['spec', 'controller'], {value: controller, reason: 'format'});
  const params = obj(spec.parameters);
  if (!params) return;
  const p = ['spec', 'parameters'];
  if (typeof params.apiGroup === 'string' && !isDNS1123Subdomain(params.apiGroup))
    r.report('INVALID_DNS1123_SUBDOMAIN', [...p, 'apiGroup'], {value: params.apiGroup, maxLength: 253});
  pathSegment(r, [...p, 'kind'], str(params.kind), 'kind');
  pathSegment(r, [...p, 'name'], str(params.name), 'name');
  // SetDefaults_IngressClass (pkg/apis/networking/v1/defaults.go): an absent scope is Cluster
  const scope = typeof params.scope === 'string' ? params.scope : 'Cluster';
  oneOf(r, [...p, 'scope'], scope, ['Cluster', 'Namespace']);
  if (scope === 'Namespace') {
    if (typeof params.namespace !== 'string') required(r, [...p, 'namespace'], 'namespace');
    else checkName(r, [...p, 'namespace'], params.namespace, 'dns1123-label');
  }
  if (scope === 'Cluster' && has(params, 'namespace')) r.report('FORBIDDEN_FIELD', [...p, 'namespace'], {field: 'namespace', reason: 'needs-other-field'});
}

/** ValidateIPAddress: the name is an IP address in canonical form; parentRef required. */
export function checkIPAddress(r: Reporter, o: Obj): void {
  const name = str(obj(o.metadata)?.name);
  const ip = parseIP(name);
  if (name === '') required(r, ['metadata', 'name'], 'name');
  else if (!ip || ip.is4in6) r.report('INVALID_IP', ['metadata', 'name'], {value: name});
  const ref = obj(obj(o.spec)?.parentRef);
  if (!ref) {
    required(r, ['spec', 'parentRef'], 'parentRef');
    return;
  }
  const p = ['spec', 'parentRef'];
  if (str(ref.group) !== '' && !isDNS1123Subdomain(str(ref.group)))
    r.report('INVALID_DNS1123_SUBDOMAIN', [...p, 'group'], {value: str(ref.group), maxLength: 253});
  pathSegment(r, [...p, 'resource'], str(ref.resource), 'resource');
  pathSegment(r, [...p, 'name'], str(ref.name), 'name');
  if (str(ref.namespace) !== '' && !isPathSegmentName(str(ref.namespace)))
    r.report('INVALID_PATH_SEGMENT_NAME', [...p, 'namespace'], {value: str(ref.namespace)});
}

/** ValidateServiceCIDR: one or two CIDRs, at most one per IP family. */
export function checkServiceCIDR(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const cidrs = arr(obj(o.spec)?.cidrs);
  if (cidrs.length === 0) required(r, ['spec', 'cidrs'], 'cidrs');
  else if (cidrs.length > 2) r.report('VALUE_OUT_OF_RANGE', ['spec', 'cidrs'], {value: cidrs.length, max: 2});
  else {
    const parsed = cidrs.map((c, i) => {
      const p = typeof c === 'string' ? parseCIDRStrict(c) : undefined;
      if (typeof c === 'string' && !p) r.report('INVALID_CIDR', ['spec', 'cidrs', i], {value: c});
      return p;
    });
    if (parsed.length === 2 && parsed[0] && parsed[1] && parsed[0].v6 === parsed[1].v6)
      r.report('INVALID_VALUE', ['spec', 'cidrs'], {value: cidrs.map(displayText).join(', '), reason: 'format'});
  }
}

// --- storage -------------------------------------------------------------------------------

/** validateParameters: at most 512 keys, 256 KiB in all, no empty key. */
function parameters(r: Reporter, path: Path, params: unknown, allowEmpty: boolean): void {
  const entries = strMap(params);
  if (entries.length > 512) r.report('VALUE_OUT_OF_RANGE', path, {value: entries.length, max: 512});
  let size = 0;
  for (const [k, v] of entries) {
    if (k === '') r.report('INVALID_VALUE', path, {value: k, reason: 'format'});
    size += byteLength(k) + byteLength(v);
  }
  if (size > 256 * 1024) r.report('VALUE_OUT_OF_RANGE', path, {value: size, max: 256 * 1024});
  if (!allowEmpty && entries.length === 0) required(r, path, 'parameters');
}

/** validateProvisioner: required, a qualified name (lower-cased first). */
function provisioner(r: Reporter, path: Path, value: string, field: string): void {
  if (value === '') required(r, path, field);
  else if (!isQualifiedName(value.toLowerCase())) r.report('INVALID_QUALIFIED_NAME', path, {value});
}

/**
 * ValidateStorageClass (ValidateClassName = NameIsDNSSubdomain), after SetDefaults_StorageClass
 * (reclaimPolicy Delete, volumeBindingMode Immediate).
 */
export function checkStorageClass(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  provisioner(r, ['provisioner'], str(o.provisioner), 'provisioner');
  parameters(r, ['parameters'], o.parameters, true);
  if (typeof o.reclaimPolicy === 'string' && o.reclaimPolicy !== '') oneOf(r, ['reclaimPolicy'], o.reclaimPolicy, ['Delete', 'Retain']);
  if (typeof o.volumeBindingMode === 'string') oneOf(r, ['volumeBindingMode'], o.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']);
  // validateAllowedTopologies -> ValidateTopologySelectorTerm
  for (const [term, i] of objItems(o.allowedTopologies)) {
    for (const [req, j] of objItems(term.matchLabelExpressions)) {
      const p = ['allowedTopologies', i, 'matchLabelExpressions', j];
      const key = str(req.key);
      if (!isQualifiedName(key)) r.report('INVALID_QUALIFIED_NAME', [...p, 'key'], {value: key});
      if (arr(req.values).length === 0) required(r, [...p, 'values'], 'values');
    }
  }
}

/** ValidateVolumeAttributesClass: driverName as a provisioner, at least one parameter. */
export function checkVolumeAttributesClass(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  provisioner(r, ['driverName'], str(o.driverName), 'driverName');
  parameters(r, ['parameters'], o.parameters, false);
}

/**
 * ValidateCSIDriver (name: ValidateCSIDriverName), after SetDefaults_CSIDriver fills the booleans
 * and fsGroupPolicy.
 */
export function checkCSIDriver(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const name = str(obj(o.metadata)?.name);
  if (name !== '') checkCSIDriverName(r, ['metadata', 'name'], name);
  const spec = obj(o.spec) ?? {};
  if (typeof spec.fsGroupPolicy === 'string') oneOf(r, ['spec', 'fsGroupPolicy'], spec.fsGroupPolicy, ['File', 'None', 'ReadWriteOnceWithFSType']);
  const audiences = new Set<string>();
  for (const [t, i] of objItems(spec.tokenRequests)) {
    const audience = str(t.audience);
    if (audiences.has(audience)) r.report('DUPLICATE_VALUE', ['spec', 'tokenRequests', i, 'audience'], {value: audience});
    audiences.add(audience);
    const e = num(t.expirationSeconds);
    if (e !== undefined && (e < 600 || e > 2 ** 32))
      r.report('VALUE_OUT_OF_RANGE', ['spec', 'tokenRequests', i, 'expirationSeconds'], {value: e, min: 600, max: 2 ** 32});
  }
  arr(spec.volumeLifecycleModes).forEach((m, i) => {
    if (typeof m === 'string') oneOf(r, ['spec', 'volumeLifecycleModes', i], m, ['Ephemeral', 'Persistent']);
  });
  const period = num(spec.nodeAllocatableUpdatePeriodSeconds);
  if (period !== undefined && period < 10) r.report('VALUE_OUT_OF_RANGE', ['spec', 'nodeAllocatableUpdatePeriodSeconds'], {value: period, min: 10});
  if (has(spec, 'serviceAccountTokenInSecrets') && arr(spec.tokenRequests).length === 0) {
    r.report('FORBIDDEN_FIELD', ['spec', 'serviceAccountTokenInSecrets'], {field: 'serviceAccountTokenInSecrets', reason: 'needs-other-field'});
  }
}

/** ValidateCSINode (name: ValidateNodeName): drivers with valid, unique names and node IDs. */
export function checkCSINode(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const names = new Set<string>();
  for (const [d, i] of objItems(obj(o.spec)?.drivers)) {
    const p = ['spec', 'drivers', i];
    const name = str(d.name);
    checkCSIDriverName(r, [...p, 'name'], name);
    if (names.has(name)) r.report('DUPLICATE_VALUE', [...p, 'name'], {value: name});
    names.add(name);
    // validateCSINodeDriverNodeID: required, at most 192 characters
    const id = str(d.nodeID);
    if (id === '') required(r, [...p, 'nodeID'], 'nodeID');
    else if (id.length > 192) r.report('VALUE_OUT_OF_RANGE', [...p, 'nodeID'], {value: id.length, max: 192});
    const count = num(obj(d.allocatable)?.count);
    if (count !== undefined && count < 0) r.report('VALUE_OUT_OF_RANGE', [...p, 'allocatable', 'count'], {value: count, min: 0});
    // topologyKeys: qualified names, no duplicates
    const keys = new Set<string>();
    arr(d.topologyKeys).forEach((k, j) => {
      if (typeof k !== 'string') return;
      if (k === '') required(r, [...p, 'topologyKeys', j], 'topologyKeys');
      else if (!isQualifiedName(k)) r.report('INVALID_QUALIFIED_NAME', [...p, 'topologyKeys', j], {value: k});
      if (keys.has(k)) r.report('DUPLICATE_VALUE', [...p, 'topologyKeys', j], {value: k});
      keys.add(k);
    });
  }
}

/** ValidateCSIStorageCapacity: nodeTopology selector, storageClassName, capacity not negative. */
export function checkCSIStorageCapacity(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  checkLabelSelector(r, ['nodeTopology'], o.nodeTopology);
  const scn = str(o.storageClassName);
  if (scn === '') r.report('INVALID_DNS1123_SUBDOMAIN', ['storageClassName'], {value: scn, maxLength: 253});
  else checkName(r, ['storageClassName'], scn, 'dns1123-subdomain');
  for (const field of ['capacity', 'maximumVolumeSize']) {
    const v = o[field];
    const q = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
    if (field === 'capacity' && q && q.num < 0n) r.report('VALUE_OUT_OF_RANGE', [field], {value: displayText(v), min: 0});
  }
}

/** ValidateVolumeAttachment: attacher (a CSI driver name), exactly one source, nodeName. */
export function checkVolumeAttachment(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  checkCSIDriverName(r, ['spec', 'attacher'], str(spec.attacher));
  const source = obj(spec.source) ?? {};
  const pv = has(source, 'persistentVolumeName');
  const inline = has(source, 'inlineVolumeSpec');
  if (pv === inline) r.report('ONE_OF_REQUIRED', ['spec', 'source'], {fields: 'inlineVolumeSpec, persistentVolumeName'});
  else if (pv) {
    const name = str(source.persistentVolumeName);
    if (name === '') required(r, ['spec', 'source', 'persistentVolumeName'], 'persistentVolumeName');
    else checkName(r, ['spec', 'source', 'persistentVolumeName'], name, 'dns1123-subdomain');
  } else {
    // ValidatePersistentVolumeSpec for inline volumes: csi required, no capacity or claimRef
    const s = obj(source.inlineVolumeSpec) ?? {};
    const p = ['spec', 'source', 'inlineVolumeSpec'];
    if (!has(s, 'csi')) required(r, [...p, 'csi'], 'csi');
    for (const f of ['claimRef', 'capacity', 'nodeAffinity', 'storageClassName'])
      if (has(s, f)) r.report('FORBIDDEN_FIELD', [...p, f], {field: f, reason: 'not-allowed'});
    if (arr(s.accessModes).length === 0) required(r, [...p, 'accessModes'], 'accessModes');
  }
  checkName(r, ['spec', 'nodeName'], str(spec.nodeName), 'dns1123-subdomain');
}

// --- certificates --------------------------------------------------------------------------

const KEY_USAGES = [
  'signing',
  'digital signature',
  'content commitment',
  'key encipherment',
  'key agreement',
  'data encipherment',
  'cert sign',
  'crl sign',
  'encipher only',
  'decipher only',
  'any',
  'server auth',
  'client auth',
  'code signing',
  'email protection',
  's/mime',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'timestamping',
  'ocsp signing',
  'microsoft sgc',
  'netscape sgc',
];

/** ValidateSignerName (pkg/apis/core/validation): "domain/path", the domain a DNS subdomain. */
function checkSignerName(r: Reporter, path: Path, name: string): void {
  if (name === '') {
    required(r, path, 'signerName');
    return;
  }
  const parts = name.split('/');
  const ok = parts.length >= 2 && isDNS1123Subdomain(parts[0]) && parts.slice(1).join('/') !== '' && name.length <= 571;
  if (!ok) r.report('INVALID_VALUE', path, {value: name, reason: 'format'});
}

/**
 * ValidateCertificateSigningRequestCreate: request a PEM "CERTIFICATE REQUEST" block (the PKCS#10
 * parse and signature check are not ported), usages known and unique, signerName, expiration at
 * least 600 s.
 */
export function checkCertificateSigningRequest(r: Reporter, o: Obj): void {
  // ValidateCertificateRequestName: any path segment name (ValidateObjectMetaAccessor's check)
  checkObjectMeta(r, o, 'path-segment', false);
  const spec = obj(o.spec) ?? {};
  const request = typeof spec.request === 'string' ? decodeBase64(spec.request) : undefined;
  const text = request ? String.fromCharCode(...request.slice(0, 1 << 16)) : '';
  const m = /-----BEGIN CERTIFICATE REQUEST-----([\s\S]*?)-----END CERTIFICATE REQUEST-----/.exec(text);
  if (typeof spec.request === 'string' && (!m || !decodeBase64(m[1].replace(/\s+/g, '')))) {
    r.report('INVALID_VALUE', ['spec', 'request'], {value: 'request', reason: 'format'});
  }
  const usages = arr(spec.usages);
  if (usages.length === 0) required(r, ['spec', 'usages'], 'usages');
  const seen = new Set<string>();
  usages.forEach((u, i) => {
    if (typeof u !== 'string') return;
    oneOf(r, ['spec', 'usages', i], u, KEY_USAGES);
    if (seen.has(u)) r.report('DUPLICATE_VALUE', ['spec', 'usages', i], {value: u});
    seen.add(u);
  });
  const signer = str(spec.signerName);
  if (signer === 'kubernetes.io/legacy-unknown') r.report('INVALID_VALUE', ['spec', 'signerName'], {value: signer, reason: 'not-allowed'});
  else checkSignerName(r, ['spec', 'signerName'], signer);
  const e = num(spec.expirationSeconds);
  if (e !== undefined && e < 600) r.report('VALUE_OUT_OF_RANGE', ['spec', 'expirationSeconds'], {value: e, min: 600});
}

// --- admissionregistration -----------------------------------------------------------------

function hasWildcard(list: unknown[]): boolean {
  return list.includes('*');
}

/** validateRule (allowSubResource) + validateRuleWithOperations. */
function checkAdmissionRule(r: Reporter, path: Path, rule: Obj, operations: readonly string[]): void {
  const ops = arr(rule.operations);
  if (ops.length === 0) required(r, [...path, 'operations'], 'operations');
  if (ops.length > 1 && hasWildcard(ops)) r.report('INVALID_VALUE', [...path, 'operations'], {value: ops.map(displayText).join(', '), reason: 'format'});
  ops.forEach((op, i) => {
    if (typeof op === 'string') oneOf(r, [...path, 'operations', i], op, operations);
  });
  for (const field of ['apiGroups', 'apiVersions']) {
    const list = arr(rule[field]);
    if (list.length === 0) required(r, [...path, field], field);
    if (list.length > 1 && hasWildcard(list)) r.report('INVALID_VALUE', [...path, field], {value: list.map(displayText).join(', '), reason: 'format'});
    if (field === 'apiVersions') list.forEach((v, i) => v === '' && required(r, [...path, field, i], field));
  }
  // validateResources
  const resources = arr(rule.resources).map(displayText);
  if (resources.length === 0) required(r, [...path, 'resources'], 'resources');
  const wildSub = new Set<string>();
  const wildRes = new Set<string>();
  let single = false;
  let plain = false;
  resources.forEach((res, i) => {
    const p = [...path, 'resources', i];
    if (res === '') {
      required(r, p, 'resources');
      return;
    }
    if (res === '*') single = true;
    const slash = res.indexOf('/');
    if (slash < 0) {
      plain = res !== '*';
      return;
    }
    const a = res.slice(0, slash);
    const b = res.slice(slash + 1);
    if (wildSub.has(a) || wildRes.has(b)) r.report('INVALID_VALUE', p, {value: res, reason: 'format'});
    if (b === '*') wildSub.add(a);
    if (a === '*') wildRes.add(b);
  });
  if ((resources.length > 1 && resources.includes('*/*')) || (single && plain)) {
    r.report('INVALID_VALUE', [...path, 'resources'], {value: resources.join(', '), reason: 'format'});
  }
  if (typeof rule.scope === 'string') oneOf(r, [...path, 'scope'], rule.scope, ['*', 'Cluster', 'Namespaced']);
}

/** webhook.ValidateWebhookURL (https, a host, no user, query or fragment) and ValidateWebhookService. */
function checkClientConfig(r: Reporter, path: Path, cc: Obj): void {
  const hasUrl = typeof cc.url === 'string';
  const hasService = obj(cc.service) !== undefined;
  if (hasUrl === hasService) {
    r.report('ONE_OF_REQUIRED', path, {fields: 'url, service'});
    return;
  }
  if (hasUrl) {
    const url = cc.url as string;
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url);
    const ok = m !== null && m[1] === 'https' && m[2] !== '' && !m[2].includes('@') && !m[4] && !m[5];
    if (!ok) r.report('INVALID_VALUE', [...path, 'url'], {value: url, reason: 'format'});
    return;
  }
  const s = obj(cc.service) ?? {};
  const sp = [...path, 'service'];
  if (str(s.name) === '') required(r, [...sp, 'name'], 'name');
  if (str(s.namespace) === '') required(r, [...sp, 'namespace'], 'namespace');
  // SetDefaults_ServiceReference: port 443
  const port = num(s.port) ?? 443;
  if (!isValidPortNum(port)) r.report('VALUE_OUT_OF_RANGE', [...sp, 'port'], {value: port, min: 1, max: 65535});
  const p = str(s.path);
  if (typeof s.path === 'string' && p !== '' && p !== '/') {
    const bad =
      p === '//' ||
      !p.startsWith('/') ||
      p
        .slice(1)
        .replace(/\/$/, '')
        .split('/')
        .some((step) => !isDNS1123Subdomain(step));
    if (bad) r.report('INVALID_VALUE', [...sp, 'path'], {value: p, reason: 'format'});
  }
}

/** validateMatchConditions: at most 64, names unique qualified names, expressions given (not compiled). */
function checkMatchConditions(r: Reporter, path: Path, conditions: unknown): void {
  const list = objItems(conditions);
  if (list.length > 64) r.report('VALUE_OUT_OF_RANGE', path, {value: list.length, max: 64});
  const names = new Set<string>();
  for (const [c, i] of list) {
    const name = str(c.name);
    if (name === '') required(r, [...path, i, 'name'], 'name');
    else if (!isQualifiedName(name)) r.report('INVALID_QUALIFIED_NAME', [...path, i, 'name'], {value: name});
    if (names.has(name)) r.report('DUPLICATE_VALUE', [...path, i, 'name'], {value: name});
    names.add(name);
    if (str(c.expression).trim() === '') required(r, [...path, i, 'expression'], 'expression');
  }
}

/**
 * ValidateValidatingWebhookConfiguration / ValidateMutatingWebhookConfiguration (create: side
 * effects None or NoneOnDryRun, a recognized admissionReviewVersion, unique webhook names).
 */
function checkWebhookConfiguration(r: Reporter, o: Obj, mutating: boolean): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const names = new Set<string>();
  for (const [hook, i] of objItems(o.webhooks)) {
    const p = ['webhooks', i];
    const name = str(hook.name);
    fullyQualified(r, [...p, 'name'], name);
    if (name !== '' && names.has(name)) r.report('DUPLICATE_VALUE', [...p, 'name'], {value: name});
    names.add(name);
    for (const [rule, j] of objItems(hook.rules)) checkAdmissionRule(r, [...p, 'rules', j], rule, ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE']);
    if (typeof hook.failurePolicy === 'string') oneOf(r, [...p, 'failurePolicy'], hook.failurePolicy, ['Fail', 'Ignore']);
    if (typeof hook.matchPolicy === 'string') oneOf(r, [...p, 'matchPolicy'], hook.matchPolicy, ['Equivalent', 'Exact']);
    if (typeof hook.sideEffects !== 'string') required(r, [...p, 'sideEffects'], 'sideEffects');
    else oneOf(r, [...p, 'sideEffects'], hook.sideEffects, ['None', 'NoneOnDryRun']);
    const timeout = num(hook.timeoutSeconds);
    if (timeout !== undefined && (timeout < 1 || timeout > 30)) r.report('VALUE_OUT_OF_RANGE', [...p, 'timeoutSeconds'], {value: timeout, min: 1, max: 30});
    checkLabelSelector(r, [...p, 'namespaceSelector'], hook.namespaceSelector);
    checkLabelSelector(r, [...p, 'objectSelector'], hook.objectSelector);
    if (mutating && typeof hook.reinvocationPolicy === 'string') oneOf(r, [...p, 'reinvocationPolicy'], hook.reinvocationPolicy, ['IfNeeded', 'Never']);
    checkClientConfig(r, [...p, 'clientConfig'], obj(hook.clientConfig) ?? {});
    checkMatchConditions(r, [...p, 'matchConditions'], hook.matchConditions);
    // validateAdmissionReviewVersions
    const versions = arr(hook.admissionReviewVersions);
    const vp = [...p, 'admissionReviewVersions'];
    if (versions.length === 0) required(r, vp, 'admissionReviewVersions');
    else {
      const seen = new Set<string>();
      versions.forEach((v, j) => {
        const s = displayText(v);
        if (seen.has(s)) r.report('DUPLICATE_VALUE', [...vp, j], {value: s});
        else if (!isDNS1035Label(s)) r.report('INVALID_DNS1123_LABEL', [...vp, j], {value: s, maxLength: 63});
        seen.add(s);
      });
      if (!versions.some((v) => v === 'v1' || v === 'v1beta1'))
        r.report('UNSUPPORTED_VALUE', vp, {value: versions.map(displayText).join(', '), supported: 'v1, v1beta1'});
    }
  }
}

export const checkValidatingWebhookConfiguration = (r: Reporter, o: Obj) => checkWebhookConfiguration(r, o, false);
export const checkMutatingWebhookConfiguration = (r: Reporter, o: Obj) => checkWebhookConfiguration(r, o, true);

/** validateMatchResources: selectors, resource rules (with operations), matchPolicy. */
function checkMatchResources(r: Reporter, path: Path, mc: Obj | undefined, operations: readonly string[]): void {
  if (!mc) return;
  checkLabelSelector(r, [...path, 'namespaceSelector'], mc.namespaceSelector);
  checkLabelSelector(r, [...path, 'objectSelector'], mc.objectSelector);
  if (typeof mc.matchPolicy === 'string') oneOf(r, [...path, 'matchPolicy'], mc.matchPolicy, ['Equivalent', 'Exact']);
  for (const list of ['resourceRules', 'excludeResourceRules']) {
    for (const [rule, i] of objItems(mc[list])) checkAdmissionRule(r, [...path, list, i], rule, operations);
  }
}

/** validateParamKind: apiVersion "group/version" or "version", kind required. */
function checkParamKind(r: Reporter, path: Path, pk: Obj | undefined): void {
  if (!pk) return;
  const av = str(pk.apiVersion);
  if (av === '' || groupOf(av) === undefined) r.report('INVALID_VALUE', [...path, 'apiVersion'], {value: av, reason: 'format'});
  if (str(pk.kind) === '') required(r, [...path, 'kind'], 'kind');
}

/**
 * ValidateValidatingAdmissionPolicy: validations, matchConditions, variables and audit annotations
 * need their expressions (CEL compilation is not ported); failurePolicy; paramKind; matchConstraints.
 */
export function checkValidatingAdmissionPolicy(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  checkParamKind(r, ['spec', 'paramKind'], obj(spec.paramKind));
  if (!obj(spec.matchConstraints)) required(r, ['spec', 'matchConstraints'], 'matchConstraints');
  else {
    const mc = obj(spec.matchConstraints);
    if (arr(mc?.resourceRules).length === 0) required(r, ['spec', 'matchConstraints', 'resourceRules'], 'resourceRules');
    checkMatchResources(r, ['spec', 'matchConstraints'], mc, ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE']);
  }
  if (arr(spec.validations).length === 0 && arr(spec.auditAnnotations).length === 0) required(r, ['spec', 'validations'], 'validations');
  for (const [v, i] of objItems(spec.validations)) {
    if (str(v.expression).trim() === '') required(r, ['spec', 'validations', i, 'expression'], 'expression');
    if (typeof v.reason === 'string') oneOf(r, ['spec', 'validations', i, 'reason'], v.reason, ['Forbidden', 'Invalid', 'RequestEntityTooLarge']);
  }
  if (typeof spec.failurePolicy === 'string') oneOf(r, ['spec', 'failurePolicy'], spec.failurePolicy, ['Fail', 'Ignore']);
  checkMatchConditions(r, ['spec', 'matchConditions'], spec.matchConditions);
  for (const [v, i] of objItems(spec.variables)) {
    if (str(v.name) === '') required(r, ['spec', 'variables', i, 'name'], 'name');
    if (str(v.expression).trim() === '') required(r, ['spec', 'variables', i, 'expression'], 'expression');
  }
}

/**
 * ValidateMutatingAdmissionPolicy: mutations need a patchType and the matching patch, and
 * reinvocationPolicy is required; CREATE, UPDATE and CONNECT only (no DELETE).
 */
export function checkMutatingAdmissionPolicy(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  checkParamKind(r, ['spec', 'paramKind'], obj(spec.paramKind));
  const mc = obj(spec.matchConstraints);
  if (!mc) required(r, ['spec', 'matchConstraints'], 'matchConstraints');
  else {
    if (arr(mc.resourceRules).length === 0) required(r, ['spec', 'matchConstraints', 'resourceRules'], 'resourceRules');
    checkMatchResources(r, ['spec', 'matchConstraints'], mc, ['*', 'CONNECT', 'CREATE', 'UPDATE']);
  }
  const mutations = objItems(spec.mutations);
  if (mutations.length === 0) required(r, ['spec', 'mutations'], 'mutations');
  for (const [m, i] of mutations) {
    const p = ['spec', 'mutations', i];
    const type = str(m.patchType);
    if (type === '') required(r, [...p, 'patchType'], 'patchType');
    else oneOf(r, [...p, 'patchType'], type, ['ApplyConfiguration', 'JSONPatch']);
    if (type === 'ApplyConfiguration' && str(obj(m.applyConfiguration)?.expression).trim() === '')
      required(r, [...p, 'applyConfiguration', 'expression'], 'expression');
    if (type === 'JSONPatch' && str(obj(m.jsonPatch)?.expression).trim() === '') required(r, [...p, 'jsonPatch', 'expression'], 'expression');
  }
  if (typeof spec.failurePolicy === 'string') oneOf(r, ['spec', 'failurePolicy'], spec.failurePolicy, ['Fail', 'Ignore']);
  if (typeof spec.reinvocationPolicy !== 'string' || spec.reinvocationPolicy === '') required(r, ['spec', 'reinvocationPolicy'], 'reinvocationPolicy');
  else oneOf(r, ['spec', 'reinvocationPolicy'], spec.reinvocationPolicy, ['IfNeeded', 'Never']);
  checkMatchConditions(r, ['spec', 'matchConditions'], spec.matchConditions);
}

/** validateParamRef: name or selector (not both), namespace a DNS label, parameterNotFoundAction required. */
function checkParamRef(r: Reporter, path: Path, pr: Obj | undefined): void {
  if (!pr) return;
  const name = str(pr.name);
  if (name !== '' && has(pr, 'selector')) r.report('MUTUALLY_EXCLUSIVE', path, {fields: 'name, selector'});
  if (name !== '') checkName(r, [...path, 'name'], name, 'dns1123-subdomain');
  if (has(pr, 'selector')) checkLabelSelector(r, [...path, 'selector'], pr.selector);
  if (str(pr.namespace) !== '') checkName(r, [...path, 'namespace'], str(pr.namespace), 'dns1123-label');
  const action = str(pr.parameterNotFoundAction);
  if (action === '') required(r, [...path, 'parameterNotFoundAction'], 'parameterNotFoundAction');
  else oneOf(r, [...path, 'parameterNotFoundAction'], action, ['Allow', 'Deny']);
}

/** ValidateValidatingAdmissionPolicyBinding: policyName, paramRef, matchResources, validationActions. */
export function checkValidatingAdmissionPolicyBinding(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  const policy = str(spec.policyName);
  if (policy === '') required(r, ['spec', 'policyName'], 'policyName');
  else checkName(r, ['spec', 'policyName'], policy, 'dns1123-subdomain');
  checkParamRef(r, ['spec', 'paramRef'], obj(spec.paramRef));
  checkMatchResources(r, ['spec', 'matchResources'], obj(spec.matchResources), ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE']);
  // validateValidationActions: at least one, unique, Deny and Warn not together
  const actions = arr(spec.validationActions).map(displayText);
  if (actions.length === 0) required(r, ['spec', 'validationActions'], 'validationActions');
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    oneOf(r, ['spec', 'validationActions', i], a, ['Audit', 'Deny', 'Warn']);
    if (seen.has(a)) r.report('DUPLICATE_VALUE', ['spec', 'validationActions', i], {value: a});
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn')) r.report('MUTUALLY_EXCLUSIVE', ['spec', 'validationActions'], {fields: 'Deny, Warn'});
}

/** ValidateMutatingAdmissionPolicyBinding: policyName, paramRef, matchResources. */
export function checkMutatingAdmissionPolicyBinding(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  const policy = str(spec.policyName);
  if (policy === '') required(r, ['spec', 'policyName'], 'policyName');
  else checkName(r, ['spec', 'policyName'], policy, 'dns1123-subdomain');
  checkParamRef(r, ['spec', 'paramRef'], obj(spec.paramRef));
  checkMatchResources(r, ['spec', 'matchResources'], obj(spec.matchResources), ['*', 'CONNECT', 'CREATE', 'UPDATE']);
}

// --- apiregistration, apiextensions --------------------------------------------------------

/** ValidateAPIService (kube-aggregator): name = version.group, priorities, service or local. */
export function checkAPIService(r: Reporter, o: Obj): void {
  const spec = obj(o.spec) ?? {};
  const group = str(spec.group);
  const version = str(spec.version);
  const name = str(obj(o.metadata)?.name);
  checkObjectMeta(r, o, 'path-segment', false);
  if (name !== '' && isPathSegmentName(name) && name !== `${version}.${group}`)
    r.report('INVALID_VALUE', ['metadata', 'name'], {value: name, reason: 'format'});
  if (group === '' && version !== 'v1') required(r, ['spec', 'group'], 'group');
  if (group !== '' && !isDNS1123Subdomain(group)) r.report('INVALID_DNS1123_SUBDOMAIN', ['spec', 'group'], {value: group, maxLength: 253});
  if (!isDNS1035Label(version)) r.report('INVALID_DNS1123_LABEL', ['spec', 'version'], {value: version, maxLength: 63});
  const gpm = num(spec.groupPriorityMinimum) ?? 0;
  if (gpm <= 0 || gpm > 20000) r.report('VALUE_OUT_OF_RANGE', ['spec', 'groupPriorityMinimum'], {value: gpm, min: 1, max: 20000});
  const vp = num(spec.versionPriority) ?? 0;
  if (vp <= 0 || vp > 1000) r.report('VALUE_OUT_OF_RANGE', ['spec', 'versionPriority'], {value: vp, min: 1, max: 1000});
  const caBundle = str(spec.caBundle);
  const service = obj(spec.service);
  if (!service) {
    if (caBundle !== '') r.report('FORBIDDEN_FIELD', ['spec', 'caBundle'], {field: 'caBundle', reason: 'needs-other-field'});
    if (spec.insecureSkipTLSVerify === true)
      r.report('FORBIDDEN_FIELD', ['spec', 'insecureSkipTLSVerify'], {field: 'insecureSkipTLSVerify', reason: 'needs-other-field'});
    return;
  }
  if (str(service.namespace) === '') required(r, ['spec', 'service', 'namespace'], 'namespace');
  if (str(service.name) === '') required(r, ['spec', 'service', 'name'], 'name');
  // SetDefaults_ServiceReference: port 443
  const port = num(service.port) ?? 443;
  if (!isValidPortNum(port)) r.report('VALUE_OUT_OF_RANGE', ['spec', 'service', 'port'], {value: port, min: 1, max: 65535});
  if (spec.insecureSkipTLSVerify === true && caBundle !== '')
    r.report('MUTUALLY_EXCLUSIVE', ['spec', 'insecureSkipTLSVerify'], {fields: 'insecureSkipTLSVerify, caBundle'});
}

/**
 * ValidateCustomResourceDefinition (apiextensions-apiserver): name = plural.group, a group with a
 * dot, names (plural, singular, kind, listKind), scope, versions (DNS-1035 names, unique, exactly
 * one storage version, a schema per version whose root is an object). The structural-schema rules
 * past the root and CEL rules are not ported.
 */
export function checkCustomResourceDefinition(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  const group = str(spec.group);
  const names = obj(spec.names) ?? {};
  const plural = str(names.plural);
  const name = str(obj(o.metadata)?.name);
  if (name !== '' && name !== `${plural}.${group}`) r.report('INVALID_VALUE', ['metadata', 'name'], {value: name, reason: 'format'});
  if (group === '') required(r, ['spec', 'group'], 'group');
  else if (!isDNS1123Subdomain(group) || group.split('.').length < 2) r.report('INVALID_DNS1123_SUBDOMAIN', ['spec', 'group'], {value: group, maxLength: 253});
  // ValidateCustomResourceDefinitionNames: plural and singular DNS labels, kind and listKind
  // DNS-1035 labels once lower-cased
  if (plural === '') required(r, ['spec', 'names', 'plural'], 'plural');
  else if (!isDNS1123Label(plural)) r.report('INVALID_DNS1123_LABEL', ['spec', 'names', 'plural'], {value: plural, maxLength: 63});
  const singular = str(names.singular);
  if (singular !== '' && !isDNS1123Label(singular)) r.report('INVALID_DNS1123_LABEL', ['spec', 'names', 'singular'], {value: singular, maxLength: 63});
  const kind = str(names.kind);
  if (kind === '') required(r, ['spec', 'names', 'kind'], 'kind');
  else if (!isDNS1035Label(kind.toLowerCase())) r.report('INVALID_DNS1123_LABEL', ['spec', 'names', 'kind'], {value: kind, maxLength: 63});
  const listKind = str(names.listKind);
  if (listKind !== '' && !isDNS1035Label(listKind.toLowerCase()))
    r.report('INVALID_DNS1123_LABEL', ['spec', 'names', 'listKind'], {value: listKind, maxLength: 63});
  if (listKind !== '' && listKind === kind) r.report('INVALID_VALUE', ['spec', 'names', 'listKind'], {value: listKind, reason: 'format'});
  for (const field of ['shortNames', 'categories']) {
    arr(names[field]).forEach((s, i) => {
      if (typeof s === 'string' && !isDNS1123Label(s)) r.report('INVALID_DNS1123_LABEL', ['spec', 'names', field, i], {value: s, maxLength: 63});
    });
  }
  const scope = str(spec.scope);
  if (scope === '') required(r, ['spec', 'scope'], 'scope');
  else oneOf(r, ['spec', 'scope'], scope, ['Cluster', 'Namespaced']);
  const versions = objItems(spec.versions);
  if (versions.length === 0) required(r, ['spec', 'versions'], 'versions');
  const seen = new Set<string>();
  let storage = 0;
  for (const [v, i] of versions) {
    const p = ['spec', 'versions', i];
    const vn = str(v.name);
    if (!isDNS1035Label(vn)) r.report('INVALID_DNS1123_LABEL', [...p, 'name'], {value: vn, maxLength: 63});
    if (seen.has(vn)) r.report('DUPLICATE_VALUE', [...p, 'name'], {value: vn});
    seen.add(vn);
    if (v.storage === true) storage++;
    const schema = obj(obj(v.schema)?.openAPIV3Schema);
    if (!schema) required(r, [...p, 'schema', 'openAPIV3Schema'], 'openAPIV3Schema');
    else if (schema.type !== 'object')
      r.report('UNSUPPORTED_VALUE', [...p, 'schema', 'openAPIV3Schema', 'type'], {value: displayText(schema.type ?? ''), supported: 'object'});
    else checkStructuralTypes(r, [...p, 'schema', 'openAPIV3Schema'], schema, 0);
  }
  if (versions.length > 0 && storage !== 1) r.report('INVALID_VALUE', ['spec', 'versions'], {value: storage, reason: 'format'});
  const conversion = obj(spec.conversion);
  if (conversion && typeof conversion.strategy === 'string') {
    oneOf(r, ['spec', 'conversion', 'strategy'], conversion.strategy, ['None', 'Webhook']);
    if (conversion.strategy === 'Webhook' && !obj(conversion.webhook)) required(r, ['spec', 'conversion', 'webhook'], 'webhook');
  }
}

/**
 * Structural schema (apiextensions-apiserver pkg/apiserver/schema/validation.go, validateStructuralInvariants):
 * every field schema under properties, items and additionalProperties has a type ("must not be
 * empty for specified object fields"), unless it is x-kubernetes-int-or-string or
 * x-kubernetes-preserve-unknown-fields. Bounded to 32 levels.
 */
function checkStructuralTypes(r: Reporter, path: Path, schema: Obj, depth: number): void {
  if (depth > 32) return;
  const children: [Path, Obj][] = [];
  for (const [k, v] of Object.entries(obj(schema.properties) ?? {})) {
    const child = obj(v);
    if (child) children.push([[...path, 'properties', k], child]);
  }
  const items = obj(schema.items);
  if (items) children.push([[...path, 'items'], items]);
  const additional = obj(schema.additionalProperties);
  if (additional) children.push([[...path, 'additionalProperties'], additional]);
  for (const [p, child] of children) {
    const free = child['x-kubernetes-int-or-string'] === true || child['x-kubernetes-preserve-unknown-fields'] === true;
    if (str(child.type) === '' && !free) required(r, [...p, 'type'], 'type');
    checkStructuralTypes(r, p, child, depth + 1);
  }
}

// --- flowcontrol ---------------------------------------------------------------------------

const FLOW_VERBS = ['*', 'create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** ValidateFlowSchema -> ValidateFlowSchemaSpec + ValidateFlowSchemaPolicyRulesWithSubjects. */
export function checkFlowSchema(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  const name = str(obj(o.metadata)?.name);
  const mp = num(spec.matchingPrecedence);
  // SetDefaults_FlowSchemaSpec: matchingPrecedence 1000
  if (mp !== undefined && (mp <= 0 || mp > 10000)) r.report('VALUE_OUT_OF_RANGE', ['spec', 'matchingPrecedence'], {value: mp, min: 1, max: 10000});
  if (mp === 1 && name !== 'exempt') r.report('INVALID_VALUE', ['spec', 'matchingPrecedence'], {value: 1, reason: 'not-allowed'});
  const dm = obj(spec.distinguisherMethod);
  if (dm) oneOf(r, ['spec', 'distinguisherMethod', 'type'], str(dm.type), ['ByNamespace', 'ByUser']);
  const pl = str(obj(spec.priorityLevelConfiguration)?.name);
  if (pl === '') required(r, ['spec', 'priorityLevelConfiguration', 'name'], 'name');
  else checkName(r, ['spec', 'priorityLevelConfiguration', 'name'], pl, 'dns1123-subdomain');
  for (const [rule, i] of objItems(spec.rules)) {
    const p = ['spec', 'rules', i];
    if (arr(rule.subjects).length === 0) required(r, [...p, 'subjects'], 'subjects');
    if (arr(rule.resourceRules).length === 0 && arr(rule.nonResourceRules).length === 0)
      r.report('ONE_OF_REQUIRED', p, {fields: 'resourceRules, nonResourceRules'});
    for (const [s, j] of objItems(rule.subjects)) {
      const sp = [...p, 'subjects', j];
      const kind = str(s.kind);
      const fields: Record<string, string> = {User: 'user', Group: 'group', ServiceAccount: 'serviceAccount'};
      if (!(kind in fields)) {
        oneOf(r, [...sp, 'kind'], kind, Object.keys(fields));
        continue;
      }
      for (const f of Object.values(fields))
        if (f !== fields[kind] && has(s, f)) r.report('FORBIDDEN_FIELD', [...sp, f], {field: f, reason: 'needs-other-field'});
      const sub = obj(s[fields[kind]]);
      if (!sub) required(r, [...sp, fields[kind]], fields[kind]);
      else {
        if (str(sub.name) === '') required(r, [...sp, fields[kind], 'name'], 'name');
        if (kind === 'ServiceAccount') {
          if (str(sub.namespace) === '') required(r, [...sp, fields[kind], 'namespace'], 'namespace');
          else checkName(r, [...sp, fields[kind], 'namespace'], str(sub.namespace), 'dns1123-label');
          if (str(sub.name) !== '' && sub.name !== '*') checkName(r, [...sp, fields[kind], 'name'], str(sub.name), 'dns1123-subdomain');
        }
      }
    }
    for (const list of ['resourceRules', 'nonResourceRules']) {
      for (const [rr, j] of objItems(rule[list])) {
        const rp = [...p, list, j];
        const verbs = arr(rr.verbs);
        if (verbs.length === 0) required(r, [...rp, 'verbs'], 'verbs');
        else if (verbs.length > 1 && hasWildcard(verbs))
          r.report('INVALID_VALUE', [...rp, 'verbs'], {value: verbs.map(displayText).join(', '), reason: 'format'});
        else if (!verbs.every((v) => FLOW_VERBS.includes(displayText(v))))
          r.report('UNSUPPORTED_VALUE', [...rp, 'verbs'], {value: verbs.map(displayText).join(', '), supported: FLOW_VERBS.join(', ')});
        const fields = list === 'resourceRules' ? ['apiGroups', 'resources'] : ['nonResourceURLs'];
        for (const f of fields) {
          const l = arr(rr[f]);
          if (l.length === 0) required(r, [...rp, f], f);
          else if (l.length > 1 && hasWildcard(l)) r.report('INVALID_VALUE', [...rp, f], {value: l.map(displayText).join(', '), reason: 'format'});
        }
        if (list === 'resourceRules' && rr.clusterScope !== true && arr(rr.namespaces).length === 0) required(r, [...rp, 'namespaces'], 'namespaces');
      }
    }
  }
}

/**
 * ValidatePriorityLevelConfiguration: type Limited (then limited, with its limitResponse) or
 * Exempt (only for the object named exempt), percents 0-100, queuing parameters.
 */
export function checkPriorityLevelConfiguration(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  const name = str(obj(o.metadata)?.name);
  const type = str(spec.type);
  if ((type === 'Exempt') !== (name === 'exempt')) r.report('INVALID_VALUE', ['spec', 'type'], {value: type, reason: 'not-allowed'});
  if (type === '') {
    required(r, ['spec', 'type'], 'type');
    return;
  }
  oneOf(r, ['spec', 'type'], type, ['Exempt', 'Limited']);
  if (type !== 'Limited' && has(spec, 'limited')) r.report('FORBIDDEN_FIELD', ['spec', 'limited'], {field: 'limited', reason: 'needs-other-field'});
  if (type === 'Limited' && has(spec, 'exempt')) r.report('FORBIDDEN_FIELD', ['spec', 'exempt'], {field: 'exempt', reason: 'needs-other-field'});
  const percent = (p: Path, v: unknown) => typeof v === 'number' && (v < 0 || v > 100) && r.report('VALUE_OUT_OF_RANGE', p, {value: v, min: 0, max: 100});
  const exempt = obj(spec.exempt);
  if (exempt) {
    if ((num(exempt.nominalConcurrencyShares) ?? 0) < 0)
      r.report('VALUE_OUT_OF_RANGE', ['spec', 'exempt', 'nominalConcurrencyShares'], {value: num(exempt.nominalConcurrencyShares) ?? 0, min: 0});
    percent(['spec', 'exempt', 'lendablePercent'], exempt.lendablePercent);
  }
  if (type !== 'Limited') return;
  const limited = obj(spec.limited);
  if (!limited) {
    required(r, ['spec', 'limited'], 'limited');
    return;
  }
  const lp = ['spec', 'limited'];
  if ((num(limited.nominalConcurrencyShares) ?? 0) < 0)
    r.report('VALUE_OUT_OF_RANGE', [...lp, 'nominalConcurrencyShares'], {value: num(limited.nominalConcurrencyShares) ?? 0, min: 0});
  percent([...lp, 'lendablePercent'], limited.lendablePercent);
  if (typeof limited.borrowingLimitPercent === 'number' && limited.borrowingLimitPercent < 0)
    r.report('VALUE_OUT_OF_RANGE', [...lp, 'borrowingLimitPercent'], {value: limited.borrowingLimitPercent, min: 0});
  // ValidateLimitResponse: limitResponse.type is required (an absent limitResponse has an empty type)
  const lr = obj(limited.limitResponse) ?? {};
  const lrType = str(lr.type);
  if (lrType === '') required(r, [...lp, 'limitResponse', 'type'], 'type');
  else oneOf(r, [...lp, 'limitResponse', 'type'], lrType, ['Queue', 'Reject']);
  if (lrType !== 'Queue' && has(lr, 'queuing'))
    r.report('FORBIDDEN_FIELD', [...lp, 'limitResponse', 'queuing'], {field: 'queuing', reason: 'needs-other-field'});
  const q = obj(lr.queuing);
  if (lrType === 'Queue' && q) {
    // ValidatePriorityLevelQueuingConfiguration (defaults: queues 64, handSize 8, queueLengthLimit 50)
    const qp = [...lp, 'limitResponse', 'queuing'];
    const queues = num(q.queues) ?? 64;
    const hand = num(q.handSize) ?? 8;
    if ((num(q.queueLengthLimit) ?? 50) <= 0)
      r.report('INVALID_VALUE', [...qp, 'queueLengthLimit'], {value: num(q.queueLengthLimit) ?? 0, reason: 'must-be-positive'});
    if (queues <= 0) r.report('INVALID_VALUE', [...qp, 'queues'], {value: queues, reason: 'must-be-positive'});
    else if (queues > 10000000) r.report('VALUE_OUT_OF_RANGE', [...qp, 'queues'], {value: queues, max: 10000000});
    if (hand <= 0) r.report('INVALID_VALUE', [...qp, 'handSize'], {value: hand, reason: 'must-be-positive'});
    else if (hand > queues) r.report('VALUE_OUT_OF_RANGE', [...qp, 'handSize'], {value: hand, max: queues});
    // shufflesharding.RequiredEntropyBits: hand * log2(queues) at most 60
    else if (queues > 0 && Math.ceil(hand * Math.log2(queues)) > 60)
      r.report('VALUE_OUT_OF_RANGE', [...qp, 'handSize'], {value: hand, max: Math.floor(60 / Math.log2(queues))});
  }
}

// --- resource (DRA) ------------------------------------------------------------------------

/** A device request (ValidateResourceClaimSpec -> validateDeviceRequest), without CEL selectors. */
function checkDeviceRequests(r: Reporter, path: Path, devices: Obj | undefined): void {
  if (!devices) return;
  const names = new Set<string>();
  for (const [req, i] of objItems(devices.requests)) {
    const p = [...path, 'requests', i];
    const name = str(req.name);
    if (name === '') required(r, [...p, 'name'], 'name');
    else checkName(r, [...p, 'name'], name, 'dns1123-label');
    if (names.has(name)) r.report('DUPLICATE_VALUE', [...p, 'name'], {value: name});
    names.add(name);
    const exactly = obj(req.exactly);
    const first = arr(req.firstAvailable);
    if ((exactly ? 1 : 0) + (first.length > 0 ? 1 : 0) !== 1) r.report('ONE_OF_REQUIRED', p, {fields: 'exactly, firstAvailable'});
    if (exactly) {
      const cls = str(exactly.deviceClassName);
      if (cls === '') required(r, [...p, 'exactly', 'deviceClassName'], 'deviceClassName');
      else checkName(r, [...p, 'exactly', 'deviceClassName'], cls, 'dns1123-subdomain');
      if (typeof exactly.allocationMode === 'string') oneOf(r, [...p, 'exactly', 'allocationMode'], exactly.allocationMode, ['All', 'ExactCount']);
      const count = num(exactly.count);
      if (count !== undefined && count <= 0) r.report('INVALID_VALUE', [...p, 'exactly', 'count'], {value: count, reason: 'must-be-positive'});
    }
  }
}

/** ValidateDeviceClass: selectors and config (CEL not compiled). */
export function checkDeviceClass(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  for (const [s, i] of objItems(obj(o.spec)?.selectors)) {
    if (str(obj(s.cel)?.expression).trim() === '') required(r, ['spec', 'selectors', i, 'cel', 'expression'], 'expression');
  }
}

/** ValidateResourceClaim -> validateResourceClaimSpec. */
export function checkResourceClaim(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  checkDeviceRequests(r, ['spec', 'devices'], obj(obj(o.spec)?.devices));
}

/** ValidateResourceClaimTemplate: template metadata (labels, annotations) and its claim spec. */
export function checkResourceClaimTemplate(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  checkLabels(r, ['spec', 'metadata', 'labels'], obj(spec.metadata)?.labels);
  checkDeviceRequests(r, ['spec', 'spec', 'devices'], obj(obj(spec.spec)?.devices));
}

/** ValidateResourceSlice: driver, pool (name, generation, count), exactly one of nodeName/nodeSelector/allNodes/perDeviceNodeSelection. */
export function checkResourceSlice(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  checkCSIDriverName(r, ['spec', 'driver'], str(spec.driver));
  const pool = obj(spec.pool) ?? {};
  if (str(pool.name) === '') required(r, ['spec', 'pool', 'name'], 'name');
  if ((num(pool.generation) ?? 0) < 0) r.report('VALUE_OUT_OF_RANGE', ['spec', 'pool', 'generation'], {value: num(pool.generation) ?? 0, min: 0});
  if ((num(pool.resourceSliceCount) ?? 0) <= 0)
    r.report('INVALID_VALUE', ['spec', 'pool', 'resourceSliceCount'], {value: num(pool.resourceSliceCount) ?? 0, reason: 'must-be-positive'});
  const selectors = ['nodeName', 'nodeSelector', 'allNodes', 'perDeviceNodeSelection'].filter((f) =>
    f === 'allNodes' || f === 'perDeviceNodeSelection' ? spec[f] === true : has(spec, f) && spec[f] !== '',
  );
  if (selectors.length !== 1) r.report('ONE_OF_REQUIRED', ['spec'], {fields: 'nodeName, nodeSelector, allNodes, perDeviceNodeSelection'});
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') checkName(r, ['spec', 'nodeName'], spec.nodeName, 'dns1123-subdomain');
  const names = new Set<string>();
  for (const [d, i] of objItems(spec.devices)) {
    const name = str(d.name);
    if (name === '') required(r, ['spec', 'devices', i, 'name'], 'name');
    else checkName(r, ['spec', 'devices', i, 'name'], name, 'dns1123-label');
    if (names.has(name)) r.report('DUPLICATE_VALUE', ['spec', 'devices', i, 'name'], {value: name});
    names.add(name);
  }
}

// --- authentication, authorization ---------------------------------------------------------

/**
 * The review kinds are created, not stored. kubectl apply needs a name to look the object up
 * first, and records its last-applied annotation; the access reviews refuse any metadata
 * (ValidateSubjectAccessReview and friends: "must be empty"), so kubectl apply never succeeds
 * with them (kubectl create of one without metadata would). Verified with kubectl 1.36.
 */
export function checkAccessReview(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  r.report('FORBIDDEN_FIELD', ['metadata'], {field: 'metadata', reason: 'not-allowed'});
}

/** TokenReview: spec.token is required by the schema; nothing else is validated on create. */
export function checkTokenReview(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
}

/** SelfSubjectReview and SelfSubjectRulesReview: nothing is validated past the name kubectl needs. */
export function checkSelfReview(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
}
