/**
 * Line helpers of the YAML editor that need no CodeMirror code (types only), so the checkers can
 * list diagnostics by line before the editor itself has loaded (./index.tsx loads on demand).
 */
import type {EditorView} from '@codemirror/view';

export interface LineDiagnostic {
  /** 1-based line; a diagnostic without a line is drawn on the first line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  severity: 'error' | 'warning';
  message: string;
}

/** A diagnostic's line/column as a range of the document: from the column to the end of the line. */
export function diagnosticRange(
  doc: {lines: number; line(n: number): {from: number; to: number}},
  d: Pick<LineDiagnostic, 'line' | 'column'>,
): {from: number; to: number} {
  const lineNumber = Math.min(Math.max(d.line ?? 1, 1), doc.lines);
  const line = doc.line(lineNumber);
  const from = Math.min(line.from + Math.max((d.column ?? 1) - 1, 0), line.to);
  return {from, to: Math.max(line.to, from)};
}

/** Puts the cursor at the start of a 1-based line and focuses the editor. */
export function focusLine(view: EditorView, line: number): void {
  const {from} = diagnosticRange(view.state.doc, {line});
  view.dispatch({selection: {anchor: from}, scrollIntoView: true});
  view.focus();
}
