/**
 * What the build hands to a checker or playground: the data of one example folder, injected by
 * src/plugins/remark-embed-examples.ts as the JSON string attribute `data` of
 * `<ManifestChecker exercise="..."/>`, `<RbacPlayground example="..."/>`, ... Both locales get the
 * same bytes from examples/, the YAML keeps its indentation (a string attribute, not a template
 * literal: STACK-NOTES.md), and nothing is fetched at run time.
 */
import type {CanIQuestion, ExerciseFile, TrafficQuestion} from '../../core/examples/steps';

export interface EmbeddedExample {
  /** The folder name under examples/. */
  id: string;
  /** File name -> text, for the files the component needs (in the order the editor shows them). */
  files: Record<string, string>;
  /** The parsed exercise.yaml, for <ManifestChecker>. */
  exercise?: ExerciseFile;
  /** Files the editor starts with, in order (playgrounds). */
  start?: string[];
  /** Alternatives the reader can load in place of the last start file (playgrounds). */
  presets?: string[];
  /** The example's can-i questions from steps.yaml, with their expected answers. */
  canI?: {question: CanIQuestion; expect: boolean}[];
  /** The example's traffic questions from steps.yaml, with their expected answers. */
  traffic?: {question: TrafficQuestion; expect: boolean}[];
}

/** Reads the `data` attribute; throws with a message naming the component when it is missing. */
export function readEmbeddedData(data: string | undefined, component: string): EmbeddedExample {
  if (!data) throw new Error(`<${component}> has no data: the build injects it from examples/ (is the remark plugin configured?)`);
  const parsed = JSON.parse(data) as EmbeddedExample;
  if (!parsed || typeof parsed.id !== 'string' || typeof parsed.files !== 'object') throw new Error(`<${component}>: malformed data attribute`);
  return parsed;
}

/**
 * The text of several files of the example joined as one multi-document YAML stream, each file
 * after a comment with its name when there is more than one.
 */
export function joinFiles(example: EmbeddedExample, names: readonly string[]): string {
  const present = names.filter((name) => typeof example.files[name] === 'string');
  const body = (name: string) => example.files[name].replace(/^---[ \t]*\n/, '').replace(/\n+$/, '');
  if (present.length === 1) return `${example.files[present[0]].replace(/\n+$/, '')}\n`;
  return `${present.map((name) => `# ${name}\n${body(name)}`).join('\n---\n')}\n`;
}
