/**
 * Remark plugin: fills code fences that point into examples/ with the example's text at build
 * time, so the Korean and English pages embed the very same bytes (ARCHITECTURE.md, "Examples are
 * single-sourced"). The page then renders an ordinary code block that needs no JavaScript.
 *
 *   ```yaml example="rbac-dev-user-pods/role.yaml"      -> the file, titled with its name
 *   ```bash example="rbac-dev-user-pods#can-list-pods"  -> the command of that named step
 *
 * A fence with example= must have an empty body; a reference to a missing file or step fails
 * the build with the page and line.
 *
 * The same plugin feeds the interactive components (src/components): for
 *
 *   <ManifestChecker exercise="rbac-dev-user-pods" />
 *   <RbacPlayground example="rbac-developer-role" start="developer-role.yaml devuser-developer-binding.yaml" />
 *   <NetworkPolicyPlayground example="netpol-db-policy-develop" start="namespaces.yaml pods.yaml policy-and.yaml" presets="policy-and.yaml policy-or.yaml" />
 *   <SecurityContextExplorer example="secctx-multi-pod" />
 *   <KubectlLab exercise="rbac-dev-user-pods" />  (or example="...")
 *
 * it adds a string attribute `data`: the JSON of the folder's files and parsed exercise/steps
 * (src/components/shared/embedded-data.ts). An unknown id, a missing exercise.yaml or file, or a
 * `data` written by hand fails the build with the page and line. A lab on an exercise gets the
 * very data its <ManifestChecker> gets (the same string, so the page's compressed chunk carries
 * it about once).
 *
 * On a page with a <KubectlLab>, every fence that embeds a step's command is followed by
 * `<RunInLabButton lab="..." command="..."/>` (the lab that runs it: the lab of the same example,
 * else the nearest lab above the fence, else the first lab of the page). Such a page imports both
 * from src/components/KubectlLab (checked here), so their code goes with the practice pages
 * instead of the theme chunk every page loads.
 */
import {readFileSync, existsSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {EXAMPLE_ID, exerciseAnswers, parseExerciseFile, parseFenceRef, parseStepFile, stepCommand} from '../core';
import type {StepFile} from '../core';
import type {EmbeddedExample} from '../components/shared/embedded-data';

/** Commands run from the repository root (npm scripts, Docusaurus), where examples/ lives. */
export const EXAMPLES_DIR = join(process.cwd(), 'examples');

interface CodeNode {
  type: 'code';
  lang?: string | null;
  meta?: string | null;
  value: string;
  position?: {start: {line: number}};
}
interface AnyNode {
  type: string;
  children?: AnyNode[];
}

function walk(node: AnyNode, visit: (code: CodeNode, parent: AnyNode | undefined) => void, parent?: AnyNode): void {
  if (node.type === 'code') visit(node as unknown as CodeNode, parent);
  for (const child of [...(node.children ?? [])]) walk(child, visit, node);
}

/** The import line a page with a lab carries (MDX resolves <KubectlLab> and <RunInLabButton> from it). */
export const LAB_IMPORT = "import KubectlLab, {RunInLabButton} from '@site/src/components/KubectlLab';";

interface JsxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}
interface JsxNode {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: JsxAttribute[];
  position?: {start: {line: number}};
}

/** The components that get an example's data, and the attribute that names the folder. */
export const EMBEDDING_COMPONENTS = {
  ManifestChecker: 'exercise',
  RbacPlayground: 'example',
  NetworkPolicyPlayground: 'example',
  SecurityContextExplorer: 'example',
  KubectlLab: 'exercise',
} as const;
type EmbeddingComponent = keyof typeof EMBEDDING_COMPONENTS;

function walkJsx(node: AnyNode, visit: (jsx: JsxNode) => void): void {
  if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') visit(node as unknown as JsxNode);
  for (const child of node.children ?? []) walkJsx(child, visit);
}

const MANIFEST = /\.ya?ml$/;
const NOT_MANIFESTS = new Set(['steps.yaml', 'exercise.yaml']);

function readExampleFile(examplesDir: string, id: string, file: string): string {
  const path = join(examplesDir, id, file);
  if (!existsSync(path)) throw new Error(`example file not found: examples/${id}/${file}`);
  return readFileSync(path, 'utf8');
}

function readSteps(examplesDir: string, id: string): StepFile | undefined {
  const path = join(examplesDir, id, 'steps.yaml');
  return existsSync(path) ? parseStepFile(readFileSync(path, 'utf8'), `examples/${id}/steps.yaml`) : undefined;
}

function fileList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(/[\s,]+/).filter(Boolean);
  for (const name of names) if (!MANIFEST.test(name) || name.includes('/')) throw new Error(`"${name}" is not a YAML file name of the example folder`);
  return names;
}

/**
 * The data one component gets (see the file comment). `attributes` are the literal attributes of
 * the element: `exercise` or `example` (the folder), and for playgrounds optional `start` (files
 * the editor starts with, default: every manifest of the folder except files a step expects to be
 * rejected and the exercise's deliberately wrong answer) and `presets` (files the reader can load in place of the last start file).
 */
export function resolveComponentData(component: EmbeddingComponent, attributes: Record<string, string>, examplesDir = EXAMPLES_DIR): EmbeddedExample {
  if (component === 'KubectlLab') return resolveLabData(attributes, examplesDir);
  const key = EMBEDDING_COMPONENTS[component];
  const id = attributes[key];
  if (id === undefined) throw new Error(`<${component}> needs ${key}="<example id>" (a folder of examples/)`);
  if (!EXAMPLE_ID.test(id)) throw new Error(`<${component} ${key}="${id}">: an example id is kebab-case, like rbac-dev-user-pods`);
  if (!existsSync(join(examplesDir, id))) throw new Error(`<${component}>: no example folder examples/${id}/`);
  if ('data' in attributes) throw new Error(`<${component}>: do not write data=; the build fills it from examples/${id}/`);
  const steps = readSteps(examplesDir, id);
  const canI = (steps?.steps ?? []).flatMap((s) => ('canI' in s ? [{question: s.canI, expect: s.expect}] : []));
  const traffic = (steps?.steps ?? []).flatMap((s) => ('reach' in s ? [{question: s.reach, expect: s.expect}] : []));

  if (component === 'ManifestChecker') {
    if (!existsSync(join(examplesDir, id, 'exercise.yaml'))) throw new Error(`<ManifestChecker exercise="${id}">: examples/${id}/ has no exercise.yaml`);
    const exercise = parseExerciseFile(readExampleFile(examplesDir, id, 'exercise.yaml'), `examples/${id}/exercise.yaml`);
    const files: Record<string, string> = {};
    for (const name of [exercise.given, exercise.start, exercise.solution]) {
      if (name) files[name] = readExampleFile(examplesDir, id, name);
    }
    return {id, files, exercise, ...(canI.length ? {canI} : {}), ...(traffic.length ? {traffic} : {})};
  }

  const rejected = new Set((steps?.steps ?? []).flatMap((s) => ('expectError' in s ? [s.expectError] : [])));
  if (existsSync(join(examplesDir, id, 'exercise.yaml'))) {
    // Every answer but the reference solution: wrong ones, and right ones in other shapes.
    const exercise = parseExerciseFile(readExampleFile(examplesDir, id, 'exercise.yaml'), `examples/${id}/exercise.yaml`);
    for (const a of exerciseAnswers(exercise)) if (a.file !== exercise.solution) rejected.add(a.file);
  }
  const all = readdirSync(join(examplesDir, id))
    .filter((f) => MANIFEST.test(f) && !NOT_MANIFESTS.has(f))
    .sort();
  const start = fileList(attributes.start) ?? all.filter((f) => !rejected.has(f));
  const presets = fileList(attributes.presets) ?? [];
  if (start.length === 0) throw new Error(`<${component} example="${id}">: the folder has no manifest to start from`);
  const files: Record<string, string> = {};
  for (const name of [...start, ...presets]) files[name] = readExampleFile(examplesDir, id, name);
  return {id, files, start, ...(presets.length ? {presets} : {}), ...(canI.length ? {canI} : {}), ...(traffic.length ? {traffic} : {})};
}

/**
 * A lab's data: with `exercise=`, exactly what <ManifestChecker> gets for that exercise (its
 * given, start and solution files and its assertions); with `example=`, every manifest of the
 * folder, for `kubectl apply -f <file>`, and no assertions.
 */
function resolveLabData(attributes: Record<string, string>, examplesDir: string): EmbeddedExample {
  const {exercise, example, ...rest} = attributes;
  if ((exercise === undefined) === (example === undefined)) throw new Error('<KubectlLab> needs exercise="<example id>" or example="<example id>", not both');
  if (exercise !== undefined) return resolveComponentData('ManifestChecker', {...rest, exercise}, examplesDir);
  if (!EXAMPLE_ID.test(example)) throw new Error(`<KubectlLab example="${example}">: an example id is kebab-case, like rbac-dev-user-pods`);
  if (!existsSync(join(examplesDir, example))) throw new Error(`<KubectlLab>: no example folder examples/${example}/`);
  if ('data' in rest) throw new Error(`<KubectlLab>: do not write data=; the build fills it from examples/${example}/`);
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(examplesDir, example))
    .filter((f) => MANIFEST.test(f) && !NOT_MANIFESTS.has(f))
    .sort())
    files[name] = readExampleFile(examplesDir, example, name);
  return {id: example, files};
}

/** The id of a <KubectlLab> element (its exercise or example attribute). */
function labId(jsx: JsxNode): string | undefined {
  const a = jsx.attributes.find((x) => x.type === 'mdxJsxAttribute' && (x.name === 'exercise' || x.name === 'example'));
  return typeof a?.value === 'string' ? a.value : undefined;
}

/**
 * Which lab of the page runs a step of `example` shown at `line`: the lab of the same example,
 * else the nearest lab above, else the first lab. `labs` are in page order.
 */
export function labForStep(labs: readonly {id: string; line: number}[], example: string, line: number): string | undefined {
  const same = labs.find((l) => l.id === example);
  if (same) return same.id;
  const above = labs.filter((l) => l.line <= line);
  return (above.length ? above[above.length - 1] : labs[0])?.id;
}

function literalAttributes(jsx: JsxNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of jsx.attributes) {
    if (a.type !== 'mdxJsxAttribute' || !a.name) continue;
    if (typeof a.value === 'string') out[a.name] = a.value;
    else if (a.value === null || a.value === undefined) out[a.name] = '';
    else throw new Error(`<${jsx.name}>: ${a.name} must be a literal string ("..."), not an expression`);
  }
  return out;
}

/** Resolves one fence reference to the text it embeds and the title shown above it. */
export function resolveExampleText(meta: string | null | undefined, examplesDir = EXAMPLES_DIR): {text: string; title: string} | null {
  const ref = parseFenceRef(meta);
  if (ref.kind === 'error') throw new Error(ref.message);
  if (ref.kind === 'file') {
    const path = join(examplesDir, ref.example, ref.file);
    if (!existsSync(path)) throw new Error(`example file not found: examples/${ref.example}/${ref.file}`);
    return {text: readFileSync(path, 'utf8').replace(/\n+$/, ''), title: ref.file};
  }
  if (ref.kind === 'step') {
    const path = join(examplesDir, ref.example, 'steps.yaml');
    if (!existsSync(path)) throw new Error(`example has no steps.yaml: examples/${ref.example}/`);
    const file = parseStepFile(readFileSync(path, 'utf8'), `examples/${ref.example}/steps.yaml`);
    const step = file.steps.find((s) => s.name === ref.step);
    if (!step) throw new Error(`no step named "${ref.step}" in examples/${ref.example}/steps.yaml`);
    const command = stepCommand(step);
    if (command) return {text: command, title: ''};
    throw new Error(`step "${ref.step}" of examples/${ref.example} has no command to show`);
  }
  return null;
}

export default function remarkEmbedExamples() {
  return (tree: AnyNode, file: {path?: string; history?: string[]}) => {
    const labs: {id: string; line: number}[] = [];
    walkJsx(tree, (jsx) => {
      const id = jsx.name === 'KubectlLab' ? labId(jsx) : undefined;
      if (id) labs.push({id, line: jsx.position?.start.line ?? 0});
    });
    if (labs.length > 0) {
      const imports = (tree.children ?? []).filter((n) => n.type === 'mdxjsEsm').map((n) => String((n as unknown as {value?: string}).value ?? ''));
      if (!imports.some((v) => v.includes(LAB_IMPORT)))
        throw new Error(`${file.path ?? file.history?.[0] ?? 'page'}: a page with <KubectlLab> imports it: ${LAB_IMPORT}`);
    }
    walk(tree, (code, parent) => {
      const where = `${file.path ?? file.history?.[0] ?? 'page'}:${code.position?.start.line ?? '?'}`;
      let resolved;
      try {
        resolved = resolveExampleText(code.meta);
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`, {cause: error});
      }
      if (!resolved) return;
      if (code.value.trim() !== '') throw new Error(`${where}: a fence with example= must be empty; its text comes from examples/`);
      code.value = resolved.text;
      if (resolved.title && !/\btitle=/.test(code.meta ?? '')) code.meta = `${code.meta} title="${resolved.title}"`;
      const ref = parseFenceRef(code.meta);
      const lab = ref.kind === 'step' ? labForStep(labs, ref.example, code.position?.start.line ?? 0) : undefined;
      if (lab && parent?.children) {
        const button = {
          type: 'mdxJsxFlowElement',
          name: 'RunInLabButton',
          attributes: [
            {type: 'mdxJsxAttribute', name: 'lab', value: lab},
            {type: 'mdxJsxAttribute', name: 'command', value: resolved.text},
          ],
          children: [],
        };
        parent.children.splice(parent.children.indexOf(code as unknown as AnyNode) + 1, 0, button);
      }
    });
    walkJsx(tree, (jsx) => {
      if (!jsx.name || !(jsx.name in EMBEDDING_COMPONENTS)) return;
      const where = `${file.path ?? file.history?.[0] ?? 'page'}:${jsx.position?.start.line ?? '?'}`;
      let data: EmbeddedExample;
      try {
        data = resolveComponentData(jsx.name as EmbeddingComponent, literalAttributes(jsx));
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`, {cause: error});
      }
      jsx.attributes.push({type: 'mdxJsxAttribute', name: 'data', value: JSON.stringify(data)});
    });
  };
}
