/**
 * Secrets, ConfigMaps, ServiceAccounts, Services, Namespaces and PersistentVolumeClaims:
 * pkg/apis/core/validation/validation.go (Kubernetes v1.36), after pkg/apis/core/v1/defaults.go.
 */
import {
  byteLength,
  isConfigMapKey,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  parseCIDRStrict,
  parseIP,
  parseQuantity,
} from '../formats';
import type {Path, Reporter} from '../reporter';
import {checkLabelSelector, checkLabels, checkName, checkObjectMeta} from './object-meta';
import {arr, has, isObj, num, obj, objItems, str, type Obj} from './values';
import {displayText} from '../../scalar-text';

/** MaxSecretSize in pkg/apis/core/types.go: 1 MiB for all data (and for ConfigMaps). */
const MAX_SECRET_SIZE = 1024 * 1024;

/** base64.StdEncoding.DecodeString (skipping \r and \n, as encoding/json does). */
export function decodeBase64(s: string): Uint8Array | undefined {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n =
      (alphabet.indexOf(clean[i]) << 18) |
      (alphabet.indexOf(clean[i + 1]) << 12) |
      ((clean[i + 2] === '=' ? 0 : alphabet.indexOf(clean[i + 2])) << 6) |
      (clean[i + 3] === '=' ? 0 : alphabet.indexOf(clean[i + 3]));
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

/** UTF-8 bytes to a string (invalid sequences become U+FFFD, as Go's JSON decoder treats them). */
function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let cp = 0xfffd;
    let len = 1;
    if (b < 0x80) cp = b;
    else if (b >= 0xc2 && b < 0xe0 && i + 1 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80) {
      cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      len = 2;
    } else if (b >= 0xe0 && b < 0xf0 && i + 2 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80) {
      cp = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
      len = 3;
    } else if (
      b >= 0xf0 &&
      b < 0xf5 &&
      i + 3 < bytes.length &&
      (bytes[i + 1] & 0xc0) === 0x80 &&
      (bytes[i + 2] & 0xc0) === 0x80 &&
      (bytes[i + 3] & 0xc0) === 0x80
    ) {
      cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
      len = 4;
    }
    out += String.fromCodePoint(cp);
    i += len;
  }
  return out;
}

/** The Secret's data as the server sees it: data (base64-decoded) merged with stringData. */
function secretData(o: Obj): Map<string, Uint8Array | string> {
  const data = new Map<string, Uint8Array | string>();
  for (const [k, v] of Object.entries(obj(o.data) ?? {})) {
    data.set(k, typeof v === 'string' ? (decodeBase64(v) ?? new Uint8Array()) : new Uint8Array());
  }
  // stringData is merged into data on conversion (Convert_v1_Secret_To_core_Secret), winning.
  for (const [k, v] of Object.entries(obj(o.stringData) ?? {})) data.set(k, typeof v === 'string' ? v : '');
  return data;
}

function dataLength(v: Uint8Array | string): number {
  return typeof v === 'string' ? byteLength(v) : v.length;
}

/** json.Unmarshal into map[string]interface{}: a JSON object (or null). */
function isJsonObject(v: Uint8Array | string): boolean {
  const text = typeof v === 'string' ? v : utf8Decode(v);
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed === null || isObj(parsed);
  } catch {
    return false;
  }
}

/** ValidateSecret (ValidateSecretName = NameIsDNSSubdomain). */
export function checkSecret(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const data = secretData(o);
  let total = 0;
  for (const [key, value] of data) {
    const field = obj(o.stringData)?.[key] !== undefined ? 'stringData' : 'data';
    if (!isConfigMapKey(key)) r.report('INVALID_CONFIG_KEY', [field, key], {value: key}, 'key');
    total += dataLength(value);
  }
  if (total > MAX_SECRET_SIZE) r.report('VALUE_OUT_OF_RANGE', ['data'], {value: total, max: MAX_SECRET_SIZE});

  // SetDefaults_Secret: an empty type is Opaque
  const type = str(o.type) || 'Opaque';
  const requireKey = (key: string) => r.report('REQUIRED_FIELD', ['data', key], {field: key});
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const annotations = obj(obj(o.metadata)?.annotations) ?? {};
      if (str(annotations['kubernetes.io/service-account.name']) === '') {
        r.report('REQUIRED_FIELD', ['metadata', 'annotations', 'kubernetes.io/service-account.name'], {field: 'kubernetes.io/service-account.name'});
      }
      break;
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      const value = data.get(key);
      if (value === undefined) requireKey(key);
      else if (!isJsonObject(value)) {
        const field = obj(o.stringData)?.[key] !== undefined ? 'stringData' : 'data';
        r.report('INVALID_SECRET_DATA', [field, key], {key, reason: 'invalid-json'});
      }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!data.has('username') && !data.has('password')) {
        requireKey('username');
        requireKey('password');
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (dataLength(data.get('ssh-privatekey') ?? '') === 0) requireKey('ssh-privatekey');
      break;
    case 'kubernetes.io/tls':
      if (!data.has('tls.crt')) requireKey('tls.crt');
      if (!data.has('tls.key')) requireKey('tls.key');
      break;
  }
}

/** ValidateConfigMap (ValidateConfigMapName = NameIsDNSSubdomain). */
export function checkConfigMap(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const data = obj(o.data) ?? {};
  const binary = obj(o.binaryData) ?? {};
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    if (!isConfigMapKey(key)) r.report('INVALID_CONFIG_KEY', ['data', key], {value: key}, 'key');
    // "duplicate of key present in binaryData"
    if (key in binary) r.report('DUPLICATE_VALUE', ['data', key], {value: key}, 'key');
    total += typeof value === 'string' ? byteLength(value) : 0;
  }
  for (const [key, value] of Object.entries(binary)) {
    if (!isConfigMapKey(key)) r.report('INVALID_CONFIG_KEY', ['binaryData', key], {value: key}, 'key');
    total += typeof value === 'string' ? (decodeBase64(value)?.length ?? 0) : 0;
  }
  if (total > MAX_SECRET_SIZE) r.report('VALUE_OUT_OF_RANGE', [], {value: total, max: MAX_SECRET_SIZE});
}

/** ValidateServiceAccount (ValidateServiceAccountName = NameIsDNSSubdomain). */
export function checkServiceAccount(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
}

/** ValidateNamespace (ValidateNamespaceName = DNS-1123 label) + validateFinalizerName. */
export function checkNamespace(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-label', false);
  arr(obj(o.spec)?.finalizers).forEach((f, i) => {
    if (typeof f !== 'string') return;
    const p = ['spec', 'finalizers', i];
    if (!isQualifiedName(f)) r.report('INVALID_QUALIFIED_NAME', p, {value: f});
    // validateKubeFinalizerName: unprefixed finalizers must be standard ones
    else if (!f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f)) {
      r.report('UNSUPPORTED_VALUE', p, {value: f, supported: 'kubernetes'});
    }
  });
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/**
 * ValidateServiceCreate -> validateService. The name is a DNS-1123 label: RelaxedServiceNameValidation
 * (KEP-5311) is beta and on by default in 1.36, replacing NameIsDNS1035Label with NameIsDNSLabel.
 */
export function checkService(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-label', true);
  const spec = obj(o.spec) ?? {};
  // SetDefaults_Service: type ClusterIP, sessionAffinity None, protocol TCP, targetPort = port
  const type = str(spec.type) || 'ClusterIP';
  const clusterIP = str(spec.clusterIP);
  const clusterIPs = arr(spec.clusterIPs).map(String);
  const headless = clusterIP === 'None' || clusterIPs[0] === 'None';
  const ports = objItems(spec.ports);
  if (!SERVICE_TYPES.includes(type)) r.report('UNSUPPORTED_VALUE', ['spec', 'type'], {value: type, supported: SERVICE_TYPES.join(', ')});
  if (ports.length === 0 && !headless && type !== 'ExternalName' && !r.has('REQUIRED_FIELD', ['spec', 'ports'])) {
    r.report('REQUIRED_FIELD', ['spec', 'ports'], {field: 'ports'});
  }
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    r.report('INVALID_VALUE', ['spec', 'clusterIP'], {value: 'None', reason: 'service-type'});
  }
  if (type === 'ExternalName') {
    // ExternalName services may not have cluster IPs and need a DNS name
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname === '') r.report('REQUIRED_FIELD', ['spec', 'externalName'], {field: 'externalName'});
    else if (!isDNS1123Subdomain(cname)) r.report('INVALID_DNS1123_SUBDOMAIN', ['spec', 'externalName'], {value: cname, maxLength: 253});
    if (clusterIP !== '') r.report('FORBIDDEN_FIELD', ['spec', 'clusterIP'], {field: 'clusterIP', reason: 'needs-other-field'});
  } else if (clusterIP !== '' && clusterIP !== 'None') {
    // ValidateServiceClusterIPsRelatedFields: an IP address (its range is checked on allocation)
    const ip = parseIP(clusterIP);
    if (!ip || ip.is4in6) r.report('INVALID_IP', ['spec', 'clusterIP'], {value: clusterIP});
  }
  const names = new Set<string>();
  const seen = new Set<string>();
  const nodePorts = new Set<string>();
  for (const [port, i] of ports) {
    const p = ['spec', 'ports', i];
    // validateServicePort
    const name = str(port.name);
    if (ports.length > 1 && name === '') r.report('REQUIRED_FIELD', [...p, 'name'], {field: 'name'});
    else if (name !== '') {
      checkName(r, [...p, 'name'], name, 'dns1123-label');
      if (names.has(name)) r.report('DUPLICATE_VALUE', [...p, 'name'], {value: name});
      names.add(name);
    }
    const portNum = num(port.port) ?? 0;
    if (!isValidPortNum(portNum) && !r.has('REQUIRED_FIELD', [...p, 'port']))
      r.report('VALUE_OUT_OF_RANGE', [...p, 'port'], {value: portNum, min: 1, max: 65535});
    const protocol = str(port.protocol) || 'TCP';
    if (!['SCTP', 'TCP', 'UDP'].includes(protocol)) r.report('UNSUPPORTED_VALUE', [...p, 'protocol'], {value: protocol, supported: 'SCTP, TCP, UDP'});
    const target = port.targetPort;
    if (typeof target === 'number' && target !== 0 && !isValidPortNum(target)) {
      r.report('VALUE_OUT_OF_RANGE', [...p, 'targetPort'], {value: target, min: 1, max: 65535});
    } else if (typeof target === 'string' && target !== '' && !isValidPortName(target)) {
      r.report('INVALID_PORT_NAME', [...p, 'targetPort'], {value: target});
    }
    if (typeof port.appProtocol === 'string' && !isQualifiedName(port.appProtocol)) {
      r.report('INVALID_QUALIFIED_NAME', [...p, 'appProtocol'], {value: port.appProtocol});
    }
    const nodePort = num(port.nodePort) ?? 0;
    if (nodePort !== 0) {
      if (type === 'ClusterIP') r.report('FORBIDDEN_FIELD', [...p, 'nodePort'], {field: 'nodePort', reason: 'needs-other-field'});
      // The node port allocator refuses ports outside --service-node-port-range (30000-32767).
      else if (nodePort < 30000 || nodePort > 32767) r.report('VALUE_OUT_OF_RANGE', [...p, 'nodePort'], {value: nodePort, min: 30000, max: 32767});
      const key = `${protocol}/${nodePort}`;
      if (nodePorts.has(key)) r.report('DUPLICATE_VALUE', [...p, 'nodePort'], {value: nodePort});
      nodePorts.add(key);
    }
    const key = `${protocol}/${portNum}`;
    if (seen.has(key)) r.report('DUPLICATE_VALUE', p, {value: key});
    seen.add(key);
  }
  if (isObj(spec.selector)) checkLabels(r, ['spec', 'selector'], spec.selector);
  const affinity = str(spec.sessionAffinity) || 'None';
  if (affinity !== 'None' && affinity !== 'ClientIP')
    r.report('UNSUPPORTED_VALUE', ['spec', 'sessionAffinity'], {value: affinity, supported: 'ClientIP, None'});
  if (affinity === 'ClientIP') {
    const t = num(obj(obj(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds);
    if (t !== undefined && (t <= 0 || t > 86400)) {
      r.report('VALUE_OUT_OF_RANGE', ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'], {value: t, min: 1, max: 86400});
    }
  }
  arr(spec.externalIPs).forEach((ip, i) => {
    const parsed = typeof ip === 'string' ? parseIP(ip) : undefined;
    if (typeof ip === 'string' && (!parsed || parsed.is4in6)) r.report('INVALID_IP', ['spec', 'externalIPs', i], {value: ip});
  });
  const ranges = arr(spec.loadBalancerSourceRanges);
  if (ranges.length > 0) {
    if (type !== 'LoadBalancer')
      r.report('FORBIDDEN_FIELD', ['spec', 'loadBalancerSourceRanges'], {field: 'loadBalancerSourceRanges', reason: 'needs-other-field'});
    ranges.forEach((c, i) => {
      if (typeof c === 'string' && !parseCIDRStrict(c.trim())) r.report('INVALID_CIDR', ['spec', 'loadBalancerSourceRanges', i], {value: c});
    });
  }
  if (has(spec, 'allocateLoadBalancerNodePorts') && type !== 'LoadBalancer') {
    r.report('FORBIDDEN_FIELD', ['spec', 'allocateLoadBalancerNodePorts'], {field: 'allocateLoadBalancerNodePorts', reason: 'needs-other-field'});
  }
  // validateServiceExternalTrafficPolicy: only for externally-accessible services
  const etp = str(spec.externalTrafficPolicy);
  const external = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && arr(spec.externalIPs).length > 0);
  if (etp !== '') {
    if (!external) r.report('FORBIDDEN_FIELD', ['spec', 'externalTrafficPolicy'], {field: 'externalTrafficPolicy', reason: 'needs-other-field'});
    else if (etp !== 'Cluster' && etp !== 'Local') r.report('UNSUPPORTED_VALUE', ['spec', 'externalTrafficPolicy'], {value: etp, supported: 'Cluster, Local'});
  }
  if (has(spec, 'healthCheckNodePort') && !(type === 'LoadBalancer' && etp === 'Local')) {
    r.report('FORBIDDEN_FIELD', ['spec', 'healthCheckNodePort'], {field: 'healthCheckNodePort', reason: 'needs-other-field'});
  }
  // validateServiceInternalTrafficFieldsValue
  const itp = str(spec.internalTrafficPolicy);
  if (itp !== '' && itp !== 'Cluster' && itp !== 'Local')
    r.report('UNSUPPORTED_VALUE', ['spec', 'internalTrafficPolicy'], {value: itp, supported: 'Cluster, Local'});
}

/** ValidatePersistentVolumeClaim -> ValidatePersistentVolumeClaimSpec (ValidatePersistentVolumeName = NameIsDNSSubdomain). */
export function checkPersistentVolumeClaim(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  checkPersistentVolumeClaimSpec(r, ['spec'], obj(o.spec) ?? {});
}

/**
 * ValidatePersistentVolumeClaimSpec: also used for StatefulSet volumeClaimTemplates
 * (validateVolumeClaimTemplates) and ephemeral volumes (ValidatePersistentVolumeClaimTemplate).
 */
export function checkPersistentVolumeClaimSpec(r: Reporter, path: Path, spec: Obj): void {
  const modes = arr(spec.accessModes);
  if (modes.length === 0) r.report('REQUIRED_FIELD', [...path, 'accessModes'], {field: 'accessModes'});
  const supported = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
  modes.forEach((m, i) => {
    if (typeof m === 'string' && !supported.includes(m))
      r.report('UNSUPPORTED_VALUE', [...path, 'accessModes', i], {value: m, supported: supported.join(', ')});
  });
  if (modes.includes('ReadWriteOncePod') && modes.some((m) => m !== 'ReadWriteOncePod' && supported.includes(displayText(m)))) {
    r.report('MUTUALLY_EXCLUSIVE', [...path, 'accessModes'], {fields: 'ReadWriteOncePod, other access modes'});
  }
  checkLabelSelector(r, [...path, 'selector'], spec.selector);
  const storage = obj(obj(spec.resources)?.requests)?.storage;
  if (storage === undefined) r.report('REQUIRED_FIELD', [...path, 'resources', 'requests', 'storage'], {field: 'storage'});
  else {
    // ValidatePositiveQuantityValue
    const q = typeof storage === 'string' || typeof storage === 'number' ? parseQuantity(storage) : undefined;
    if (q && q.num <= 0n) r.report('INVALID_VALUE', [...path, 'resources', 'requests', 'storage'], {value: displayText(storage), reason: 'must-be-positive'});
  }
  const scn = str(spec.storageClassName);
  // ValidateClassName = NameIsDNSSubdomain
  if (scn !== '') checkName(r, [...path, 'storageClassName'], scn, 'dns1123-subdomain');
  if (typeof spec.volumeMode === 'string' && !['Block', 'Filesystem'].includes(spec.volumeMode)) {
    r.report('UNSUPPORTED_VALUE', [...path, 'volumeMode'], {value: spec.volumeMode, supported: 'Block, Filesystem'});
  }
}
