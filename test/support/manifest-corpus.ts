/**
 * The corpus the differential test (test/cluster/validate-differential.test.ts), the fuzz test and
 * the bench share: real manifests (every example under examples/ that is a Kubernetes object, and
 * the fixtures next to this file), and deterministic mutations of them: dropped fields,
 * misspelled field names, wrong types, invalid names, out-of-range ports, unsupported enum
 * values, bad labels, and a few YAML-level cases (YAML 1.1 booleans, octal numbers, duplicate keys).
 *
 * Case ids are stable (`<file>#<doc>:<mutation>`) so the allow-list can name them.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {dump} from 'js-yaml';
import {isRecord, parseManifestsDetailed, splitDocuments} from '../../src/core';
import {SERVED_KIND_CASES} from '../../src/core/validate/__tests__/served-kinds.cases';

export interface CorpusCase {
  id: string;
  /** One YAML document holding one object. */
  text: string;
  kind: 'seed' | 'mutation' | 'yaml' | 'rule';
}

export interface Seed {
  id: string;
  text: string;
  object: Record<string, unknown>;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function yamlFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(yamlFiles(p));
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}

/** Every document of the examples and fixtures that looks like a Kubernetes object. */
export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const files = [...yamlFiles(join(REPO, 'examples')), ...yamlFiles(join(REPO, 'src/core/validate/__fixtures__'))];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(REPO, file);
    const chunks = splitDocuments(text).chunks;
    const parsed = parseManifestsDetailed(text);
    parsed.objects.forEach((o, i) => {
      if (typeof o.object.apiVersion !== 'string' || typeof o.object.kind !== 'string') return;
      if (o.object.kind === 'List') return;
      const chunk = chunks[o.document];
      // A document with one object is sent as written (YAML semantics included).
      const alone = parsed.objects.filter((x) => x.document === o.document).length === 1;
      seeds.push({id: `${rel}#${i}`, text: alone && chunk ? chunk.text : toYaml(o.object), object: o.object});
    });
  }
  return seeds;
}

/** YAML that go-yaml reads back as the same value: every string quoted. */
export function toYaml(o: unknown): string {
  return dump(o, {forceQuotes: true, quotingType: '"', lineWidth: -1, noRefs: true});
}

type Path = (string | number)[];

function walk(v: unknown, path: Path, out: {path: Path; value: unknown}[], depth = 0): void {
  if (depth > 14) return;
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push({path: [...path, i], value: x});
      walk(x, [...path, i], out, depth + 1);
    });
  else if (isRecord(v))
    for (const [k, x] of Object.entries(v)) {
      out.push({path: [...path, k], value: x});
      walk(x, [...path, k], out, depth + 1);
    }
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function setAt(root: unknown, path: Path, fn: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = clone(root);
  let cur = copy as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, unknown>;
  fn(cur, path[path.length - 1]);
  return copy;
}

function pathId(path: Path): string {
  return path
    .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
    .join('')
    .replace(/^\./, '');
}

/** A small deterministic hash, to sample mutations without randomness. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function misspell(key: string, variant: number): string {
  if (key.length < 3) return key + 'x';
  switch (variant % 3) {
    case 0: {
      // flip the case of a letter after the first (imagePullSecrets -> imagePullsecrets)
      const i = [...key].findIndex((c, j) => j > 0 && /[A-Z]/.test(c));
      const at = i > 0 ? i : Math.floor(key.length / 2);
      const c = key[at];
      return key.slice(0, at) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + key.slice(at + 1);
    }
    case 1: {
      // swap two letters in the middle
      const at = Math.floor(key.length / 2) - 1;
      return key.slice(0, at) + key[at + 1] + key[at] + key.slice(at + 2);
    }
    default:
      // drop a letter
      return key.slice(0, -2) + key.slice(-1);
  }
}

const ENUM_KEYS = new Set([
  'restartPolicy',
  'imagePullPolicy',
  'protocol',
  'type',
  'operator',
  'dnsPolicy',
  'pathType',
  'sessionAffinity',
  'externalTrafficPolicy',
  'internalTrafficPolicy',
  'concurrencyPolicy',
  'podManagementPolicy',
  'fsGroupChangePolicy',
  'procMount',
  'terminationMessagePolicy',
  'whenUnsatisfiable',
  'effect',
  'mountPropagation',
  'kind',
  'apiGroup',
  'completionMode',
  'scheme',
  'medium',
]);

/** Mutations of one object: all of them (the differential test samples, the fuzz test takes all). */
export function mutations(seed: Seed): CorpusCase[] {
  const o = seed.object;
  const out: CorpusCase[] = [];
  const add = (id: string, obj: unknown) => out.push({id: `${seed.id}:${id}`, text: toYaml(obj), kind: 'mutation'});
  const all: {path: Path; value: unknown}[] = [];
  walk(o, [], all);
  let variant = 0;
  for (const {path, value} of all) {
    const last = path[path.length - 1];
    if (path.length === 1 && (last === 'apiVersion' || last === 'kind')) continue;
    const id = pathId(path);
    // dropped fields (and emptied lists)
    add(
      `drop:${id}`,
      setAt(o, path, (p, k) => (Array.isArray(p) ? p.splice(k as number, 1) : delete p[k])),
    );
    // misspelled field names
    if (typeof last === 'string') {
      const wrong = misspell(last, variant++);
      if (wrong !== last) {
        add(
          `misspell:${id}->${wrong}`,
          setAt(o, path, (p, k) => {
            const entries = Object.entries(p);
            for (const [key] of entries) delete p[key];
            for (const [key, v] of entries) p[key === k ? wrong : key] = v;
          }),
        );
      }
    }
    // wrong types
    const wrongValue =
      typeof value === 'string'
        ? 12345
        : typeof value === 'number'
          ? 'not-a-number'
          : typeof value === 'boolean'
            ? 'maybe'
            : Array.isArray(value)
              ? {wrong: 'type'}
              : isRecord(value)
                ? 'not-an-object'
                : 'x';
    add(
      `type:${id}`,
      setAt(o, path, (p, k) => (p[k] = wrongValue)),
    );
    // empty values and nulls (the server reads `field: null` as absent)
    const empty = typeof value === 'string' ? '' : Array.isArray(value) ? [] : isRecord(value) ? {} : undefined;
    if (empty !== undefined)
      add(
        `empty:${id}`,
        setAt(o, path, (p, k) => (p[k] = empty)),
      );
    if (typeof last === 'string')
      add(
        `null:${id}`,
        setAt(o, path, (p, k) => (p[k] = null)),
      );
    // a list item twice (duplicate names, ports, mount paths, ...)
    if (typeof last === 'number')
      add(
        `dup:${id}`,
        setAt(o, path, (p) => (p as unknown as unknown[]).push(clone(value))),
      );
    // out-of-range ports and negative numbers
    if (typeof value === 'number' && typeof last === 'string') {
      if (/port$/i.test(last))
        for (const v of [0, -1, 65536])
          add(
            `port:${id}=${v}`,
            setAt(o, path, (p, k) => (p[k] = v)),
          );
      else
        add(
          `negative:${id}`,
          setAt(o, path, (p, k) => (p[k] = -1)),
        );
    }
    // unsupported enum values
    if (typeof value === 'string' && typeof last === 'string' && ENUM_KEYS.has(last)) {
      add(
        `enum:${id}`,
        setAt(o, path, (p, k) => (p[k] = 'Bogus')),
      );
    }
    // invalid names
    if (typeof value === 'string' && last === 'name') {
      for (const bad of ['Bad_Name', '-lead', 'x'.repeat(64), 'a.b', '']) {
        add(
          `name:${id}=${bad.length > 10 ? `${bad[0]}*${bad.length}` : bad}`,
          setAt(o, path, (p, k) => (p[k] = bad)),
        );
      }
    }
  }
  // bad labels
  const withLabels = (key: string, value: string) => {
    const c = clone(o);
    const meta = (isRecord(c.metadata) ? c.metadata : (c.metadata = {})) as Record<string, unknown>;
    meta.labels = {...(isRecord(meta.labels) ? meta.labels : {}), [key]: value};
    return c;
  };
  add('label:key', withLabels('bad key', 'x'));
  add('label:value', withLabels('app', '-bad-'));
  add('label:long-value', withLabels('app', 'v'.repeat(64)));
  add('label:prefixed', withLabels('example.com/tier', 'web'));
  return out;
}

/** A deterministic sample of about `perSeed` mutations of each seed. */
export function sampledMutations(seed: Seed, perSeed: number): CorpusCase[] {
  const all = mutations(seed);
  if (all.length <= perSeed) return all;
  return all
    .map((c) => ({c, h: hash(c.id)}))
    .sort((a, b) => a.h - b.h)
    .slice(0, perSeed)
    .map((x) => x.c);
}

/** YAML-level cases: what kubectl's YAML 1.1 reader does differently from a YAML 1.2 one. */
export const YAML_CASES: CorpusCase[] = [
  {
    id: 'yaml:env-value-yes',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml-yes\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    env:\n    - name: DEBUG\n      value: yes\n',
  },
  {
    id: 'yaml:env-value-quoted-yes',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml-quoted\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    env:\n    - name: DEBUG\n      value: "yes"\n',
  },
  {
    id: 'yaml:octal-default-mode',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml-octal\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n  volumes:\n  - name: s\n    secret:\n      secretName: x\n      defaultMode: 0644\n',
  },
  {
    id: 'yaml:decimal-default-mode-644',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml-decimal\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n  volumes:\n  - name: s\n    secret:\n      secretName: x\n      defaultMode: 644\n',
  },
  {
    id: 'yaml:duplicate-key',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup-a\n  name: dup-b\ndata:\n  k: v\n',
  },
  {
    id: 'yaml:label-value-on',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-on\n  labels:\n    enabled: on\n',
  },
  {
    id: 'yaml:label-key-on',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-key-on\n  labels:\n    on: "x"\n',
  },
  {
    id: 'yaml:configmap-number-value',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-number\ndata:\n  port: 8080\n',
  },
  {
    id: 'yaml:float-port',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml-float\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    ports:\n    - containerPort: 80.0\n',
  },
  {
    id: 'yaml:float-port-fraction',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml-float2\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    ports:\n    - containerPort: 80.5\n',
  },
  {
    id: 'yaml:anchor-alias',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml-alias\n  labels: &l {app: web}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    env:\n    - name: A\n      value: &v "1"\n    - name: B\n      value: *v\n',
  },
  {
    id: 'yaml:block-scalars-and-comments',
    kind: 'yaml',
    text: 'apiVersion: v1 # the core group\nkind: ConfigMap\nmetadata:\n  name: yaml-blocks   # trailing comment\n  annotations:\n    "quoted.example.com/key": \'single # not a comment\'\ndata:\n  literal: |-\n    line one\n      indented: not a key\n  folded: >\n    folded\n    text\n  plain: a multi-line\n    plain scalar\n  ? explicit\n  : key\n',
  },
  {
    id: 'yaml:flow-across-lines',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {\n  name: yaml-flow,\n  labels: {app: web, tier: "1"}\n}\nspec: {containers: [\n  {name: c, image: "nginx:1.27",\n   ports: [{containerPort: 80}]}\n]}\n',
  },
  {
    id: 'yaml:tagged-scalars',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-tags\ndata:\n  number-as-string: !!str 8080\n  bool-as-string: !!str yes\n',
  },
  {
    id: 'yaml:tagged-int-for-a-string',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-tag-int\ndata:\n  port: !!int "8080"\n',
  },
  {
    id: 'yaml:document-end-marker',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: yaml-end\n...\n',
  },
  {
    id: 'yaml:hex-and-underscore-numbers',
    kind: 'yaml',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: yaml-hex\nspec:\n  replicas: 0x2\n  revisionHistoryLimit: 1_0\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec: {containers: [{name: c, image: "nginx:1.27"}]}\n',
  },
  {
    id: 'yaml:name-y',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: y\n',
  },
  {
    id: 'yaml:merge-key',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml-merge\nspec:\n  containers:\n  - &base\n    name: a\n    image: "nginx:1.27"\n  - <<: *base\n    name: b\n',
  },
  {
    id: 'yaml:null-name',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name:\n',
  },
  {
    id: 'yaml:timestamp-value',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-date\ndata:\n  day: 2024-01-01\n',
  },
  {
    id: 'yaml:cluster-scoped-with-namespace',
    kind: 'yaml',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: yaml-cr-ns\n  namespace: somewhere\nrules: []\n',
  },
  {
    id: 'yaml:generate-name-only',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\ndata:\n  a: b\n',
  },
  {
    id: 'yaml:removed-api-version',
    kind: 'yaml',
    text: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\nspec: {}\n',
  },
  {
    id: 'yaml:kind-lower-case',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: pod\nmetadata:\n  name: lower\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n',
  },
  {
    id: 'yaml:quantity-invalid',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: qty\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    resources:\n      requests: {cpu: 500x}\n',
  },
  {
    id: 'yaml:request-above-limit',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: qty2\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    resources:\n      requests: {memory: 1Gi}\n      limits: {memory: 512Mi}\n',
  },
  {
    id: 'yaml:cidr-host-bits',
    kind: 'yaml',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-host-bits\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 172.17.1.1/16}\n',
  },
  {
    id: 'yaml:except-outside-cidr',
    kind: 'yaml',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-except\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 172.17.0.0/16, except: [10.0.0.0/24]}\n',
  },
  {
    id: 'yaml:endport-named',
    kind: 'yaml',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-endport\nspec:\n  podSelector: {}\n  egress:\n  - ports:\n    - {port: http, endPort: 90}\n',
  },
  {
    id: 'yaml:capability-lower-case',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: cap-lower\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        add: [net_admin, CAP_SYS_TIME]\n',
  },
  {
    id: 'yaml:privileged-no-escalation',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: priv-esc\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      privileged: true\n      allowPrivilegeEscalation: false\n',
  },
  {
    id: 'yaml:job-long-name',
    kind: 'yaml',
    text: `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${'j'.repeat(64)}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox:1.36\n`,
  },
  {
    id: 'yaml:job-restart-always',
    kind: 'yaml',
    text: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: job-always\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox:1.36\n',
  },
  {
    id: 'yaml:cronjob-bad-schedule',
    kind: 'yaml',
    text: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: cron-bad\nspec:\n  schedule: "61 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: c\n            image: busybox:1.36\n',
  },
  {
    id: 'yaml:service-name-starts-with-digit',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n',
  },
  {
    id: 'yaml:service-two-unnamed-ports',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web-two\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n  - port: 443\n',
  },
  {
    id: 'yaml:secret-dockerconfigjson-bad-json',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: reg-bad\ntype: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: "{not json"\n',
  },
  {
    id: 'yaml:secret-sa-token-no-annotation',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token-bad\ntype: kubernetes.io/service-account-token\n',
  },
  {
    id: 'yaml:secret-bad-base64',
    kind: 'yaml',
    text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: b64-bad\ndata:\n  password: "not base64!"\n',
  },
  {
    id: 'yaml:rolebinding-user-wrong-group',
    kind: 'yaml',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb-group\nsubjects:\n- kind: User\n  name: dev-user\n  apiGroup: ""\nroleRef:\n  kind: Role\n  name: developer\n  apiGroup: rbac.authorization.k8s.io\n',
  },
  {
    id: 'yaml:clusterrolebinding-role-kind',
    kind: 'yaml',
    text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: crb-role\nsubjects:\n- kind: ServiceAccount\n  name: sa\nroleRef:\n  kind: Role\n  name: developer\n  apiGroup: rbac.authorization.k8s.io\n',
  },
];

/** The whole corpus: seeds, sampled mutations, YAML cases; identical texts once. */
export function buildCorpus(perSeed: number): CorpusCase[] {
  const seen = new Set<string>();
  const out: CorpusCase[] = [];
  const push = (c: CorpusCase) => {
    if (seen.has(c.text)) return;
    seen.add(c.text);
    out.push(c);
  };
  const seeds = loadSeeds();
  for (const s of seeds) push({id: s.id, text: s.text, kind: 'seed'});
  for (const c of YAML_CASES) push(c);
  // The refused object of each served kind (served-kinds.cases.ts), by name.
  for (const c of SERVED_KIND_CASES) push({id: `served-kinds#${c.name}`, text: c.text, kind: 'rule'});
  for (const s of seeds) for (const c of sampledMutations(s, perSeed)) push(c);
  return out;
}
