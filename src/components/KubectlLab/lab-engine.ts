/**
 * The terminal's view of the core's lab (src/core, createLab): a lab over a set of starting
 * objects, and Tab completion of a command line turned into what the input shows.
 * Pure (no React, no DOM), so the unit test (./__tests__/lab-engine.test.ts) runs it as is.
 */
import {createLab} from '../../core';
import type {Lab} from '../../core';

/** The file name of the lab's YAML buffer, for `kubectl apply -f answer.yaml`. */
export const ANSWER_FILE = 'answer.yaml';

export type {Lab};

export function newLab(objects: readonly Record<string, unknown>[]): Lab {
  return createLab([...objects]);
}

/** The longest prefix all `words` share. */
export function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0];
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * Completes the word under the cursor at the end of `line` (the text before the cursor) from the
 * lab's candidates (lab.completions): one candidate is written out with a space after it (not
 * after `jsonpath=` or another value that goes on), several are completed to their common prefix
 * and listed.
 */
export function completeLine(lab: Lab, line: string): {line: string; candidates: string[]} {
  const {from, items} = lab.completions(line, line.length);
  const start = Math.max(0, Math.min(from, line.length));
  const word = line.slice(start);
  const candidates = [...new Set(items)].filter((c) => c.startsWith(word)).sort();
  if (candidates.length === 0) return {line, candidates};
  if (candidates.length === 1) {
    const only = candidates[0];
    return {line: line.slice(0, start) + only + (only.endsWith('=') ? '' : ' '), candidates};
  }
  return {line: line.slice(0, start) + commonPrefix(candidates), candidates};
}
