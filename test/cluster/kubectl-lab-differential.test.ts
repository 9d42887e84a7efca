/**
 * The kubectl lab (src/core createLab) against the real thing: the same command scripts are run
 * by kubectl 1.36 on a fresh local control plane and by the lab, and stdout, stderr and the exit
 * code must be equal byte for byte once volatile values are normalized (ages, timestamps, uids,
 * resourceVersions, generated name suffixes, token contents; see normalize()).
 *
 * Usage:
 *   node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects cluster --runInBand test/cluster/kubectl-lab-differential.test.ts
 *   KSN_LAB_SEED=7 ...        another random corpus (the seed is printed on every run; default 1)
 *   KSN_LAB_SEQUENCES=40 ...  random sequences (default 12, 25 commands each)
 *   KSN_LAB_REPORT=/tmp/lab-report.txt ...  also write every difference there, readable
 *   KSN_LAB_EXAMPLES=rbac- ...  only the examples whose id matches this regular expression
 *   KSN_LAB_KUBECONFIG=... KSN_LAB_KUBECTL=... ...  use a fresh control plane already running
 *                             (eval "$(npm run -s control-plane -- up)") instead of starting one
 *
 * Scripts:
 * - every step of examples/<id>/steps.yaml that kubectl can replay, in order: `apply`,
 *   `expectError` and `delete` as `kubectl apply|delete -f <file>`, `exercise` as applying its
 *   given file then its solution, `token` as `kubectl create token`, and every `kubectl:` step.
 *   Runtime-tier steps are left out with the reason printed (this control plane has no node).
 *   The figure that counts is the `kubectl:` steps; the others are reported beside it.
 * - seeded random sequences over the lab's commands, errors included (already exists, not found,
 *   forbidden through --as, invalid manifests).
 *
 * The control plane is this file's own (harness start()), not the jest run's shared one: listings
 * such as `get ns` or `get clusterroles` must see only what the scripts made. Between scripts
 * every object the script created is deleted (namespaces waited for), and the lab starts fresh.
 * Settling, not retrying: after a namespace is created the real side waits for its `default`
 * ServiceAccount (kube-controller-manager makes it; the lab models that controller), and after an
 * RBAC write it waits 300 ms for the authorizer's informers. No compared command is ever re-run.
 *
 * Known differences are listed in test/cluster/kubectl-lab-allowed.yaml, each an exact command
 * line (and, for example steps, the example id) with its reason. A difference not listed fails
 * the test; a listed entry that did not occur is reported as stale (and fails for examples,
 * which are deterministic).
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {load} from 'js-yaml';
import {createLab, parseExerciseFile, parseStepFile, stepTier} from '../../src/core/index';
import type {Lab, LabKubeconfig, Step} from '../../src/core/index';
import {start, type ControlPlane} from '../../scripts/control-plane/harness';
import {clusterSkipReason} from './support';

const skip = clusterSkipReason();
const suite = skip ? describe.skip : describe;
const title = (name: string) => (skip ? `${name} (skipped: ${skip})` : name);

const HERE = dirname(fileURLToPath(import.meta.url));
const EXAMPLES = join(HERE, '..', '..', 'examples');
const SEED = Number(process.env.KSN_LAB_SEED ?? 1);
const SEQUENCES = Number(process.env.KSN_LAB_SEQUENCES ?? 12);
const COMMANDS_PER_SEQUENCE = 25;

// ---------------------------------------------------------------------------------------------
// The real side

let cp: ControlPlane | undefined;

interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function tokenizeForSpawn(line: string): string[] {
  // the scripts are written without shell features; quotes are the lab's tokenizer's job on its
  // side and this one's here (single and double quotes, no escapes needed by the scripts)
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

function realKubectl(line: string, cwd: string, input?: string): Output {
  const words = tokenizeForSpawn(line);
  if (words[0] !== 'kubectl') throw new Error(`not a kubectl line: ${line}`);
  const r = spawnSync(cp!.kubectl, words.slice(1), {cwd, input, encoding: 'utf8', timeout: 60_000, env: {...process.env, KUBECONFIG: cp!.kubeconfig}});
  if (r.error) throw r.error;
  return {stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? -1};
}

function admin(args: string[]): Output {
  const r = spawnSync(cp!.kubectl, args, {encoding: 'utf8', timeout: 120_000, env: {...process.env, KUBECONFIG: cp!.kubeconfig}});
  return {stdout: r.stdout ?? '', stderr: r.stderr ?? '', exitCode: r.status ?? -1};
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the real side waits for after a command, so that the next one sees settled state (never a retry of a compared command). */
async function settle(line: string): Promise<void> {
  const words = tokenizeForSpawn(line);
  const ns = /^kubectl create (namespace|ns) ([a-z0-9-]+)/.exec(line)?.[2];
  if (ns || /\b(apply|create)\b.*-f\b/.test(line)) {
    // every namespace that exists must have its default ServiceAccount (the controller's work)
    for (let i = 0; i < 100; i++) {
      const list = admin(['get', 'ns', '-o', 'jsonpath={.items[*].metadata.name}']).stdout.split(' ').filter(Boolean);
      const withSa = new Set(
        admin(['get', 'sa', '-A', '--field-selector', 'metadata.name=default', '-o', 'jsonpath={.items[*].metadata.namespace}']).stdout.split(' '),
      );
      if (list.every((n) => withSa.has(n))) break;
      await sleep(100);
    }
  }
  if (/\bdeployments?\b/.test(line) || words.includes('-f')) {
    // the deployment controller's rollout: right after it creates a ReplicaSet, Progressing says
    // NewReplicaSetCreated; its next sync (milliseconds later) says ReplicaSetUpdated, the state
    // the lab models. Give the controller 500 ms to see the change, then wait until every
    // Deployment's generation is observed and that sync is done.
    await sleep(500);
    for (let i = 0; i < 50; i++) {
      const rows = admin([
        'get',
        'deployments',
        '-A',
        '-o',
        'jsonpath={range .items[*]}{.metadata.generation} {.status.observedGeneration} {.status.conditions[?(@.type=="Progressing")].reason}{"\\n"}{end}',
      ]).stdout;
      const settled = rows
        .split('\n')
        .filter(Boolean)
        .every((r) => {
          const [generation, observed, reason] = r.split(' ');
          return generation === observed && reason !== 'NewReplicaSetCreated';
        });
      if (settled) break;
      await sleep(100);
    }
  }
  const gone = /^kubectl delete (?:namespace|ns) ([a-z0-9-]+)/.exec(line)?.[1];
  if (gone) admin(['wait', '--for=delete', `namespace/${gone}`, '--timeout=120s']);
  if (/\b(role|rolebinding|clusterrole|clusterrolebinding)\b/i.test(line) || words.includes('-f') || /\bdelete\b/.test(line)) await sleep(300);
}

/** The lab's kubeconfig: the real side's context, cluster, server and namespace, so that `kubectl config` can agree. */
function labKubeconfig(): LabKubeconfig {
  const k = load(readFileSync(cp!.kubeconfig, 'utf8')) as {
    'current-context': string;
    contexts: {name: string; context: {cluster: string; namespace?: string}}[];
    clusters: {name: string; cluster: {server: string}}[];
  };
  const context = k.contexts.find((c) => c.name === k['current-context']);
  const cluster = k.clusters.find((c) => c.name === context?.context.cluster);
  if (!context || !cluster) throw new Error(`${cp!.kubeconfig}: no current context with a cluster`);
  return {context: context.name, cluster: cluster.name, server: cluster.cluster.server, namespace: context.context.namespace};
}
const newLab = (seed: number) => createLab([], {seed, kubeconfig: labKubeconfig()});

// ---------------------------------------------------------------------------------------------
// Cleanup between scripts: delete what the script made

const TRACKED = [
  'namespaces',
  'clusterroles.rbac.authorization.k8s.io',
  'clusterrolebindings.rbac.authorization.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io',
];
const TRACKED_NAMESPACED = [
  'roles.rbac.authorization.k8s.io',
  'rolebindings.rbac.authorization.k8s.io',
  'serviceaccounts',
  'secrets',
  'configmaps',
  'pods',
  'deployments.apps',
  'replicasets.apps',
  'networkpolicies.networking.k8s.io',
  'services',
];

function inventory(): Set<string> {
  const out = new Set<string>();
  for (const n of admin(['get', TRACKED.join(','), '-o', 'name'])
    .stdout.split('\n')
    .filter(Boolean))
    out.add(n);
  const rows = admin([
    'get',
    TRACKED_NAMESPACED.join(','),
    '-A',
    '--no-headers',
    '-o',
    'custom-columns=K:.kind,G:.apiVersion,NS:.metadata.namespace,N:.metadata.name',
  ]).stdout;
  for (const row of rows.split('\n').filter(Boolean)) {
    const [kind, apiVersion, ns, name] = row.trim().split(/\s+/);
    const group = apiVersion.includes('/') ? `.${apiVersion.slice(0, apiVersion.indexOf('/'))}` : '';
    out.add(`${kind.toLowerCase()}${group}|${ns}/${name}`);
  }
  return out;
}

async function cleanup(before: Set<string>): Promise<void> {
  const after = inventory();
  const added = [...after].filter((x) => !before.has(x));
  const namespaces: string[] = [];
  for (const item of added) {
    if (item.startsWith('namespace/')) {
      namespaces.push(item.slice('namespace/'.length));
      continue;
    }
    if (item.includes('|')) {
      const [r, nsName] = item.split('|');
      const [ns, name] = nsName.split('/');
      admin(['delete', r, name, '-n', ns, '--ignore-not-found', '--wait=false', ...(r === 'pod' ? ['--grace-period=0', '--force'] : [])]);
    } else admin(['delete', item, '--ignore-not-found', '--wait=false']);
  }
  for (const ns of namespaces) admin(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
  // objects that were there before and that a script may have changed: apply's annotation on the
  // system namespaces, labels and annotations the random sequences put on default ServiceAccounts
  admin(['annotate', 'namespaces', '--all', 'kubectl.kubernetes.io/last-applied-configuration-']);
  admin(['label', 'serviceaccounts', '--all', '-A', 'team-', 'tier-']);
  admin(['annotate', 'serviceaccounts', '--all', '-A', 'note-']);
  for (const ns of namespaces) admin(['wait', '--for=delete', `namespace/${ns}`, '--timeout=120s']);
  // objects made in namespaces that stay (default): wait until they are gone
  for (let i = 0; i < 100; i++) {
    const left = [...inventory()].filter((x) => !before.has(x));
    if (left.length === 0) return;
    await sleep(200);
  }
  throw new Error(`cleanup left objects behind: ${[...inventory()].filter((x) => !before.has(x)).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Normalizing volatile values

const AGE = /(?<=^|\s)(\d+[smhdy])+(?=\s|$)/gm;
const TIMESTAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g;
const UID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const RESOURCE_VERSION = /(resourceVersion["]?:\s*)"\d+"/g;
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const API_ACCESS = /kube-api-access-[a-z0-9]{5}/g;
const CREDENTIAL_ID = /X509SHA256=[0-9a-f]{64}/g;
/** metav1.Time printed with %s (describe's "Created on:"). */
const GO_TIME = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC/g;
/** time.RFC1123Z (describe deployment's CreationTimestamp). */
const RFC1123Z = /\b[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}/g;
/** Generated names: a ReplicaSet's pod-template-hash and a generateName suffix (k8s.io/apimachinery pkg/util/rand's alphabet). */
const TEMPLATE_HASH = /-[bcdfghjklmnpqrstvwxz2456789]{8,10}\b/g;
const NAME_SUFFIX = /-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g;
/** Allocated values: a Service's ClusterIP (not the fixed 10.96.0.1 of `kubernetes`) and NodePort. */
/** A cluster's CA certificate and a legacy token Secret's contents (base64), and their sizes in describe. */
const SECRET_DATA = /("(?:ca\.crt|token)":)"[A-Za-z0-9+/=]+"/g;
const SECRET_SIZE = /^(ca\.crt|token):(\s+)\d+ bytes$/gm;
const CLUSTER_IP = /\b10\.96\.(?!0\.1\b)\d{1,3}\.\d{1,3}\b/g;
const NODE_PORT = /(:|nodePort["]?:\s*)3[0-2]\d{3}\b/g;

/** Replaces volatile values; when an age was replaced, column padding (which depends on its width) is collapsed too. */
export function normalize(text: string): string {
  let t = text
    .replace(TIMESTAMP, '<time>')
    .replace(UID, '<uid>')
    .replace(RESOURCE_VERSION, '$1"<rv>"')
    .replace(JWT, '<token>')
    .replace(API_ACCESS, 'kube-api-access-<sfx>')
    .replace(CREDENTIAL_ID, 'X509SHA256=<id>')
    .replace(GO_TIME, '<time>')
    .replace(RFC1123Z, '<time>')
    .replace(API_ACCESS, 'kube-api-access-<sfx>')
    .replace(TEMPLATE_HASH, '-<hash>')
    .replace(NAME_SUFFIX, '-<sfx>')
    .replace(SECRET_DATA, '$1"<data>"')
    .replace(SECRET_SIZE, '$1:$2<n> bytes')
    .replace(CLUSTER_IP, '<cluster-ip>')
    .replace(NODE_PORT, '$1<node-port>');
  const aged = t.replace(AGE, '<age>');
  if (aged !== t) t = aged.replace(/ {2,}/g, '  ');
  return t;
}

// ---------------------------------------------------------------------------------------------
// Allowed differences

interface Allowed {
  id: string;
  /** The exact command line. */
  command: string;
  /** For an example step: the example id; absent for random sequences. */
  example?: string;
  reason: string;
}

function allowedList(): Allowed[] {
  const file = join(HERE, 'kubectl-lab-allowed.yaml');
  if (!existsSync(file)) return [];
  const data = load(readFileSync(file, 'utf8')) as {differences?: Allowed[]} | null;
  const list = data?.differences ?? [];
  for (const e of list) {
    if (typeof e?.id !== 'string' || typeof e?.command !== 'string' || typeof e?.reason !== 'string' || !e.reason.trim()) {
      throw new Error(`kubectl-lab-allowed.yaml: every entry needs id, command and a reason; got ${JSON.stringify(e)}`);
    }
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Comparing

interface Difference {
  where: string;
  command: string;
  example?: string;
  real: Output;
  lab: Output;
}

function same(a: Output, b: Output): boolean {
  return a.exitCode === b.exitCode && normalize(a.stdout) === normalize(b.stdout) && normalize(a.stderr) === normalize(b.stderr);
}

import {appendFileSync} from 'node:fs';
function writeReport(differences: Difference[], label = 'unlisted'): void {
  const file = process.env.KSN_LAB_REPORT;
  if (!file) return;
  const side = (o: Output) => `exit ${o.exitCode}\n--- stdout\n${normalize(o.stdout)}--- stderr\n${normalize(o.stderr)}`;
  for (const d of differences) appendFileSync(file, `=== ${label} ${d.where}: ${d.command}\n### kubectl: ${side(d.real)}\n### lab: ${side(d.lab)}\n\n`);
}

function showDifference(d: Difference): string {
  const block = (label: string, o: Output) =>
    `  ${label}: exit ${o.exitCode}\n    stdout: ${JSON.stringify(normalize(o.stdout))}\n    stderr: ${JSON.stringify(normalize(o.stderr))}`;
  return `${d.where}: ${d.command}\n${block('kubectl', d.real)}\n${block('lab    ', d.lab)}`;
}

interface Tally {
  compared: number;
  agreed: number;
  differences: Difference[];
}
const tally = (): Tally => ({compared: 0, agreed: 0, differences: []});

async function compare(t: Tally, lab: Lab, line: string, cwd: string, files: Record<string, string>, where: string, example?: string): Promise<void> {
  const real = realKubectl(line, cwd);
  const mine = lab.run(line, files);
  t.compared++;
  if (same(real, mine)) t.agreed++;
  else t.differences.push({where, command: line, example, real, lab: mine});
  await settle(line);
}

// ---------------------------------------------------------------------------------------------
// Example scripts

interface ExampleScript {
  id: string;
  dir: string;
  files: Record<string, string>;
  steps: {line: string; kind: 'kubectl' | 'setup'; excluded?: string}[];
}

function exampleScripts(): ExampleScript[] {
  const out: ExampleScript[] = [];
  for (const id of readdirSync(EXAMPLES).sort()) {
    const dir = join(EXAMPLES, id);
    const stepsFile = join(dir, 'steps.yaml');
    if (!existsSync(stepsFile)) continue;
    const file = parseStepFile(readFileSync(stepsFile, 'utf8'), stepsFile);
    const files: Record<string, string> = {};
    for (const f of readdirSync(dir)) if (/\.ya?ml$/.test(f)) files[f] = readFileSync(join(dir, f), 'utf8');
    const steps: ExampleScript['steps'] = [];
    const runtime = (s: Step) => stepTier(s, file) === 'runtime';
    for (const s of file.steps) {
      const why = runtime(s) ? 'runtime tier: the control plane here has no node' : undefined;
      if ('kubectl' in s) steps.push({line: `kubectl ${s.kubectl}`, kind: 'kubectl', excluded: why});
      else if ('apply' in s) steps.push({line: `kubectl apply -f ${s.apply}`, kind: 'setup', excluded: why});
      else if ('expectError' in s) steps.push({line: `kubectl apply -f ${s.expectError}`, kind: 'setup', excluded: why});
      else if ('delete' in s) steps.push({line: `kubectl delete -f ${s.delete}`, kind: 'setup', excluded: why});
      else if ('token' in s) steps.push({line: `kubectl create token ${s.token}`, kind: 'setup', excluded: why});
      else if ('exercise' in s) {
        const ex = parseExerciseFile(files[s.exercise], s.exercise);
        if (ex.given) steps.push({line: `kubectl apply -f ${ex.given}`, kind: 'setup', excluded: why});
        steps.push({line: `kubectl apply -f ${ex.solution}`, kind: 'setup', excluded: why});
      }
    }
    out.push({id, dir, files, steps});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Random sequences

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['alpha', 'beta', 'web'];
const NAMESPACES = ['default', 'lab-a', 'lab-b'];
const USERS = ['alice', 'bob', 'system:serviceaccount:lab-a:alpha'];
const VERBS = ['get', 'list', 'create', 'delete', 'watch', 'update'];
const RESOURCES = ['pods', 'secrets', 'configmaps', 'roles', 'deployments', 'serviceaccounts', 'nodes', 'namespaces'];

/** One random command line, and the files it uses. */
function randomCommand(rand: () => number): {line: string; files: Record<string, string>} {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const name = pick(NAMES);
  const ns = pick(NAMESPACES);
  const nsFlag = ns === 'default' && rand() < 0.5 ? '' : ` -n ${ns}`;
  const as = rand() < 0.25 ? ` --as ${pick(USERS)}` : '';
  const kind = pick(['role', 'rolebinding', 'serviceaccount', 'secret', 'configmap', 'clusterrole', 'clusterrolebinding', 'namespace', 'pod']);
  const getType = pick(['roles', 'rolebindings', 'sa', 'secrets', 'cm', 'ns', 'clusterrolebindings', 'pods', 'role,rolebinding']);
  const output = pick(['', '', ' -o name', ' -o yaml', ' -o json', ' -o wide', ' --show-labels', ' -o jsonpath={.items[*].metadata.name}']);
  const roll = rand();
  if (roll < 0.08) return {line: `kubectl create namespace ${pick(['lab-a', 'lab-b'])}${as}`, files: {}};
  if (roll < 0.16)
    return {
      line: `kubectl create role ${name} --verb=${pick(VERBS)},${pick(VERBS)} --resource=${pick(['pods', 'secrets', 'deployments', 'configmaps', 'pods/log'])}${nsFlag}${as}`,
      files: {},
    };
  if (roll < 0.22)
    return {
      line: `kubectl create rolebinding ${name} --${pick(['role', 'clusterrole'])}=${pick([...NAMES, 'view', 'edit'])} --user=${pick(USERS)}${nsFlag}${as}`,
      files: {},
    };
  if (roll < 0.26)
    return {
      line: `kubectl create clusterrole ${name} --verb=${pick(VERBS)} --resource=${pick(['nodes', 'pods', 'namespaces', 'persistentvolumes'])}${as}`,
      files: {},
    };
  if (roll < 0.29) return {line: `kubectl create clusterrolebinding ${name} --clusterrole=${pick([...NAMES, 'view'])} --user=${pick(USERS)}${as}`, files: {}};
  if (roll < 0.34) return {line: `kubectl create serviceaccount ${name}${nsFlag}${as}`, files: {}};
  if (roll < 0.38) return {line: `kubectl create secret generic ${name} --from-literal=key=${pick(['v1', 'value-2'])}${nsFlag}${as}`, files: {}};
  if (roll < 0.41) return {line: `kubectl create configmap ${name} --from-literal=a=b${nsFlag}${as}`, files: {}};
  if (roll < 0.45) return {line: `kubectl run ${name} --image=nginx:alpine${rand() < 0.3 ? ' --labels=app=web,tier=front' : ''}${nsFlag}${as}`, files: {}};
  if (roll < 0.62) return {line: `kubectl get ${getType}${rand() < 0.3 ? ` ${name}` : ''}${rand() < 0.15 ? ' -A' : nsFlag}${output}${as}`, files: {}};
  if (roll < 0.66)
    return {
      line: `kubectl describe ${pick(['role', 'rolebinding', 'sa', 'secret', 'clusterrole', 'ns'])} ${pick([...NAMES, 'default', 'view'])}${nsFlag}`,
      files: {},
    };
  if (roll < 0.72) return {line: `kubectl delete ${kind} ${name}${kind === 'namespace' || kind.startsWith('cluster') ? '' : nsFlag}${as}`, files: {}};
  if (roll < 0.76)
    return {
      line: `kubectl label ${pick(['sa', 'secret', 'role', 'cm'])} ${name} ${pick(['team=blue', 'team=red', 'team-', 'tier=db'])}${rand() < 0.3 ? ' --overwrite' : ''}${nsFlag}`,
      files: {},
    };
  if (roll < 0.78) return {line: `kubectl annotate ${pick(['sa', 'secret'])} ${name} note=${pick(['hello', 'x'])}${nsFlag}`, files: {}};
  if (roll < 0.88) {
    const target = rand() < 0.15 ? '/healthz' : pick(RESOURCES);
    return {
      line: `kubectl auth can-i ${pick(VERBS)} ${target}${rand() < 0.2 ? ` ${name}` : ''}${rand() < 0.1 ? ' -A' : nsFlag} --as ${pick(USERS)}`,
      files: {},
    };
  }
  if (roll < 0.95) {
    const variant = pick(['ok', 'ok', 'unknown-field', 'no-verbs', 'bad-kind']);
    const body =
      variant === 'ok'
        ? `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\nrules:\n- apiGroups: [""]\n  resources: ["pods"]\n  verbs: ["get", "list"]\n`
        : variant === 'unknown-field'
          ? // a fresh name: on an existing object the server quotes kubectl's whole patch (allow-list: apply-patch-*)
            `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: typo-${Math.floor(rand() * 1e6)}\nautomountServiceAccountTokn: false\n`
          : variant === 'no-verbs'
            ? `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\nrules:\n- apiGroups: [""]\n  resources: ["pods"]\n`
            : `apiVersion: v1\nkind: Rolle\nmetadata:\n  name: ${name}\n`;
    return {line: `kubectl ${pick(['apply', 'create'])} -f manifest.yaml${nsFlag}`, files: {'manifest.yaml': body}};
  }
  return {
    line: `kubectl ${pick(['auth whoami', 'api-resources --namespaced=false', 'get clusterrole view -o jsonpath={.aggregationRule}', 'create token default', 'gett pods', 'get pods --bogus'])}${as}`,
    files: {},
  };
}

// ---------------------------------------------------------------------------------------------
// Fixed cases: commands neither the examples nor the random sequences use (describe pod's
// volumes, tolerations and QoS; a listing of several objects describes them without events). `config set-context`
// and `use-context` are left out: on the real side they would rewrite the harness's kubeconfig.

const FIXED_CASES = [
  'kubectl config current-context',
  'kubectl config get-contexts',
  'kubectl config get-contexts --no-headers',
  'kubectl config get-contexts -o name',
  'kubectl config get-contexts nope',
  'kubectl config get-contexts -n lab-a',
  'kubectl config get-clusters',
  'kubectl config get-users',
  'kubectl config view',
  'kubectl config view --minify',
  'kubectl config view -o json',
  'kubectl config view -o jsonpath={.contexts[*].name}',
  "kubectl config view -o jsonpath='{.contexts[0].context.namespace}'",
  'kubectl config view -o wide',
  // describe pod and the describers' events rule (one object: Events; several: none)
  'kubectl run web --image=nginx:alpine --labels=app=web,tier=front',
  'kubectl describe pod web',
  'kubectl describe pods -l app=web',
  'kubectl create configmap c1 --from-literal=a=b',
  'kubectl describe cm c1',
  'kubectl describe sa',
  'kubectl describe sa default',
];

// ---------------------------------------------------------------------------------------------

const allowed = allowedList();
const used = new Set<string>();
function isAllowed(d: Difference): boolean {
  const e = allowed.find((a) => a.command === d.command && (a.example === undefined ? d.example === undefined : a.example === d.example));
  if (e) used.add(e.id);
  return !!e;
}

suite(title('kubectl lab against kubectl on a real control plane'), () => {
  beforeAll(async () => {
    const {KSN_LAB_KUBECONFIG, KSN_LAB_KUBECTL} = process.env;
    if (KSN_LAB_KUBECONFIG && KSN_LAB_KUBECTL) {
      // a control plane of one's own already running (npm run control-plane -- up), to iterate faster
      cp = {kubeconfig: KSN_LAB_KUBECONFIG, kubectl: KSN_LAB_KUBECTL, stop: async () => {}} as unknown as ControlPlane;
      return;
    }
    cp = await start({log: (l) => process.stderr.write(`[kubectl-lab-differential] ${l}\n`)});
  }, 240_000);
  afterAll(async () => {
    await cp?.stop();
  }, 60_000);

  const examples = tally();
  const setup = tally();
  const random = tally();

  it('replays every kubectl step of the examples with the same output', async () => {
    const excluded: string[] = [];
    for (const script of exampleScripts().filter((x) => !process.env.KSN_LAB_EXAMPLES || new RegExp(process.env.KSN_LAB_EXAMPLES).test(x.id))) {
      const before = inventory();
      const lab = newLab(SEED);
      for (const step of script.steps) {
        if (step.excluded) {
          excluded.push(`${script.id}: ${step.line} (excluded: ${step.excluded})`);
          continue;
        }
        await compare(step.kind === 'kubectl' ? examples : setup, lab, step.line, script.dir, script.files, script.id, script.id);
      }
      await cleanup(before);
    }
    process.stdout.write(`kubectl-lab-differential: left out ${excluded.length} runtime steps:\n${excluded.map((e) => `  ${e}\n`).join('')}`);
    const report = (name: string, t: Tally) => {
      const listed = t.differences.filter(isAllowed);
      const unlisted = t.differences.filter((d) => !listed.includes(d));
      writeReport(listed, 'listed');
      process.stdout.write(
        `kubectl-lab-differential: ${name}: ${t.agreed}/${t.compared} agree (${((100 * t.agreed) / Math.max(1, t.compared)).toFixed(1)}%), ${listed.length} listed differences, ${unlisted.length} unlisted\n`,
      );
      return unlisted;
    };
    const unlisted = [...report('examples kubectl steps', examples), ...report('examples apply/delete/token steps', setup)];
    writeReport(unlisted);
    if (!process.env.KSN_LAB_EXAMPLES) expect(examples.compared).toBeGreaterThan(50);
    expect(unlisted.map(showDifference)).toEqual([]);
    const stale = allowed.filter((a) => a.example !== undefined && !used.has(a.id)).map((a) => a.id);
    expect(stale).toEqual([]);
  }, 1_800_000);

  it('replays the fixed cases (kubectl config) with the same output', async () => {
    const fixed = tally();
    const before = inventory();
    const lab = newLab(SEED);
    const dir = withFiles({});
    for (const line of FIXED_CASES) await compare(fixed, lab, line, dir, {}, 'fixed cases');
    await cleanup(before);
    const listed = fixed.differences.filter(isAllowed);
    const unlisted = fixed.differences.filter((d) => !listed.includes(d));
    writeReport(listed, 'listed');
    writeReport(unlisted);
    process.stdout.write(
      `kubectl-lab-differential: fixed cases: ${fixed.agreed}/${fixed.compared} agree, ${listed.length} listed, ${unlisted.length} unlisted\n`,
    );
    expect(fixed.compared).toBe(FIXED_CASES.length);
    expect(unlisted.map(showDifference)).toEqual([]);
  }, 600_000);

  it(`replays seeded random sequences (seed ${SEED}) with the same output`, async () => {
    process.stdout.write(`kubectl-lab-differential: seed ${SEED} (KSN_LAB_SEED), ${SEQUENCES} sequences of ${COMMANDS_PER_SEQUENCE} commands\n`);
    const rand = mulberry32(SEED);
    for (let s = 0; s < SEQUENCES; s++) {
      const before = inventory();
      const lab = newLab(SEED + s);
      for (let i = 0; i < COMMANDS_PER_SEQUENCE; i++) {
        const {line, files} = randomCommand(rand);
        await compare(random, lab, line.replace(/-f manifest\.yaml/, '-f manifest.yaml'), withFiles(files), files, `sequence ${s}`);
      }
      await cleanup(before);
    }
    const listed = random.differences.filter(isAllowed);
    const unlisted = random.differences.filter((d) => !listed.includes(d));
    writeReport(listed, 'listed');
    const agreement = (100 * random.agreed) / Math.max(1, random.compared);
    process.stdout.write(
      `kubectl-lab-differential: random: ${random.agreed}/${random.compared} agree (${agreement.toFixed(1)}%), ${listed.length} listed, ${unlisted.length} unlisted\n`,
    );
    writeReport(unlisted);
    const stale = allowed.filter((a) => a.example === undefined && !used.has(a.id)).map((a) => a.id);
    if (stale.length) process.stdout.write(`kubectl-lab-differential: stale entries for this seed (not seen): ${stale.join(', ')}\n`);
    expect(random.compared).toBe(SEQUENCES * COMMANDS_PER_SEQUENCE);
    expect(agreement).toBeGreaterThanOrEqual(99);
    expect(unlisted.map(showDifference)).toEqual([]);
  }, 1_800_000);
});

import {mkdtempSync, writeFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';

const tempDirs: string[] = [];
/** A temp folder holding the random command's files, for the real kubectl's -f. */
function withFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ksn-lab-diff-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, {recursive: true, force: true});
});
