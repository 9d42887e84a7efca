/**
 * Every diagnostic code the parser and the validator emit, with its severity and the params a
 * message may use. Codes are stable: the UI keys its Korean and English messages on them (a
 * written-out table, STYLE.md point 3), and tests assert them. A code's severity never changes
 * with the input: 'error' codes are what the API server rejects (or what cannot be read at
 * all), 'warning' codes are accepted by the server but worth a reviewer's comment.
 */
export interface CodeInfo {
  readonly severity: 'error' | 'warning';
  /** Names of the params the diagnostic carries (optional ones end in '?'). */
  readonly params: readonly string[];
}

const E = (...params: string[]): CodeInfo => ({severity: 'error', params});
const W = (...params: string[]): CodeInfo => ({severity: 'warning', params});

export const DIAGNOSTIC_CODES = {
  // --- Reading the text -------------------------------------------------------------------
  /** parseManifests was given something other than a string. */
  INPUT_NOT_TEXT: E('type'),
  /** The whole text is longer than the parser accepts (params: length, limit in characters). */
  INPUT_TOO_LARGE: E('length', 'limit'),
  /** More documents than the parser accepts; the rest are not read. */
  TOO_MANY_DOCUMENTS: E('limit'),
  /** One document is longer than the parser accepts; it is not read. */
  DOCUMENT_TOO_LARGE: E('length', 'limit'),
  /** Not valid YAML; `reason` is the YAML parser's own (English) explanation. */
  YAML_SYNTAX: E('reason'),
  /** Collections nested deeper than the limit. */
  NESTING_TOO_DEEP: E('limit'),
  /** An anchor used inside its own value (`&a [*a]`); kubectl refuses it too. */
  YAML_ALIAS_CYCLE: E(),
  /** Aliases expand to more nodes than the limit (a "billion laughs" document). */
  YAML_ALIAS_EXPANSION_TOO_LARGE: E('limit'),
  /** A document that is a list or a scalar, not an object; kubectl cannot apply it. */
  NOT_AN_OBJECT: E('type'),
  /** Content after `...` in one document; kubectl reads only the first part. */
  EXTRA_DOCUMENT_IGNORED: W(),
  /** A key appears twice in one mapping; kubectl silently keeps the later value. */
  DUPLICATE_KEY: W('key', 'firstLine'),
  /**
   * More than 100 diagnostics of one code: the rest are left out, and this one says how many
   * (`code`, `count`). Placed where the first one left out was (src/core/limit-diagnostics.ts).
   */
  DIAGNOSTICS_OMITTED: W('code', 'count'),
  /**
   * The checker itself failed on this object (a bug in it, never the reader's mistake); what the
   * API server would say about the object is unknown. `reason` is the failure, in English.
   */
  CHECK_FAILED: W('reason'),

  // --- Which kind ---------------------------------------------------------------------------
  /** No apiVersion: kubectl cannot tell what the object is. */
  MISSING_API_VERSION: E(),
  /** No kind: kubectl cannot tell what the object is. */
  MISSING_KIND: E(),
  /** The API server has no such kind in that apiVersion; `suggestion` is an apiVersion that has it. */
  UNKNOWN_KIND: E('apiVersion', 'kind', 'suggestion?'),
  /** An alpha or beta apiVersion that a default API server does not serve. */
  API_VERSION_NOT_SERVED: E('apiVersion', 'kind', 'suggestion?'),

  // --- Schema (strict decoding) ----------------------------------------------------------
  /**
   * A field the object's type does not have (strict field validation). `suggestion`: did you mean;
   * with `suggestionPath` when the suggested field belongs to an enclosing object (a misplaced field).
   */
  UNKNOWN_FIELD: E('field', 'suggestion?', 'suggestionPath?'),
  /** A value of the wrong JSON type. `hint: 'yaml11-boolean'` when an unquoted yes/no/on/off became a boolean. */
  INVALID_TYPE: E('expected', 'actual', 'hint?'),
  /** A required field is missing (or empty). */
  REQUIRED_FIELD: E('field'),
  /** A number outside its allowed range (min and/or max given). */
  VALUE_OUT_OF_RANGE: E('value', 'min?', 'max?'),
  /** Not a resource quantity such as 500m, 1.5, 128Mi or 1e3. */
  INVALID_QUANTITY: E('value'),
  /** Secret data must be base64. */
  INVALID_BASE64: E(),
  /** Not an RFC 3339 timestamp. */
  INVALID_TIMESTAMP: E('value'),

  // --- Names and metadata ---------------------------------------------------------------
  /** Not a lowercase RFC 1123 subdomain (a-z, 0-9, '-', '.'; at most maxLength characters). */
  INVALID_DNS1123_SUBDOMAIN: E('value', 'maxLength'),
  /** Not a lowercase RFC 1123 label (a-z, 0-9, '-'; no dots; at most maxLength characters). */
  INVALID_DNS1123_LABEL: E('value', 'maxLength'),
  /** RBAC names may be anything but '.', '..' or contain '/' or '%'. */
  INVALID_PATH_SEGMENT_NAME: E('value'),
  /** Not a qualified name ([prefix/]name, name at most 63 characters): label keys, annotation keys, finalizers. */
  INVALID_QUALIFIED_NAME: E('value'),
  /** Not a label value (at most 63 characters: alphanumerics, '-', '_', '.'). */
  INVALID_LABEL_VALUE: E('value'),
  /** All annotations together exceed 256 KiB. */
  ANNOTATIONS_TOO_LARGE: E('size', 'limit'),
  /** metadata.namespace on a cluster-scoped kind: kubectl drops it. */
  NAMESPACE_IGNORED: W('namespace'),
  /** Only generateName: the server accepts it, but `kubectl apply` refuses it (use kubectl create). */
  GENERATE_NAME_WITH_APPLY: W(),

  // --- Field rules the server applies ----------------------------------------------------
  /** A value outside the supported set; `supported` lists them, comma-separated. */
  UNSUPPORTED_VALUE: E('value', 'supported'),
  /** A value that must be unique appears again (e.g. a container name). */
  DUPLICATE_VALUE: E('value'),
  /** A name that refers to nothing defined in the object (e.g. a volumeMount without its volume). */
  REFERENCE_NOT_FOUND: E('value'),
  /** A field that may not be set here; `reason` is a code (see FORBIDDEN_REASONS). */
  FORBIDDEN_FIELD: E('field', 'reason'),
  /** Exactly one of `fields` must be set (comma-separated). */
  ONE_OF_REQUIRED: E('fields'),
  /** At most one of `fields` may be set (comma-separated). */
  MUTUALLY_EXCLUSIVE: E('fields'),
  /** Not a valid port name (IANA_SVC_NAME: at most 15 of a-z, 0-9, '-', with a letter). */
  INVALID_PORT_NAME: E('value'),
  /** Not a valid environment variable name. */
  INVALID_ENV_VAR_NAME: E('value'),
  /** Not a valid ConfigMap or Secret key (alphanumerics, '-', '_', '.'). */
  INVALID_CONFIG_KEY: E('value'),
  /** A path that must be relative without '..' (reason: 'absolute' | 'backsteps' | 'reserved'). */
  INVALID_PATH: E('value', 'reason'),
  /** A file mode outside 0 to 0777 (octal). */
  INVALID_FILE_MODE: E('value'),
  /** Not a CIDR such as 10.0.0.0/16. */
  INVALID_CIDR: E('value'),
  /** Not an IP address. */
  INVALID_IP: E('value'),
  /** An ipBlock `except` entry that is not strictly inside its `cidr`. */
  CIDR_EXCEPT_OUTSIDE: E('value', 'cidr'),
  /** A workload's template labels do not match its selector. */
  SELECTOR_MISMATCH: E(),
  /** A workload selector without any requirement (it would select every pod). */
  EMPTY_SELECTOR: E(),
  /** A resource request above its limit. */
  REQUEST_EXCEEDS_LIMIT: E('resource', 'request', 'limit'),
  /** Not a resource name (cpu, memory, ephemeral-storage, hugepages-*, or a qualified name). */
  INVALID_RESOURCE_NAME: E('value'),
  /** A Secret's data that is not what its type needs (reason: 'invalid-json' | 'missing-auths'). */
  INVALID_SECRET_DATA: E('key', 'reason'),
  /** A value the server rejects for a reason given as a code in `reason` (see INVALID_VALUE_REASONS). */
  INVALID_VALUE: E('value', 'reason'),

  // --- Warnings: accepted by the server, flagged by a reviewer ------------------------------
  /** A lower-case capability name (net_admin): the runtime wants NET_ADMIN. */
  CAPABILITY_LOWERCASE: W('value', 'suggestion'),
  /** A capability written with the CAP_ prefix (CAP_SYS_TIME): Kubernetes wants SYS_TIME. */
  CAPABILITY_PREFIXED: W('value', 'suggestion'),
  /** A capability name Linux does not have. */
  CAPABILITY_UNKNOWN: W('value'),
  /** An image with the :latest tag: what runs can change without the manifest changing. */
  IMAGE_TAG_LATEST: W('image'),
  /** An image without a tag or digest: it means :latest. */
  IMAGE_UNTAGGED: W('image'),
  /** runAsNonRoot true with runAsUser 0: the kubelet refuses to start the container. */
  RUN_AS_ROOT_CONFLICT: W('container'),
  /** A label selector whose requirements contradict each other: it can match no pod. */
  SELECTOR_MATCHES_NOTHING: W(),
  /** A NetworkPolicy whose podSelector matches none of the pods this manifest defines in its namespace. */
  POLICY_SELECTS_NO_POD_IN_MANIFEST: W('namespace'),
  /** An environment variable defined twice in one container: the later one hides the earlier (a server warning). */
  DUPLICATE_ENV_VAR: W('value'),
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Values of FORBIDDEN_FIELD's `reason`. */
export const FORBIDDEN_REASONS = [
  /** nonResourceURLs in a namespaced Role. */
  'namespaced-role',
  /** A rule mixing resources and nonResourceURLs. */
  'resources-and-urls',
  /** Only allowed when another field has a given value (e.g. endPort needs port). */
  'needs-other-field',
  /** A Pod template field the controller does not allow (e.g. activeDeadlineSeconds in a Deployment). */
  'template',
  /** An init container field allowed only with restartPolicy Always. */
  'init-container',
  /** A container field that may not be set on regular containers. */
  'regular-container',
  /** Conflicts with a security setting (privileged or CAP_SYS_ADMIN with allowPrivilegeEscalation false). */
  'privilege-escalation',
  /** A value the kind does not allow in this spot (e.g. apiGroup on a ServiceAccount subject). */
  'not-allowed',
  /** A host namespace (hostNetwork, hostPID, hostIPC) or volumeDevices in a pod with hostUsers: false. */
  'host-users-false',
] as const;

/** Values of INVALID_VALUE's `reason`. */
export const INVALID_VALUE_REASONS = [
  /** A rule with resources or nonResourceURLs missing entirely. */
  'rule-needs-resources-or-urls',
  /** An RBAC roleRef apiGroup other than rbac.authorization.k8s.io. */
  'role-ref-api-group',
  /** A NetworkPolicy endPort lower than its port. */
  'end-port-below-port',
  /** A NetworkPolicy endPort with a named port. */
  'end-port-with-named-port',
  /** A value that must be positive (greater than zero). */
  'must-be-positive',
  /** A value that must be zero or more. */
  'must-be-non-negative',
  /** A nonResourceURL that does not start with '/' or has '*' other than at the end. */
  'non-resource-url',
  /** A Deployment/StatefulSet/… restartPolicy other than Always, or a Job's Always. */
  'restart-policy',
  /** A selector operator that needs values (In, NotIn) without them, or one that forbids them with them. */
  'selector-values',
  /** A liveness or startup probe with successThreshold other than 1. */
  'success-threshold',
  /** A probe or lifecycle handler with no action or more than one. */
  'handler',
  /** A schedule that is not a cron expression. */
  'cron-schedule',
  /** A duplicate port number and protocol in a Service. */
  'duplicate-port',
  /** Service fields that do not fit its type. */
  'service-type',
  /** Does not fit the format the field requires. */
  'format',
  'not-allowed',
] as const;

/** Every code, for tables that must list them all (e.g. the UI message catalog test). */
export const ALL_DIAGNOSTIC_CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
