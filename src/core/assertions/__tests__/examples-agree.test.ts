/**
 * The engine agrees with what every example of examples/ declares: each `canI` and `traffic` step
 * of a steps.yaml (replaying its apply/delete steps in memory), and each exercise (solution passes
 * every assertion, wrong fails at least one). The verifier proves the same declarations on a real
 * cluster, so a failure here means the browser checker and the cluster would disagree: fix the
 * engine, or the example's expectation, whichever is wrong.
 *
 * Every step is replayed: apply/create/replace/delete of a file, the imperative `kubectl create
 * role|rolebinding|clusterrole|clusterrolebinding` and `kubectl run` (built as kubectl builds them),
 * and commands that change nothing. A command this test cannot replay fails it, naming the step,
 * rather than ending the comparison early. `assert` steps are not compared: they match the live
 * object, which carries what the API server defaults (policyTypes, protocol, ...), not the
 * manifest as written.
 */
import {describe, expect, it} from '@jest/globals';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadAll} from 'js-yaml';
import * as core from '../../index';
import {SERVED_RESOURCES} from '../../generated/catalog';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const EXAMPLES = join(ROOT, 'examples');
const folders = existsSync(EXAMPLES)
  ? readdirSync(EXAMPLES, {withFileTypes: true})
      .filter((d) => d.isDirectory() && existsSync(join(EXAMPLES, d.name, 'steps.yaml')))
      .map((d) => d.name)
      .sort()
  : [];

type Obj = Record<string, any>;
const read = (id: string, file: string) => readFileSync(join(EXAMPLES, id, file), 'utf8');
const objectsOf = (id: string, file: string): Obj[] => (loadAll(read(id, file)) as unknown[]).filter((o): o is Obj => typeof o === 'object' && o !== null);
const key = (o: Obj) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** The API group of a resource as kubectl's RESTMapper resolves `--resource=pods` or `deployments.apps`. */
function groupOf(resource: string): {resource: string; group: string} {
  const [plural, ...group] = resource.split('.');
  if (group.length) return {resource: plural, group: group.join('.')};
  const base = plural.split('/')[0];
  const served = SERVED_RESOURCES.find(([, r]) => r === base);
  if (!served) throw new Error(`--resource=${resource}: not a resource a default API server serves`);
  return {resource: plural, group: served[0]};
}

/**
 * The object `kubectl create role|rolebinding|clusterrole|clusterrolebinding` or `kubectl run`
 * creates (k8s.io/kubectl/pkg/cmd/create/create_role.go, create_rolebinding.go,
 * create_clusterrole.go, create_clusterrolebinding.go; pkg/cmd/run/run.go labels the pod
 * run=NAME). A flag it does not know is an error, so a new example cannot be half-replayed.
 */
function imperativeObject(words: string[]): Obj {
  const flags = new Map<string, string[]>();
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const m = /^(--?[\w-]+)(?:=(.*))?$/.exec(w);
    if (!m) {
      args.push(w);
      continue;
    }
    const value = m[2] ?? words[++i];
    flags.set(m[1], [...(flags.get(m[1]) ?? []), ...value.split(',')]);
  }
  const known = new Set([
    '-n',
    '--namespace',
    '--verb',
    '--resource',
    '--resource-name',
    '--role',
    '--clusterrole',
    '--user',
    '--group',
    '--serviceaccount',
    '--image',
    '--labels',
  ]);
  const unknown = [...flags.keys()].filter((f) => !known.has(f));
  if (unknown.length) throw new Error(`flag(s) ${unknown.join(', ')} not replayed`);
  const namespace = (flags.get('-n') ?? flags.get('--namespace'))?.[0];
  const [verb, sub, name] = args;
  const all = (f: string) => flags.get(f) ?? [];
  const metadata = (namespaced: boolean) => ({name: verb === 'run' ? sub : name, ...(namespaced ? {namespace: namespace ?? 'default'} : {})});
  if (verb === 'run')
    return {apiVersion: 'v1', kind: 'Pod', metadata: {...metadata(true), labels: {run: sub}}, spec: {containers: [{name: sub, image: all('--image')[0]}]}};
  if (sub === 'role' || sub === 'clusterrole') {
    const byGroup = new Map<string, string[]>();
    for (const r of all('--resource').map(groupOf)) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r.resource]);
    const rules = [...byGroup].map(([group, resources]) => ({
      apiGroups: [group],
      resources,
      verbs: all('--verb'),
      ...(flags.has('--resource-name') ? {resourceNames: all('--resource-name')} : {}),
    }));
    return {apiVersion: 'rbac.authorization.k8s.io/v1', kind: sub === 'role' ? 'Role' : 'ClusterRole', metadata: metadata(sub === 'role'), rules};
  }
  if (sub === 'rolebinding' || sub === 'clusterrolebinding') {
    const roleRef = flags.has('--role')
      ? {apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: all('--role')[0]}
      : {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: all('--clusterrole')[0]};
    const subjects = [
      ...all('--user').map((u) => ({apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: u})),
      ...all('--group').map((g) => ({apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g})),
      ...all('--serviceaccount').map((sa) => ({kind: 'ServiceAccount', namespace: sa.split(':')[0], name: sa.split(':')[1]})),
    ];
    return {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: sub === 'rolebinding' ? 'RoleBinding' : 'ClusterRoleBinding',
      metadata: metadata(sub === 'rolebinding'),
      roleRef,
      subjects,
    };
  }
  throw new Error(`kubectl ${verb} ${sub} is not replayed`);
}

/**
 * The question `kubectl auth can-i VERB TYPE[/NAME] [-n NS | --all-namespaces] [--as U]
 * [--as-group G]` asks (k8s.io/kubectl/pkg/cmd/auth/cani.go): TYPE resolved to its group as
 * kubectl's RESTMapper does, the namespace `default` unless given, and without --as the admin
 * of the run's kubeconfig (a member of system:masters).
 */
function canIOf(words: string[]): core.CanIQuestion {
  const positional: string[] = [];
  const groups: string[] = [];
  let user = 'kubernetes-admin';
  let namespace: string | undefined = 'default';
  for (let i = 2; i < words.length; i++) {
    const w = words[i];
    const [flag, inline] = w.split(/=(.*)/s);
    const value = () => inline ?? words[++i];
    if (flag === '--as') user = value();
    else if (flag === '--as-group') groups.push(value());
    else if (flag === '-n' || flag === '--namespace') namespace = value();
    else if (flag === '-A' || flag === '--all-namespaces') namespace = undefined;
    else if (flag.startsWith('-')) throw new Error(`auth can-i flag ${flag} not replayed`);
    else positional.push(w);
  }
  if (user === 'kubernetes-admin' && groups.length === 0) groups.push('system:masters');
  const [verb, type, name] = positional;
  const [typeName, slashName] = type.split('/');
  const {resource, group} = groupOf(typeName);
  return {
    user,
    ...(groups.length ? {groups} : {}),
    verb,
    resource,
    apiGroup: group,
    ...(namespace ? {namespace} : {}),
    ...((name ?? slashName) ? {name: name ?? slashName} : {}),
  };
}

/**
 * What a `kubectl:` step does to the objects canI and reachable look at: apply/create/replace/delete
 * of a file of the folder is replayed; an imperative create or run adds its object; commands
 * that change nothing change nothing; `create token|secret|serviceaccount|configmap|deployment`
 * and `set serviceaccount|image` touch no object canI or reachable read (no Role, binding, Pod,
 * Namespace or NetworkPolicy). Anything else is an error naming the command.
 */
function kubectlEffect(command: string): {op: 'apply' | 'delete'; file: string} | {op: 'add'; object: Obj} | 'none' {
  const words = command.trim().split(/\s+/);
  const fileAt = words.findIndex((w) => w === '-f' || w === '--filename');
  const file = fileAt >= 0 ? words[fileAt + 1] : undefined;
  const [verb, sub] = words;
  if (core.isReadOnlyKubectl(verb, sub, words)) return 'none';
  if (file && file !== '-' && ['create', 'apply', 'replace'].includes(verb)) return {op: 'apply', file};
  if (file && file !== '-' && verb === 'delete') return {op: 'delete', file};
  if (verb === 'rollout' && sub === 'status') return 'none';
  if (verb === 'create' && ['token', 'secret', 'serviceaccount', 'sa', 'configmap', 'cm', 'deployment', 'deploy'].includes(sub)) return 'none';
  if (verb === 'set' && ['serviceaccount', 'sa', 'image'].includes(sub)) return 'none';
  if (verb === 'run' || (verb === 'create' && ['role', 'rolebinding', 'clusterrole', 'clusterrolebinding'].includes(sub)))
    return {op: 'add', object: imperativeObject(words)};
  throw new Error(`"kubectl ${command}" is not replayed in memory: teach kubectlEffect what it does`);
}

describe('examples agree with the engine', () => {
  it('finds the examples', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  /**
   * A step toward a Service (by address or by name) is judged at a pod the Service selects, on its
   * targetPort: where kube-proxy sends the connection, and what a NetworkPolicy sees.
   */
  function throughService(state: Obj[], q: core.TrafficQuestion): core.TrafficQuestion {
    if (typeof q.to !== 'string') return q;
    const [ns, name] = q.to.split('/');
    const meta = (o: Obj) => (o.metadata ?? {}) as {name?: string; namespace?: string; labels?: Record<string, string>};
    if (state.some((o) => o.kind === 'Pod' && meta(o).name === name && (meta(o).namespace ?? 'default') === ns)) return q;
    const svc = state.find((o) => o.kind === 'Service' && meta(o).name === name && (meta(o).namespace ?? 'default') === ns);
    if (!svc) return q;
    const spec = svc.spec as {selector?: Record<string, string>; ports?: {port: number; targetPort?: number}[]};
    const pod = state.find(
      (o) => o.kind === 'Pod' && (meta(o).namespace ?? 'default') === ns && Object.entries(spec.selector ?? {}).every(([k, v]) => meta(o).labels?.[k] === v),
    );
    const port = spec.ports?.find((p) => p.port === q.port);
    if (!pod || !port) return q;
    return {...q, to: `${ns}/${meta(pod).name}`, port: typeof port.targetPort === 'number' ? port.targetPort : q.port};
  }

  const stepCases = folders.filter((id) => /\bcanI:|\breach:|auth can-i/.test(read(id, 'steps.yaml')));
  it.each(stepCases)('%s: canI, reach and kubectl auth can-i steps', (id) => {
    const file = core.parseStepFile(read(id, 'steps.yaml'), `examples/${id}/steps.yaml`);
    let state: Obj[] = [];
    const problems: string[] = [];
    let asked = 0;
    file.steps.forEach((step, i) => {
      const where = `examples/${id}/steps.yaml, step ${i + 1}${step.name ? ` (${step.name})` : ''}`;
      if ('kubectl' in step && /^auth\s+can-i\s/.test(step.kubectl) && step.expectOutput) {
        // The answer kubectl prints is the verdict: "yes" or "no".
        asked++;
        const expected = /^\^?yes/.test(step.expectOutput);
        try {
          const r = core.canI(state, canIOf(step.kubectl.trim().split(/\s+/)));
          if (r.allowed !== expected)
            problems.push(`${where}: kubectl ${step.kubectl} prints ${expected ? 'yes' : 'no'}, canI says ${r.allowed} (${r.reason})`);
        } catch (e) {
          problems.push(`${where}: ${(e as Error).message}`);
        }
        return;
      }
      if ('kubectl' in step) {
        let effect: ReturnType<typeof kubectlEffect>;
        try {
          effect = kubectlEffect(step.kubectl);
        } catch (e) {
          problems.push(`${where}: ${(e as Error).message}`);
          return;
        }
        if (effect === 'none') return;
        if (effect.op === 'add') {
          state = [...state.filter((o) => key(o) !== key(effect.object)), effect.object];
          return;
        }
        step = effect.op === 'apply' ? {apply: effect.file} : {delete: effect.file};
      }
      if ('apply' in step) {
        const incoming = objectsOf(id, step.apply);
        const keys = new Set(incoming.map(key));
        state = [...state.filter((o) => !keys.has(key(o))), ...incoming];
      } else if ('delete' in step) {
        const keys = new Set(objectsOf(id, step.delete).map(key));
        state = state.filter((o) => !keys.has(key(o)));
      } else if ('canI' in step) {
        asked++;
        const r = core.canI(state, step.canI);
        if (r.allowed !== step.expect) problems.push(`${where}: expects ${step.expect}, canI says ${r.allowed} (${r.reason})`);
      } else if ('reach' in step) {
        asked++;
        try {
          const r = core.reachable(state, throughService(state, step.reach));
          if (r.allowed !== step.expect) problems.push(`${where}: expects ${step.expect}, reachable says ${r.allowed}`);
        } catch (e) {
          problems.push(`${where}: ${(e as Error).message}`);
        }
      }
    });
    const declared = file.steps.filter((s) => 'canI' in s || 'reach' in s || ('kubectl' in s && /^auth\s+can-i\s/.test(s.kubectl) && s.expectOutput)).length;
    expect({asked, declared}).toEqual({asked: declared, declared});
    expect(problems).toEqual([]);
  });

  const exercises = folders.filter((id) => existsSync(join(EXAMPLES, id, 'exercise.yaml')));
  it.each(exercises)('%s: every right answer passes every assertion, every wrong answer fails one', (id) => {
    const ex = core.parseExerciseFile(read(id, 'exercise.yaml'), `examples/${id}/exercise.yaml`);
    const given = ex.given ? objectsOf(id, ex.given) : [];
    const judge = (file: string) =>
      core.evaluateAssertions(core.mergeObjects(given, objectsOf(id, file)).objects, ex.assertions, {diagnostics: core.validateManifests(read(id, file))});
    for (const {file, right} of core.exerciseAnswers(ex)) {
      const results = judge(file);
      if (right) {
        expect({file, failed: results.filter((r) => !r.passed).map((r) => `${r.id}: ${JSON.stringify(r.failures)}`)}).toEqual({file, failed: []});
        continue;
      }
      const failed = results.filter((r) => !r.passed).map((r) => r.id);
      expect({file, fails: failed.length > 0 ? 'some assertion' : 'nothing: the checks cannot tell this wrong answer from a right one'}).toEqual({
        file,
        fails: 'some assertion',
      });
    }
  });
});
