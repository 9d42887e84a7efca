/**
 * Pod specs, in Pods and in the templates of workloads: the rules of ValidatePodSpec and what it
 * calls (pkg/apis/core/validation/validation.go, Kubernetes v1.36), applied after the defaults the
 * server fills in first (pkg/apis/core/v1/defaults.go), so a field left empty that has a default
 * is not an error.
 */
import {
  compareRational,
  isConfigMapKey,
  isHTTPHeaderName,
  isLabelValue,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidPortName,
  isValidPortNum,
  parseIP,
  parseQuantity,
} from '../formats';
import type {Path, Reporter} from '../reporter';
import {checkPersistentVolumeClaimSpec} from './core-objects';
import {checkAnnotations, checkLabelSelector, checkLabels, checkName} from './object-meta';
import {arr, has, isObj, num, obj, objItems, optStr, str, type Obj} from './values';
import {displayText, scalarTexts} from '../../scalar-text';

const MAX_INT32 = 2147483647;

function oneOf(r: Reporter, path: Path, value: string, supported: readonly string[]): boolean {
  if (supported.includes(value)) return true;
  r.report('UNSUPPORTED_VALUE', path, {value, supported: supported.join(', ')});
  return false;
}

/** An optional enum field whose empty value is replaced by a default before validation. */
function defaultedEnum(r: Reporter, path: Path, value: unknown, supported: readonly string[]): void {
  if (typeof value === 'string' && value !== '') oneOf(r, path, value, supported);
}

function nonNegative(r: Reporter, path: Path, value: unknown): void {
  // ValidateNonnegativeField (apimachinery/pkg/api/validation/generic.go)
  if (typeof value === 'number' && value < 0) r.report('VALUE_OUT_OF_RANGE', path, {value, min: 0});
}

/** IsValidUserID / IsValidGroupID (apimachinery/pkg/util/validation/validation.go): 0..MaxInt32. */
function idRange(r: Reporter, path: Path, value: unknown): void {
  if (typeof value === 'number' && (value < 0 || value > MAX_INT32)) r.report('VALUE_OUT_OF_RANGE', path, {value, min: 0, max: MAX_INT32});
}

/** File modes: fileModeErrorMsg, 0 to 0777 (validateSecretVolumeSource, validateKeyToPath, ...). */
function fileMode(r: Reporter, path: Path, value: unknown): void {
  if (typeof value === 'number' && (value < 0 || value > 0o777)) r.report('INVALID_FILE_MODE', path, {value});
}

/** validateLocalDescendingPath: relative, no '..' element. */
function localDescendingPath(r: Reporter, path: Path, value: string): void {
  if (value.startsWith('/')) r.report('INVALID_PATH', path, {value, reason: 'absolute'});
  else if (value.split('/').includes('..')) r.report('INVALID_PATH', path, {value, reason: 'backsteps'});
}

/** ValidateLocalNonReservedPath: a local descending path that does not start with '..'. */
function localNonReservedPath(r: Reporter, path: Path, value: string): void {
  const before = r.diagnostics.length;
  localDescendingPath(r, path, value);
  if (r.diagnostics.length === before && value.startsWith('..')) r.report('INVALID_PATH', path, {value, reason: 'reserved'});
}

/** ValidatePortNumOrName. */
function portNumOrName(r: Reporter, path: Path, port: unknown): void {
  if (typeof port === 'number') {
    if (!isValidPortNum(port)) r.report('VALUE_OUT_OF_RANGE', path, {value: port, min: 1, max: 65535});
  } else if (typeof port === 'string') {
    if (!isValidPortName(port)) r.report('INVALID_PORT_NAME', path, {value: port});
  }
}

export interface PodSpecContext {
  /** ResourceIsPod: a Pod, not a template. */
  isPod: boolean;
}

/** ValidatePodTemplateSpec: template labels, annotations and spec. */
export function checkPodTemplate(r: Reporter, path: Path, template: unknown): void {
  const t = obj(template) ?? {};
  const meta = obj(t.metadata) ?? {};
  checkLabels(r, [...path, 'metadata', 'labels'], meta.labels);
  checkAnnotations(r, [...path, 'metadata', 'annotations'], meta.annotations);
  const spec = obj(t.spec) ?? {};
  checkPodSpec(r, [...path, 'spec'], spec, {isPod: false});
  if (arr(spec.ephemeralContainers).length > 0) {
    r.report('FORBIDDEN_FIELD', [...path, 'spec', 'ephemeralContainers'], {field: 'ephemeralContainers', reason: 'template'});
  }
}

/**
 * validateHostUsers (pkg/apis/core/validation/validation.go): a pod in its own user namespace
 * (hostUsers: false) may not share the host's PID or IPC namespace, nor use volumeDevices; nor
 * the host's network while the UserNamespacesHostNetworkSupport feature gate is off, as it is by
 * default in v1.36 (alpha since 1.35, pkg/features/kube_features.go; the option comes from
 * useAllowUserNamespacesHostNetworkSupport in pkg/api/pod/util.go). AllowUserNamespacesWithVolumeDevices
 * is false for a new pod (GetValidationOptionsFromPodSpecAndMeta).
 */
function checkHostUsers(r: Reporter, path: Path, spec: Obj, hostUsers: boolean): void {
  if (hostUsers) return;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field] === true) r.report('FORBIDDEN_FIELD', [...path, field], {field, reason: 'host-users-false'});
  }
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const [c, i] of objItems(spec[list])) {
      if (arr(c.volumeDevices).length > 0)
        r.report('FORBIDDEN_FIELD', [...path, list, i, 'volumeDevices'], {field: 'volumeDevices', reason: 'host-users-false'});
    }
  }
}

/** ValidatePodSpec. */
export function checkPodSpec(r: Reporter, path: Path, spec: Obj, ctx: PodSpecContext): void {
  const volumes = checkVolumes(r, [...path, 'volumes'], spec.volumes);
  const security = obj(spec.securityContext) ?? {};
  // spec.hostUsers (v1 PodSpec; the internal type keeps it under SecurityContext, hence upstream's
  // spec.SecurityContext.HostUsers). Unset means true.
  const hostUsers = spec.hostUsers !== false;
  checkHostUsers(r, path, spec, hostUsers);
  const containers = arr(spec.containers);
  // validateContainers: at least one container
  if (containers.length === 0 && !r.has('REQUIRED_FIELD', [...path, 'containers'])) {
    r.report('REQUIRED_FIELD', [...path, 'containers'], {field: 'containers'});
  }
  const names = new Set<string>();
  for (const [c, i] of objItems(spec.containers)) {
    const p = [...path, 'containers', i];
    checkContainerCommon(r, p, c, volumes, hostUsers, ctx);
    const name = str(c.name);
    // validateContainers: names unique among regular containers
    if (names.has(name)) r.report('DUPLICATE_VALUE', [...p, 'name'], {value: name});
    else names.add(name);
    if (isObj(c.lifecycle)) checkLifecycle(r, [...p, 'lifecycle'], c.lifecycle, spec, ctx);
    checkProbe(r, [...p, 'livenessProbe'], c.livenessProbe, 'liveness');
    checkProbe(r, [...p, 'readinessProbe'], c.readinessProbe, 'readiness');
    checkProbe(r, [...p, 'startupProbe'], c.startupProbe, 'startup');
  }
  // checkHostPortConflicts across regular containers
  hostPortConflicts(r, path, 'containers', objItems(spec.containers));

  for (const [c, i] of objItems(spec.initContainers)) {
    const p = [...path, 'initContainers', i];
    checkContainerCommon(r, p, c, volumes, hostUsers, ctx);
    // validateInitContainers: names unique across containers and init containers
    const name = str(c.name);
    if (names.has(name)) r.report('DUPLICATE_VALUE', [...p, 'name'], {value: name});
    else if (name !== '') names.add(name);
    hostPortConflicts(r, path, 'initContainers', [[c, i]]);
    const restartPolicy = optStr(c.restartPolicy);
    // validateInitContainerRestartPolicy
    if (restartPolicy !== undefined && restartPolicy !== 'Always') {
      oneOf(r, [...p, 'restartPolicy'], restartPolicy, ['Always', 'Never', 'OnFailure']);
    }
    if (restartPolicy === 'Always') {
      if (isObj(c.lifecycle)) checkLifecycle(r, [...p, 'lifecycle'], c.lifecycle, spec, ctx);
      checkProbe(r, [...p, 'livenessProbe'], c.livenessProbe, 'liveness');
      checkProbe(r, [...p, 'readinessProbe'], c.readinessProbe, 'readiness');
      checkProbe(r, [...p, 'startupProbe'], c.startupProbe, 'startup');
    } else {
      // "may not be set for init containers without restartPolicy=Always"
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (has(c, f)) r.report('FORBIDDEN_FIELD', [...p, f], {field: f, reason: 'init-container'});
      }
    }
  }

  // validatePodHostNetworkDeps: with hostNetwork, hostPort must equal containerPort
  if (security.hostNetwork === true || spec.hostNetwork === true) {
    for (const [c, i] of objItems(spec.containers)) {
      for (const [port, j] of objItems(c.ports)) {
        const hp = num(port.hostPort) ?? 0;
        const cp = num(port.containerPort) ?? 0;
        // For Pods a zero hostPort is first defaulted to containerPort (SetDefaults_PodSpec).
        if (hp !== 0 && hp !== cp) {
          r.report('INVALID_VALUE', [...path, 'containers', i, 'ports', j, 'hostPort'], {value: hp, reason: 'format'});
        }
      }
    }
  }

  // validateRestartPolicy / validateDNSPolicy (defaults: Always, ClusterFirst)
  defaultedEnum(r, [...path, 'restartPolicy'], spec.restartPolicy, ['Always', 'OnFailure', 'Never']);
  defaultedEnum(r, [...path, 'dnsPolicy'], spec.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']);
  checkLabels(r, [...path, 'nodeSelector'], spec.nodeSelector);
  checkPodSecurityContext(r, [...path, 'securityContext'], spec);
  // validateImagePullSecrets: only name may be set (the schema allows only name anyway)
  for (const [ref, i] of objItems(spec.imagePullSecrets)) {
    for (const k of Object.keys(ref)) if (k !== 'name') r.report('FORBIDDEN_FIELD', [...path, 'imagePullSecrets', i, k], {field: k, reason: 'not-allowed'});
  }
  checkAffinity(r, [...path, 'affinity'], spec.affinity);
  checkTopologySpread(r, [...path, 'topologySpreadConstraints'], spec.topologySpreadConstraints);
  checkDNSConfig(r, [...path, 'dnsConfig'], spec);

  // ValidateServiceAccountName = NameIsDNSSubdomain
  const sa = str(spec.serviceAccountName);
  if (sa !== '') checkName(r, [...path, 'serviceAccountName'], sa, 'dns1123-subdomain');
  // ValidateNodeName = NameIsDNSSubdomain
  const nodeName = str(spec.nodeName);
  if (nodeName !== '') checkName(r, [...path, 'nodeName'], nodeName, 'dns1123-subdomain');
  // activeDeadlineSeconds: 1..MaxInt32
  const ads = num(spec.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) {
    r.report('VALUE_OUT_OF_RANGE', [...path, 'activeDeadlineSeconds'], {value: ads, min: 1, max: MAX_INT32});
  }
  // hostname, subdomain: ValidateDNS1123Label
  const hostname = str(spec.hostname);
  if (hostname !== '') checkName(r, [...path, 'hostname'], hostname, 'dns1123-label');
  const subdomain = str(spec.subdomain);
  if (subdomain !== '') checkName(r, [...path, 'subdomain'], subdomain, 'dns1123-label');
  checkTolerations(r, [...path, 'tolerations'], spec.tolerations);
  // ValidatePriorityClassName = NameIsDNSSubdomain
  const pcn = str(spec.priorityClassName);
  if (pcn !== '') checkName(r, [...path, 'priorityClassName'], pcn, 'dns1123-subdomain');
  // ValidateRuntimeClassName = NameIsDNSSubdomain
  if (typeof spec.runtimeClassName === 'string') checkName(r, [...path, 'runtimeClassName'], spec.runtimeClassName, 'dns1123-subdomain');
  // ValidatePreemptionPolicy
  if (typeof spec.preemptionPolicy === 'string') oneOf(r, [...path, 'preemptionPolicy'], spec.preemptionPolicy, ['PreemptLowerPriority', 'Never']);
  // validateOS
  const os = obj(spec.os);
  if (os) oneOf(r, [...path, 'os', 'name'], str(os.name), ['linux', 'windows']);

  if (ctx.isPod) {
    // (validatePodMetadataAndSpec forbids serviceAccountToken projections without a
    // serviceAccountName, but the ServiceAccount admission plugin, which runs before validation,
    // has already set it to "default" by then: not an error for a Pod created through the API.)
    // The Priority admission plugin (plugin/pkg/admission/priority): a priority that differs from
    // the one of the PriorityClass is refused; without a class (and no global default class, as
    // on a new cluster) that is 0, and the built-in system classes have fixed values.
    const priority = num(spec.priority);
    const classValue: Record<string, number> = {'': 0, 'system-cluster-critical': 2000000000, 'system-node-critical': 2000001000};
    if (priority !== undefined && pcn in classValue && priority !== classValue[pcn]) {
      r.report('FORBIDDEN_FIELD', [...path, 'priority'], {field: 'priority', reason: 'not-allowed'});
    }
    // ValidatePodCreate: ephemeral containers cannot be set on create
    if (arr(spec.ephemeralContainers).length > 0) {
      r.report('FORBIDDEN_FIELD', [...path, 'ephemeralContainers'], {field: 'ephemeralContainers', reason: 'not-allowed'});
    }
  }
}

function hostPortConflicts(r: Reporter, path: Path, list: string, containers: [Obj, number][]): void {
  // AccumulateUniqueHostPorts: protocol/hostIP/hostPort must be unique
  const seen = new Set<string>();
  for (const [c, i] of containers) {
    for (const [port, j] of objItems(c.ports)) {
      const hp = num(port.hostPort) ?? 0;
      if (hp === 0) continue;
      const key = `${str(port.protocol) || 'TCP'}/${str(port.hostIP)}/${hp}`;
      if (seen.has(key)) r.report('DUPLICATE_VALUE', [...path, list, i, 'ports', j, 'hostPort'], {value: key});
      else seen.add(key);
    }
  }
}

/** validateContainerCommon. */
function checkContainerCommon(r: Reporter, p: Path, c: Obj, volumes: Set<string>, hostUsers: boolean, ctx: PodSpecContext): void {
  const name = str(c.name);
  if (name === '') {
    if (!r.has('REQUIRED_FIELD', [...p, 'name'])) r.report('REQUIRED_FIELD', [...p, 'name'], {field: 'name'});
  } else checkName(r, [...p, 'name'], name, 'dns1123-label');
  const image = str(c.image);
  if (image.length === 0) r.report('REQUIRED_FIELD', [...p, 'image'], {field: 'image'});
  // validateContainerOnlyForPod: no leading or trailing whitespace in a Pod's images
  else if (ctx.isPod && image.trim().length !== image.length) r.report('INVALID_VALUE', [...p, 'image'], {value: image, reason: 'format'});
  defaultedEnum(r, [...p, 'terminationMessagePolicy'], c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']);
  defaultedEnum(r, [...p, 'imagePullPolicy'], c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']);
  checkContainerPorts(r, [...p, 'ports'], c.ports);
  checkEnv(r, [...p, 'env'], c.env);
  checkEnvFrom(r, [...p, 'envFrom'], c.envFrom);
  checkVolumeMounts(r, [...p, 'volumeMounts'], c.volumeMounts, volumes);
  checkResources(r, [...p, 'resources'], c.resources);
  checkSecurityContext(r, [...p, 'securityContext'], c.securityContext, hostUsers);
}

/** validateContainerPorts. */
function checkContainerPorts(r: Reporter, path: Path, ports: unknown): void {
  const names = new Set<string>();
  for (const [port, i] of objItems(ports)) {
    const p = [...path, i];
    const name = str(port.name);
    if (name !== '') {
      if (!isValidPortName(name)) r.report('INVALID_PORT_NAME', [...p, 'name'], {value: name});
      else if (names.has(name)) r.report('DUPLICATE_VALUE', [...p, 'name'], {value: name});
      else names.add(name);
    }
    const cp = num(port.containerPort) ?? 0;
    if (cp === 0) {
      if (!r.has('REQUIRED_FIELD', [...p, 'containerPort'])) r.report('REQUIRED_FIELD', [...p, 'containerPort'], {field: 'containerPort'});
    } else if (!isValidPortNum(cp)) r.report('VALUE_OUT_OF_RANGE', [...p, 'containerPort'], {value: cp, min: 1, max: 65535});
    const hp = num(port.hostPort) ?? 0;
    if (hp !== 0 && !isValidPortNum(hp)) r.report('VALUE_OUT_OF_RANGE', [...p, 'hostPort'], {value: hp, min: 1, max: 65535});
    // protocol defaults to TCP (SetDefaults_ContainerPort via the schema default)
    defaultedEnum(r, [...p, 'protocol'], port.protocol, ['SCTP', 'TCP', 'UDP']);
  }
}

/** ValidateEnv + validateEnvVarValueFrom (relaxed names: RelaxedEnvironmentVariableValidation is GA). */
function checkEnv(r: Reporter, path: Path, env: unknown): void {
  for (const [ev, i] of objItems(env)) {
    const p = [...path, i];
    const name = str(ev.name);
    if (name === '') {
      if (!r.has('REQUIRED_FIELD', [...p, 'name'])) r.report('REQUIRED_FIELD', [...p, 'name'], {field: 'name'});
    } else if (!isRelaxedEnvVarName(name)) r.report('INVALID_ENV_VAR_NAME', [...p, 'name'], {value: name});
    const from = obj(ev.valueFrom);
    if (!from) continue;
    const fp = [...p, 'valueFrom'];
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((k) => has(from, k));
    if (has(from, 'fieldRef')) checkFieldRef(r, [...fp, 'fieldRef'], obj(from.fieldRef) ?? {});
    if (has(from, 'resourceFieldRef')) checkResourceFieldRef(r, [...fp, 'resourceFieldRef'], obj(from.resourceFieldRef) ?? {});
    for (const k of ['configMapKeyRef', 'secretKeyRef']) {
      const ref = obj(from[k]);
      if (!ref) continue;
      // validateConfigMapKeySelector / validateSecretKeySelector
      const refName = str(ref.name);
      if (refName === '') r.report('REQUIRED_FIELD', [...fp, k, 'name'], {field: 'name'});
      else checkName(r, [...fp, k, 'name'], refName, 'dns1123-subdomain');
      const key = str(ref.key);
      if (key === '') {
        if (!r.has('REQUIRED_FIELD', [...fp, k, 'key'])) r.report('REQUIRED_FIELD', [...fp, k, 'key'], {field: 'key'});
      } else if (!isConfigMapKey(key)) r.report('INVALID_CONFIG_KEY', [...fp, k, 'key'], {value: key});
    }
    if (sources.length === 0) {
      r.report('ONE_OF_REQUIRED', fp, {fields: 'fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef, fileKeyRef'});
    } else if (str(ev.value) !== '') {
      r.report('MUTUALLY_EXCLUSIVE', fp, {fields: 'value, valueFrom'});
    } else if (sources.length > 1) {
      r.report('MUTUALLY_EXCLUSIVE', fp, {fields: sources.join(', ')});
    }
  }
}

const DOWNWARD_ENV_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

/** validateObjectFieldSelector for env (validEnvDownwardAPIFieldPathExpressions). */
function checkFieldRef(r: Reporter, p: Path, ref: Obj, allowed: readonly string[] = DOWNWARD_ENV_FIELDS): void {
  // apiVersion defaults to v1 (SetDefaults_ObjectFieldSelector)
  const fieldPath = str(ref.fieldPath);
  if (fieldPath === '') {
    if (!r.has('REQUIRED_FIELD', [...p, 'fieldPath'])) r.report('REQUIRED_FIELD', [...p, 'fieldPath'], {field: 'fieldPath'});
    return;
  }
  const sub = /^(metadata\.labels|metadata\.annotations)\['(.*)'\]$/.exec(fieldPath);
  if (sub) {
    const key = sub[1] === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2];
    if (!isQualifiedName(key)) r.report('INVALID_QUALIFIED_NAME', p, {value: sub[2]});
    return;
  }
  if (!allowed.includes(fieldPath)) r.report('UNSUPPORTED_VALUE', [...p, 'fieldPath'], {value: fieldPath, supported: allowed.join(', ')});
}

const RESOURCE_FIELDS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];

const POWERS = [0, 3, 6, 9, 12, 15, 18].map((e) => 10n ** BigInt(e)).concat([10, 20, 30, 40, 50, 60].map((e) => 2n ** BigInt(e)));

/** validateContainerResourceFieldSelector + validateContainerResourceDivisor. */
function checkResourceFieldRef(r: Reporter, p: Path, ref: Obj, volume = false): void {
  const resource = str(ref.resource);
  if (volume && str(ref.containerName) === '') {
    if (!r.has('REQUIRED_FIELD', [...p, 'containerName'])) r.report('REQUIRED_FIELD', [...p, 'containerName'], {field: 'containerName'});
  } else if (resource === '') {
    if (!r.has('REQUIRED_FIELD', [...p, 'resource'])) r.report('REQUIRED_FIELD', [...p, 'resource'], {field: 'resource'});
  } else if (!RESOURCE_FIELDS.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
    r.report('UNSUPPORTED_VALUE', [...p, 'resource'], {value: resource, supported: RESOURCE_FIELDS.join(', ')});
  }
  // The divisor, when set (not zero): 1m or 1 for cpu; 1 or a power of 1000 or 1024 otherwise.
  const divisor = typeof ref.divisor === 'string' || typeof ref.divisor === 'number' ? parseQuantity(ref.divisor) : undefined;
  if (!divisor || divisor.num === 0n) return;
  const is = (n: bigint, d = 1n) => divisor.num * d === n * divisor.den;
  let ok = true;
  if (resource.endsWith('.cpu')) ok = is(1n, 1000n) || is(1n);
  else if (/\.(memory|ephemeral-storage)$/.test(resource) || /^(requests|limits)\.hugepages-/.test(resource)) ok = POWERS.some((n) => is(n));
  if (!ok)
    r.report('UNSUPPORTED_VALUE', [...p, 'divisor'], {
      value: displayText(ref.divisor),
      supported: resource.endsWith('.cpu') ? '1m, 1' : '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei',
    });
}

/** ValidateEnvFrom. */
function checkEnvFrom(r: Reporter, path: Path, envFrom: unknown): void {
  for (const [ev, i] of objItems(envFrom)) {
    const p = [...path, i];
    const prefix = str(ev.prefix);
    if (prefix !== '' && !isRelaxedEnvVarName(prefix)) r.report('INVALID_ENV_VAR_NAME', [...p, 'prefix'], {value: prefix});
    const sources = ['configMapRef', 'secretRef'].filter((k) => has(ev, k));
    for (const k of sources) {
      // validateConfigMapEnvSource / validateSecretEnvSource
      const refName = str(obj(ev[k])?.name);
      if (refName === '') r.report('REQUIRED_FIELD', [...p, k, 'name'], {field: 'name'});
      else checkName(r, [...p, k, 'name'], refName, 'dns1123-subdomain');
    }
    if (sources.length === 0) r.report('ONE_OF_REQUIRED', path, {fields: 'configMapRef, secretRef'});
    else if (sources.length > 1) r.report('MUTUALLY_EXCLUSIVE', path, {fields: 'configMapRef, secretRef'});
  }
}

/** ValidateVolumeMounts. */
function checkVolumeMounts(r: Reporter, path: Path, mounts: unknown, volumes: Set<string>): void {
  const mountPoints = new Set<string>();
  for (const [m, i] of objItems(mounts)) {
    const p = [...path, i];
    const name = str(m.name);
    if (name === '') {
      if (!r.has('REQUIRED_FIELD', [...p, 'name'])) r.report('REQUIRED_FIELD', [...p, 'name'], {field: 'name'});
    } else if (!volumes.has(name)) r.report('REFERENCE_NOT_FOUND', [...p, 'name'], {value: name});
    const mountPath = str(m.mountPath);
    if (mountPath === '') {
      if (!r.has('REQUIRED_FIELD', [...p, 'mountPath'])) r.report('REQUIRED_FIELD', [...p, 'mountPath'], {field: 'mountPath'});
    }
    if (mountPoints.has(mountPath)) r.report('DUPLICATE_VALUE', [...p, 'mountPath'], {value: mountPath});
    mountPoints.add(mountPath);
    const subPath = str(m.subPath);
    if (subPath !== '') localDescendingPath(r, [...p, 'subPath'], subPath);
    const subPathExpr = str(m.subPathExpr);
    if (subPathExpr !== '') {
      if (subPath !== '') r.report('MUTUALLY_EXCLUSIVE', [...p, 'subPathExpr'], {fields: 'subPath, subPathExpr'});
      localDescendingPath(r, [...p, 'subPathExpr'], subPathExpr);
    }
    if (typeof m.mountPropagation === 'string') oneOf(r, [...p, 'mountPropagation'], m.mountPropagation, ['Bidirectional', 'HostToContainer', 'None']);
  }
}

const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
];

/** ValidateVolumes + validateVolumeSource. Returns the names of the valid volumes. */
function checkVolumes(r: Reporter, path: Path, volumes: unknown): Set<string> {
  const valid = new Set<string>();
  const all = new Set<string>();
  for (const [v, i] of objItems(volumes)) {
    const p = [...path, i];
    const before = r.diagnostics.length;
    const name = str(v.name);
    if (name === '') {
      if (!r.has('REQUIRED_FIELD', [...p, 'name'])) r.report('REQUIRED_FIELD', [...p, 'name'], {field: 'name'});
    } else checkName(r, [...p, 'name'], name, 'dns1123-label');
    if (all.has(name)) r.report('DUPLICATE_VALUE', [...p, 'name'], {value: name});
    // A volume without a source defaults to emptyDir (SetDefaults_Volume); more than one is an error.
    const sources = VOLUME_SOURCES.filter((k) => has(v, k));
    if (sources.length > 1) r.report('MUTUALLY_EXCLUSIVE', p, {fields: sources.join(', ')});
    const source = sources[0];
    const s = obj(v[source]) ?? {};
    const sp = [...p, source];
    const requireField = (field: string) => {
      if (str(s[field]) === '' && !r.has('REQUIRED_FIELD', [...sp, field])) r.report('REQUIRED_FIELD', [...sp, field], {field});
    };
    switch (source) {
      case 'secret':
        requireField('secretName'); // validateSecretVolumeSource
        fileMode(r, [...sp, 'defaultMode'], s.defaultMode);
        checkKeyToPaths(r, [...sp, 'items'], s.items);
        break;
      case 'configMap':
        requireField('name'); // validateConfigMapVolumeSource
        fileMode(r, [...sp, 'defaultMode'], s.defaultMode);
        checkKeyToPaths(r, [...sp, 'items'], s.items);
        break;
      case 'hostPath': {
        // validateHostPathVolumeSource
        const hp = str(s.path);
        if (hp === '') requireField('path');
        else {
          if (hp.split('/').includes('..')) r.report('INVALID_PATH', [...sp, 'path'], {value: hp, reason: 'backsteps'});
          if (typeof s.type === 'string') {
            oneOf(r, [...sp, 'type'], s.type, ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket']);
          }
        }
        break;
      }
      case 'persistentVolumeClaim':
        requireField('claimName'); // validatePersistentClaimVolumeSource
        break;
      case 'nfs':
        requireField('server'); // validateNFSVolumeSource
        if (str(s.path) === '') requireField('path');
        else if (!str(s.path).startsWith('/')) r.report('INVALID_PATH', [...sp, 'path'], {value: str(s.path), reason: 'absolute'});
        break;
      case 'emptyDir': {
        // validateVolumeSource: sizeLimit must not be negative
        const q = typeof s.sizeLimit === 'string' || typeof s.sizeLimit === 'number' ? parseQuantity(s.sizeLimit) : undefined;
        if (q && q.num < 0n) r.report('VALUE_OUT_OF_RANGE', [...sp, 'sizeLimit'], {value: displayText(s.sizeLimit), min: 0});
        // (emptyDir.medium is not validated by the API server: any string is stored.)
        break;
      }
      case 'downwardAPI':
        fileMode(r, [...sp, 'defaultMode'], s.defaultMode);
        checkDownwardAPIFiles(r, [...sp, 'items'], s.items);
        break;
      case 'projected':
        checkProjected(r, sp, s);
        break;
      case 'gitRepo':
        requireField('repository');
        break;
      case 'csi':
        requireField('driver');
        break;
      case 'ephemeral': {
        // validateEphemeralVolumeSource -> ValidatePersistentVolumeClaimTemplate
        const template = obj(s.volumeClaimTemplate);
        if (!template) r.report('REQUIRED_FIELD', [...sp, 'volumeClaimTemplate'], {field: 'volumeClaimTemplate'});
        else {
          const meta = obj(template.metadata) ?? {};
          checkLabels(r, [...sp, 'volumeClaimTemplate', 'metadata', 'labels'], meta.labels);
          checkAnnotations(r, [...sp, 'volumeClaimTemplate', 'metadata', 'annotations'], meta.annotations);
          // ValidateTemplateObjectMeta: only labels and annotations may be set
          for (const k of Object.keys(meta)) {
            if (k !== 'labels' && k !== 'annotations')
              r.report('FORBIDDEN_FIELD', [...sp, 'volumeClaimTemplate', 'metadata', k], {field: k, reason: 'template'});
          }
          checkPersistentVolumeClaimSpec(r, [...sp, 'volumeClaimTemplate', 'spec'], obj(template.spec) ?? {});
        }
        break;
      }
    }
    all.add(name);
    if (r.diagnostics.length === before) valid.add(name);
  }
  return valid;
}

/** validateKeyToPath. */
function checkKeyToPaths(r: Reporter, path: Path, items: unknown): void {
  for (const [kp, i] of objItems(items)) {
    const p = [...path, i];
    if (str(kp.key) === '' && !r.has('REQUIRED_FIELD', [...p, 'key'])) r.report('REQUIRED_FIELD', [...p, 'key'], {field: 'key'});
    const kpPath = str(kp.path);
    if (kpPath === '') {
      if (!r.has('REQUIRED_FIELD', [...p, 'path'])) r.report('REQUIRED_FIELD', [...p, 'path'], {field: 'path'});
    } else localNonReservedPath(r, [...p, 'path'], kpPath);
    fileMode(r, [...p, 'mode'], kp.mode);
  }
}

const DOWNWARD_VOLUME_FIELDS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

/** validateDownwardAPIVolumeFile. */
function checkDownwardAPIFiles(r: Reporter, path: Path, items: unknown): void {
  for (const [f, i] of objItems(items)) {
    const p = [...path, i];
    const filePath = str(f.path);
    if (filePath === '') {
      if (!r.has('REQUIRED_FIELD', [...p, 'path'])) r.report('REQUIRED_FIELD', [...p, 'path'], {field: 'path'});
    } else localNonReservedPath(r, [...p, 'path'], filePath);
    const refs = ['fieldRef', 'resourceFieldRef'].filter((k) => has(f, k));
    if (refs.length === 0) r.report('ONE_OF_REQUIRED', p, {fields: 'fieldRef, resourceFieldRef'});
    else if (refs.length > 1) r.report('MUTUALLY_EXCLUSIVE', p, {fields: 'fieldRef, resourceFieldRef'});
    if (has(f, 'fieldRef')) checkFieldRef(r, [...p, 'fieldRef'], obj(f.fieldRef) ?? {}, DOWNWARD_VOLUME_FIELDS);
    if (has(f, 'resourceFieldRef')) checkResourceFieldRef(r, [...p, 'resourceFieldRef'], obj(f.resourceFieldRef) ?? {}, true);
    fileMode(r, [...p, 'mode'], f.mode);
  }
}

/** validateProjectedVolumeSource + validateProjectionSources. */
function checkProjected(r: Reporter, path: Path, s: Obj): void {
  fileMode(r, [...path, 'defaultMode'], s.defaultMode);
  const allPaths = new Set<string>();
  for (const [src, i] of objItems(s.sources)) {
    const p = [...path, 'sources', i];
    const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate'].filter((k) => has(src, k));
    if (kinds.length > 1) r.report('MUTUALLY_EXCLUSIVE', p, {fields: kinds.join(', ')});
    for (const k of ['secret', 'configMap']) {
      const proj = obj(src[k]);
      if (!proj) continue;
      if (str(proj.name) === '' && !r.has('REQUIRED_FIELD', [...p, k, 'name'])) r.report('REQUIRED_FIELD', [...p, k, 'name'], {field: 'name'});
      checkKeyToPaths(r, [...p, k, 'items'], proj.items);
      for (const [kp] of objItems(proj.items)) allPaths.add(str(kp.path));
    }
    const dapi = obj(src.downwardAPI);
    if (dapi) checkDownwardAPIFiles(r, [...p, 'downwardAPI', 'items'], dapi.items);
    const token = obj(src.serviceAccountToken);
    if (token) {
      const tp = [...p, 'serviceAccountToken'];
      // validateProjectionSources: expirationSeconds >= 600 and < 2^32; path required
      const exp = num(token.expirationSeconds);
      if (exp !== undefined && (exp < 600 || exp > 4294967296)) {
        r.report('VALUE_OUT_OF_RANGE', [...tp, 'expirationSeconds'], {value: exp, min: 600, max: 4294967296});
      }
      const tpath = str(token.path);
      if (tpath === '') {
        if (!r.has('REQUIRED_FIELD', [...tp, 'path'])) r.report('REQUIRED_FIELD', [...tp, 'path'], {field: 'path'});
      } else localNonReservedPath(r, [...tp, 'path'], tpath);
    }
  }
}

/** ValidateContainerResourceRequirements + validateResourceRequirements + validateContainerResourceName. */
function checkResources(r: Reporter, path: Path, resources: unknown): void {
  const res = obj(resources);
  if (!res) return;
  const limits = obj(res.limits) ?? {};
  const requests = obj(res.requests) ?? {};
  const checkName_ = (p: Path, name: string): boolean => {
    // validateResourceName: a qualified name; unprefixed names must be standard
    let ok = isQualifiedName(name);
    if (ok && !name.includes('/')) {
      ok = ['cpu', 'memory', 'ephemeral-storage'].includes(name) || name.startsWith('hugepages-');
    } else if (ok && !name.includes('kubernetes.io/')) {
      // IsExtendedResourceName: not "requests." prefixed, and "requests.<name>" is a qualified name
      ok = !name.startsWith('requests.') && isQualifiedName(`requests.${name}`);
    }
    if (!ok) r.report('INVALID_RESOURCE_NAME', p, {value: name}, 'key');
    return ok;
  };
  const isExtended = (name: string) => name.includes('/') && !name.includes('kubernetes.io/');
  const overcommitAllowed = (name: string) => (!name.includes('/') || name.includes('kubernetes.io/')) && !name.startsWith('hugepages-');
  const checkValue = (p: Path, name: string, value: unknown) => {
    const q = typeof value === 'string' || typeof value === 'number' ? parseQuantity(value) : undefined;
    if (!q) return undefined;
    // ValidateNonnegativeQuantity
    if (q.num < 0n) r.report('VALUE_OUT_OF_RANGE', p, {value: displayText(value), min: 0});
    // ValidateResourceQuantityValue: integer resources (extended ones) must be whole numbers
    else if (isExtended(name) && (q.num * 1000n) % (q.den * 1000n) !== 0n) r.report('INVALID_QUANTITY', p, {value: displayText(value)});
    return q;
  };
  for (const [name, value] of Object.entries(limits)) {
    if (checkName_([...path, 'limits', name], name)) checkValue([...path, 'limits', name], name, value);
  }
  for (const [name, value] of Object.entries(requests)) {
    if (!checkName_([...path, 'requests', name], name)) continue;
    const q = checkValue([...path, 'requests', name], name, value);
    const limitValue = limits[name];
    const lq = typeof limitValue === 'string' || typeof limitValue === 'number' ? parseQuantity(limitValue) : undefined;
    if (limitValue !== undefined) {
      if (q && lq) {
        const cmp = compareRational(q, lq);
        if ((cmp !== 0 && !overcommitAllowed(name)) || cmp > 0) {
          r.report('REQUEST_EXCEEDS_LIMIT', [...path, 'requests', name], {resource: name, request: displayText(value), limit: displayText(limitValue)});
        }
      }
    } else if (!overcommitAllowed(name)) {
      r.report('REQUIRED_FIELD', [...path, 'limits', name], {field: name});
    }
  }
  const names = [...Object.keys(limits), ...Object.keys(requests)];
  if (names.some((n) => n.startsWith('hugepages-')) && !names.some((n) => n === 'cpu' || n === 'memory')) {
    r.report('REQUIRED_FIELD', path, {field: 'cpu or memory'});
  }
}

/** ValidateSecurityContext (container level). */
function checkSecurityContext(r: Reporter, path: Path, sc: unknown, hostUsers: boolean): void {
  const s = obj(sc);
  if (!s) return;
  idRange(r, [...path, 'runAsUser'], s.runAsUser);
  idRange(r, [...path, 'runAsGroup'], s.runAsGroup);
  if (typeof s.procMount === 'string') {
    // ValidateProcMountType
    if (oneOf(r, [...path, 'procMount'], s.procMount, ['Default', 'Unmasked']) && s.procMount === 'Unmasked' && hostUsers) {
      r.report('FORBIDDEN_FIELD', [...path, 'procMount'], {field: 'procMount', reason: 'needs-other-field'});
    }
  }
  checkSeccompProfile(r, [...path, 'seccompProfile'], s.seccompProfile);
  checkAppArmorProfile(r, [...path, 'appArmorProfile'], s.appArmorProfile);
  if (s.allowPrivilegeEscalation === false) {
    if (s.privileged === true) r.report('FORBIDDEN_FIELD', [...path, 'privileged'], {field: 'privileged', reason: 'privilege-escalation'});
    arr(obj(s.capabilities)?.add).forEach((cap, i) => {
      // exactly "CAP_SYS_ADMIN", as the server compares it
      if (cap === 'CAP_SYS_ADMIN')
        r.report('FORBIDDEN_FIELD', [...path, 'capabilities', 'add', i], {field: 'capabilities.add', reason: 'privilege-escalation'});
    });
  }
}

/** validateSeccompProfileField. */
function checkSeccompProfile(r: Reporter, path: Path, profile: unknown): void {
  const sp = obj(profile);
  if (!sp) return;
  const type = str(sp.type);
  // validateSeccompProfileType
  if (type === '') {
    if (!r.has('REQUIRED_FIELD', [...path, 'type'])) r.report('REQUIRED_FIELD', [...path, 'type'], {field: 'type'});
  } else oneOf(r, [...path, 'type'], type, ['Localhost', 'RuntimeDefault', 'Unconfined']);
  if (type === 'Localhost') {
    if (typeof sp.localhostProfile !== 'string') r.report('REQUIRED_FIELD', [...path, 'localhostProfile'], {field: 'localhostProfile'});
    else localDescendingPath(r, [...path, 'localhostProfile'], sp.localhostProfile);
  } else if (sp.localhostProfile !== undefined) {
    r.report('FORBIDDEN_FIELD', [...path, 'localhostProfile'], {field: 'localhostProfile', reason: 'needs-other-field'});
  }
}

/** ValidateAppArmorProfileField. */
function checkAppArmorProfile(r: Reporter, path: Path, profile: unknown): void {
  const ap = obj(profile);
  if (!ap) return;
  const type = str(ap.type);
  if (type === '') {
    if (!r.has('REQUIRED_FIELD', [...path, 'type'])) r.report('REQUIRED_FIELD', [...path, 'type'], {field: 'type'});
  } else oneOf(r, [...path, 'type'], type, ['Localhost', 'RuntimeDefault', 'Unconfined']);
  if (type === 'Localhost') {
    const lp = typeof ap.localhostProfile === 'string' ? ap.localhostProfile : undefined;
    if (lp === undefined || lp.trim() === '') r.report('REQUIRED_FIELD', [...path, 'localhostProfile'], {field: 'localhostProfile'});
  } else if (ap.localhostProfile !== undefined) {
    r.report('FORBIDDEN_FIELD', [...path, 'localhostProfile'], {field: 'localhostProfile', reason: 'needs-other-field'});
  }
}

/** validatePodSpecSecurityContext. */
function checkPodSecurityContext(r: Reporter, path: Path, spec: Obj): void {
  const s = obj(spec.securityContext);
  if (!s) return;
  idRange(r, [...path, 'fsGroup'], s.fsGroup);
  idRange(r, [...path, 'runAsUser'], s.runAsUser);
  idRange(r, [...path, 'runAsGroup'], s.runAsGroup);
  arr(s.supplementalGroups).forEach((g, i) => idRange(r, [...path, 'supplementalGroups', i], g));
  if (s.shareProcessNamespace === true && spec.hostPID === true) {
    r.report('MUTUALLY_EXCLUSIVE', [...path, 'shareProcessNamespace'], {fields: 'shareProcessNamespace, hostPID'});
  }
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    r.report('MUTUALLY_EXCLUSIVE', [...path.slice(0, -1), 'shareProcessNamespace'], {fields: 'shareProcessNamespace, hostPID'});
  }
  // validateSysctls: names required, IsValidSysctlName, unique
  const sysctlNames = new Set<string>();
  for (const [sc, i] of objItems(s.sysctls)) {
    const name = str(sc.name);
    if (name === '') {
      if (!r.has('REQUIRED_FIELD', [...path, 'sysctls', i, 'name'])) r.report('REQUIRED_FIELD', [...path, 'sysctls', i, 'name'], {field: 'name'});
    } else if (name.length > 253 || !/^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/.test(name)) {
      r.report('INVALID_VALUE', [...path, 'sysctls', i, 'name'], {value: name, reason: 'format'});
    } else if (sysctlNames.has(name)) r.report('DUPLICATE_VALUE', [...path, 'sysctls', i, 'name'], {value: name});
    sysctlNames.add(name);
  }
  if (typeof s.fsGroupChangePolicy === 'string') oneOf(r, [...path, 'fsGroupChangePolicy'], s.fsGroupChangePolicy, ['Always', 'OnRootMismatch']);
  if (typeof s.supplementalGroupsPolicy === 'string') oneOf(r, [...path, 'supplementalGroupsPolicy'], s.supplementalGroupsPolicy, ['Merge', 'Strict']);
  if (typeof s.seLinuxChangePolicy === 'string') oneOf(r, [...path, 'seLinuxChangePolicy'], s.seLinuxChangePolicy, ['MountOption', 'Recursive']);
  checkSeccompProfile(r, [...path, 'seccompProfile'], s.seccompProfile);
  checkAppArmorProfile(r, [...path, 'appArmorProfile'], s.appArmorProfile);
}

/** validateProbe + validateLivenessProbe/validateReadinessProbe/validateStartupProbe. */
function checkProbe(r: Reporter, path: Path, probe: unknown, kind: 'liveness' | 'readiness' | 'startup'): void {
  const p = obj(probe);
  if (!p) return;
  checkHandler(r, path, p, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) nonNegative(r, [...path, f], p[f]);
  const tgps = num(p.terminationGracePeriodSeconds);
  if (tgps !== undefined && tgps <= 0) r.report('INVALID_VALUE', [...path, 'terminationGracePeriodSeconds'], {value: tgps, reason: 'must-be-positive'});
  if (kind === 'readiness' && tgps !== undefined)
    r.report('FORBIDDEN_FIELD', [...path, 'terminationGracePeriodSeconds'], {field: 'terminationGracePeriodSeconds', reason: 'not-allowed'});
  // successThreshold defaults to 1 (SetDefaults_Probe); liveness and startup probes need exactly 1
  const st = num(p.successThreshold) || 1;
  if (kind !== 'readiness' && st !== 1) r.report('INVALID_VALUE', [...path, 'successThreshold'], {value: st, reason: 'success-threshold'});
}

/** validateLifecycle. */
function checkLifecycle(r: Reporter, path: Path, lifecycle: Obj, spec: Obj, ctx: PodSpecContext): void {
  // The grace period validateSleepAction compares with: defaulted to 30 (SetDefaults_PodSpec);
  // a Pod's negative value becomes 1 before validation (the pod strategy's PrepareForCreate).
  let grace = num(spec.terminationGracePeriodSeconds) ?? 30;
  if (ctx.isPod && grace < 0) grace = 1;
  for (const hook of ['postStart', 'preStop']) {
    const h = obj(lifecycle[hook]);
    if (h) checkHandler(r, [...path, hook], h, ['exec', 'httpGet', 'tcpSocket', 'sleep'], grace);
  }
  // validateStopSignal: needs spec.os.name
  if (lifecycle.stopSignal !== undefined && !obj(spec.os)) {
    r.report('FORBIDDEN_FIELD', [...path, 'stopSignal'], {field: 'stopSignal', reason: 'needs-other-field'});
  }
}

/** validateHandler: exactly one handler. */
function checkHandler(r: Reporter, path: Path, h: Obj, kinds: string[], gracePeriod?: number): void {
  const present = kinds.filter((k) => has(h, k));
  if (present.length === 0) {
    r.report('ONE_OF_REQUIRED', path, {fields: kinds.join(', ')});
    return;
  }
  if (present.length > 1) r.report('MUTUALLY_EXCLUSIVE', path, {fields: present.join(', ')});
  const first = present[0];
  const a = obj(h[first]) ?? {};
  switch (first) {
    case 'exec':
      // validateExecAction
      if (arr(a.command).length === 0) r.report('REQUIRED_FIELD', [...path, 'exec', 'command'], {field: 'command'});
      break;
    case 'httpGet':
      // validateHTTPGetAction (path and scheme default to "/" and HTTP)
      portNumOrName(r, [...path, 'httpGet', 'port'], a.port);
      defaultedEnum(r, [...path, 'httpGet', 'scheme'], a.scheme, ['HTTP', 'HTTPS']);
      for (const [hdr, i] of objItems(a.httpHeaders)) {
        const n = str(hdr.name);
        if (!isHTTPHeaderName(n)) r.report('INVALID_VALUE', [...path, 'httpGet', 'httpHeaders', i, 'name'], {value: n, reason: 'format'});
      }
      break;
    case 'tcpSocket':
      portNumOrName(r, [...path, 'tcpSocket', 'port'], a.port);
      break;
    case 'grpc':
      portNumOrName(r, [...path, 'grpc', 'port'], num(a.port) ?? 0);
      break;
    case 'sleep': {
      // validateSleepAction: 0 <= seconds <= terminationGracePeriodSeconds
      const sec = num(a.seconds) ?? 0;
      if (gracePeriod !== undefined && (sec < 0 || sec > gracePeriod)) {
        r.report('VALUE_OUT_OF_RANGE', [...path, 'sleep', 'seconds'], {value: sec, min: 0, max: gracePeriod});
      }
      break;
    }
  }
}

/** ValidateTolerations. */
export function checkTolerations(r: Reporter, path: Path, tolerations: unknown): void {
  for (const [t, i] of objItems(tolerations)) {
    const p = [...path, i];
    const key = str(t.key);
    const op = str(t.operator);
    if (key !== '' && !isQualifiedName(key)) r.report('INVALID_QUALIFIED_NAME', [...p, 'key'], {value: key});
    if (key === '' && op !== 'Exists') r.report('UNSUPPORTED_VALUE', [...p, 'operator'], {value: op, supported: 'Exists'});
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      r.report('UNSUPPORTED_VALUE', [...p, 'effect'], {value: str(t.effect), supported: 'NoExecute'});
    }
    if (op === 'Equal' || op === '') {
      const v = str(t.value);
      if (!isLabelValue(v)) r.report('INVALID_LABEL_VALUE', [...p, 'value'], {value: v});
    } else if (op === 'Exists') {
      if (str(t.value) !== '') r.report('FORBIDDEN_FIELD', [...p, 'value'], {field: 'value', reason: 'needs-other-field'});
    } else if (op === 'Lt' || op === 'Gt') {
      // Refused while the TaintTolerationComparisonOperators feature gate is off, as it is by
      // default in v1.36 (alpha since 1.35: pkg/features/kube_features.go). ValidateTolerations
      // (pkg/apis/core/validation/validation.go) then lists all four operators as supported;
      // opts.AllowTaintTolerationComparisonOperators comes from allowTaintTolerationComparisonOperators
      // (pkg/api/pod/util.go), true only with the gate on or an old pod already using them.
      r.report('UNSUPPORTED_VALUE', [...p, 'operator'], {value: op, supported: 'Equal, Exists, Lt, Gt'});
    } else {
      r.report('UNSUPPORTED_VALUE', [...p, 'operator'], {value: op, supported: 'Equal, Exists'});
    }
    const effect = str(t.effect);
    // validateTaintEffect (empty allowed for tolerations)
    if (effect !== '') oneOf(r, [...p, 'effect'], effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
  }
}

/** validateAffinity: node selector terms and pod (anti-)affinity terms. */
function checkAffinity(r: Reporter, path: Path, affinity: unknown): void {
  const a = obj(affinity);
  if (!a) return;
  const node = obj(a.nodeAffinity);
  if (node) {
    const required = obj(node.requiredDuringSchedulingIgnoredDuringExecution);
    if (required) {
      const rp = [...path, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'];
      // ValidateNodeSelector: at least one term
      if (arr(required.nodeSelectorTerms).length === 0 && !r.has('REQUIRED_FIELD', [...rp, 'nodeSelectorTerms'])) {
        r.report('REQUIRED_FIELD', [...rp, 'nodeSelectorTerms'], {field: 'nodeSelectorTerms'});
      }
      for (const [term, i] of objItems(required.nodeSelectorTerms)) checkNodeSelectorTerm(r, [...rp, 'nodeSelectorTerms', i], term);
    }
    for (const [pref, i] of objItems(node.preferredDuringSchedulingIgnoredDuringExecution)) {
      const pp = [...path, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i];
      const w = num(pref.weight) ?? 0;
      if (w < 1 || w > 100) r.report('VALUE_OUT_OF_RANGE', [...pp, 'weight'], {value: w, min: 1, max: 100});
      checkNodeSelectorTerm(r, [...pp, 'preference'], obj(pref.preference) ?? {});
    }
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = obj(a[kind]);
    if (!pa) continue;
    for (const [term, i] of objItems(pa.requiredDuringSchedulingIgnoredDuringExecution)) {
      checkPodAffinityTerm(r, [...path, kind, 'requiredDuringSchedulingIgnoredDuringExecution', i], term);
    }
    for (const [w, i] of objItems(pa.preferredDuringSchedulingIgnoredDuringExecution)) {
      const wp = [...path, kind, 'preferredDuringSchedulingIgnoredDuringExecution', i];
      const weight = num(w.weight) ?? 0;
      if (weight < 1 || weight > 100) r.report('VALUE_OUT_OF_RANGE', [...wp, 'weight'], {value: weight, min: 1, max: 100});
      checkPodAffinityTerm(r, [...wp, 'podAffinityTerm'], obj(w.podAffinityTerm) ?? {});
    }
  }
}

/** ValidateNodeSelectorTerm + ValidateNodeSelectorRequirement. */
export function checkNodeSelectorTerm(r: Reporter, path: Path, term: Obj): void {
  for (const [req, i] of objItems(term.matchExpressions)) {
    const p = [...path, 'matchExpressions', i];
    const op = str(req.operator);
    const values = arr(req.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) r.report('REQUIRED_FIELD', [...p, 'values'], {field: 'values'});
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) r.report('FORBIDDEN_FIELD', [...p, 'values'], {field: 'values', reason: 'needs-other-field'});
    } else if (op === 'Gt' || op === 'Lt') {
      if (values.length !== 1) r.report('INVALID_VALUE', [...p, 'values'], {value: values.length, reason: 'selector-values'});
    } else r.report('UNSUPPORTED_VALUE', [...p, 'operator'], {value: op, supported: 'In, NotIn, Exists, DoesNotExist, Gt, Lt'});
    const key = str(req.key);
    if (!isQualifiedName(key)) r.report('INVALID_QUALIFIED_NAME', [...p, 'key'], {value: key});
  }
}

/** validatePodAffinityTerm. */
function checkPodAffinityTerm(r: Reporter, path: Path, term: Obj): void {
  checkLabelSelector(r, [...path, 'labelSelector'], term.labelSelector);
  checkLabelSelector(r, [...path, 'namespaceSelector'], term.namespaceSelector);
  arr(term.namespaces).forEach((ns, i) => {
    if (typeof ns === 'string') checkName(r, [...path, 'namespaces', i], ns, 'dns1123-label');
  });
  const topologyKey = str(term.topologyKey);
  if (topologyKey === '') {
    if (!r.has('REQUIRED_FIELD', [...path, 'topologyKey'])) r.report('REQUIRED_FIELD', [...path, 'topologyKey'], {field: 'topologyKey'});
  } else if (!isQualifiedName(topologyKey)) r.report('INVALID_QUALIFIED_NAME', [...path, 'topologyKey'], {value: topologyKey});
}

/** validateTopologySpreadConstraints. */
function checkTopologySpread(r: Reporter, path: Path, constraints: unknown): void {
  const seen = new Set<string>();
  for (const [c, i] of objItems(constraints)) {
    const p = [...path, i];
    const maxSkew = num(c.maxSkew) ?? 0;
    if (maxSkew <= 0) r.report('INVALID_VALUE', [...p, 'maxSkew'], {value: maxSkew, reason: 'must-be-positive'});
    const key = str(c.topologyKey);
    if (key === '') {
      if (!r.has('REQUIRED_FIELD', [...p, 'topologyKey'])) r.report('REQUIRED_FIELD', [...p, 'topologyKey'], {field: 'topologyKey'});
    } else if (!isQualifiedName(key)) r.report('INVALID_QUALIFIED_NAME', [...p, 'topologyKey'], {value: key});
    const when = str(c.whenUnsatisfiable);
    if (when === '') {
      if (!r.has('REQUIRED_FIELD', [...p, 'whenUnsatisfiable'])) r.report('REQUIRED_FIELD', [...p, 'whenUnsatisfiable'], {field: 'whenUnsatisfiable'});
    } else if (oneOf(r, [...p, 'whenUnsatisfiable'], when, ['DoNotSchedule', 'ScheduleAnyway'])) {
      const pair = `${key}/${when}`;
      if (seen.has(pair)) r.report('DUPLICATE_VALUE', p, {value: pair});
      seen.add(pair);
    }
    const minDomains = num(c.minDomains);
    if (minDomains !== undefined) {
      if (minDomains <= 0) r.report('INVALID_VALUE', [...p, 'minDomains'], {value: minDomains, reason: 'must-be-positive'});
      if (when !== 'DoNotSchedule') r.report('FORBIDDEN_FIELD', [...p, 'minDomains'], {field: 'minDomains', reason: 'needs-other-field'});
    }
    checkLabelSelector(r, [...p, 'labelSelector'], c.labelSelector);
    if (typeof c.nodeAffinityPolicy === 'string') oneOf(r, [...p, 'nodeAffinityPolicy'], c.nodeAffinityPolicy, ['Honor', 'Ignore']);
    if (typeof c.nodeTaintsPolicy === 'string') oneOf(r, [...p, 'nodeTaintsPolicy'], c.nodeTaintsPolicy, ['Honor', 'Ignore']);
  }
}

/** validatePodDNSConfig (RelaxedDNSSearchValidation is GA: underscores and "." are allowed). */
function checkDNSConfig(r: Reporter, path: Path, spec: Obj): void {
  const cfg = obj(spec.dnsConfig);
  if (str(spec.dnsPolicy) === 'None') {
    if (!cfg) {
      r.report('REQUIRED_FIELD', path, {field: 'dnsConfig'});
      return;
    }
    if (arr(cfg.nameservers).length === 0) {
      r.report('REQUIRED_FIELD', [...path, 'nameservers'], {field: 'nameservers'});
      return;
    }
  }
  if (!cfg) return;
  const ns = arr(cfg.nameservers);
  if (ns.length > 3) r.report('VALUE_OUT_OF_RANGE', [...path, 'nameservers'], {value: ns.length, max: 3});
  ns.forEach((ip, i) => {
    // IsValidIPForLegacyField (strict: StrictIPCIDRValidation is on)
    if (typeof ip !== 'string') return;
    const parsed = parseIP(ip);
    if (!parsed || parsed.is4in6) r.report('INVALID_IP', [...path, 'nameservers', i], {value: ip});
  });
  const searches = arr(cfg.searches);
  if (searches.length > 32) r.report('VALUE_OUT_OF_RANGE', [...path, 'searches'], {value: searches.length, max: 32});
  // Only strings get here (the schema refuses anything else).
  const searchesLength = scalarTexts(searches).join(' ').length;
  if (searchesLength > 2048) r.report('VALUE_OUT_OF_RANGE', [...path, 'searches'], {value: searchesLength, max: 2048});
  searches.forEach((s, i) => {
    if (typeof s !== 'string' || s === '.') return;
    const domain = s.endsWith('.') ? s.slice(0, -1) : s;
    // IsDNS1123SubdomainWithUnderscore
    const ok = domain.length <= 253 && /^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/.test(domain);
    if (!ok) r.report('INVALID_DNS1123_SUBDOMAIN', [...path, 'searches', i], {value: s, maxLength: 253});
  });
  for (const [o, i] of objItems(cfg.options)) {
    if (str(o.name) === '') r.report('REQUIRED_FIELD', [...path, 'options', i], {field: 'name'});
  }
}
