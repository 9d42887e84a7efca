/**
 * Pieces the lazy (browser-only) parts of the checkers share: the debounced text, the list of
 * diagnostics with their lines, and the editor with its keyboard hint. Imported only from the
 * lazily loaded chunks.
 */
import React, {useEffect, useId, useRef, useState} from 'react';
import Translate, {translate} from '@docusaurus/Translate';
import type {Diagnostic} from '../../core';
import type {EmbeddedExample} from './embedded-data';
import {presetText} from './use-manifest';
import YamlEditor, {focusLine, type LineDiagnostic} from '../YamlEditor';
import type {EditorView} from '@codemirror/view';
import {diagnosticMessage} from './diagnostic-messages';
import styles from './checker.module.css';

export {useDebouncedValue} from './use-debounced-value';

export function toLineDiagnostics(diagnostics: readonly Diagnostic[]): LineDiagnostic[] {
  return diagnostics.map((d) => ({line: d.line, column: d.column, severity: d.severity, message: diagnosticMessage(d)}));
}

/** The diagnostics as a list under the editor: line, severity and message; a click puts the cursor on the line. */
export function DiagnosticList({diagnostics, viewRef}: {diagnostics: readonly Diagnostic[]; viewRef: React.MutableRefObject<EditorView | undefined>}): React.JSX.Element | null {
  if (diagnostics.length === 0) return null;
  return (
    <ul className={styles.diagnostics} data-testid="diagnostics">
      {diagnostics.map((d, i) => (
        <li key={i} className={d.severity === 'error' ? styles.error : styles.warning} data-code={d.code}>
          {d.line !== undefined ? (
            <button type="button" onClick={() => viewRef.current && focusLine(viewRef.current, d.line!)}>
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

/** The editor with its label and the keyboard hint (Tab leaves the editor). */
export function EditorWithHint({
  value,
  onChange,
  diagnostics,
  label,
  viewRef,
}: {
  value: string;
  onChange: (value: string) => void;
  diagnostics: readonly Diagnostic[];
  label: string;
  viewRef?: React.MutableRefObject<EditorView | undefined>;
}): React.JSX.Element {
  const hintId = useId();
  const ownRef = useRef<EditorView | undefined>(undefined);
  const ref = viewRef ?? ownRef;
  const [lines, setLines] = useState<LineDiagnostic[]>([]);
  useEffect(() => setLines(toLineDiagnostics(diagnostics)), [diagnostics]);
  return (
    <>
      <p className={styles.hint} id={hintId}>
        <Translate id="checker.editor.hint">YAML을 고치면 바로 다시 채점한다. Tab 키는 편집기 밖으로 나가므로 들여쓰기는 스페이스로 한다.</Translate>
      </p>
      <div className={styles.editor}>
        <YamlEditor value={value} onChange={onChange} diagnostics={lines} label={label} describedBy={hintId} viewRef={ref} />
      </div>
    </>
  );
}

/** Reset (back to the files the playground starts with) and one button per preset file. */
export function PresetToolbar({example, onLoad, children}: {example: EmbeddedExample; onLoad: (text: string) => void; children?: React.ReactNode}): React.JSX.Element {
  const presets = example.presets ?? [];
  const initial = presets.find((p) => (example.start ?? []).includes(p));
  return (
    <div className={styles.toolbar}>
      <button type="button" className="button button--secondary button--sm" onClick={() => onLoad(presetText(example, initial))}>
        <Translate id="checker.reset">처음으로 되돌리기</Translate>
      </button>
      {presets.map((p) => (
        <button key={p} type="button" className="button button--outline button--primary button--sm" data-preset={p} onClick={() => onLoad(presetText(example, p))}>
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
}: {
  example: EmbeddedExample;
  value: string;
  onChange: (text: string) => void;
  diagnostics: readonly Diagnostic[];
  label: string;
}): React.JSX.Element {
  const viewRef = useRef<EditorView | undefined>(undefined);
  return (
    <>
      <EditorWithHint value={value} onChange={onChange} diagnostics={diagnostics} label={label} viewRef={viewRef} />
      <PresetToolbar example={example} onLoad={onChange} />
      <DiagnosticList diagnostics={diagnostics} viewRef={viewRef} />
    </>
  );
}
