/**
 * validateManifests, rule by rule: each case is a manifest, the diagnostic it must produce (code,
 * path, and the line it points at), and every diagnostic must be well-formed. Every code of the
 * catalog is produced by at least one case. Whether the server really rejects what we call an
 * error is proven by test/cluster/validate-differential.test.ts.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit --testPathPatterns src/core/validate
 */
import {afterAll, describe, expect, it} from '@jest/globals';
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {
  ALL_DIAGNOSTIC_CODES,
  DIAGNOSTIC_CODES,
  FORBIDDEN_REASONS,
  INVALID_VALUE_REASONS,
  suggestField,
  validateManifests,
  type Diagnostic,
  type DiagnosticCode,
} from '../../index';

import {SERVED_KIND_CASES} from './served-kinds.cases';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../__fixtures__');

const produced = new Set<string>();

/** Validates and checks that every diagnostic is well-formed. */
function validate(text: string): Diagnostic[] {
  const diags = validateManifests(text);
  const lineCount = typeof text === 'string' ? text.split(/\r\n|\r|\n/).length : 1;
  for (const d of diags) {
    produced.add(d.code);
    const info = DIAGNOSTIC_CODES[d.code as DiagnosticCode];
    expect(info).toBeDefined();
    expect(d.severity).toBe(info.severity);
    expect(Number.isInteger(d.line) && d.line! >= 1 && d.line! <= lineCount).toBe(true);
    expect(Number.isInteger(d.column) && d.column! >= 1).toBe(true);
    const allowed = info.params.map((p) => p.replace(/\?$/, ''));
    for (const k of Object.keys(d.params ?? {})) expect(allowed).toContain(k);
    for (const p of info.params) if (!p.endsWith('?')) expect(d.params ?? {}).toHaveProperty(p);
    if (d.code === 'FORBIDDEN_FIELD') expect(FORBIDDEN_REASONS).toContain(d.params!.reason);
    if (d.code === 'INVALID_VALUE') expect(INVALID_VALUE_REASONS).toContain(d.params!.reason);
  }
  return diags;
}

function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" is not in the text`);
  return i + 1;
}

const pod = (spec: string, meta = '  name: p\n') => `apiVersion: v1\nkind: Pod\nmetadata:\n${meta}spec:\n${spec}`;
const container = (extra = '') => `  containers:\n  - name: c\n    image: nginx:1.27\n${extra}`;

interface Case {
  name: string;
  text: string;
  code: DiagnosticCode;
  path?: string;
  /** The line the diagnostic must point at: a text on that line. */
  at?: string;
  params?: Record<string, string | number>;
}

const cases: Case[] = [
  // --- which kind
  {name: 'no apiVersion', text: 'kind: Pod\nmetadata: {name: p}\n', code: 'MISSING_API_VERSION', at: 'kind: Pod'},
  {name: 'no kind', text: 'apiVersion: v1\nmetadata: {name: p}\n', code: 'MISSING_KIND'},
  {
    name: 'a removed apiVersion, with the one that serves the kind',
    text: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n',
    code: 'UNKNOWN_KIND',
    path: 'kind',
    params: {apiVersion: 'extensions/v1beta1', kind: 'Deployment', suggestion: 'apps/v1 Deployment'},
  },
  {
    name: 'a lower-case kind',
    text: 'apiVersion: v1\nkind: pod\nmetadata: {name: p}\n',
    code: 'UNKNOWN_KIND',
    params: {apiVersion: 'v1', kind: 'pod', suggestion: 'v1 Pod'},
  },
  {
    name: 'a beta apiVersion that is off by default',
    text: 'apiVersion: certificates.k8s.io/v1beta1\nkind: ClusterTrustBundle\nmetadata: {name: b}\n',
    code: 'API_VERSION_NOT_SERVED',
  },

  // --- strict decoding
  {
    name: 'a misspelled field, with the right spelling',
    text: pod(container('    imagePullPolicyy: Always\n')),
    code: 'UNKNOWN_FIELD',
    path: 'spec.containers[0].imagePullPolicyy',
    at: 'imagePullPolicyy',
    params: {field: 'imagePullPolicyy', suggestion: 'imagePullPolicy'},
  },
  {
    name: 'a field at the wrong level, with where it belongs',
    text: pod(container('    imagePullsecrets:\n    - name: reg\n')),
    code: 'UNKNOWN_FIELD',
    path: 'spec.containers[0].imagePullsecrets',
    at: 'imagePullsecrets',
    params: {field: 'imagePullsecrets', suggestion: 'imagePullSecrets', suggestionPath: 'spec.imagePullSecrets'},
  },
  {
    name: 'an unknown field in metadata',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  label: {a: b}\n',
    code: 'UNKNOWN_FIELD',
    path: 'metadata.label',
    params: {field: 'label', suggestion: 'labels'},
  },
  {name: 'an unknown field in status', text: pod(container(), '  name: p\n') + 'status:\n  phaze: Running\n', code: 'UNKNOWN_FIELD', path: 'status.phaze'},
  {
    name: 'a string where a number goes',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: "3"\n',
    code: 'INVALID_TYPE',
    path: 'spec.replicas',
    at: 'replicas',
    params: {expected: 'integer', actual: 'string'},
  },
  {
    name: 'an unquoted yes that YAML 1.1 reads as a boolean',
    text: pod(container('    env:\n    - name: DEBUG\n      value: yes\n')),
    code: 'INVALID_TYPE',
    path: 'spec.containers[0].env[0].value',
    at: 'value: yes',
    params: {expected: 'string', actual: 'boolean', hint: 'yaml11-boolean'},
  },
  {
    name: 'a number as a label value',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    version: 2\n',
    code: 'INVALID_TYPE',
    path: 'metadata.labels[version]',
  },
  {
    name: 'a missing required field of the schema',
    text: pod(`  containers:\n  - image: nginx:1.27\n`),
    code: 'REQUIRED_FIELD',
    path: 'spec.containers[0].name',
    at: '- image',
  },
  {name: 'no containers', text: pod('  restartPolicy: Always\n'), code: 'REQUIRED_FIELD', path: 'spec.containers'},
  {
    name: 'an int32 overflow',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 3000000000\n',
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.replicas',
  },
  {
    name: 'a bad quantity',
    text: pod(container('    resources:\n      requests:\n        cpu: 500x\n')),
    code: 'INVALID_QUANTITY',
    path: 'spec.containers[0].resources.requests[cpu]',
    at: 'cpu: 500x',
  },
  {
    name: 'Secret data that is not base64',
    text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: "not base64!"\n',
    code: 'INVALID_BASE64',
    path: 'data[password]',
  },
  {
    name: 'a timestamp that is not RFC 3339',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  creationTimestamp: yesterday\n',
    code: 'INVALID_TIMESTAMP',
  },

  // --- names and metadata
  {name: 'no name', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', code: 'REQUIRED_FIELD', path: 'metadata.name'},
  {
    name: 'a name with upper case and _',
    text: pod(container(), '  name: Bad_Name\n'),
    code: 'INVALID_DNS1123_SUBDOMAIN',
    path: 'metadata.name',
    at: 'Bad_Name',
    params: {value: 'Bad_Name', maxLength: 253},
  },
  {name: 'a Namespace name with a dot', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a.b}\n', code: 'INVALID_DNS1123_LABEL', path: 'metadata.name'},
  {
    name: 'a container name with upper case',
    text: pod('  containers:\n  - name: Web\n    image: nginx:1.27\n'),
    code: 'INVALID_DNS1123_LABEL',
    path: 'spec.containers[0].name',
    at: 'name: Web',
  },
  {
    name: 'an invalid metadata.namespace',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: Dev}\n',
    code: 'INVALID_DNS1123_LABEL',
    path: 'metadata.namespace',
  },
  {
    name: 'a StatefulSet name is a DNS label',
    text: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: a.b}\n',
    code: 'INVALID_DNS1123_LABEL',
    path: 'metadata.name',
  },
  {
    name: 'an RBAC name with a slash',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: a/b}\n',
    code: 'INVALID_PATH_SEGMENT_NAME',
    path: 'metadata.name',
  },
  {
    name: 'a label key with a space',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    bad key: x\n',
    code: 'INVALID_QUALIFIED_NAME',
    path: 'metadata.labels[bad key]',
    at: 'bad key',
  },
  {
    name: 'a label value that starts with -',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    app: -x\n',
    code: 'INVALID_LABEL_VALUE',
    path: 'metadata.labels[app]',
  },
  {
    name: 'a label value over 63 characters',
    text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    app: ${'v'.repeat(64)}\n`,
    code: 'INVALID_LABEL_VALUE',
  },
  {
    name: 'an annotation key with two slashes',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    a/b/c: x\n',
    code: 'INVALID_QUALIFIED_NAME',
    path: 'metadata.annotations[a/b/c]',
  },
  {
    name: 'annotations over 256 KiB',
    text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    big: "${'x'.repeat(262_200)}"\n`,
    code: 'ANNOTATIONS_TOO_LARGE',
    path: 'metadata.annotations',
  },
  {
    name: 'a namespace on a cluster-scoped kind',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, namespace: dev}\n',
    code: 'NAMESPACE_IGNORED',
    path: 'metadata.namespace',
  },
  {
    name: 'generateName only (kubectl apply refuses it)',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: cm-}\n',
    code: 'GENERATE_NAME_WITH_APPLY',
  },
  {
    name: 'an invalid generateName',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: CM-}\n',
    code: 'INVALID_DNS1123_SUBDOMAIN',
    path: 'metadata.generateName',
  },

  // --- pods
  {
    name: 'an unsupported restartPolicy',
    text: pod(container('  restartPolicy: Sometimes\n')),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.restartPolicy',
    params: {value: 'Sometimes', supported: 'Always, OnFailure, Never'},
  },
  {
    name: 'an unsupported imagePullPolicy',
    text: pod(container('    imagePullPolicy: always\n')),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.containers[0].imagePullPolicy',
  },
  {
    name: 'an unsupported port protocol',
    text: pod(container('    ports:\n    - containerPort: 80\n      protocol: HTTP\n')),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.containers[0].ports[0].protocol',
  },
  {name: 'no image', text: pod('  containers:\n  - name: c\n'), code: 'REQUIRED_FIELD', path: 'spec.containers[0].image'},
  {
    name: 'the same container name twice',
    text: pod(container('  - name: c\n    image: busybox:1.36\n')),
    code: 'DUPLICATE_VALUE',
    path: 'spec.containers[1].name',
    params: {value: 'c'},
  },
  {
    name: 'a container and an init container with one name',
    text: pod(container('  initContainers:\n  - name: c\n    image: busybox:1.36\n')),
    code: 'DUPLICATE_VALUE',
    path: 'spec.initContainers[0].name',
  },
  {
    name: 'a port out of range',
    text: pod(container('    ports:\n    - containerPort: 70000\n')),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.containers[0].ports[0].containerPort',
    at: '70000',
    params: {value: 70000, min: 1, max: 65535},
  },
  {
    name: 'containerPort 0',
    text: pod(container('    ports:\n    - containerPort: 0\n')),
    code: 'REQUIRED_FIELD',
    path: 'spec.containers[0].ports[0].containerPort',
  },
  {
    name: 'a port name that is too long',
    text: pod(container('    ports:\n    - containerPort: 80\n      name: very-long-port-name\n')),
    code: 'INVALID_PORT_NAME',
  },
  {
    name: 'a mount of a volume that is not there',
    text: pod(container('    volumeMounts:\n    - name: data\n      mountPath: /data\n')),
    code: 'REFERENCE_NOT_FOUND',
    path: 'spec.containers[0].volumeMounts[0].name',
    params: {value: 'data'},
  },
  {
    name: 'valueFrom without a source',
    text: pod(container('    env:\n    - name: A\n      valueFrom: {}\n')),
    code: 'ONE_OF_REQUIRED',
    path: 'spec.containers[0].env[0].valueFrom',
  },
  {
    name: 'value and valueFrom together',
    text: pod(container('    env:\n    - name: A\n      value: x\n      valueFrom:\n        fieldRef: {fieldPath: metadata.name}\n')),
    code: 'MUTUALLY_EXCLUSIVE',
    path: 'spec.containers[0].env[0].valueFrom',
  },
  {
    name: 'two volume sources',
    text: pod(container('  volumes:\n  - name: v\n    emptyDir: {}\n    hostPath: {path: /tmp}\n')),
    code: 'MUTUALLY_EXCLUSIVE',
    path: 'spec.volumes[0]',
  },
  {name: 'an env var name with =', text: pod(container('    env:\n    - name: A=B\n      value: x\n')), code: 'INVALID_ENV_VAR_NAME'},
  {
    name: 'an env var from an unsupported field',
    text: pod(container('    env:\n    - name: A\n      valueFrom:\n        fieldRef: {fieldPath: spec.nodeNam}\n')),
    code: 'UNSUPPORTED_VALUE',
  },
  {
    name: 'a secret key that is not a config key',
    text: pod(container('    env:\n    - name: A\n      valueFrom:\n        secretKeyRef: {name: s, key: "a b"}\n')),
    code: 'INVALID_CONFIG_KEY',
  },
  {
    name: 'a hostPath with ..',
    text: pod(container('  volumes:\n  - name: v\n    hostPath: {path: /var/../etc}\n')),
    code: 'INVALID_PATH',
    params: {value: '/var/../etc', reason: 'backsteps'},
  },
  {
    name: 'an absolute items path',
    text: pod(container('  volumes:\n  - name: v\n    configMap:\n      name: c\n      items: [{key: a, path: /abs}]\n')),
    code: 'INVALID_PATH',
    params: {value: '/abs', reason: 'absolute'},
  },
  {
    name: 'a decimal 644 file mode',
    text: pod(container('  volumes:\n  - name: v\n    secret:\n      secretName: s\n      defaultMode: 644\n')),
    code: 'INVALID_FILE_MODE',
    at: 'defaultMode',
  },
  {
    name: 'a secret volume without a secretName',
    text: pod(container('  volumes:\n  - name: v\n    secret: {}\n')),
    code: 'REQUIRED_FIELD',
    path: 'spec.volumes[0].secret.secretName',
  },
  {
    name: 'a request above its limit',
    text: pod(container('    resources:\n      requests: {memory: 1Gi}\n      limits: {memory: 512Mi}\n')),
    code: 'REQUEST_EXCEEDS_LIMIT',
    params: {resource: 'memory', request: '1Gi', limit: '512Mi'},
  },
  {name: 'a negative request', text: pod(container('    resources:\n      requests: {cpu: "-1"}\n')), code: 'VALUE_OUT_OF_RANGE'},
  {name: 'a resource name that is not standard', text: pod(container('    resources:\n      limits: {gpu: 1}\n')), code: 'INVALID_RESOURCE_NAME'},
  {
    name: 'a negative runAsUser',
    text: pod(container('    securityContext:\n      runAsUser: -1\n')),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.containers[0].securityContext.runAsUser',
  },
  {
    name: 'privileged without privilege escalation',
    text: pod(container('    securityContext:\n      privileged: true\n      allowPrivilegeEscalation: false\n')),
    code: 'FORBIDDEN_FIELD',
    params: {field: 'privileged', reason: 'privilege-escalation'},
  },
  {
    name: 'a seccomp profile of an unknown type',
    text: pod(container('  securityContext:\n    seccompProfile: {type: Default}\n')),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.securityContext.seccompProfile.type',
  },
  {
    name: 'a probe without a handler',
    text: pod(container('    livenessProbe: {periodSeconds: 5}\n')),
    code: 'ONE_OF_REQUIRED',
    path: 'spec.containers[0].livenessProbe',
  },
  {
    name: 'a liveness probe with successThreshold 2',
    text: pod(container('    livenessProbe:\n      exec: {command: [true]}\n      successThreshold: 2\n')),
    code: 'INVALID_VALUE',
    params: {value: 2, reason: 'success-threshold'},
  },
  {
    name: 'a probe on an init container',
    text: pod(container('  initContainers:\n  - name: i\n    image: busybox:1.36\n    readinessProbe:\n      exec: {command: [true]}\n')),
    code: 'FORBIDDEN_FIELD',
    params: {field: 'readinessProbe', reason: 'init-container'},
  },
  // validateHostUsers: hostUsers: false excludes host namespaces (hostNetwork only while UserNamespacesHostNetworkSupport is off, the v1.36 default).
  {
    name: 'hostNetwork with hostUsers: false (feature gate off by default)',
    text: pod(container('  hostNetwork: true\n  hostUsers: false\n')),
    code: 'FORBIDDEN_FIELD',
    path: 'spec.hostNetwork',
  },
  {name: 'hostPID with hostUsers: false', text: pod(container('  hostPID: true\n  hostUsers: false\n')), code: 'FORBIDDEN_FIELD', path: 'spec.hostPID'},
  {name: 'hostIPC with hostUsers: false', text: pod(container('  hostIPC: true\n  hostUsers: false\n')), code: 'FORBIDDEN_FIELD', path: 'spec.hostIPC'},
  // TaintTolerationComparisonOperators is alpha (off by default) in v1.36: Gt and Lt are refused.
  {
    name: 'a toleration with operator Gt (feature gate off by default)',
    text: pod(container('  tolerations:\n  - key: example.com/gpu\n    operator: Gt\n    value: "4"\n')),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.tolerations[0].operator',
  },
  {
    name: 'a toleration with operator Lt (feature gate off by default)',
    text: pod(container('  tolerations:\n  - key: example.com/gpu\n    operator: Lt\n    value: "4"\n')),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.tolerations[0].operator',
  },
  {
    name: 'a toleration without key that is not Exists',
    text: pod(container('  tolerations:\n  - operator: Equal\n    value: x\n')),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.tolerations[0].operator',
  },
  {
    name: 'an invalid serviceAccountName',
    text: pod(container('  serviceAccountName: Dashboard_SA\n')),
    code: 'INVALID_DNS1123_SUBDOMAIN',
    path: 'spec.serviceAccountName',
  },
  {name: 'a dnsConfig nameserver that is not an IP', text: pod(container('  dnsConfig:\n    nameservers: [1.2.3]\n')), code: 'INVALID_IP'},
  {
    name: 'leading spaces in a Pod image',
    text: pod('  containers:\n  - name: c\n    image: " nginx:1.27"\n'),
    code: 'INVALID_VALUE',
    path: 'spec.containers[0].image',
  },

  {
    name: 'a preStop sleep longer than the grace period',
    text: pod(container('    lifecycle:\n      preStop:\n        sleep: {seconds: 60}\n')),
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.containers[0].lifecycle.preStop.sleep.seconds',
    params: {value: 60, min: 0, max: 30},
  },
  {
    name: 'a cpu divisor that is not 1m or 1',
    text: pod(container('    env:\n    - name: CPU\n      valueFrom:\n        resourceFieldRef: {resource: limits.cpu, divisor: 10m}\n')),
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor',
  },
  {
    name: 'a downwardAPI volume resourceFieldRef without containerName',
    text: pod(container('  volumes:\n  - name: v\n    downwardAPI:\n      items:\n      - path: cpu\n        resourceFieldRef: {resource: limits.cpu}\n')),
    code: 'REQUIRED_FIELD',
    path: 'spec.volumes[0].downwardAPI.items[0].resourceFieldRef.containerName',
  },
  {
    name: 'an ephemeral volume template with a name',
    text: pod(
      container(
        '  volumes:\n  - name: v\n    ephemeral:\n      volumeClaimTemplate:\n        metadata: {name: x}\n        spec:\n          accessModes: [ReadWriteOnce]\n          resources: {requests: {storage: 1Gi}}\n',
      ),
    ),
    code: 'FORBIDDEN_FIELD',
    path: 'spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.name',
  },
  {
    name: 'a Pod priority without its PriorityClass',
    text: pod(container('  priority: 1000\n')),
    code: 'FORBIDDEN_FIELD',
    path: 'spec.priority',
    params: {field: 'priority', reason: 'not-allowed'},
  },

  // --- workloads
  {
    name: 'a StatefulSet claim template without a storage request',
    text: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: nginx:1.27}]\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec:\n      accessModes: [ReadWriteOnce]\n',
    code: 'REQUIRED_FIELD',
    path: 'spec.volumeClaimTemplates[0].spec.resources.requests[storage]',
  },
  {
    name: 'an Indexed Job whose pod names would not be DNS labels',
    text: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: a.b}\nspec:\n  completionMode: Indexed\n  completions: 3\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox:1.36}]\n',
    code: 'INVALID_DNS1123_LABEL',
    path: 'metadata.name',
    params: {value: 'a.b-2', maxLength: 63},
  },
  {
    name: 'a podFailurePolicy rule without exit codes or conditions',
    text: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  podFailurePolicy:\n    rules:\n    - action: FailJob\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox:1.36}]\n',
    code: 'ONE_OF_REQUIRED',
    path: 'spec.podFailurePolicy.rules[0]',
  },
  {
    name: 'podFailurePolicy exit codes out of order',
    text: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onExitCodes: {operator: In, values: [3, 1]}\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox:1.36}]\n',
    code: 'INVALID_VALUE',
    path: 'spec.podFailurePolicy.rules[0].onExitCodes.values',
  },
  {
    name: 'a Deployment whose template labels do not match its selector',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: webb}\n    spec:\n      containers: [{name: c, image: nginx:1.27}]\n',
    code: 'SELECTOR_MISMATCH',
    path: 'spec.template.metadata.labels',
    at: 'labels: {app: webb}',
  },
  {
    name: 'a Deployment without selector',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: c, image: nginx:1.27}]\n',
    code: 'REQUIRED_FIELD',
    path: 'spec.selector',
  },
  {
    name: 'a Deployment with an empty selector',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: c, image: nginx:1.27}]\n',
    code: 'EMPTY_SELECTOR',
  },
  {
    name: 'a Deployment template with restartPolicy Never',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: nginx:1.27}]\n',
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.template.spec.restartPolicy',
    params: {value: 'Never', supported: 'Always'},
  },
  {
    name: 'a Job with the default restartPolicy (Always)',
    text: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox:1.36}]\n',
    code: 'UNSUPPORTED_VALUE',
    params: {value: 'Always', supported: 'OnFailure, Never'},
  },
  {
    name: 'a Job name longer than a label value',
    text: `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${'j'.repeat(64)}}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox:1.36}]\n`,
    code: 'INVALID_LABEL_VALUE',
    path: 'metadata.name',
  },
  {
    name: 'a CronJob schedule that is not cron',
    text: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "61 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c, image: busybox:1.36}]\n',
    code: 'INVALID_VALUE',
    path: 'spec.schedule',
    params: {value: '61 * * * *', reason: 'cron-schedule'},
  },
  {
    name: 'a negative replica count',
    text: 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec:\n  replicas: -1\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: nginx:1.27}]\n',
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.replicas',
  },

  // --- RBAC
  {
    name: 'a rule without verbs',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n',
    code: 'REQUIRED_FIELD',
    path: 'rules[0].verbs',
    at: '- apiGroups',
  },
  {
    name: 'a resource rule without apiGroups',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules:\n- resources: [pods]\n  verbs: [get]\n',
    code: 'REQUIRED_FIELD',
    path: 'rules[0].apiGroups',
  },
  {
    name: 'nonResourceURLs in a Role',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules:\n- nonResourceURLs: [/healthz]\n  verbs: [get]\n',
    code: 'FORBIDDEN_FIELD',
    params: {field: 'nonResourceURLs', reason: 'namespaced-role'},
  },
  {
    name: 'resources and nonResourceURLs in one ClusterRole rule',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n- nonResourceURLs: [/healthz]\n  resources: [pods]\n  verbs: [get]\n',
    code: 'FORBIDDEN_FIELD',
    params: {field: 'nonResourceURLs', reason: 'resources-and-urls'},
  },
  {
    name: 'a RoleBinding without roleRef',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\nsubjects: []\n',
    code: 'REQUIRED_FIELD',
    path: 'roleRef',
  },
  {
    name: 'a roleRef of an unsupported kind',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\nroleRef: {kind: ServiceAccount, name: x, apiGroup: rbac.authorization.k8s.io}\n',
    code: 'UNSUPPORTED_VALUE',
    path: 'roleRef.kind',
    params: {value: 'ServiceAccount', supported: 'Role, ClusterRole'},
  },
  {
    name: 'a ClusterRoleBinding to a Role',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {kind: Role, name: x, apiGroup: rbac.authorization.k8s.io}\n',
    code: 'UNSUPPORTED_VALUE',
    params: {value: 'Role', supported: 'ClusterRole'},
  },
  {
    name: 'a ServiceAccount subject of a ClusterRoleBinding without namespace',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {kind: ClusterRole, name: x, apiGroup: rbac.authorization.k8s.io}\nsubjects:\n- kind: ServiceAccount\n  name: sa\n',
    code: 'REQUIRED_FIELD',
    path: 'subjects[0].namespace',
  },
  {
    name: 'a User subject with the core apiGroup spelled out',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\nroleRef: {kind: Role, name: x, apiGroup: rbac.authorization.k8s.io}\nsubjects:\n- {kind: User, name: u, apiGroup: v1}\n',
    code: 'UNSUPPORTED_VALUE',
    path: 'subjects[0].apiGroup',
  },
  {
    name: 'a roleRef apiGroup of the core group',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\nroleRef: {kind: Role, name: x, apiGroup: v1}\n',
    code: 'UNSUPPORTED_VALUE',
    path: 'roleRef.apiGroup',
  },

  // --- Secrets, ConfigMaps, Services
  {
    name: 'a docker-registry Secret without its key',
    text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\ndata: {}\n',
    code: 'REQUIRED_FIELD',
    path: 'data[.dockerconfigjson]',
  },
  {
    name: 'a docker-registry Secret whose key is not JSON',
    text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: bm90IGpzb24=\n',
    code: 'INVALID_SECRET_DATA',
    path: 'data[.dockerconfigjson]',
    at: '.dockerconfigjson:',
    params: {key: '.dockerconfigjson', reason: 'invalid-json'},
  },
  {
    name: 'a service-account-token Secret without the annotation',
    text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/service-account-token\n',
    code: 'REQUIRED_FIELD',
    path: 'metadata.annotations[kubernetes.io/service-account.name]',
  },
  {
    name: 'a tls Secret without tls.key',
    text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/tls\nstringData: {tls.crt: x}\n',
    code: 'REQUIRED_FIELD',
    path: 'data[tls.key]',
  },
  {
    name: 'a ConfigMap key with a space',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  "a b": x\n',
    code: 'INVALID_CONFIG_KEY',
    path: 'data[a b]',
  },
  {
    name: 'a key in data and binaryData',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: x}\nbinaryData: {a: eA==}\n',
    code: 'DUPLICATE_VALUE',
    path: 'data[a]',
  },
  {
    name: 'a Service with two unnamed ports',
    text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 80\n  - port: 443\n',
    code: 'REQUIRED_FIELD',
    path: 'spec.ports[0].name',
  },
  {
    name: 'a Service without ports',
    text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: web}\n',
    code: 'REQUIRED_FIELD',
    path: 'spec.ports',
  },
  {
    name: 'a nodePort on a ClusterIP Service',
    text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 80\n    nodePort: 30080\n',
    code: 'FORBIDDEN_FIELD',
    path: 'spec.ports[0].nodePort',
  },
  {
    name: 'a nodePort outside the node port range',
    text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 8080\n',
    code: 'VALUE_OUT_OF_RANGE',
    path: 'spec.ports[0].nodePort',
  },
  {
    name: 'an unsupported Service type',
    text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: Internal\n  ports: [{port: 80}]\n',
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.type',
  },
  {
    name: 'a Service clusterIP that is not an IP',
    text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  clusterIP: 10.96.0\n  ports: [{port: 80}]\n',
    code: 'INVALID_IP',
  },
  {
    name: 'a PVC without a storage request',
    text: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec:\n  accessModes: [ReadWriteOnce]\n',
    code: 'REQUIRED_FIELD',
    path: 'spec.resources.requests[storage]',
  },

  // --- NetworkPolicies
  {
    name: 'a policyType that does not exist',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Outgress]\n',
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.policyTypes[1]',
  },
  {
    name: 'a CIDR with host bits set',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 172.17.1.1/16\n',
    code: 'INVALID_CIDR',
    path: 'spec.ingress[0].from[0].ipBlock.cidr',
    at: 'cidr: 172.17.1.1/16',
  },
  {
    name: 'an except outside its cidr',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 172.17.0.0/16, except: [10.0.0.0/24]}\n',
    code: 'CIDR_EXCEPT_OUTSIDE',
    params: {value: '10.0.0.0/24', cidr: '172.17.0.0/16'},
  },
  {
    name: 'an endPort below its port',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {}\n  egress:\n  - ports:\n    - {port: 8080, endPort: 80}\n',
    code: 'INVALID_VALUE',
    params: {value: 80, reason: 'end-port-below-port'},
  },
  {
    name: 'a peer with ipBlock and podSelector',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}\n',
    code: 'MUTUALLY_EXCLUSIVE',
    path: 'spec.ingress[0].from[0]',
  },
  {
    name: 'a selector operator that does not exist',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector:\n    matchExpressions:\n    - {key: app, operator: Equals, values: [a]}\n',
    code: 'UNSUPPORTED_VALUE',
    path: 'spec.podSelector.matchExpressions[0].operator',
  },

  // --- warnings
  {
    name: 'a lower-case capability',
    text: pod(container('    securityContext:\n      capabilities:\n        add: [net_admin]\n')),
    code: 'CAPABILITY_LOWERCASE',
    params: {value: 'net_admin', suggestion: 'NET_ADMIN'},
  },
  {
    name: 'a CAP_-prefixed capability',
    text: pod(container('    securityContext:\n      capabilities:\n        add: [CAP_SYS_TIME]\n')),
    code: 'CAPABILITY_PREFIXED',
    params: {value: 'CAP_SYS_TIME', suggestion: 'SYS_TIME'},
  },
  {
    name: 'a capability Linux does not have',
    text: pod(container('    securityContext:\n      capabilities:\n        add: [SYS_EVERYTHING]\n')),
    code: 'CAPABILITY_UNKNOWN',
  },
  {
    name: 'an image with :latest',
    text: pod('  containers:\n  - name: c\n    image: nginx:latest\n'),
    code: 'IMAGE_TAG_LATEST',
    path: 'spec.containers[0].image',
  },
  {name: 'an image without a tag', text: pod('  containers:\n  - name: c\n    image: nginx\n'), code: 'IMAGE_UNTAGGED', at: 'image: nginx'},
  {
    name: 'runAsNonRoot with runAsUser 0',
    text: pod(container('    securityContext:\n      runAsUser: 0\n'), '  name: p\n').replace('spec:\n', 'spec:\n  securityContext:\n    runAsNonRoot: true\n'),
    code: 'RUN_AS_ROOT_CONFLICT',
    params: {container: 'c'},
  },
  {
    name: 'a selector that contradicts itself',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector:\n    matchLabels: {app: a}\n    matchExpressions:\n    - {key: app, operator: NotIn, values: [a]}\n',
    code: 'SELECTOR_MATCHES_NOTHING',
    path: 'spec.podSelector',
  },
  {
    name: 'a policy that selects none of the pods of its manifest',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\n  labels: {role: database}\nspec:\n  containers: [{name: c, image: mysql:8.4}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector:\n    matchLabels: {role: db}\n',
    code: 'POLICY_SELECTS_NO_POD_IN_MANIFEST',
    params: {namespace: 'default'},
  },
  {
    name: 'an env var defined twice',
    text: pod(container('    env:\n    - {name: A, value: "1"}\n    - {name: A, value: "2"}\n')),
    code: 'DUPLICATE_ENV_VAR',
    path: 'spec.containers[0].env[1].name',
  },

  // --- the text itself (through validateManifests)
  {name: 'a YAML syntax error', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "p\n', code: 'YAML_SYNTAX'},
  {name: 'a duplicate key', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n', code: 'DUPLICATE_KEY', at: 'name: b'},
  {name: 'a document that is a list', text: '- a\n- b\n', code: 'NOT_AN_OBJECT'},
  {name: 'an alias cycle', text: 'apiVersion: v1\nkind: X\na: &x\n  b: *x\n', code: 'YAML_ALIAS_CYCLE'},
  {name: 'content after ...', text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n...\nb: 1\n', code: 'EXTRA_DOCUMENT_IGNORED'},
  {name: 'deep nesting', text: 'a: ' + '['.repeat(200) + ']'.repeat(200) + '\n', code: 'NESTING_TOO_DEEP'},
];

describe('every served kind refuses what the API server refuses (served-kinds.cases.ts)', () => {
  it.each(SERVED_KIND_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const diags = validate(c.text);
    const hit = diags.find((d) => d.code === c.code && (c.path === undefined || d.path === c.path));
    if (!hit) throw new Error(`expected ${c.code}${c.path ? ` at ${c.path}` : ''}, got:\n${JSON.stringify(diags, null, 1)}`);
    expect(hit.severity).toBe('error');
  });
});

describe('each rule produces its diagnostic, on the right line', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const diags = validate(c.text);
    const hit = diags.find((d) => d.code === c.code && (c.path === undefined || d.path === c.path));
    if (!hit) throw new Error(`expected ${c.code}${c.path ? ` at ${c.path}` : ''}, got:\n${JSON.stringify(diags, null, 1)}`);
    if (c.at) expect(hit.line).toBe(lineOf(c.text, c.at));
    if (c.params) expect(hit.params).toEqual(c.params);
    // Severity 'error' only for what the server rejects: a warning case has no error at all.
    if (DIAGNOSTIC_CODES[c.code].severity === 'warning') expect(diags.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('the parse and size codes', () => {
  it('are produced for the text as a whole', () => {
    expect(validate(42 as unknown as string).map((d) => d.code)).toEqual(['INPUT_NOT_TEXT']);
    expect(validate('#'.repeat(4 * 1024 * 1024 + 1)).map((d) => d.code)).toEqual(['INPUT_TOO_LARGE']);
    expect(validate('a: 1\n---\n'.repeat(1001)).map((d) => d.code)).toContain('TOO_MANY_DOCUMENTS');
    expect(validate(`a: "${'x'.repeat(1024 * 1024)}"\n`).map((d) => d.code)).toEqual(['DOCUMENT_TOO_LARGE']);
    const bomb = ['apiVersion: v1', 'kind: X', 'a0: &a0 [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 8; i++)
      bomb.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    expect(validate(bomb.join('\n') + '\n').map((d) => d.code)).toEqual(['YAML_ALIAS_EXPANSION_TOO_LARGE']);
  });
});

describe('valid manifests', () => {
  const files = readdirSync(join(FIXTURES, 'valid')).filter((f) => f.endsWith('.yaml'));
  it.each(files)('%s has no diagnostic at all', (file) => {
    const text = readFileSync(join(FIXTURES, 'valid', file), 'utf8');
    expect(validate(text)).toEqual([]);
  });

  it('accept the defaulted empty values the server fills in', () => {
    const text = pod(container('    imagePullPolicy: ""\n    terminationMessagePolicy: ""\n  restartPolicy: ""\n  dnsPolicy: ""\n  volumes:\n  - name: v\n'));
    expect(validate(text).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('accept `field: null` as an absent field', () => {
    expect(
      validate('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  creationTimestamp: null\n  labels:\ndata:\n').filter((d) => d.severity === 'error'),
    ).toEqual([]);
  });

  it('accept a privileged container (kubeadm and kind run the API server with --allow-privileged=true)', () => {
    expect(validate(pod(container('    securityContext: {privileged: true}\n'))).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('accept octal file modes written as YAML 1.1 octals', () => {
    expect(validate(pod(container('  volumes:\n  - name: v\n    secret: {secretName: s, defaultMode: 0400}\n')))).toEqual([]);
  });

  it('accept a Service name that starts with a digit (RelaxedServiceNameValidation is on in 1.36)', () => {
    expect(validate('apiVersion: v1\nkind: Service\nmetadata: {name: 1web}\nspec:\n  ports: [{port: 80}]\n')).toEqual([]);
  });
});

describe('diagnostics are ordered and positioned over several documents', () => {
  it('sorts by line and keeps each object on its own lines', () => {
    const text = readFileSync(join(FIXTURES, 'invalid', 'mixed.yaml'), 'utf8');
    const diags = validate(text);
    const lines = diags.map((d) => d.line!);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    expect(diags.map((d) => [d.code, d.path, d.line])).toEqual([
      ['IMAGE_UNTAGGED', 'spec.containers[0].image', lineOf(text, 'image: ubuntu')],
      ['UNKNOWN_FIELD', 'spec.containers[0].imagePullsecrets', lineOf(text, 'imagePullsecrets')],
      ['CAPABILITY_LOWERCASE', 'spec.containers[0].securityContext.capabilities.add[1]', lineOf(text, 'add: [SYS_TIME, net_admin]')],
      ['REQUIRED_FIELD', 'rules[0].verbs', lineOf(text, '- apiGroups: [""]')],
      ['SELECTOR_MISMATCH', 'spec.template.metadata.labels', lineOf(text, 'app: dashbord')],
    ]);
  });
});

describe('the code catalog', () => {
  it('names every code in SCREAMING_SNAKE with a severity and params', () => {
    for (const code of ALL_DIAGNOSTIC_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(['error', 'warning']).toContain(DIAGNOSTIC_CODES[code].severity);
    }
  });

  it('documents every code with a comment in codes.ts', () => {
    const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../codes.ts'), 'utf8');
    for (const code of ALL_DIAGNOSTIC_CODES) expect(source).toMatch(new RegExp(`\\*/\\s*\\n\\s*${code}:`));
  });
});

describe('suggestField', () => {
  it.each([
    ['imagePullsecrets', ['imagePullSecrets', 'image'], 'imagePullSecrets'],
    ['contaners', ['containers', 'volumes'], 'containers'],
    ['sercurityContext', ['securityContext'], 'securityContext'],
    ['volumeMount', ['volumeMounts', 'volumeDevices'], 'volumeMounts'],
    ['zzz', ['containers', 'volumes'], undefined],
  ])('%s -> %s', (field, known, expected) => {
    expect(suggestField(field, known)).toBe(expected);
  });
});

afterAll(() => {
  // Every code of the catalog is produced by some case above.
  // CHECK_FAILED means a bug in the checker, which no input here may trigger; it is produced (by
  // a rule made to throw) in src/core/__tests__/hostile-input.test.ts.
  const missing = ALL_DIAGNOSTIC_CODES.filter((c) => !produced.has(c) && c !== 'CHECK_FAILED');
  if (missing.length) throw new Error(`no test produces: ${missing.join(', ')}`);
});
