/**
 * The other kinds of the core group (v1): ReplicationController, PodTemplate, PersistentVolume,
 * ResourceQuota, LimitRange, Endpoints, Event, Node and Binding. Ported from
 * pkg/apis/core/validation/validation.go and events.go (k8s.io/kubernetes v1.36.3), after the
 * defaults of pkg/apis/core/v1/defaults.go; each function names the upstream one it follows.
 */
import {isDNS1123Subdomain, isQualifiedName, isValidPortNum, parseCIDRStrict, parseIP, parseQuantity, compareRational, type Rational} from '../formats';
import type {Path, Reporter} from '../reporter';
import {checkName, checkObjectMeta} from './object-meta';
import {matchesLabelSelector} from '../../netpol/label-selector';
import {checkNodeSelectorTerm, checkPodTemplate} from './pod-spec';
import {arr, has, isObj, num, obj, objItems, str, strMap, type Obj} from './values';
import {displayText} from '../../scalar-text';

function required(r: Reporter, path: Path, field: string): void {
  if (!r.has('REQUIRED_FIELD', path)) r.report('REQUIRED_FIELD', path, {field});
}

function nonNegative(r: Reporter, path: Path, value: unknown): void {
  // ValidateNonnegativeField (apimachinery/pkg/api/validation/generic.go)
  if (typeof value === 'number' && value < 0) r.report('VALUE_OUT_OF_RANGE', path, {value, min: 0});
}

function quantity(v: unknown): Rational | undefined {
  return typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
}

/**
 * ValidateReplicationController -> ValidateReplicationControllerSpec + ValidatePodTemplateSpecForRC.
 * SetDefaults_ReplicationController first: an empty selector becomes the template's labels; replicas
 * defaults to 1. So only an RC whose template has no labels either lacks a selector.
 */
export function checkReplicationController(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  const template = obj(spec.template);
  const templateLabels = Object.fromEntries(strMap(obj(template?.metadata)?.labels));
  let selector = Object.fromEntries(strMap(spec.selector));
  if (Object.keys(selector).length === 0 && template && isObj(obj(template.metadata)?.labels)) selector = templateLabels;
  nonNegative(r, ['spec', 'minReadySeconds'], spec.minReadySeconds);
  nonNegative(r, ['spec', 'replicas'], spec.replicas);
  // ValidateNonEmptySelector
  if (Object.keys(selector).length === 0) required(r, ['spec', 'selector'], 'selector');
  if (!template) {
    required(r, ['spec', 'template'], 'template');
    return;
  }
  if (Object.keys(selector).length > 0 && !matchesLabelSelector({matchLabels: selector}, templateLabels)) {
    r.report('SELECTOR_MISMATCH', ['spec', 'template', 'metadata', 'labels']);
  }
  checkPodTemplate(r, ['spec', 'template'], template);
  // SetDefaults_PodSpec: an empty restartPolicy is Always
  const policy = str(obj(template.spec)?.restartPolicy) || 'Always';
  if (policy !== 'Always') r.report('UNSUPPORTED_VALUE', ['spec', 'template', 'spec', 'restartPolicy'], {value: policy, supported: 'Always'});
  if (has(obj(template.spec), 'activeDeadlineSeconds')) {
    r.report('FORBIDDEN_FIELD', ['spec', 'template', 'spec', 'activeDeadlineSeconds'], {field: 'activeDeadlineSeconds', reason: 'template'});
  }
}

/** ValidatePodTemplate (ValidatePodName = NameIsDNSSubdomain) -> ValidatePodTemplateSpec. */
export function checkPodTemplateObject(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  checkPodTemplate(r, ['template'], o.template);
}

const PV_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];
const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** validatePathNoBacksteps: no '..' element. */
function noBacksteps(r: Reporter, path: Path, value: string): void {
  if (value.split('/').includes('..')) r.report('INVALID_PATH', path, {value, reason: 'backsteps'});
}

/**
 * ValidatePersistentVolume (ValidatePersistentVolumeName = NameIsDNSSubdomain) ->
 * ValidatePersistentVolumeSpec, not inline. SetDefaults_PersistentVolume: reclaim policy Retain,
 * volumeMode Filesystem. The sources most manifests use are checked field by field
 * (validateHostPathVolumeSource, validateNFSVolumeSource, validateLocalVolumeSource,
 * validateCSIPersistentVolumeSource); the others need exactly one source and their schema.
 */
export function checkPersistentVolume(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  const modes = arr(spec.accessModes);
  if (modes.length === 0) required(r, ['spec', 'accessModes'], 'accessModes');
  modes.forEach((m, i) => {
    if (typeof m === 'string' && !ACCESS_MODES.includes(m))
      r.report('UNSUPPORTED_VALUE', ['spec', 'accessModes', i], {value: m, supported: ACCESS_MODES.join(', ')});
  });
  if (modes.includes('ReadWriteOncePod') && modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(displayText(m)))) {
    r.report('MUTUALLY_EXCLUSIVE', ['spec', 'accessModes'], {fields: 'ReadWriteOncePod, other access modes'});
  }
  const capacity = obj(spec.capacity) ?? {};
  const names = Object.keys(capacity);
  if (names.length === 0) required(r, ['spec', 'capacity'], 'capacity');
  else if (!names.includes('storage') || names.length > 1) {
    for (const n of names) if (n !== 'storage') r.report('UNSUPPORTED_VALUE', ['spec', 'capacity', n], {value: n, supported: 'storage'}, 'key');
    if (!names.includes('storage')) r.report('UNSUPPORTED_VALUE', ['spec', 'capacity'], {value: names.join(', '), supported: 'storage'});
  }
  for (const [n, v] of Object.entries(capacity)) {
    // ValidatePositiveQuantityValue
    const q = quantity(v);
    if (q && q.num <= 0n) r.report('INVALID_VALUE', ['spec', 'capacity', n], {value: displayText(v), reason: 'must-be-positive'});
  }
  const reclaim = str(spec.persistentVolumeReclaimPolicy);
  if (reclaim !== '' && !['Delete', 'Recycle', 'Retain'].includes(reclaim)) {
    r.report('UNSUPPORTED_VALUE', ['spec', 'persistentVolumeReclaimPolicy'], {value: reclaim, supported: 'Delete, Recycle, Retain'});
  }
  let nodeAffinity = false;
  if (has(spec, 'nodeAffinity')) {
    // validateVolumeNodeAffinity
    nodeAffinity = true;
    const requiredTerms = obj(obj(spec.nodeAffinity)?.required);
    if (!requiredTerms) required(r, ['spec', 'nodeAffinity', 'required'], 'required');
    else {
      const rp = ['spec', 'nodeAffinity', 'required'];
      if (arr(requiredTerms.nodeSelectorTerms).length === 0) required(r, [...rp, 'nodeSelectorTerms'], 'nodeSelectorTerms');
      for (const [term, i] of objItems(requiredTerms.nodeSelectorTerms)) checkNodeSelectorTerm(r, [...rp, 'nodeSelectorTerms', i], term);
    }
  }
  const sources = PV_SOURCES.filter((k) => has(spec, k));
  if (sources.length === 0) r.report('ONE_OF_REQUIRED', ['spec'], {fields: PV_SOURCES.join(', ')});
  // flexVolume is counted without the "more than 1" check upstream; any other second source is refused.
  const counted = sources.filter((s) => s !== 'flexVolume');
  if (
    counted.length > 1 ||
    (counted.length >= 1 && sources.includes('flexVolume') && PV_SOURCES.indexOf(counted[counted.length - 1]) > PV_SOURCES.indexOf('flexVolume'))
  ) {
    r.report('MUTUALLY_EXCLUSIVE', ['spec'], {fields: sources.join(', ')});
  }
  const s = (k: string) => obj(spec[k]) ?? {};
  if (sources.includes('hostPath')) {
    const hp = str(s('hostPath').path);
    if (hp === '') required(r, ['spec', 'hostPath', 'path'], 'path');
    else {
      noBacksteps(r, ['spec', 'hostPath', 'path'], hp);
      const type = s('hostPath').type;
      const types = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
      if (typeof type === 'string' && !types.includes(type))
        r.report('UNSUPPORTED_VALUE', ['spec', 'hostPath', 'type'], {value: type, supported: types.join(', ')});
    }
    // "may not be 'recycle' for a hostPath mount of '/'"
    if (reclaim === 'Recycle' && hp.replace(/\/+/g, '/').replace(/(.)\/$/, '$1') === '/') {
      r.report('FORBIDDEN_FIELD', ['spec', 'persistentVolumeReclaimPolicy'], {field: 'persistentVolumeReclaimPolicy', reason: 'not-allowed'});
    }
  }
  if (sources.includes('nfs')) {
    const nfs = s('nfs');
    if (str(nfs.server) === '') required(r, ['spec', 'nfs', 'server'], 'server');
    if (str(nfs.path) === '') required(r, ['spec', 'nfs', 'path'], 'path');
    if (!str(nfs.path).startsWith('/')) r.report('INVALID_PATH', ['spec', 'nfs', 'path'], {value: str(nfs.path), reason: 'absolute'});
  }
  if (sources.includes('local')) {
    const lp = str(s('local').path);
    if (lp === '') required(r, ['spec', 'local', 'path'], 'path');
    else noBacksteps(r, ['spec', 'local', 'path'], lp);
    // "Local volume requires node affinity"
    if (!nodeAffinity) required(r, ['spec', 'nodeAffinity'], 'nodeAffinity');
  }
  if (sources.includes('csi')) {
    const csi = s('csi');
    checkCSIDriverName(r, ['spec', 'csi', 'driver'], str(csi.driver));
    if (str(csi.volumeHandle) === '') required(r, ['spec', 'csi', 'volumeHandle'], 'volumeHandle');
    for (const ref of ['controllerPublishSecretRef', 'controllerExpandSecretRef', 'nodePublishSecretRef', 'nodeExpandSecretRef']) {
      // validatePVSecretReference: name and namespace required, DNS names
      const secret = obj(csi[ref]);
      if (!secret) continue;
      const p = ['spec', 'csi', ref];
      if (str(secret.name) === '') required(r, [...p, 'name'], 'name');
      else checkName(r, [...p, 'name'], str(secret.name), 'dns1123-subdomain');
      if (str(secret.namespace) === '') required(r, [...p, 'namespace'], 'namespace');
      else checkName(r, [...p, 'namespace'], str(secret.namespace), 'dns1123-label');
    }
  }
  const scn = str(spec.storageClassName);
  if (scn !== '') checkName(r, ['spec', 'storageClassName'], scn, 'dns1123-subdomain');
  if (typeof spec.volumeMode === 'string' && !['Block', 'Filesystem'].includes(spec.volumeMode)) {
    r.report('UNSUPPORTED_VALUE', ['spec', 'volumeMode'], {value: spec.volumeMode, supported: 'Block, Filesystem'});
  }
  // VolumeAttributesClass is GA (on) in v1.36: an empty name is refused, a name needs csi.
  if (typeof spec.volumeAttributesClassName === 'string') {
    const vac = spec.volumeAttributesClassName;
    if (vac === '') required(r, ['spec', 'volumeAttributesClassName'], 'volumeAttributesClassName');
    else checkName(r, ['spec', 'volumeAttributesClassName'], vac, 'dns1123-subdomain');
    if (!sources.includes('csi')) required(r, ['spec', 'csi'], 'csi');
  }
}

/** ValidateCSIDriverName: required, at most 63 characters, a DNS-1123 subdomain (dots allowed). */
export function checkCSIDriverName(r: Reporter, path: Path, driver: string): void {
  if (driver === '') required(r, path, 'driver');
  else if (driver.length > 63 || !isDNS1123Subdomain(driver.toLowerCase())) r.report('INVALID_DNS1123_SUBDOMAIN', path, {value: driver, maxLength: 63});
}

/** IsStandardQuotaResourceName and friends (pkg/apis/core/helper/helpers.go). */
const STANDARD_QUOTA = [
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
];
const INTEGER_QUOTA = [
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
];

/** validateResourceName: a qualified name; unprefixed ones must be standard (the list differs by use). */
function resourceNameOk(name: string, standard: (n: string) => boolean): boolean {
  if (!isQualifiedName(name)) return false;
  if (!name.includes('/')) return standard(name);
  return true;
}

/**
 * ValidateResourceQuota (ValidateResourceQuotaName = NameIsDNSSubdomain) -> ValidateResourceQuotaSpec:
 * ValidateResourceQuotaResourceName, ValidateResourceQuantityValue (not negative, whole numbers for
 * object counts and extended resources), validateResourceQuotaScopes, validateScopeSelector.
 */
export function checkResourceQuota(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  const hard = obj(spec.hard) ?? {};
  const standard = (n: string) => STANDARD_QUOTA.includes(n) || n.startsWith('hugepages-') || n.startsWith('requests.hugepages-') || n.startsWith('count/');
  for (const [name, value] of Object.entries(hard)) {
    const p = ['spec', 'hard', name];
    // ValidateResourceQuotaResourceName: "must be a standard resource for quota" (count/ names are qualified)
    if (!resourceNameOk(name, standard) && !(name.startsWith('count/') && name.length > 6)) {
      r.report('INVALID_RESOURCE_NAME', p, {value: name}, 'key');
      continue;
    }
    const q = quantity(value);
    if (!q) continue;
    if (q.num < 0n) r.report('VALUE_OUT_OF_RANGE', p, {value: displayText(value), min: 0});
    // IsIntegerResourceName: object counts and extended resources
    const integer =
      INTEGER_QUOTA.includes(name) || name.startsWith('count/') || (name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.'));
    if (integer && (q.num * 1000n) % (q.den * 1000n) !== 0n) r.report('INVALID_QUANTITY', p, {value: displayText(value)});
  }
  const scopes = arr(spec.scopes).map(displayText);
  const known = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];
  scopes.forEach((s, i) => {
    if (!known.includes(s)) r.report('UNSUPPORTED_VALUE', ['spec', 'scopes', i], {value: s, supported: known.join(', ')});
  });
  if ((scopes.includes('BestEffort') && scopes.includes('NotBestEffort')) || (scopes.includes('Terminating') && scopes.includes('NotTerminating'))) {
    r.report('MUTUALLY_EXCLUSIVE', ['spec', 'scopes'], {fields: scopes.join(', ')});
  }
  // IsResourceQuotaScopeValidForResource: BestEffort only counts pods
  if (scopes.some((s) => s === 'BestEffort')) {
    for (const name of Object.keys(hard)) {
      if (STANDARD_QUOTA.includes(name) && name !== 'pods' && name !== 'count/pods')
        r.report('INVALID_VALUE', ['spec', 'scopes'], {value: 'BestEffort', reason: 'not-allowed'});
    }
  }
  const sel = obj(spec.scopeSelector);
  if (sel) {
    // validateScopedResourceSelectorRequirement
    if (arr(sel.matchExpressions).length === 0) required(r, ['spec', 'scopeSelector', 'matchExpressions'], 'matchExpressions');
    for (const [req, i] of objItems(sel.matchExpressions)) {
      const p = ['spec', 'scopeSelector', 'matchExpressions', i];
      const scope = str(req.scopeName);
      if (!known.includes(scope)) r.report('UNSUPPORTED_VALUE', [...p, 'scopeName'], {value: scope, supported: known.join(', ')});
      const op = str(req.operator);
      const values = arr(req.values);
      if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op))
        r.report('UNSUPPORTED_VALUE', [...p, 'operator'], {value: op, supported: 'In, NotIn, Exists, DoesNotExist'});
      else if ((op === 'In' || op === 'NotIn') && values.length === 0) required(r, [...p, 'values'], 'values');
      else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0)
        r.report('FORBIDDEN_FIELD', [...p, 'values'], {field: 'values', reason: 'needs-other-field'});
    }
  }
}

/**
 * ValidateLimitRange (ValidateLimitRangeName = NameIsDNSSubdomain), after SetDefaults_LimitRangeItem
 * (for Container limits: default from max, defaultRequest from default, then from min).
 */
export function checkLimitRange(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const types = new Set<string>();
  for (const [limit, i] of objItems(obj(o.spec)?.limits)) {
    const p = ['spec', 'limits', i];
    const type = str(limit.type);
    // validateLimitRangeTypeName
    if (!isQualifiedName(type)) r.report('INVALID_QUALIFIED_NAME', [...p, 'type'], {value: type});
    else if (!type.includes('/') && !['Pod', 'Container', 'PersistentVolumeClaim'].includes(type)) {
      r.report('UNSUPPORTED_VALUE', [...p, 'type'], {value: type, supported: 'Container, Pod, PersistentVolumeClaim'});
    }
    if (types.has(type)) r.report('DUPLICATE_VALUE', [...p, 'type'], {value: type});
    types.add(type);
    const containerish = type === 'Pod' || type === 'Container';
    const standard = (n: string) => (containerish ? ['cpu', 'memory', 'ephemeral-storage'].includes(n) || n.startsWith('hugepages-') : true);
    const lists: Record<string, Record<string, Rational>> = {};
    const read = (field: string) => {
      const out: Record<string, Rational> = {};
      for (const [name, v] of Object.entries(obj(limit[field]) ?? {})) {
        if (!resourceNameOk(name, standard)) r.report('INVALID_RESOURCE_NAME', [...p, field, name], {value: name}, 'key');
        const q = quantity(v);
        if (q) out[name] = q;
      }
      return out;
    };
    const max = read('max');
    const min = read('min');
    if (type === 'Pod') {
      if (Object.keys(obj(limit.default) ?? {}).length > 0) r.report('FORBIDDEN_FIELD', [...p, 'default'], {field: 'default', reason: 'needs-other-field'});
      if (Object.keys(obj(limit.defaultRequest) ?? {}).length > 0)
        r.report('FORBIDDEN_FIELD', [...p, 'defaultRequest'], {field: 'defaultRequest', reason: 'needs-other-field'});
    }
    const def = type === 'Pod' ? {} : read('default');
    const defReq = type === 'Pod' ? {} : read('defaultRequest');
    if (type === 'Container') {
      for (const [k, v] of Object.entries(max)) if (!(k in def)) def[k] = v;
      for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
      for (const [k, v] of Object.entries(min)) if (!(k in defReq)) defReq[k] = v;
    }
    if (type === 'PersistentVolumeClaim' && !('storage' in min) && !('storage' in max)) required(r, [...p, 'limits'], 'storage');
    const ratio = read('maxLimitRequestRatio');
    lists.max = max;
    const keys = new Set([...Object.keys(max), ...Object.keys(min), ...Object.keys(def), ...Object.keys(defReq), ...Object.keys(ratio)]);
    const gt = (a: Rational | undefined, b: Rational | undefined) => a !== undefined && b !== undefined && compareRational(a, b) > 0;
    for (const k of keys) {
      if (gt(min[k], max[k])) r.report('INVALID_VALUE', [...p, 'min', k], {value: k, reason: 'format'});
      if (gt(min[k], defReq[k]) || gt(defReq[k], max[k]) || gt(defReq[k], def[k]))
        r.report('INVALID_VALUE', [...p, 'defaultRequest', k], {value: k, reason: 'format'});
      if (gt(min[k], def[k]) || gt(def[k], max[k])) r.report('INVALID_VALUE', [...p, 'default', k], {value: k, reason: 'format'});
      if (ratio[k] && compareRational(ratio[k], {num: 1n, den: 1n}) < 0)
        r.report('INVALID_VALUE', [...p, 'maxLimitRequestRatio', k], {value: k, reason: 'format'});
      if (ratio[k] && min[k] && max[k] && min[k].num > 0n) {
        // "ratio is greater than max/min"
        if (compareRational({num: ratio[k].num * min[k].num * max[k].den, den: ratio[k].den * min[k].den * max[k].den}, max[k]) > 0) {
          r.report('INVALID_VALUE', [...p, 'maxLimitRequestRatio', k], {value: k, reason: 'format'});
        }
      }
      // IsOvercommitAllowed: hugepages and extended resources need default == defaultRequest
      const overcommit = (!k.includes('/') || k.includes('kubernetes.io/')) && !k.startsWith('hugepages-');
      if (!overcommit && def[k] && defReq[k] && compareRational(def[k], defReq[k]) !== 0)
        r.report('INVALID_VALUE', [...p, 'defaultRequest', k], {value: k, reason: 'format'});
    }
  }
}

/** ValidateEndpointIP: an IP (netutils.ParseIPSloppy), not unspecified, loopback or link-local. */
function checkEndpointIP(r: Reporter, path: Path, ip: string): void {
  // ParseIPSloppy accepts leading zeros in IPv4 octets
  const parsed = parseIP(ip) ?? parseIP(ip.replace(/(^|\.)0+(\d)/g, '$1$2'));
  if (!parsed) {
    r.report('INVALID_IP', path, {value: ip});
    return;
  }
  let v = parsed.value;
  let v6 = parsed.v6;
  if (parsed.is4in6) {
    v = v & 0xffffffffn;
    v6 = false;
  }
  const bad = v6
    ? v === 0n || v === 1n || v >> 118n === 0x3fan /* fe80::/10 */ || v >> 112n === 0xff02n
    : v === 0n || v >> 24n === 127n || v >> 16n === 0xa9fen || v >> 8n === 0xe00000n;
  if (bad) r.report('INVALID_IP', path, {value: ip});
}

/** ValidateEndpointsCreate -> ValidateEndpoints (ValidateEndpointsName = NameIsDNSSubdomain). */
export function checkEndpoints(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  for (const [ss, i] of objItems(o.subsets)) {
    const p = ['subsets', i];
    if (arr(ss.addresses).length === 0 && arr(ss.notReadyAddresses).length === 0) r.report('ONE_OF_REQUIRED', p, {fields: 'addresses, notReadyAddresses'});
    for (const list of ['addresses', 'notReadyAddresses']) {
      for (const [a, j] of objItems(ss[list])) {
        const ap = [...p, list, j];
        checkEndpointIP(r, [...ap, 'ip'], str(a.ip));
        if (str(a.hostname) !== '') checkName(r, [...ap, 'hostname'], str(a.hostname), 'dns1123-label');
        if (typeof a.nodeName === 'string') checkName(r, [...ap, 'nodeName'], a.nodeName, 'dns1123-subdomain');
      }
    }
    const ports = objItems(ss.ports);
    for (const [port, j] of ports) {
      const pp = [...p, 'ports', j];
      const name = str(port.name);
      if (ports.length > 1 && name === '') required(r, [...pp, 'name'], 'name');
      else if (name !== '') checkName(r, [...pp, 'name'], name, 'dns1123-label');
      const n = num(port.port) ?? 0;
      if (!isValidPortNum(n)) r.report('VALUE_OUT_OF_RANGE', [...pp, 'port'], {value: n, min: 1, max: 65535});
      // SetDefaults_Endpoints: an empty protocol is TCP
      const protocol = str(port.protocol) || 'TCP';
      if (!['SCTP', 'TCP', 'UDP'].includes(protocol)) r.report('UNSUPPORTED_VALUE', [...pp, 'protocol'], {value: protocol, supported: 'SCTP, TCP, UDP'});
      if (typeof port.appProtocol === 'string' && !isQualifiedName(port.appProtocol))
        r.report('INVALID_QUALIFIED_NAME', [...pp, 'appProtocol'], {value: port.appProtocol});
    }
  }
}

/**
 * v1 Event: ValidateEventCreate with request version v1 runs legacyValidateEvent only (events.go);
 * the name, labels and annotations get only the checks every create gets (BeforeCreate in
 * apiserver pkg/registry/rest/create.go: ValidateObjectMetaAccessor with path-segment names).
 * The namespace kubectl sends is metadata.namespace, else the context's: "default" is assumed.
 */
export function checkCoreEvent(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'path-segment', true);
  checkEvent(r, o, {
    involved: 'involvedObject',
    controller: 'reportingComponent',
    message: 'message',
    eventTime: 'eventTime',
    full: false,
  });
}

/**
 * events.k8s.io/v1 Event: converted to the core Event (regarding = involvedObject, note = message,
 * deprecated* fields), then ValidateEventCreate runs the full rules: name, eventTime, type,
 * reportingController, reportingInstance, action, reason, and the deprecated fields unset.
 */
export function checkEventsEvent(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  checkEvent(r, o, {involved: 'regarding', controller: 'reportingController', message: 'note', eventTime: 'eventTime', full: true});
}

function checkEvent(r: Reporter, o: Obj, f: {involved: string; controller: string; message: string; eventTime: string; full: boolean}): void {
  const ns = str(obj(o.metadata)?.namespace) || 'default';
  const involvedNs = str(obj(o[f.involved])?.namespace);
  const eventTime = str(o[f.eventTime]);
  const mismatch = () => r.report('INVALID_VALUE', [f.involved, 'namespace'], {value: involvedNs, reason: 'format'});
  if (eventTime === '') {
    if (involvedNs === '' ? ns !== 'default' : ns !== involvedNs) mismatch();
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') mismatch();
    const controller = str(o[f.controller]);
    if (controller === '') required(r, [f.controller], f.controller);
    else if (!isQualifiedName(controller)) r.report('INVALID_QUALIFIED_NAME', [f.controller], {value: controller});
    const limits: [string, number][] = [
      ['reportingInstance', 128],
      ['action', 128],
      ['reason', 128],
    ];
    for (const [field, max] of limits) {
      const v = str(o[field]);
      if (v === '') required(r, [field], field);
      else if (v.length > max) r.report('VALUE_OUT_OF_RANGE', [field], {value: v.length, max});
    }
    if (str(o[f.message]).length > 1024) r.report('VALUE_OUT_OF_RANGE', [f.message], {value: str(o[f.message]).length, max: 1024});
  }
  if (!isDNS1123Subdomain(ns)) r.report('INVALID_DNS1123_SUBDOMAIN', ['metadata', 'namespace'], {value: ns, maxLength: 253});
  if (!f.full) return;
  const series = obj(o.series);
  if (series) {
    if ((num(series.count) ?? 0) < 2) r.report('VALUE_OUT_OF_RANGE', ['series', 'count'], {value: num(series.count) ?? 0, min: 2});
    if (str(series.lastObservedTime) === '') required(r, ['series', 'lastObservedTime'], 'lastObservedTime');
  }
  if (eventTime === '') required(r, ['eventTime'], 'eventTime');
  const type = str(o.type);
  if (type !== 'Normal' && type !== 'Warning') r.report('UNSUPPORTED_VALUE', ['type'], {value: type, supported: 'Normal, Warning'});
  for (const field of ['deprecatedFirstTimestamp', 'deprecatedLastTimestamp']) {
    if (str(o[field]) !== '') r.report('FORBIDDEN_FIELD', [field], {field, reason: 'not-allowed'});
  }
  if ((num(o.deprecatedCount) ?? 0) !== 0) r.report('FORBIDDEN_FIELD', ['deprecatedCount'], {field: 'deprecatedCount', reason: 'not-allowed'});
  const source = obj(o.deprecatedSource);
  if (source && (str(source.component) !== '' || str(source.host) !== ''))
    r.report('FORBIDDEN_FIELD', ['deprecatedSource'], {field: 'deprecatedSource', reason: 'not-allowed'});
}

/**
 * ValidateNode (ValidateNodeName = NameIsDNSSubdomain): taints (validateNodeTaints), podCIDRs
 * (at most one per IP family), and the status fields a new Node may carry are decoded only.
 */
export function checkNode(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', false);
  const spec = obj(o.spec) ?? {};
  const seen = new Set<string>();
  for (const [t, i] of objItems(spec.taints)) {
    const p = ['spec', 'taints', i];
    const key = str(t.key);
    if (key === '') required(r, [...p, 'key'], 'key');
    else if (!isQualifiedName(key)) r.report('INVALID_QUALIFIED_NAME', [...p, 'key'], {value: key});
    const value = str(t.value);
    if (value !== '' && !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) r.report('INVALID_LABEL_VALUE', [...p, 'value'], {value});
    if (value.length > 63) r.report('INVALID_LABEL_VALUE', [...p, 'value'], {value});
    const effect = str(t.effect);
    // validateTaintEffect with allowEmpty=false
    if (effect === '') required(r, [...p, 'effect'], 'effect');
    else if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect))
      r.report('UNSUPPORTED_VALUE', [...p, 'effect'], {value: effect, supported: 'NoSchedule, PreferNoSchedule, NoExecute'});
    const id = `${key}:${effect}`;
    if (seen.has(id)) r.report('DUPLICATE_VALUE', p, {value: id});
    seen.add(id);
  }
  const cidrs = arr(spec.podCIDRs);
  cidrs.forEach((c, i) => {
    if (typeof c === 'string' && !parseCIDRStrict(c)) r.report('INVALID_CIDR', ['spec', 'podCIDRs', i], {value: c});
  });
  if (cidrs.length > 1) {
    const parsed = cidrs.map((c) => (typeof c === 'string' ? parseCIDRStrict(c) : undefined));
    if (cidrs.length > 2 || (parsed[0] && parsed[1] && parsed[0].v6 === parsed[1].v6))
      r.report('INVALID_VALUE', ['spec', 'podCIDRs'], {value: cidrs.map(displayText).join(', '), reason: 'format'});
  }
}

/** Binding (pods/binding): ValidatePodBinding: target.name required, target.kind empty or Node. */
export function checkBinding(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const target = obj(o.target) ?? {};
  const kind = str(target.kind);
  if (kind !== '' && kind !== 'Node') r.report('UNSUPPORTED_VALUE', ['target', 'kind'], {value: kind, supported: 'Node'});
  if (str(target.name) === '') required(r, ['target', 'name'], 'name');
}
