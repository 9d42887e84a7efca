/**
 * Usage: npm run generate-schemas            (regenerates src/core/generated/)
 *        npm run generate-schemas -- --check (fails if the committed files are stale)
 *        npm run generate-schemas -- --json-schemas DIR
 *            instead writes one standalone JSON schema per kind into DIR, named as kubeconform
 *            looks them up (pod-v1.json, deployment-apps-v1.json, ...); scripts/bench.ts uses it
 *
 * Reads the OpenAPI v3 spec of the pinned Kubernetes version (the `k8s.io/kubernetes` version in
 * scripts/control-plane/go.mod; the spec ships in that Go module under api/openapi-spec/v3/),
 * turns the definitions of the kinds the site uses into a strict JSON schema (unknown fields are
 * errors, as with `kubectl apply --validate=strict`), and compiles it ahead of time with ajv's
 * standalone code generator, so the browser never compiles a schema.
 *
 * Where the spec is looked for, in order:
 *   $KSN_OPENAPI_DIR                                   a folder holding the *_openapi.json files
 *   $(go env GOMODCACHE)/k8s.io/kubernetes@<pin>/api/openapi-spec/v3
 *   ~/go/pkg/mod/k8s.io/kubernetes@<pin>/api/openapi-spec/v3
 * If it is missing, run `cd scripts/control-plane && go mod download k8s.io/kubernetes`.
 *
 * Outputs (each with a header naming this script; never edit them by hand):
 *   src/core/generated/validators.ts  one ajv validator per kind, pure ESM, no runtime imports
 *   src/core/generated/catalog.ts     the kinds, their scope, every kind the server serves,
 *                                     and the field shapes used for "did you mean" suggestions
 */
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync, mkdirSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {gzipSync} from 'node:zlib';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const OUT_DIR = join(ROOT, 'src/core/generated');
const SCRIPT = 'scripts/generate-schemas.ts';

/**
 * The kinds validated field by field, in the order the catalog lists them: the kinds the site
 * uses first, then every other kind a default v1.36 API server serves (issue 13: a served kind is
 * never left unchecked). Every other kind (alpha/beta versions, unknown kinds) gets a diagnostic
 * saying so.
 */
export const CHECKED_KINDS: readonly {apiVersion: string; kind: string}[] = [
  {apiVersion: 'v1', kind: 'Pod'},
  {apiVersion: 'v1', kind: 'Service'},
  {apiVersion: 'v1', kind: 'ServiceAccount'},
  {apiVersion: 'v1', kind: 'Secret'},
  {apiVersion: 'v1', kind: 'ConfigMap'},
  {apiVersion: 'v1', kind: 'Namespace'},
  {apiVersion: 'v1', kind: 'PersistentVolumeClaim'},
  {apiVersion: 'apps/v1', kind: 'Deployment'},
  {apiVersion: 'apps/v1', kind: 'ReplicaSet'},
  {apiVersion: 'apps/v1', kind: 'DaemonSet'},
  {apiVersion: 'apps/v1', kind: 'StatefulSet'},
  {apiVersion: 'batch/v1', kind: 'Job'},
  {apiVersion: 'batch/v1', kind: 'CronJob'},
  {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role'},
  {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole'},
  {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding'},
  {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding'},
  {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy'},
  {apiVersion: 'networking.k8s.io/v1', kind: 'Ingress'},
  {apiVersion: 'v1', kind: 'ReplicationController'},
  {apiVersion: 'v1', kind: 'PersistentVolume'},
  {apiVersion: 'v1', kind: 'ResourceQuota'},
  {apiVersion: 'v1', kind: 'LimitRange'},
  {apiVersion: 'v1', kind: 'Endpoints'},
  {apiVersion: 'v1', kind: 'PodTemplate'},
  {apiVersion: 'v1', kind: 'Event'},
  {apiVersion: 'v1', kind: 'Node'},
  {apiVersion: 'v1', kind: 'Binding'},
  {apiVersion: 'apps/v1', kind: 'ControllerRevision'},
  {apiVersion: 'policy/v1', kind: 'PodDisruptionBudget'},
  {apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler'},
  {apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler'},
  {apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass'},
  {apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver'},
  {apiVersion: 'storage.k8s.io/v1', kind: 'CSINode'},
  {apiVersion: 'storage.k8s.io/v1', kind: 'CSIStorageCapacity'},
  {apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment'},
  {apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttributesClass'},
  {apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass'},
  {apiVersion: 'coordination.k8s.io/v1', kind: 'Lease'},
  {apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice'},
  {apiVersion: 'events.k8s.io/v1', kind: 'Event'},
  {apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass'},
  {apiVersion: 'networking.k8s.io/v1', kind: 'IPAddress'},
  {apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR'},
  {apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass'},
  {apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest'},
  {apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration'},
  {apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration'},
  {apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy'},
  {apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding'},
  {apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingAdmissionPolicy'},
  {apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingAdmissionPolicyBinding'},
  {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition'},
  {apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService'},
  {apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema'},
  {apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'PriorityLevelConfiguration'},
  {apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass'},
  {apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim'},
  {apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaimTemplate'},
  {apiVersion: 'resource.k8s.io/v1', kind: 'ResourceSlice'},
  {apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview'},
  {apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview'},
  {apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview'},
  {apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview'},
  {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview'},
  {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview'},
];

/**
 * Fields the spec lists as required that the API server does not require on create: it fills
 * them by defaulting before validation, or its validation accepts them empty. Each entry says
 * which upstream code makes it so. (Reached by the differential test in test/cluster.)
 */
const NOT_REQUIRED: Record<string, {fields: string[]; why: string}> = {
  'io.k8s.api.core.v1.HTTPHeader': {
    fields: ['value'],
    why: 'validateHTTPHeaders (pkg/apis/core/validation/validation.go) checks only the header name',
  },
  'io.k8s.api.core.v1.Sysctl': {
    fields: ['value'],
    why: 'validateSysctls (pkg/apis/core/validation/validation.go) checks only the name',
  },
  'io.k8s.api.core.v1.PreferredSchedulingTerm': {
    fields: ['preference'],
    why: 'an empty preference is a valid NodeSelectorTerm (validatePreferredSchedulingTerms)',
  },
  'io.k8s.api.core.v1.SleepAction': {
    fields: ['seconds'],
    why: 'validateSleepAction accepts 0 (PodLifecycleSleepActionAllowZero is GA)',
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion': {
    fields: ['served'],
    why: 'a bool: absent is false, and ValidateCustomResourceDefinitionVersion accepts it',
  },
  'io.k8s.api.storage.v1.CSIDriver': {fields: ['spec'], why: 'SetDefaults_CSIDriver fills the spec'},
  'io.k8s.api.storage.v1.CSINode': {fields: ['spec'], why: 'ValidateCSINode accepts an empty spec (no drivers)'},
  'io.k8s.api.resource.v1.DeviceClass': {fields: ['spec'], why: 'ValidateDeviceClass accepts an empty spec'},
  'io.k8s.api.resource.v1.ResourcePool': {fields: ['generation'], why: 'an int64: absent is 0, which validateResourcePool accepts'},
  'io.k8s.api.apps.v1.ControllerRevision': {fields: ['revision'], why: 'an int64: absent is 0, which ValidateControllerRevisionCreate accepts'},
  'io.k8s.api.batch.v1.PodFailurePolicy': {
    fields: ['rules'],
    why: 'validatePodFailurePolicy accepts a policy without rules',
  },
};

type Json = null | boolean | number | string | Json[] | {[k: string]: Json};
type JsonObject = {[k: string]: Json};
type OpenApiSchema = {
  type?: string;
  format?: string;
  $ref?: string;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  required?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-group-version-kind'?: {group: string; version: string; kind: string}[];
};

function fail(message: string): never {
  console.error(`generate-schemas: ${message}`);
  process.exit(1);
}

function pinnedKubernetesVersion(): string {
  const goMod = join(ROOT, 'scripts/control-plane/go.mod');
  if (!existsSync(goMod)) fail(`${goMod} is missing: it pins the Kubernetes version`);
  const m = /^\s*k8s\.io\/kubernetes\s+(v\d+\.\d+\.\d+)\s*$/m.exec(readFileSync(goMod, 'utf8'));
  if (!m) fail(`no "k8s.io/kubernetes vX.Y.Z" line in ${goMod}`);
  return m[1];
}

function findSpecDir(version: string): string {
  const tried: string[] = [];
  const candidates: string[] = [];
  if (process.env.KSN_OPENAPI_DIR) candidates.push(process.env.KSN_OPENAPI_DIR);
  try {
    const modCache = execFileSync('go', ['env', 'GOMODCACHE'], {encoding: 'utf8'}).trim();
    if (modCache) candidates.push(join(modCache, `k8s.io/kubernetes@${version}/api/openapi-spec/v3`));
  } catch {
    tried.push('`go env GOMODCACHE` (go is not on PATH)');
  }
  candidates.push(join(homedir(), `go/pkg/mod/k8s.io/kubernetes@${version}/api/openapi-spec/v3`));
  for (const c of candidates) {
    if (existsSync(join(c, 'api__v1_openapi.json'))) return c;
    tried.push(c);
  }
  fail(
    `the OpenAPI v3 spec of Kubernetes ${version} was not found. Tried:\n  ${tried.join('\n  ')}\n` +
      `Fetch it with: (cd scripts/control-plane && go mod download k8s.io/kubernetes)\n` +
      `or point KSN_OPENAPI_DIR at a folder with the *_openapi.json files.`,
  );
}

function specFileFor(group: string, version: string): string {
  return group === '' ? `api__${version}_openapi.json` : `apis__${group}__${version}_openapi.json`;
}

function splitApiVersion(apiVersion: string): {group: string; version: string} {
  const i = apiVersion.indexOf('/');
  return i < 0 ? {group: '', version: apiVersion} : {group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1)};
}

// ---------------------------------------------------------------------------------------------
// Patterns for the string formats the API server checks while decoding JSON.

/**
 * resource.Quantity, as k8s.io/apimachinery/pkg/api/resource/quantity.go parseQuantityString +
 * suffixHandler.interpret accept it (UnmarshalJSON trims spaces first; "" is ErrFormatWrong).
 */
const QUANTITY_PATTERN = '^\\s*(?!\\s*$)[+-]?[0-9]*(\\.[0-9]*)?([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?\\s*$';
/** []byte fields: encoding/json decodes them with base64.StdEncoding, which skips \r and \n. */
const BASE64_PATTERN =
  '^[\\r\\n]*(?:(?:[A-Za-z0-9+/][\\r\\n]*){4})*(?:[A-Za-z0-9+/][\\r\\n]*[A-Za-z0-9+/][\\r\\n]*=[\\r\\n]*=|' +
  '[A-Za-z0-9+/][\\r\\n]*[A-Za-z0-9+/][\\r\\n]*[A-Za-z0-9+/][\\r\\n]*=)?[\\r\\n]*$';
/** metav1.Time / MicroTime UnmarshalJSON: time.Parse(time.RFC3339, s) (fractional seconds allowed). */
const RFC3339_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$';

const INT32 = {minimum: -2147483648, maximum: 2147483647};
// int64's bounds as a double holds them: 2^63 - 1 is not representable and rounds to 2^63.
const INT64 = {minimum: -(2 ** 63), maximum: 2 ** 63};

// ---------------------------------------------------------------------------------------------

interface KindInfo {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  def?: string;
}

interface ResourceInfo {
  apiGroup: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

/**
 * The resources of the GA versions, from every path of the spec that names a group-version-kind
 * (get, list, post...): the last path segment is the resource, subresources and watch paths
 * left out. A resource with any path under /namespaces/{namespace}/ is namespaced, so that the
 * all-namespaces list path (/api/v1/events) does not make Event cluster-scoped, while a
 * resource that has no namespaced path at all (componentstatuses, nodes) is cluster-scoped.
 */
function servedResources(specDir: string, specFiles: string[]): ResourceInfo[] {
  const byKey = new Map<string, ResourceInfo>();
  for (const file of specFiles) {
    const spec = JSON.parse(readFileSync(join(specDir, file), 'utf8')) as {
      paths: Record<string, Record<string, {'x-kubernetes-group-version-kind'?: {group: string; version: string; kind: string}}>>;
    };
    for (const [path, item] of Object.entries(spec.paths)) {
      if (path.includes('/watch/')) continue;
      const segments = path.split('/');
      const last = segments[segments.length - 1];
      const beforeLast = segments[segments.length - 2] ?? '';
      // …/{name} is one object of the resource before it; …/{name}/status is a subresource.
      const resource = last === '{name}' ? beforeLast : /^\{.+\}$/.test(beforeLast) ? undefined : last;
      if (!resource || resource.startsWith('{')) continue;
      for (const op of Object.values(item)) {
        const gvk = typeof op === 'object' && op !== null ? op['x-kubernetes-group-version-kind'] : undefined;
        if (!gvk || !/^v\d+$/.test(gvk.version)) continue;
        const key = `${gvk.group}/${resource}`;
        const namespaced = path.includes('/namespaces/{namespace}/');
        const known = byKey.get(key);
        if (known) known.namespaced ||= namespaced;
        else byKey.set(key, {apiGroup: gvk.group, resource, kind: gvk.kind, namespaced});
      }
    }
  }
  return [...byKey.values()].sort((a, b) => (a.apiGroup + '/' + a.resource).localeCompare(b.apiGroup + '/' + b.resource));
}

function main(): void {
  const check = process.argv.includes('--check');
  const version = pinnedKubernetesVersion();
  const specDir = findSpecDir(version);

  // Every group-version file of the spec: learn every creatable kind and its scope.
  const defs: Record<string, OpenApiSchema> = {};
  const served: KindInfo[] = [];
  const notServedByDefault: KindInfo[] = [];
  const specFiles = execFileSync('ls', [specDir], {encoding: 'utf8'})
    .split('\n')
    .filter((f) => /^apis?__.+__v[^_]+_openapi\.json$/.test(f) || f === 'api__v1_openapi.json');
  for (const file of specFiles) {
    const spec = JSON.parse(readFileSync(join(specDir, file), 'utf8')) as {
      paths: Record<
        string,
        Record<string, {'x-kubernetes-group-version-kind'?: {group: string; version: string; kind: string}; 'x-kubernetes-action'?: string}>
      >;
      components: {schemas: Record<string, OpenApiSchema>};
    };
    Object.assign(defs, spec.components.schemas);
    for (const [path, item] of Object.entries(spec.paths)) {
      const post = item.post;
      const gvk = post?.['x-kubernetes-group-version-kind'];
      if (!post || !gvk || post['x-kubernetes-action'] !== 'post') continue;
      // Subresources (…/{name}/binding, …/{name}/eviction) are not objects one applies.
      if (/\{name\}/.test(path)) continue;
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      const info: KindInfo = {apiVersion, kind: gvk.kind, namespaced: path.includes('/namespaces/{namespace}/')};
      // Only GA versions are served by a default kube-apiserver (alpha and beta APIs are off
      // unless --runtime-config enables them; KEP-3136 made new beta APIs off by default).
      const list = /^v\d+$/.test(gvk.version) ? served : notServedByDefault;
      if (!list.some((k) => k.apiVersion === apiVersion && k.kind === gvk.kind)) list.push(info);
    }
  }
  served.sort((a, b) => (a.apiVersion + a.kind).localeCompare(b.apiVersion + b.kind));
  const resources = servedResources(specDir, specFiles);
  notServedByDefault.sort((a, b) => (a.apiVersion + a.kind).localeCompare(b.apiVersion + b.kind));

  // Definition of each checked kind.
  const checked: Required<KindInfo>[] = CHECKED_KINDS.map(({apiVersion, kind}) => {
    const {group, version: v} = splitApiVersion(apiVersion);
    if (!existsSync(join(specDir, specFileFor(group, v)))) fail(`no spec file for ${apiVersion}`);
    const def = Object.entries(defs).find(([, s]) =>
      (s['x-kubernetes-group-version-kind'] ?? []).some((g) => g.group === group && g.version === v && g.kind === kind),
    )?.[0];
    if (!def) fail(`no definition for ${apiVersion} ${kind} in the spec`);
    const scope = served.find((k) => k.apiVersion === apiVersion && k.kind === kind);
    if (!scope) fail(`${apiVersion} ${kind} is not served by a default API server`);
    return {apiVersion, kind, namespaced: scope.namespaced, def};
  });

  // Which definitions are reachable from the kinds without going through `status`: the server
  // resets status on create, so `required` only matters outside it (status is still decoded
  // strictly, so its unknown fields and wrong types are errors).
  const refName = (s: OpenApiSchema): string | undefined => {
    const r = s.$ref ?? (s.allOf && s.allOf.length === 1 ? s.allOf[0].$ref : undefined);
    return r ? r.replace('#/components/schemas/', '') : undefined;
  };
  const reachable = new Set<string>();
  const specReachable = new Set<string>();
  const visit = (name: string, set: Set<string>, skipStatusAtTop: boolean) => {
    if (set.has(name)) return;
    set.add(name);
    const s = defs[name];
    if (!s) fail(`dangling reference to ${name}`);
    const walk = (x: OpenApiSchema | boolean | undefined) => {
      if (!x || typeof x === 'boolean') return;
      const r = refName(x);
      if (r) visit(r, set, false);
      for (const [k, p] of Object.entries(x.properties ?? {})) {
        if (skipStatusAtTop && x === s && k === 'status') continue;
        walk(p);
      }
      walk(x.items);
      walk(x.additionalProperties);
    };
    walk(s);
  };
  for (const k of checked) {
    visit(k.def, reachable, false);
    visit(k.def, specReachable, true);
  }

  // ------------------------------------------------------------------------------------------
  // Strict JSON schema.
  const alias = new Map<string, string>();
  const shortName = (def: string): string => {
    let a = alias.get(def);
    if (!a) {
      a = def
        .replace(/^io\.k8s\.api\./, '')
        .replace(/^io\.k8s\.apimachinery\.pkg\.apis\.meta\./, 'meta.')
        .replace(/^io\.k8s\.apimachinery\.pkg\./, '');
      alias.set(def, a);
    }
    return a;
  };

  const special = (def: string): JsonObject | undefined => {
    switch (def) {
      case 'io.k8s.apimachinery.pkg.util.intstr.IntOrString':
        // intstr.IntOrString.UnmarshalJSON: a quoted string, or an int32.
        return {type: ['integer', 'string'], ...INT32};
      case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
        return {type: ['string', 'number'], pattern: QUANTITY_PATTERN};
      case 'io.k8s.apimachinery.pkg.apis.meta.v1.Time':
      case 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime':
        return {type: 'string', pattern: RFC3339_PATTERN};
      case 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1':
      case 'io.k8s.apimachinery.pkg.runtime.RawExtension':
        return {};
    }
    return undefined;
  };

  const convert = (s: OpenApiSchema, defName: string | undefined, inArray: boolean): JsonObject => {
    const r = refName(s);
    if (r) {
      const out: JsonObject = {$ref: `#/definitions/${shortName(r)}`};
      return out;
    }
    if (s['x-kubernetes-preserve-unknown-fields']) return {};
    if (s['x-kubernetes-int-or-string']) return {type: ['integer', 'string'], ...INT32};
    const out: JsonObject = {};
    const nullable = (t: string): Json => (inArray ? [t, 'null'] : t);
    switch (s.type) {
      case 'string':
        out.type = nullable('string');
        if (s.format === 'byte') out.pattern = BASE64_PATTERN;
        if (s.format === 'date-time') out.pattern = RFC3339_PATTERN;
        break;
      case 'integer':
        out.type = nullable('integer');
        Object.assign(out, s.format === 'int32' ? INT32 : INT64);
        break;
      case 'number':
        out.type = nullable('number');
        break;
      case 'boolean':
        out.type = nullable('boolean');
        break;
      case 'array':
        out.type = 'array';
        if (s.items) out.items = convert(s.items, undefined, true);
        break;
      case 'object':
      case undefined: {
        if (s.type === undefined && !s.properties && !s.additionalProperties) {
          if (s.oneOf) fail(`unhandled oneOf in ${defName}`);
          return {};
        }
        out.type = 'object';
        if (s.properties) {
          const props: JsonObject = {};
          for (const [k, p] of Object.entries(s.properties)) props[k] = convert(p, undefined, false);
          out.properties = props;
          let required = s.required ?? [];
          if (defName && !specReachable.has(defName)) required = [];
          if (defName && NOT_REQUIRED[defName]) required = required.filter((f) => !NOT_REQUIRED[defName].fields.includes(f));
          if (required.length) out.required = required;
          if (s.additionalProperties && typeof s.additionalProperties === 'object') {
            fail(`${defName}: properties and additionalProperties together are not handled`);
          }
          out.additionalProperties = false;
        } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
          // A Go map: any key, typed values. `{a: null}` decodes to the zero value, so allow null.
          out.additionalProperties = convert(s.additionalProperties, undefined, true);
        } else if (s.additionalProperties === true || s.type === 'object') {
          // Free-form object (map[string]interface{}).
        }
        break;
      }
      default:
        fail(`unhandled type ${s.type} in ${defName}`);
    }
    return out;
  };

  const definitions: JsonObject = {};
  for (const name of [...reachable].sort()) {
    definitions[shortName(name)] = special(name) ?? convert(defs[name], name, false);
  }

  // ------------------------------------------------------------------------------------------
  // Shapes: which fields each object has, for suggestions and for naming paths (a.b vs a[key]).
  // Encoded as an array: each entry is [fields, mapValue, items] with child indices; -1 = leaf.
  type Shape = {fields?: Record<string, number>; map?: number; items?: number; free?: true};
  const shapes: Shape[] = [];
  const shapeIndexOfDef = new Map<string, number>();
  const shapeOf = (s: Json | undefined): number => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return -1;
    if (typeof s.$ref === 'string') {
      const name = s.$ref.replace('#/definitions/', '');
      const existing = shapeIndexOfDef.get(name);
      if (existing !== undefined) return existing;
      const idx = shapes.length;
      shapes.push({});
      shapeIndexOfDef.set(name, idx);
      shapes[idx] = buildShape(definitions[name] as JsonObject);
      return idx;
    }
    const sh = buildShape(s);
    if (!sh.fields && sh.map === undefined && sh.items === undefined && !sh.free) return -1;
    shapes.push(sh);
    return shapes.length - 1;
  };
  const buildShape = (s: JsonObject): Shape => {
    const t = s.type;
    if (Object.keys(s).length === 0) return {free: true};
    if (t === 'array') return {items: shapeOf(s.items)};
    if (t === 'object') {
      if (s.properties && typeof s.properties === 'object' && !Array.isArray(s.properties)) {
        const fields: Record<string, number> = {};
        for (const [k, v] of Object.entries(s.properties)) fields[k] = shapeOf(v);
        return {fields};
      }
      if (s.additionalProperties && typeof s.additionalProperties === 'object') return {map: shapeOf(s.additionalProperties)};
      return {free: true};
    }
    return {};
  };
  const kindShape: Record<string, number> = {};
  for (const k of checked) kindShape[`${k.apiVersion}/${k.kind}`] = shapeOf({$ref: `#/definitions/${shortName(k.def)}`});

  // ------------------------------------------------------------------------------------------
  // Compile ahead of time.
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    messages: false,
    inlineRefs: false,
    unicodeRegExp: true,
    code: {source: true, esm: true, lines: false, optimize: true},
  });
  ajv.addSchema({$id: 'k8s', definitions}, 'k8s');
  const exportName = (k: KindInfo) => `${k.apiVersion.replace(/[./]/g, '_')}_${k.kind}`;
  const exportsMap: Record<string, string> = {};
  for (const k of checked) exportsMap[exportName(k)] = `k8s#/definitions/${shortName(k.def)}`;
  let code: string = standaloneCode(ajv, exportsMap);
  code = makeTypeScript(code);

  const header = (what: string) =>
    `// Generated by ${SCRIPT} from the OpenAPI v3 spec of Kubernetes ${version} (k8s.io/kubernetes ${version},\n` +
    `// api/openapi-spec/v3). ${what}\n// Do not edit by hand: run \`npm run generate-schemas\`.\n`;

  const validatorsTs = header('Strict JSON schema validators compiled ahead of time with ajv standalone.') + '/* eslint-disable */\n' + code + '\n';

  const catalogTs =
    header('The kinds the core validates, every kind the server serves, and field shapes.') +
    `import * as validators from './validators';\n\n` +
    `/** The Kubernetes version the schemas come from. */\n` +
    `export const KUBERNETES_VERSION = ${JSON.stringify(version)};\n\n` +
    `export interface AjvError {instancePath: string; schemaPath: string; keyword: string; params: Record<string, unknown>}\n` +
    `export type Validator = ((data: unknown) => boolean) & {errors?: AjvError[] | null};\n\n` +
    `/** A kind validated field by field: its scope, validator and the index of its shape. */\n` +
    `export interface CheckedKind {apiVersion: string; kind: string; namespaced: boolean; validate: Validator; shape: number}\n\n` +
    `export const CHECKED_KINDS: readonly CheckedKind[] = [\n` +
    checked
      .map(
        (k) =>
          `  {apiVersion: ${JSON.stringify(k.apiVersion)}, kind: ${JSON.stringify(k.kind)}, namespaced: ${k.namespaced}, ` +
          `validate: validators.${exportName(k)} as unknown as Validator, shape: ${kindShape[`${k.apiVersion}/${k.kind}`]}},`,
      )
      .join('\n') +
    `\n];\n\n` +
    `/** Every kind a default kube-apiserver ${version} creates: [apiVersion, kind, namespaced]. */\n` +
    `export const SERVED_KINDS: readonly (readonly [string, string, boolean])[] = ${compactJson(served.map((k) => [k.apiVersion, k.kind, k.namespaced]))};\n\n` +
    `/**\n * Every resource of a GA API version a default kube-apiserver ${version} serves, with its kind and\n` +
    ` * scope: [apiGroup, resource, kind, namespaced] (what \`kubectl api-resources\` lists). A\n` +
    ` * resource is namespaced when the spec has a path for it under /namespaces/{namespace}/.\n */\n` +
    `export const SERVED_RESOURCES: readonly (readonly [string, string, string, boolean])[] = ${compactJson(resources.map((r) => [r.apiGroup, r.resource, r.kind, r.namespaced]))};\n\n` +
    `/** Kinds of alpha and beta API versions, which a default API server does not serve. */\n` +
    `export const NOT_SERVED_BY_DEFAULT: readonly (readonly [string, string])[] = ${compactJson(notServedByDefault.map((k) => [k.apiVersion, k.kind]))};\n\n` +
    `/**\n * Field shapes: [fields, mapValue, items, free]. fields maps a field name to a shape index\n` +
    ` * (-1: a scalar); mapValue/items are the shape of map values and list items (-1: scalars,\n` +
    ` * -2: not a map / not a list); free=1 means any field.\n */\n` +
    `export type Shape = readonly [Record<string, number> | 0, number, number, 0 | 1];\n` +
    `export const SHAPES: readonly Shape[] = ${compactJson(shapes.map((s) => [s.fields ?? 0, s.map ?? -2, s.items ?? -2, s.free ? 1 : 0]))};\n`;

  const jsonDirIndex = process.argv.indexOf('--json-schemas');
  if (jsonDirIndex > 0) {
    const dir = process.argv[jsonDirIndex + 1];
    if (!dir) fail('--json-schemas needs a folder');
    mkdirSync(dir, {recursive: true});
    // Go's regexp (RE2) has no lookahead: the quantity pattern without its empty-string guard.
    const re2 = JSON.parse(
      JSON.stringify(definitions)
        .split(JSON.stringify(QUANTITY_PATTERN).slice(1, -1))
        .join(JSON.stringify('^\\s*[+-]?[0-9]*(\\.[0-9]*)?([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?\\s*$').slice(1, -1)),
    ) as JsonObject;
    for (const k of checked) {
      const {group, version: v} = splitApiVersion(k.apiVersion);
      const suffix = group ? `-${group.split('.')[0]}-${v}` : `-${v}`;
      const schema = {$schema: 'http://json-schema.org/draft-07/schema#', $ref: `#/definitions/${shortName(k.def)}`, definitions: re2};
      writeFileSync(join(dir, `${k.kind.toLowerCase()}${suffix}.json`), JSON.stringify(schema));
    }
    console.log(`generate-schemas: wrote ${checked.length} standalone JSON schemas into ${dir}`);
    return;
  }

  const files: Record<string, string> = {
    [join(OUT_DIR, 'validators.ts')]: validatorsTs,
    [join(OUT_DIR, 'catalog.ts')]: catalogTs,
  };
  if (check) {
    const stale = Object.entries(files).filter(([f, text]) => !existsSync(f) || readFileSync(f, 'utf8') !== text);
    if (stale.length) fail(`stale: ${stale.map(([f]) => f).join(', ')}; run npm run generate-schemas`);
    console.log('generate-schemas: generated files are up to date');
    return;
  }
  mkdirSync(OUT_DIR, {recursive: true});
  for (const [f, text] of Object.entries(files)) writeFileSync(f, text);
  const raw = Buffer.byteLength(validatorsTs) + Buffer.byteLength(catalogTs);
  const gz = gzipSync(validatorsTs).length + gzipSync(catalogTs).length;
  console.log(
    `generate-schemas: Kubernetes ${version}, ${checked.length} kinds, ${Object.keys(definitions).length} definitions, ` +
      `${served.length} served kinds\n` +
      `  validators.ts ${kb(Buffer.byteLength(validatorsTs))} (${kb(gzipSync(validatorsTs).length)} gzipped)\n` +
      `  catalog.ts    ${kb(Buffer.byteLength(catalogTs))} (${kb(gzipSync(catalogTs).length)} gzipped)\n` +
      `  total         ${kb(raw)} (${kb(gz)} gzipped)`,
  );
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}

function compactJson(v: unknown): string {
  return JSON.stringify(v);
}

/**
 * ajv emits plain JavaScript. Make it a TypeScript module that type-checks under the pure core's
 * tsconfig (no Node types): annotate the validator signatures, type the error accumulators, and
 * drop schema constants the code never reads. Fails if a runtime `require(...)` slipped in.
 */
function makeTypeScript(code: string): string {
  if (/\brequire\(/.test(code)) {
    fail('ajv emitted a require(...) for a runtime helper; the schema must avoid the keyword that needs it');
  }
  let out = code.replace(/^"use strict";/, '');
  out = out.replace(
    /function (validate\d+)\(data, \{instancePath="", parentData, parentDataProperty, rootData=data\}=\{\}\)\{/g,
    'function $1(data: any, {instancePath="", parentData, parentDataProperty, rootData=data}: any = {}): boolean {',
  );
  out = out.replace(/let vErrors = null;/g, 'let vErrors: any = null;');
  // The errors of a validator live in a property of the function (ajv's convention).
  out = out.replace(/\b(validate\d+)\.errors\b/g, '($1 as any).errors');
  // Recursive definitions (a CRD's JSONSchemaProps) go through a wrapper object.
  out = out.replace(/\b(wrapper\d+)\.validate\.errors\b/g, '($1.validate as any).errors');
  // Size: the core reads instancePath, keyword and params only, so drop schemaPath, and collect
  // errors through one helper instead of repeating the push code at each of ~1,600 checks.
  out = out.replace(/schemaPath:"[^"]*",/g, '');
  out = out.replace(
    /const (err\d+) = (\{instancePath[^;]*?\});if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g,
    'vErrors = pushError(vErrors, $2);errors++;',
  );
  if (/vErrors\.push\(/.test(out)) fail('an error push was not rewritten; update makeTypeScript');
  out = 'function pushError(list: any[] | null, e: any): any[] {if (list === null) return [e]; list.push(e); return list;}\n' + out;
  // ajv keeps whole schema objects as constants, but reads only a few members of them: the
  // `properties` object (for hasOwnProperty checks of unknown fields) and some `type` values for
  // error params. Inline the members it reads and keep only the property names, so the output
  // carries no second copy of the schema.
  const constants = new Map<string, unknown>();
  out = out.replace(/const (schema\d+) = (\{.*?\}|\[.*?\]);(?=const |function |export )/g, (_whole, name: string, json: string) => {
    constants.set(name, JSON.parse(json));
    return '';
  });
  const used = new Set<string>();
  out = out.replace(/\b(schema\d+)((?:\.[A-Za-z_$][\w$]*|\["[^"]*"\])+)/g, (whole, name: string, members: string) => {
    if (!constants.has(name)) fail(`unknown schema constant ${name}`);
    if (members === '.properties') {
      used.add(name);
      return `props_${name}`;
    }
    let v: unknown = constants.get(name);
    // Members as written: .name or ["name"] (property names with dashes, as in the CRD schema).
    for (const [, dotted, quoted] of members.matchAll(/\.([A-Za-z_$][\w$]*)|\["([^"]*)"\]/g)) v = (v as Record<string, unknown>)[dotted ?? quoted];
    if (v === undefined) fail(`${whole} reads nothing`);
    return JSON.stringify(v);
  });
  const leftovers = out.match(/\bschema\d+\b/g);
  if (leftovers) fail(`schema constants still read directly: ${[...new Set(leftovers)].join(', ')}`);
  const propConsts = [...used]
    .sort()
    .map((name) => {
      const props = (constants.get(name) as {properties: Record<string, unknown>}).properties;
      return `const props_${name}: Record<string, 1> = ${JSON.stringify(Object.fromEntries(Object.keys(props).map((k) => [k, 1])))};`;
    })
    .join('\n');
  return propConsts + '\n' + out;
}

main();
