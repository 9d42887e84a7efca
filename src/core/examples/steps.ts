/**
 * The step file of an example folder (examples/<id>/steps.yaml) and the exercise file of a
 * practice question (examples/<id>/exercise.yaml): their types and a validating reader.
 * The full format, with a worked example, is in examples/README.md. Pure: the caller reads files.
 */
import {load} from 'js-yaml';
import {displayText} from '../scalar-text';
import {isRecord} from '../is-record';
import type {AccessRequest} from '../rbac/evaluate-access';
import type {TrafficQuery} from '../netpol/evaluate-traffic';

export type Tier = 'api' | 'runtime';
export type Localized = {ko: string; en: string};

/** A `canI:` question of a step or an exercise: what the engine's canI() takes. */
export type CanIQuestion = AccessRequest;

/** A `reach:` question (of a step or an exercise): the engine's TrafficQuery, and how the verifier connects. */
export interface TrafficQuestion extends TrafficQuery {
  /** Connect by the destination's DNS name (a Service), not its address: proves egress to DNS too. */
  dns?: boolean;
}

/**
 * The object an `object:` step or assertion looks at. apiVersion may be left out for the kinds
 * the site uses (the verifier knows their group and version).
 */
export interface ObjectQuestion {
  kind: string;
  name: string;
  namespace?: string;
  apiVersion?: string;
}

interface StepBase {
  /** kebab-case; a named step's command can be embedded in a page: example="<id>#<name>". */
  name?: string;
  tier?: Tier;
}

export type Step = StepBase &
  (
    | {apply: string}
    | {expectError: string; contains: string}
    | {object: ObjectQuestion; matches: Record<string, unknown>; timeoutSeconds?: number}
    | {kubectl: string; expectOutput?: string; expectFailure?: boolean}
    | {canI: CanIQuestion; expect: boolean}
    | {token: string}
    | {exercise: string}
    | {exec: {pod: string; container?: string; command: string[]}; expectOutput: string; expectFailure?: boolean}
    | {reach: TrafficQuestion; expect: boolean}
    | {delete: string}
  );

export interface StepFile {
  title: string;
  tier: Tier;
  steps: Step[];
}

export type Assertion = {id: string; describe: Localized} & (
  | {object: ObjectQuestion; matches: Record<string, unknown>}
  | {absent: {kind: string; name: string; namespace?: string}}
  | {canI: CanIQuestion; expect: boolean}
  | {reach: TrafficQuestion; expect: boolean}
  /** expect: the fields to match, or a list of alternatives (any one matching passes). */
  | {securityContext: {pod: string; container: string; namespace?: string}; expect: Record<string, unknown> | Record<string, unknown>[]}
  | {valid: true}
);

export interface ExerciseFile {
  /** Objects that already exist in the lab: applied first on a cluster, merged with the reader's YAML in the browser. */
  given?: string;
  /** What the editor starts with (a file of the folder); empty editor when absent. */
  start?: string;
  solution: string;
  /** A deliberately wrong answer: it must fail at least one assertion (proof that the checks can fail). */
  wrong: string;
  /** More right answers in other shapes: each must pass every assertion, like `solution`. */
  solutions?: string[];
  /** More wrong answers: each must fail at least one assertion, like `wrong`. */
  wrongs?: string[];
  assertions: Assertion[];
}

const STEP_KINDS = ['apply', 'expectError', 'object', 'kubectl', 'canI', 'token', 'exercise', 'exec', 'reach', 'delete'] as const;

/**
 * Words of the step format before steps and exercises shared one assertion language, with what
 * to write instead. A step that still uses one is refused with this message.
 */
const RETIRED_STEP_WORDS: Record<string, string> = {
  traffic: '"traffic:" is now "reach:", as in exercise.yaml: reach: {from: <ns>/<pod>, to: <ns>/<pod>, port: <port>} with expect: true or false',
  assert:
    '"assert:" is now "object:" with "matches:", as in exercise.yaml: object: {kind: <Kind>, name: <name>, namespace: <ns>} and matches: {the fields to match, without apiVersion, kind, metadata.name and metadata.namespace}',
};
export type StepKind = (typeof STEP_KINDS)[number];

/** Which kind of step this is. */
export function stepKind(step: Step): StepKind {
  const found = STEP_KINDS.filter((k) => k in step);
  return found[0];
}

/** The tier a step runs in: its own, else the file's. */
export function stepTier(step: Step, file: StepFile): Tier {
  return step.tier ?? file.tier;
}

/** The command a named step shows in a page (what `example="<id>#<name>"` renders). */
export function stepCommand(step: Step): string | undefined {
  if ('kubectl' in step) return `kubectl ${step.kubectl}`;
  if ('apply' in step) return `kubectl apply -f ${step.apply}`;
  if ('delete' in step) return `kubectl delete -f ${step.delete}`;
  if ('token' in step) return `kubectl create token ${step.token}`;
  if ('expectError' in step) return `kubectl apply -f ${step.expectError}`;
  if ('exec' in step) return `kubectl exec ${step.exec.pod}${step.exec.container ? ` -c ${step.exec.container}` : ''} -- ${step.exec.command.join(' ')}`;
  if ('reach' in step) return trafficCommand(step.reach);
  if ('canI' in step) {
    const q = step.canI;
    const target = q.nonResourceURL ?? [q.resource + (q.subresource ? `/${q.subresource}` : ''), q.name].filter(Boolean).join('/');
    const parts = ['kubectl auth can-i', q.verb, target];
    if (q.apiGroup && !q.nonResourceURL) parts[2] = `${q.resource}.${q.apiGroup}${q.subresource ? `/${q.subresource}` : ''}${q.name ? `/${q.name}` : ''}`;
    if (q.namespace) parts.push(`-n ${q.namespace}`);
    parts.push(`--as ${q.user}`);
    for (const g of q.groups ?? []) parts.push(`--as-group ${g}`);
    return parts.join(' ');
  }
  return undefined;
}

/** Every answer an exercise names, with whether it must pass (right) or fail (wrong). */
export function exerciseAnswers(exercise: Pick<ExerciseFile, 'solution' | 'wrong' | 'solutions' | 'wrongs'>): {file: string; right: boolean}[] {
  return [
    {file: exercise.solution, right: true},
    ...(exercise.solutions ?? []).map((file) => ({file, right: true})),
    {file: exercise.wrong, right: false},
    ...(exercise.wrongs ?? []).map((file) => ({file, right: false})),
  ];
}

/**
 * A traffic question as the command a reader runs to try it: agnhost's `connect` from inside the
 * source pod (the image the site's NetworkPolicy examples run; the verifier runs the same probe,
 * scripts/verify/runtime.ts probeCommand), to the destination pod's IP. Exit 0 = connected;
 * TIMEOUT or REFUSED = blocked. No command for traffic that starts outside the cluster.
 */
function trafficCommand(q: TrafficQuestion): string | undefined {
  if (typeof q.from !== 'string') return undefined;
  const end = (e: string) => {
    const [ns, name] = e.includes('/') ? e.split('/', 2) : ['default', e];
    return {name, ns: ns === 'default' ? '' : ` -n ${ns}`};
  };
  const from = end(q.from);
  const to =
    typeof q.to === 'string'
      ? (() => {
          const t = end(q.to);
          return `$(kubectl get pod ${t.name}${t.ns} -o jsonpath='{.status.podIP}')`;
        })()
      : q.to.ip;
  return `kubectl exec ${from.name}${from.ns} -- /agnhost connect ${to}:${q.port} --timeout=3s --protocol=${(q.protocol ?? 'TCP').toLowerCase()}`;
}

/** What is wrong with an `object:` + `matches:` pair (a step's or an assertion's), or undefined. */
function objectQuestionProblem(object: unknown, matches: unknown): string | undefined {
  if (!isRecord(object) || typeof object.kind !== 'string' || !object.kind || typeof object.name !== 'string' || !object.name)
    return 'object needs kind and name: object: {kind: <Kind>, name: <name>, namespace: <ns>}';
  for (const key of ['namespace', 'apiVersion'] as const)
    if (object[key] !== undefined && (typeof object[key] !== 'string' || !object[key])) return `object.${key} must be a non-empty string`;
  if (!isRecord(matches)) return 'object needs matches (the fields to match; matches: {} when the object only has to exist)';
  return undefined;
}

export class ExampleFormatError extends Error {
  constructor(
    public readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ExampleFormatError';
  }
}

/** Reads and checks a steps.yaml text. Throws ExampleFormatError with what to change. */
export function parseStepFile(text: string, fileName = 'steps.yaml'): StepFile {
  const data = load(text);
  if (!isRecord(data)) throw new ExampleFormatError(fileName, 'expected a mapping with title, tier and steps');
  const {title, tier = 'api', steps} = data as Record<string, unknown>;
  if (typeof title !== 'string' || !title) throw new ExampleFormatError(fileName, 'title is required (an English sentence for reports)');
  if (tier !== 'api' && tier !== 'runtime') throw new ExampleFormatError(fileName, `tier must be api or runtime, not ${displayText(tier)}`);
  if (!Array.isArray(steps) || steps.length === 0) throw new ExampleFormatError(fileName, 'steps must be a non-empty list');
  const names = new Set<string>();
  steps.forEach((step, i) => {
    if (!isRecord(step)) throw new ExampleFormatError(fileName, `step ${i + 1} must be a mapping`);
    for (const [old, now] of Object.entries(RETIRED_STEP_WORDS)) if (old in step) throw new ExampleFormatError(fileName, `step ${i + 1}: ${now}`);
    const kinds = STEP_KINDS.filter((k) => k in step);
    if (kinds.length !== 1)
      throw new ExampleFormatError(fileName, `step ${i + 1} must have exactly one of ${STEP_KINDS.join(', ')} (found ${kinds.join(', ') || 'none'})`);
    if (step.tier !== undefined && step.tier !== 'api' && step.tier !== 'runtime')
      throw new ExampleFormatError(fileName, `step ${i + 1}: tier must be api or runtime`);
    if (step.name !== undefined) {
      if (typeof step.name !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(step.name))
        throw new ExampleFormatError(fileName, `step ${i + 1}: name must be kebab-case`);
      if (names.has(step.name)) throw new ExampleFormatError(fileName, `step name "${step.name}" is used twice`);
      names.add(step.name);
    }
    const kind = kinds[0];
    if ((kind === 'canI' || kind === 'reach') && typeof step.expect !== 'boolean')
      throw new ExampleFormatError(fileName, `step ${i + 1}: ${kind} needs expect: true or false`);
    if (kind === 'expectError' && typeof step.contains !== 'string')
      throw new ExampleFormatError(fileName, `step ${i + 1}: expectError needs contains: "<part of the server's message>"`);
    if (kind === 'exec' && typeof step.expectOutput !== 'string')
      throw new ExampleFormatError(fileName, `step ${i + 1}: exec needs expectOutput (a regular expression)`);
    if ((kind === 'exec' || kind === 'kubectl') && step.expectFailure !== undefined && typeof step.expectFailure !== 'boolean')
      throw new ExampleFormatError(fileName, `step ${i + 1}: expectFailure must be true or false`);
    if (kind === 'object') {
      const problem = objectQuestionProblem(step.object, step.matches);
      if (problem) throw new ExampleFormatError(fileName, `step ${i + 1}: ${problem}`);
      if (step.timeoutSeconds !== undefined && !(typeof step.timeoutSeconds === 'number' && step.timeoutSeconds > 0))
        throw new ExampleFormatError(fileName, `step ${i + 1}: timeoutSeconds must be a positive number`);
    }
  });
  return {title, tier, steps: steps as Step[]};
}

/** Reads and checks an exercise.yaml text. Throws ExampleFormatError with what to change. */
export function parseExerciseFile(text: string, fileName = 'exercise.yaml'): ExerciseFile {
  const data = load(text);
  if (!isRecord(data)) throw new ExampleFormatError(fileName, 'expected a mapping with solution, wrong and assertions');
  for (const key of ['solution', 'wrong'] as const) {
    if (typeof data[key] !== 'string')
      throw new ExampleFormatError(fileName, `${key} is required: the file name of the ${key === 'wrong' ? 'deliberately wrong' : 'reference'} answer`);
  }
  for (const key of ['solutions', 'wrongs'] as const) {
    const v = data[key];
    if (v !== undefined && (!Array.isArray(v) || !v.every((f) => typeof f === 'string' && f)))
      throw new ExampleFormatError(fileName, `${key} must be a list of file names of the folder`);
  }
  if (!Array.isArray(data.assertions) || data.assertions.length === 0) throw new ExampleFormatError(fileName, 'assertions must be a non-empty list');
  const ids = new Set<string>();
  data.assertions.forEach((a, i) => {
    if (!isRecord(a)) throw new ExampleFormatError(fileName, `assertion ${i + 1} must be a mapping`);
    if (typeof a.id !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(a.id))
      throw new ExampleFormatError(fileName, `assertion ${i + 1}: id must be kebab-case`);
    if (ids.has(a.id)) throw new ExampleFormatError(fileName, `assertion id "${a.id}" is used twice`);
    ids.add(a.id);
    const d = a.describe;
    if (!isRecord(d) || typeof d.ko !== 'string' || typeof d.en !== 'string')
      throw new ExampleFormatError(fileName, `assertion ${a.id}: describe needs ko and en`);
    const kinds = ['object', 'absent', 'canI', 'reach', 'securityContext', 'valid'].filter((k) => k in a);
    if (kinds.length !== 1) throw new ExampleFormatError(fileName, `assertion ${a.id}: exactly one of object, absent, canI, reach, securityContext, valid`);
    const problem = kinds[0] === 'object' ? objectQuestionProblem(a.object, a.matches) : undefined;
    if (problem) throw new ExampleFormatError(fileName, `assertion ${a.id}: ${problem}`);
    if ((kinds[0] === 'canI' || kinds[0] === 'reach') && typeof a.expect !== 'boolean')
      throw new ExampleFormatError(fileName, `assertion ${a.id}: needs expect: true or false`);
    const alternatives = Array.isArray(a.expect) ? a.expect : [a.expect];
    if (kinds[0] === 'securityContext' && (alternatives.length === 0 || !alternatives.every(isRecord)))
      throw new ExampleFormatError(fileName, `assertion ${a.id}: securityContext needs expect: {field: value} (or a list of such alternatives)`);
  });
  return data as unknown as ExerciseFile;
}
