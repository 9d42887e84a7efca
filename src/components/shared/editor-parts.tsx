/**
 * Pieces the lazy (browser-only) parts of the checkers share: the debounced text, the list of
 * diagnostics with their lines, and the editor with its keyboard hint. Imported only from the
 * lazily loaded chunks.
 *
 * The editor itself (CodeMirror, ../YamlEditor) loads only when the reader starts editing: until
 * then the text is shown highlighted as an ordinary code block with an "Edit" button, and the
 * verdict is already there (the engine is in this chunk). Focusing the button starts the download;
 * a click (or Enter) on it or on the code swaps in the editor, in a box that keeps its height.
 */
import React, {lazy, Suspense, useEffect, useId, useRef, useState} from 'react';
import Translate, {translate} from '@docusaurus/Translate';
import CodeBlock from '@theme/CodeBlock';
import type {Diagnostic} from '../../core';
import type {EmbeddedExample} from './embedded-data';
import {presetText, type EngineTrouble} from './use-manifest';
import {focusLine, type LineDiagnostic} from '../YamlEditor/lines';
import type {EditorView} from '@codemirror/view';
import {diagnosticMessage} from './diagnostic-messages';
import styles from './checker.module.css';

export {useDebouncedValue} from './use-debounced-value';

const loadEditor = () => import(/* webpackChunkName: "yaml-editor" */ '../YamlEditor');
const YamlEditor = lazy(loadEditor);

/**
 * The editor of one checker, as the other parts reach it: the view once it exists, and how to
 * start editing (at a line) before it does.
 */
export interface EditorHandle {
  view?: EditorView;
  activate?: (line?: number) => void;
}

/**
 * The text as the preview code block shows it: as many lines as the editor will show (CodeMirror
 * shows the empty line after a final newline; the code block would drop it), so the editor takes
 * the same height.
 */
export function previewText(value: string): string {
  return value.endsWith('\n') || value === '' ? `${value} ` : value;
}

/** Moves the cursor to a line, starting the editor first when the reader has not yet. */
function goToLine(handle: EditorHandle, line: number): void {
  if (handle.view) focusLine(handle.view, line);
  else handle.activate?.(line);
}

export function toLineDiagnostics(diagnostics: readonly Diagnostic[]): LineDiagnostic[] {
  return diagnostics.map((d) => ({line: d.line, column: d.column, severity: d.severity, message: diagnosticMessage(d)}));
}

/** The diagnostics as a list under the editor: line, severity and message; a click puts the cursor on the line. */
export function DiagnosticList({diagnostics, handle}: {diagnostics: readonly Diagnostic[]; handle: EditorHandle}): React.JSX.Element | null {
  if (diagnostics.length === 0) return null;
  return (
    <ul className={styles.diagnostics} data-testid="diagnostics">
      {diagnostics.map((d, i) => (
        <li key={i} className={d.severity === 'error' ? styles.error : styles.warning} data-code={d.code}>
          {d.line !== undefined ? (
            <button type="button" onClick={() => goToLine(handle, d.line!)}>
              {translate({id: 'checker.diagnostics.line', message: '{line}번째 줄'}, {line: d.line})}
            </button>
          ) : null}
          {d.line !== undefined ? ' ' : ''}
          <strong>
            {d.severity === 'error'
              ? translate({id: 'checker.diagnostics.error', message: '오류'})
              : translate({id: 'checker.diagnostics.warning', message: '경고'})}
          </strong>
          {': '}
          {diagnosticMessage(d)}
          {d.path ? (
            <>
              {' '}
              <code>{d.path}</code>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The editor with its label and the keyboard hint (Tab leaves the editor); see the file comment for when it loads. */
export function EditorWithHint({
  value,
  onChange,
  diagnostics,
  label,
  handle,
}: {
  value: string;
  onChange: (value: string) => void;
  diagnostics: readonly Diagnostic[];
  label: string;
  handle?: EditorHandle;
}): React.JSX.Element {
  const hintId = useId();
  const own = useRef<EditorHandle>({});
  const editor = handle ?? own.current;
  const viewRef = useRef<EditorView | undefined>(undefined);
  const box = useRef<HTMLDivElement>(null);
  const pendingLine = useRef<number | undefined>(undefined);
  const [active, setActive] = useState(false);
  const [minHeight, setMinHeight] = useState<number | undefined>(undefined);
  const [lines, setLines] = useState<LineDiagnostic[]>([]);
  useEffect(() => setLines(toLineDiagnostics(diagnostics)), [diagnostics]);
  editor.activate = (line?: number) => {
    pendingLine.current = line;
    // The editor takes the place of the code block without moving what follows.
    if (box.current) setMinHeight(box.current.getBoundingClientRect().height);
    setActive(true);
  };
  const onReady = (view: EditorView) => {
    editor.view = view;
    if (pendingLine.current !== undefined) focusLine(view, pendingLine.current);
    else view.focus();
  };
  const preview = (
    <div className={styles.preview} onClick={() => editor.activate?.()} data-testid="editor-preview">
      <CodeBlock language="yaml">{previewText(value)}</CodeBlock>
      <button
        type="button"
        className={`button button--primary button--sm ${styles.editButton}`}
        data-testid="edit"
        aria-describedby={hintId}
        onFocus={() => void loadEditor()}
        onPointerEnter={() => void loadEditor()}
        onClick={(event) => {
          event.stopPropagation();
          editor.activate?.();
        }}>
        {translate({id: 'checker.editor.edit', message: '편집하기'})}
      </button>
    </div>
  );
  useEffect(
    () => () => {
      editor.view = undefined;
    },
    [editor],
  );
  return (
    <>
      <div ref={box} className={styles.editor} style={minHeight ? {minHeight} : undefined} data-testid="editor-box" data-editing={active ? 'true' : 'false'}>
        {active ? (
          <Suspense fallback={preview}>
            <YamlEditor value={value} onChange={onChange} diagnostics={lines} label={label} describedBy={hintId} viewRef={viewRef} onReady={onReady} />
          </Suspense>
        ) : (
          preview
        )}
      </div>
      <p className={styles.hint} id={hintId}>
        <Translate id="checker.editor.hint">YAML을 고치면 바로 다시 채점한다. Tab 키는 편집기 밖으로 나가므로 들여쓰기는 스페이스로 한다.</Translate>
      </p>
    </>
  );
}

/** Reset (back to the files the playground starts with) and one button per preset file. */
export function PresetToolbar({
  example,
  onLoad,
  children,
}: {
  example: EmbeddedExample;
  onLoad: (text: string) => void;
  children?: React.ReactNode;
}): React.JSX.Element {
  const presets = example.presets ?? [];
  const initial = presets.find((p) => (example.start ?? []).includes(p));
  return (
    <div className={styles.toolbar}>
      <button type="button" className="button button--secondary button--sm" onClick={() => onLoad(presetText(example, initial))}>
        <Translate id="checker.reset">처음으로 되돌리기</Translate>
      </button>
      {presets.map((p) => (
        <button
          key={p}
          type="button"
          className="button button--outline button--primary button--sm"
          data-preset={p}
          onClick={() => onLoad(presetText(example, p))}>
          {translate({id: 'playground.preset.load', message: '{file} 불러오기'}, {file: p})}
        </button>
      ))}
      {children}
    </div>
  );
}

/**
 * What every playground shows first: the YAML editor, the buttons that load the example's other
 * files, and the diagnostics under it (each a button that moves the cursor to its line).
 */
export function PlaygroundEditor({
  example,
  value,
  onChange,
  diagnostics,
  label,
  trouble,
}: {
  example: EmbeddedExample;
  value: string;
  onChange: (text: string) => void;
  diagnostics: readonly Diagnostic[];
  label: string;
  /** Why the engine could not judge the latest text (./use-manifest.ts), said under the editor. */
  trouble?: EngineTrouble;
}): React.JSX.Element {
  const handle = useRef<EditorHandle>({}).current;
  const notice =
    trouble?.status === 'timeout'
      ? translate(
          {id: 'checker.verdict.timeout', message: '채점이 {seconds}초 안에 끝나지 않아 멈췄다. 답안을 줄이거나 나눠서 다시 고쳐 보면 다시 채점한다.'},
          {seconds: trouble.limitMs / 1000},
        )
      : trouble?.status === 'error'
        ? translate({id: 'checker.verdict.engineError', message: '채점기가 이 답안을 채점하지 못했다: {message}'}, {message: trouble.message})
        : undefined;
  return (
    <>
      <EditorWithHint value={value} onChange={onChange} diagnostics={diagnostics} label={label} handle={handle} />
      <PresetToolbar example={example} onLoad={onChange} />
      <p role="status" aria-live="polite" className={notice ? `${styles.verdict} ${styles.verdictFail}` : styles.visuallyHidden} data-testid="engine-notice">
        {notice ?? ''}
      </p>
      <DiagnosticList diagnostics={diagnostics} handle={handle} />
    </>
  );
}
