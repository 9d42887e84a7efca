/**
 * Reads an example folder (examples/README.md): steps.yaml, the exercise files it names and
 * every manifest, parsed once. Nothing here talks to a cluster.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {
  isRecord,
  exerciseAnswers,
  parseExerciseFile,
  parseManifests,
  parseStepFile,
  stepTier,
  type ExerciseFile,
  type Step,
  type StepFile,
  type Tier,
} from '../../src/core';
import {CLUSTER_SCOPED, NamespaceMap, rewriteKubectlArgs, splitCommand} from './rewrite';
import {kubectlStepProblem} from './safety';

type Rec = Record<string, unknown>;

export interface Manifest {
  name: string;
  text: string;
  /** Documents of the file, List items spread out; empty documents dropped. */
  objects: Rec[];
  /** YAML that does not parse: applying it fails with this message. */
  error?: string;
}

export interface Example {
  id: string;
  dir: string;
  title: string;
  steps: Step[];
  stepFile?: StepFile;
  /** Exercise files named by `exercise:` steps, by file name. */
  exercises: Map<string, ExerciseFile>;
  manifests: Map<string, Manifest>;
  /** steps.yaml or an exercise file that cannot be read: the example fails with this. */
  error?: string;
  /** Why it must run alone (it creates cluster-scoped objects), or undefined. */
  exclusive?: string;
  tiers: Set<Tier>;
}

/** Namespaces a real cluster always has: isolated copies are made before the steps run. */
export const ALWAYS_PRESENT = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * A manifest file read as kubectl reads it: the core's parser (src/core/parse) resolves scalars
 * with kubectl's YAML 1.1 rules (`yes` is a boolean, `0644` is 420) and spreads List items. A
 * text it cannot read keeps the first error, which an apply of the file then reports.
 */
export function parseManifest(name: string, text: string): Manifest {
  const parsed = parseManifests(text);
  const error = parsed.diagnostics.find((d) => d.severity === 'error');
  if (error) {
    const params = Object.entries(error.params ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    return {name, text, objects: [], error: `${name}${error.line ? `:${error.line}` : ''}: ${error.code}${params ? ` (${params})` : ''}`};
  }
  return {name, text, objects: parsed.objects.map((o) => o.object)};
}

/** Files a step reads. */
export function stepFiles(step: Step): string[] {
  if ('apply' in step) return [step.apply];
  if ('delete' in step) return [step.delete];
  if ('expectError' in step) return [step.expectError];
  return [];
}

export function kubectlWords(step: Step): string[] | undefined {
  if (!('kubectl' in step)) return undefined;
  const words = splitCommand(step.kubectl);
  if (words[0] === 'kubectl') words.shift();
  const problem = kubectlStepProblem(words);
  if (problem) throw new Error(`kubectl: ${step.kubectl}: ${problem}`);
  return words;
}

export function loadExample(dir: string, id = dir.split(/[\\/]/).filter(Boolean).pop() ?? dir): Example {
  const example: Example = {id, dir, title: id, steps: [], exercises: new Map(), manifests: new Map(), tiers: new Set()};
  const stepsPath = join(dir, 'steps.yaml');
  if (!existsSync(stepsPath)) {
    example.error = `examples/${id}/steps.yaml is missing (every example folder needs one, see examples/README.md)`;
    return example;
  }
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name) || name === 'steps.yaml' || !statSync(join(dir, name)).isFile()) continue;
    example.manifests.set(name, parseManifest(name, readFileSync(join(dir, name), 'utf8')));
  }
  try {
    const file = parseStepFile(readFileSync(stepsPath, 'utf8'), `examples/${id}/steps.yaml`);
    example.stepFile = file;
    example.title = file.title;
    example.steps = file.steps;
    for (const step of file.steps) example.tiers.add(stepTier(step, file));
    for (const step of file.steps) {
      for (const f of stepFiles(step))
        if (!example.manifests.has(f))
          throw new Error(`examples/${id}/steps.yaml: step "${Object.keys(step)[0]}: ${f}" names a file that is not in the folder`);
      if ('exercise' in step && !example.exercises.has(step.exercise)) {
        const path = join(dir, step.exercise);
        if (!existsSync(path)) throw new Error(`examples/${id}/steps.yaml: exercise file ${step.exercise} is not in the folder`);
        const exercise = parseExerciseFile(readFileSync(path, 'utf8'), `examples/${id}/${step.exercise}`);
        for (const f of [exercise.given, ...exerciseAnswers(exercise).map((a) => a.file)]) {
          if (f && !example.manifests.has(f)) throw new Error(`examples/${id}/${step.exercise} names ${f}, which is not in the folder`);
        }
        example.exercises.set(step.exercise, exercise);
        example.manifests.delete(step.exercise);
      }
      if ('kubectl' in step) kubectlWords(step);
    }
  } catch (e) {
    example.error = (e as Error).message;
    return example;
  }
  example.exclusive = exclusiveReason(example);
  return example;
}

/**
 * Why an example must run with no other example beside it, or undefined. Cluster-scoped objects
 * (a ClusterRole, a ClusterRoleBinding to a user, a StorageClass) have one name per cluster and
 * their grants hold in every namespace, so two examples creating or asking about them at the same
 * time would see each other's objects. Namespaces are isolated by name and do not count.
 */
export function exclusiveReason(example: Pick<Example, 'manifests' | 'steps'>): string | undefined {
  for (const m of example.manifests.values()) {
    const o = m.objects.find((x) => typeof x.kind === 'string' && x.kind !== 'Namespace' && CLUSTER_SCOPED.has(x.kind));
    if (o) return `${m.name} holds a ${String(o.kind)}`;
  }
  for (const step of example.steps) {
    const words = 'kubectl' in step ? kubectlWords(step) : undefined;
    if (!words) continue;
    const created = rewriteKubectlArgs(words, new NamespaceMap('probe')).creates.find((c) => c.kind !== 'Namespace');
    if (created) return `kubectl ${words.join(' ')} creates a ${created.kind}`;
  }
  return undefined;
}

/** Every example folder under `root` (hidden folders aside), sorted by id. */
export function loadExamples(root: string): Example[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory() && !name.startsWith('.'))
    .sort()
    .map((name) => loadExample(join(root, name), name));
}

/** Namespaces named by the objects of some manifests (a namespaced object without one is in `default`). */
export function namespacesOf(manifests: Manifest[]): {used: Set<string>; declared: Set<string>} {
  const used = new Set<string>();
  const declared = new Set<string>();
  for (const m of manifests) {
    for (const o of m.objects) {
      const kind = String(o.kind ?? '');
      const meta = isRecord(o.metadata) ? o.metadata : {};
      if (kind === 'Namespace' && typeof meta.name === 'string') declared.add(meta.name);
      else if (!CLUSTER_SCOPED.has(kind)) used.add(typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default');
    }
  }
  return {used, declared};
}
