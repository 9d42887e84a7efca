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
 */
import {readFileSync, existsSync} from 'node:fs';
import {join} from 'node:path';
import {parseFenceRef, parseStepFile, stepCommand} from '../core';

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

function walk(node: AnyNode, visit: (code: CodeNode) => void): void {
  if (node.type === 'code') visit(node as unknown as CodeNode);
  for (const child of node.children ?? []) walk(child, visit);
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
    walk(tree, (code) => {
      const where = `${file.path ?? file.history?.[0] ?? 'page'}:${code.position?.start.line ?? '?'}`;
      let resolved;
      try {
        resolved = resolveExampleText(code.meta);
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`);
      }
      if (!resolved) return;
      if (code.value.trim() !== '') throw new Error(`${where}: a fence with example= must be empty; its text comes from examples/`);
      code.value = resolved.text;
      if (resolved.title && !/\btitle=/.test(code.meta ?? '')) code.meta = `${code.meta} title="${resolved.title}"`;
    });
  };
}
